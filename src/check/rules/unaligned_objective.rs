//! `unaligned-objective`: an objective serves no vision outcome.

use super::{Element, Rule};
use crate::check::{Context, Emitter, Level};
use crate::model::ObjectiveStatus;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unaligned-objective",
    level: Level::Error,
    element: Some(Element::Alignment),
    summary: "an objective that is not `dropped` has no `outcome`",
    explanation: "\
What it checks: every objective whose status is not `dropped` names at least
one vision outcome in `outcome` (one id, or a list of ids).

Why: alignment with the vision is what turns individual work into team
progress. An objective that serves no outcome is either missing its link or
is work the team has not agreed matters.

How to fix: add `outcome: <id>` with the id of the vision outcome it serves.
If it serves none, discuss whether it should be an objective at all; if it
was abandoned, set `status: dropped`.",
    fix: "add `outcome:` with the id of the vision outcome this objective serves",
    check,
    reads: &[
        (&schema::OBJECTIVE, "outcome"),
        (&schema::OBJECTIVE, "status"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        for objective in &member.objectives.items {
            if objective.status != ObjectiveStatus::Dropped && objective.outcomes.is_empty() {
                out.at(
                    &member.record,
                    objective.first_key,
                    format!("objective `{}` serves no vision outcome", objective.title()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn points_at_the_entry_first_key() {
        let member = "---
name: A
status: leave
objectives:
  - objective: Lonely
    due: 2027-01-01
  - objective: Gone
    status: dropped
  - objective: Aligned
    outcome: fast
  - outcome: []
    objective: Empty list
---
";
        assert_eq!(
            findings(
                "unaligned-objective",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:5:5: objective `Lonely` serves no vision outcome",
                "a.md:11:5: objective `Empty list` serves no vision outcome",
            ]
        );
    }
}
