//! `overdue-objective`: an open objective is past its due date.

use super::{Element, Rule};
use crate::check::{Context, Emitter};
use crate::date::{days_between, more_than};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "overdue-objective",
    cadence: true,
    dated: true,
    element: Some(Element::Alignment),
    summary: "an open objective's `due` date has passed",
    explanation: "\
What it checks: for each active member, no open objective (status not `done`
or `dropped`) has a `due` date before as-of.

Why: an overdue objective that is still marked open hides the real state of
the team's progress toward its outcomes.

How to fix: if it is achieved, set `status: done`; if it slipped, agree a new
`due` date (and `status: at-risk` or `off-track`); if it was abandoned, set
`status: dropped`.",
    fix: "mark the objective `done` or `dropped`, or agree a new `due` date",
    check,
    reads: &[(&schema::OBJECTIVE, "due"), (&schema::OBJECTIVE, "status")],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.active_members() {
        for objective in &member.objectives.items {
            let Some(due) = &objective.due else { continue };
            if objective.status.is_open() {
                let due = due.value;
                let at = objective.first_key;
                out.from_day(more_than(due, 0), &member.record, at, |day| {
                    format!(
                        "objective `{}` was due on {due}, {} ago",
                        objective.title(),
                        crate::words::days(days_between(due, day))
                    )
                });
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
objectives:
  - objective: Late
    outcome: fast
    due: 2026-11-01
  - objective: Done late
    outcome: fast
    status: done
    due: 2026-01-01
  - objective: At risk
    status: at-risk
    outcome: fast
    due: 2026-11-26
---
";
        assert_eq!(
            findings(
                "overdue-objective",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:4:5: objective `Late` was due on 2026-11-01, 26 days ago",
                "a.md:11:5: objective `At risk` was due on 2026-11-26, 1 day ago",
            ]
        );
    }
}
