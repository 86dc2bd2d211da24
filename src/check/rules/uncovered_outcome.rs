//! `uncovered-outcome`: a vision outcome nobody is working toward.

use super::Rule;
use crate::check::{Context, Emitter, Level};

/// The rule.
pub const RULE: Rule = Rule {
    id: "uncovered-outcome",
    level: Level::Warning,
    cadence: false,
    team_wide: true,
    dated: false,
    summary: "a vision outcome that no open objective of an active member names",
    explanation: "\
What it checks: every outcome in vision.md is named by at least one open
objective (status not `done` or `dropped`) of an active member.

Why: an outcome nobody works toward will not happen by itself. This is the
other half of alignment: every objective serves the vision, and every part of
the vision is served.

How to fix: agree who takes the outcome on and give them an objective with
`outcome: <id>`, or remove the outcome from the vision if the team no longer
aims for it.",
    fix: "give someone an objective that serves this outcome, or remove the outcome",
    check,
};

fn check(cx: &Context, out: &mut Emitter) {
    let Some(vision) = &cx.team.vision else {
        return;
    };
    let served = |id: &str| {
        cx.active_members().any(|m| {
            m.objectives
                .items
                .iter()
                .any(|o| o.status.is_open() && o.outcomes.iter().any(|x| x.value == id))
        })
    };
    for outcome in &vision.outcomes.items {
        let (Some(id), Some(key)) = (&outcome.id, outcome.id_key) else {
            continue;
        };
        if !served(&id.value) {
            out.at(
                &vision.record,
                key,
                format!(
                    "outcome `{}` is served by no open objective of an active member",
                    id.value
                ),
            );
        }
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
}
