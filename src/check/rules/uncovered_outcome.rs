//! `uncovered-outcome`: a vision outcome nobody is working toward, directly
//! or through a sub-team outcome serving it.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "uncovered-outcome",
    team_wide: true,
    summary: "a vision outcome that no open objective of an active member serves, directly or through a sub-team outcome",
    explanation: "\
What it checks: every outcome, in the root's vision.md and in every
sub-team's, is covered: an open objective (status not `done` or `dropped`)
of an active member names it, or a covered outcome of a sub-team's vision
below serves it (`serves`), through any number of levels.

Why: an outcome nobody works toward will not happen by itself. This is the
other half of alignment: every objective serves the vision, and every part of
the vision is served.

How to fix: agree who takes the outcome on and give them an objective with
`outcome: <id>` (or have a sub-team outcome that someone works on serve it),
or remove the outcome from the vision if the team no longer aims for it.",
    fix: "give someone an objective that serves this outcome, or remove the outcome",
    check,
    reads: &[
        (&schema::MEMBER, "status"),
        (&schema::OBJECTIVE, "outcome"),
        (&schema::OBJECTIVE, "status"),
        (&schema::VISION, "outcomes"),
        (&schema::OUTCOME, "serves"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let visions = cx.visions();
    let mut direct = vec![false; visions.outcomes().len()];
    for member in cx.active_members() {
        let open = member
            .objectives
            .items
            .iter()
            .filter(|o| o.status.is_open());
        for id in open.flat_map(|o| &o.outcomes) {
            if let Some(outcome) = visions.resolve(member.folder(), &id.value) {
                direct[outcome] = true;
            }
        }
    }
    let covered = visions.roll_up(|i| direct[i]);
    for (i, &(v, outcome)) in visions.outcomes().iter().enumerate() {
        let (Some(id), Some(key)) = (&outcome.id, outcome.id_key) else {
            continue;
        };
        // Of outcomes sharing an id (`duplicate-id`), one covered is
        // enough: objectives name the id.
        if visions.with_id(&id.value).iter().any(|&k| covered[k]) {
            continue;
        }
        let below = match visions.children(i).len() {
            0 => String::new(),
            1 => ", nor is the sub-team outcome serving it covered".to_owned(),
            n => format!(", nor is any of the {n} sub-team outcomes serving it covered"),
        };
        out.at(
            &visions.visions()[v].record,
            key,
            format!(
                "outcome `{}` is served by no open objective of an active member{below}",
                id.value
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn points_at_the_id_key() {
        let serves_safe = "---\nname: A\nobjectives:\n  - objective: X\n    outcome: [safe]\n---\n";
        assert_eq!(
            findings(
                "uncovered-outcome",
                &[("vision.md", VISION), ("a.md", serves_safe)]
            ),
            ["vision.md:5:5: outcome `fast` is served by no open objective of an active member"]
        );
    }

    #[test]
    fn done_objectives_and_inactive_members_do_not_count() {
        let done = "---\nname: A\nobjectives:\n  - objective: X\n    outcome: fast\n    status: done\n---\n";
        let away =
            "---\nname: B\nstatus: leave\nobjectives:\n  - objective: Y\n    outcome: safe\n---\n";
        assert_eq!(
            findings(
                "uncovered-outcome",
                &[("vision.md", VISION), ("a.md", done), ("b.md", away)]
            )
            .len(),
            2
        );
    }

    #[test]
    fn covered_through_the_sub_team_outcomes_serving_it() {
        let sub = |team: &str, id: &str, serves: &str| {
            format!(
                "---\nteam: {team}\nstatement: S\noutcomes:\n  - id: {id}\n    title: T\n    serves: [{serves}]\n---\n"
            )
        };
        let (x, y) = (sub("X", "x", "fast"), sub("Y", "y", "x"));
        let on_y = "---\nname: A\nobjectives:\n  - objective: Z\n    outcome: y\n---\n";
        let files = [
            ("vision.md", VISION),
            ("x/vision.md", x.as_str()),
            ("x/y/vision.md", y.as_str()),
            ("x/y/a.md", on_y),
        ];
        // `fast` through `x` through `y`; `safe` has no one.
        assert_eq!(
            findings("uncovered-outcome", &files),
            ["vision.md:7:5: outcome `safe` is served by no open objective of an active member"]
        );
        let files = [files[0], files[1], files[2]];
        assert_eq!(
            findings("uncovered-outcome", &files),
            [
                "vision.md:5:5: outcome `fast` is served by no open objective of an active member, \
                 nor is the sub-team outcome serving it covered",
                "vision.md:7:5: outcome `safe` is served by no open objective of an active member",
                "x/vision.md:5:5: outcome `x` is served by no open objective of an active member, \
                 nor is the sub-team outcome serving it covered",
                "x/y/vision.md:5:5: outcome `y` is served by no open objective of an active member",
            ]
        );
    }
}
