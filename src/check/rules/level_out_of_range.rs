//! `level-out-of-range`: a level the framework does not have.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::depends::Shared;
use crate::model::schema;
use crate::model::{Record, Spanned};

/// The rule.
pub const RULE: Rule = Rule {
    id: "level-out-of-range",
    level: Level::Error,
    summary: "a member's `level`, an evidence entry's or a framework topic's, above the framework's `levels`",
    explanation: "\
What it checks: a member's `level`, the `level` of each of their evidence
entries, and the `level` of each entry of a framework topic's `content`,
are at most the framework's `levels` (levels start at 1).

Why: a level the framework does not describe has no criteria: nothing can
show it, and no packet can say what the next one asks.

How to fix: use a level from 1 to the framework's `levels`, or raise
`levels` in the framework when it really has more.",
    fix: "use a level from 1 to the framework's `levels`",
    check,
    reads: &[
        (&schema::MEMBER, "level"),
        (&schema::MEMBER, "evidence"),
        (&schema::EVIDENCE, "level"),
        (&schema::FRAMEWORK, "levels"),
    ],
    shared: &[Shared::Frameworks],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let mut check_level =
        |record: &Record, what: &str, level: &Spanned<u32>, most: u32, of: &str| {
            if level.value > most {
                let message = format!(
                    "{what} {} is above the {most} levels of framework `{of}`",
                    level.value
                );
                out.at(record, level.span, message);
            }
        };
    for member in cx.members() {
        let Ok(framework) = cx.framework_of(member) else {
            continue; // `unknown-topic` says why
        };
        let Some(most) = framework.levels.as_ref().map(|l| l.value) else {
            continue;
        };
        let levels = member.level.iter().map(|l| ("level", l));
        let entries = (member.evidence.items.iter())
            .filter_map(|e| Some(("evidence level", e.level.as_ref()?)));
        for (what, level) in levels.chain(entries) {
            check_level(&member.record, what, level, most, &framework.id);
        }
    }
    for framework in cx.frameworks_in_scope() {
        let Some(most) = framework.levels.as_ref().map(|l| l.value) else {
            continue;
        };
        for topic in &framework.topics.items {
            for content in &topic.levels.items {
                if let Some(level) = &content.level {
                    check_level(&framework.record, "topic level", level, most, &framework.id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{FRAMEWORK, VISION, findings};

    #[test]
    fn levels_above_the_frameworks_are_flagged_where_written() {
        let framework = FRAMEWORK.replace(
            "      - level: 2\n        criteria: [Ships",
            "      - level: 4\n        criteria: [Ships",
        );
        let files = [
            ("vision.md", VISION),
            ("frameworks/backend.md", framework.as_str()),
            (
                "ann.md",
                "---\nname: Ann\nlevel: 5\nevidence:\n  - date: 2026-11-01\n    topic: delivery\n    level: 4\n---\n",
            ),
            ("bob.md", "---\nname: Bob\nlevel: 3\n---\n"),
        ];
        assert_eq!(
            findings("level-out-of-range", &files),
            [
                "ann.md:3:8: level 5 is above the 3 levels of framework `backend`",
                "ann.md:7:12: evidence level 4 is above the 3 levels of framework `backend`",
                "frameworks/backend.md:24:16: topic level 4 is above the 3 levels of framework `backend`",
            ]
        );
    }
}
