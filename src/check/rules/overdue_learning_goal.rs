//! `overdue-learning-goal`: an active learning goal is past its target.

use super::{Element, Rule};
use crate::check::{Context, Emitter};
use crate::date::{days_between, more_than};
use crate::model::GoalStatus;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "overdue-learning-goal",
    cadence: true,
    dated: true,
    element: Some(Element::Learning),
    summary: "an active learning goal's `target` date has passed",
    explanation: "\
What it checks: for each active member, no learning goal with status
`active` has a `target` date before as-of.

Why: a missed target is a good moment to talk: the goal may be done and not
recorded, blocked and in need of support, or no longer the right goal.

How to fix: if it is reached, set `status: done`; if it needs more time, set
a new `target` together; if it no longer matters, set `status: dropped`.",
    fix: "mark the goal `done`, agree a new `target`, or drop it",
    check,
    reads: &[
        (&schema::LEARNING_GOAL, "status"),
        (&schema::LEARNING_GOAL, "target"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.active_members() {
        for goal in &member.learning.items {
            let Some(target) = &goal.target else { continue };
            if goal.status == GoalStatus::Active {
                let target = target.value;
                out.from_day(
                    more_than(target, 0),
                    &member.record,
                    goal.first_key,
                    |day| {
                        format!(
                            "learning goal `{}` passed its target date {target}, {} ago",
                            goal.title(),
                            crate::words::days(days_between(target, day))
                        )
                    },
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
learning:
  - goal: Late
    target: 2026-11-26
  - goal: Today
    target: 2026-11-27
  - goal: Done
    status: done
    target: 2026-01-01
---
";
        assert_eq!(
            findings(
                "overdue-learning-goal",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            ["a.md:4:5: learning goal `Late` passed its target date 2026-11-26, 1 day ago"]
        );
    }
}
