//! `done-progress`: a goal or objective marked done whose progress says
//! less than 100.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;
use crate::model::{GoalStatus, ObjectiveStatus, Record};
use crate::source::Span;

/// The rule.
pub const RULE: Rule = Rule {
    id: "done-progress",
    level: Level::Note,
    summary: "a learning goal or objective marked `done` whose `progress` says less than 100",
    explanation: "\
What it checks: each learning goal and objective whose `status` is `done`
and whose `progress` is under 100.

Why: done is all the way. A done goal at 40% reads as unfinished in the
report's figures and in a review, and the two fields disagree about what
happened.

How to fix: set `progress: 100` (`mastery check --fix` does), or, if it
was not finished, set the status it has (`active`, `dropped`).",
    fix: "set `progress: 100` (`mastery check --fix` does), or set the status it really has",
    check,
    reads: &[
        (&schema::LEARNING_GOAL, "status"),
        (&schema::LEARNING_GOAL, "progress"),
        (&schema::OBJECTIVE, "status"),
        (&schema::OBJECTIVE, "progress"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        let goals = (member.learning.items.iter())
            .filter(|g| g.status == GoalStatus::Done)
            .map(|g| ("learning goal", g.title(), g.progress.zip(g.progress_at)));
        let objectives = (member.objectives.items.iter())
            .filter(|o| o.status == ObjectiveStatus::Done)
            .map(|o| ("objective", o.title(), o.progress.zip(o.progress_at)));
        for (what, title, progress) in goals.chain(objectives) {
            let Some((value, span)) = progress.filter(|(p, _)| *p < 100) else {
                continue;
            };
            flag(out, &member.record, what, title, value, span);
        }
    }
}

fn flag(out: &mut Emitter, record: &Record, what: &str, title: &str, value: u8, span: Span) {
    out.at(
        record,
        span,
        format!("{what} `{title}` is marked done at {value}% progress"),
    )
    .fix(
        &record.source,
        format!("set the progress of done {what} “{title}” to 100"),
        span,
        "100",
        true,
    );
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn a_done_entry_under_100_points_at_its_progress() {
        let ann = "---\nname: Ann\nlearning:\n  - goal: Talk\n    status: done\n    progress: 40\n  - goal: Read\n    status: done\n    progress: 100\nobjectives:\n  - objective: Ship\n    outcome: o\n    status: done\n    progress: 90\n  - objective: Plan\n    outcome: o\n    progress: 10\n---\n";
        assert_eq!(
            findings("done-progress", &[("vision.md", VISION), ("ann.md", ann)]),
            [
                "ann.md:6:15: learning goal `Talk` is marked done at 40% progress",
                "ann.md:14:15: objective `Ship` is marked done at 90% progress",
            ]
        );
    }
}
