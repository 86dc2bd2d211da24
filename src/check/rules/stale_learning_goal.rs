//! `stale-learning-goal`: an active learning goal has not moved lately.

use super::{Element, Rule};
use crate::check::{Context, Emitter};
use crate::date::{days_between, more_than};
use crate::depends::Shared;
use crate::model::GoalStatus;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "stale-learning-goal",
    cadence: true,
    dated: true,
    element: Some(Element::Learning),
    summary: "an active learning goal has not been updated for `learning_stale_days` (default 60)",
    explanation: "\
What it checks: for each active member, every learning goal with status
`active` has an `updated` date at most `learning_stale_days` days before
as-of. Without `updated`, inside a git repository the date of the last
commit that changed the goal's entry counts (the message says so), else
its `started` date (default 60, set in mastery.toml
under [thresholds]). A goal with neither date is flagged too.

Why: a goal nobody touches for two months has stopped being a goal. Stale
goals make the record look healthier than the learning really is.

How to fix: talk about the goal. If it moved, set `updated:` to the date of
the latest progress (and `progress:`); if it is on hold, set `status: paused`;
if it no longer matters, set `status: dropped` and pick a new one.",
    fix: "set `updated:` to the date of the latest progress, or change the goal's `status`",
    check,
    reads: &[
        (&schema::LEARNING_GOAL, "status"),
        (&schema::LEARNING_GOAL, "updated"),
    ],
    shared: &[Shared::History],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let limit = i64::from(cx.thresholds.learning_stale_days);
    for member in cx.active_members() {
        for goal in &member.learning.items {
            if goal.status != GoalStatus::Active {
                continue;
            }
            // Without `updated`, the last commit that changed the goal says
            // when it last moved (`started` outside git).
            let committed = || {
                let changed = cx.committed()?;
                changed.goal_changed(&member.id, &goal.key())
            };
            let last = match &goal.updated {
                Some(updated) => Some((updated.value, "last on")),
                None => match committed() {
                    Some(day) => Some((day, "no `updated`; last changed in git on")),
                    None => goal.started.as_ref().map(|d| (d.value, "last on")),
                },
            };
            let (record, at) = (&member.record, goal.first_key);
            match last {
                Some((date, how)) => {
                    out.from_day(more_than(date, limit), record, at, |day| {
                        format!(
                            "learning goal `{}` has not moved for {} ({how} {date}; the limit is {limit})",
                            goal.title(),
                            crate::words::days(days_between(date, day)),
                        )
                    });
                }
                None => {
                    out.at(
                        record,
                        at,
                        format!(
                            "learning goal `{}` has no `started` or `updated` date",
                            goal.title()
                        ),
                    );
                }
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
  - goal: Old
    started: 2026-01-01
    updated: 2026-08-01
  - status: active
    goal: Fresh
    started: 2026-01-01
    updated: 2026-11-01
  - goal: Undated
  - goal: Paused
    status: paused
    started: 2020-01-01
---
";
        assert_eq!(
            findings(
                "stale-learning-goal",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:4:5: learning goal `Old` has not moved for 118 days (last on 2026-08-01; the limit is 60)",
                "a.md:11:5: learning goal `Undated` has no `started` or `updated` date",
            ]
        );
    }

    #[test]
    fn without_updated_the_last_commit_that_changed_the_goal_counts() {
        let member = "---\nname: A\nlearning:\n  - goal: G\n    started: 2026-01-01\n---\n";
        let mut team = crate::check::testing::team(&[("vision.md", VISION), ("a.md", member)]);
        let mut committed = crate::model::Committed::default();
        let changed = "2026-09-01".parse().unwrap();
        committed.goals.insert(
            "a".into(),
            std::collections::HashMap::from([("G".to_owned(), changed)]),
        );
        team.committed = Some(std::sync::Arc::new(committed));
        assert_eq!(
            crate::check::testing::findings_of(&team, "stale-learning-goal"),
            [
                "a.md:4:5: learning goal `G` has not moved for 87 days (no `updated`; last changed in git on 2026-09-01; the limit is 60)"
            ]
        );
    }

    #[test]
    fn falls_back_to_started() {
        let member = "---\nname: A\nlearning:\n  - goal: G\n    started: 2026-09-01\n---\n";
        assert_eq!(
            findings(
                "stale-learning-goal",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:4:5: learning goal `G` has not moved for 87 days (last on 2026-09-01; the limit is 60)"
            ]
        );
    }
}
