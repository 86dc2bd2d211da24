//! `unknown-outcome`: an objective names an outcome the vision lacks.

use super::{Rule, did_you_mean};
use crate::check::{Context, Emitter, Level};

/// The rule.
pub const RULE: Rule = Rule {
    id: "unknown-outcome",
    level: Level::Error,
    cadence: false,
    team_wide: false,
    dated: false,
    summary: "an objective's `outcome` names an id the vision does not define",
    explanation: "\
What it checks: every id in an objective's `outcome` (one id or a list) is
the `id` of an outcome in vision.md. It is not checked when vision.md is
missing or unreadable, since that is reported on its own.

Why: an objective that points at an outcome that does not exist looks
aligned but serves nothing the team has agreed on; usually it is a typo or an
outcome that was renamed.

How to fix: use an id from vision.md's `outcomes` (the message suggests a
close one), or add the outcome to the vision.",
    fix: "use an outcome id defined in vision.md, or add the outcome there",
    check,
};

fn check(cx: &Context, out: &mut Emitter) {
    let Some(vision) = &cx.team.vision else {
        return;
    };
    if vision.record.front_matter_failed() {
        return;
    }
    let defined = || {
        vision
            .outcomes
            .items
            .iter()
            .filter_map(|o| o.id.as_ref())
            .map(|i| i.value.as_str())
    };
    for member in cx.members() {
        for objective in &member.objectives.items {
            for id in &objective.outcomes {
                if vision.outcome(&id.value).is_none() {
                    let help = did_you_mean(&id.value, defined());
                    let diagnostic = out.at(
                        &member.record,
                        id.span,
                        format!(
                            "objective `{}` serves unknown outcome `{}`",
                            objective.title(),
                            id.value
                        ),
                    );
                    if let Some(help) = help {
                        diagnostic.help(help);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn points_at_each_unknown_id() {
        let member = "---\nname: A\nobjectives:\n  - objective: Cut latency\n    outcome: fats\n  - objective: Both\n    outcome: [safe, nope]\n---\n";
        assert_eq!(
            findings(
                "unknown-outcome",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:5:14: objective `Cut latency` serves unknown outcome `fats`",
                "a.md:7:21: objective `Both` serves unknown outcome `nope`",
            ]
        );
    }

    #[test]
    fn silent_without_a_vision() {
        let member = "---\nname: A\nobjectives:\n  - objective: X\n    outcome: fast\n---\n";
        assert!(findings("unknown-outcome", &[("a.md", member)]).is_empty());
    }
}
