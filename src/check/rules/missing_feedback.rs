//! `missing-feedback`: an active member has gone too long without feedback.

use super::{Element, Rule};
use crate::check::{Context, Emitter};
use crate::date::{days_between, more_than};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "missing-feedback",
    cadence: true,
    dated: true,
    element: Some(Element::Feedback),
    summary: "an active member's newest feedback is older than `feedback_days` (default 30)",
    explanation: "\
What it checks: for each active member, the newest feedback `date` (or
`joined`, when there is no feedback yet) is at most `feedback_days` days
before as-of (default 30, set in mastery.toml under [thresholds]). A member
with neither feedback nor a `joined` date is flagged too.

Why: regular feedback is how people know where they stand and what to work
on. Gaps open quietly (a busy quarter, a manager change) and are only noticed
at review time, when it is too late to help.

How to fix: have the conversation, then add an entry under `feedback:` with
its date (mark it `private: true` if it should stay out of the report). If
the person is on leave, set `status: leave`.",
    fix: "give feedback and record it under `feedback:` with its date",
    check,
    reads: &[
        (&schema::MEMBER, "status"),
        (&schema::MEMBER, "joined"),
        (&schema::MEMBER, "feedback"),
        (&schema::FEEDBACK, "date"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let limit = i64::from(cx.thresholds.feedback_days);
    for member in cx.active_members() {
        let (record, at) = (&member.record, member.list_anchor(member.feedback.key));
        let name = member.display_name();
        let days = |since, day| crate::words::days(days_between(since, day));
        match (member.last_feedback(), &member.joined) {
            (Some(date), _) => {
                out.from_day(more_than(date, limit), record, at, |day| {
                    format!(
                        "{name} has had no feedback for {} (last on {date}; the limit is {limit})",
                        days(date, day)
                    )
                });
            }
            (None, Some(joined)) => {
                out.from_day(more_than(joined.value, limit), record, at, |day| {
                    format!(
                        "{name} has had no feedback since joining {} ago (the limit is {limit})",
                        days(joined.value, day)
                    )
                });
            }
            (None, None) => {
                out.at(
                    record,
                    at,
                    format!("{name} has no dated feedback on record and no `joined` date"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    fn one(text: &str) -> Vec<String> {
        findings("missing-feedback", &[("vision.md", VISION), ("a.md", text)])
    }

    #[test]
    fn old_feedback_points_at_the_list_key() {
        assert_eq!(
            one("---\nname: A\nfeedback:\n  - date: 2026-10-01\n  - date: 2026-09-01\n---\n"),
            ["a.md:3:1: A has had no feedback for 57 days (last on 2026-10-01; the limit is 30)"]
        );
        // 30 days is within the limit; 31 is not.
        assert!(one("---\nname: A\nfeedback:\n  - date: 2026-10-28\n---\n").is_empty());
        assert_eq!(
            one("---\nname: A\nfeedback:\n  - date: 2026-10-27\n---\n").len(),
            1
        );
    }

    #[test]
    fn without_feedback_uses_joined_and_points_at_name() {
        assert!(one("---\nrole: R\nname: A\njoined: 2026-11-01\n---\n").is_empty());
        assert_eq!(
            one("---\nrole: R\nname: A\njoined: 2026-01-01\n---\n"),
            ["a.md:3:1: A has had no feedback since joining 330 days ago (the limit is 30)"]
        );
        assert_eq!(
            one("---\nname: A\nfeedback: []\n---\n"),
            ["a.md:3:1: A has no dated feedback on record and no `joined` date"]
        );
    }

    #[test]
    fn only_active_members() {
        assert!(one("---\nname: A\nstatus: leave\n---\n").is_empty());
        assert!(one("---\nname: A\nstatus: departed\n---\n").is_empty());
    }

    #[test]
    fn threshold_comes_from_config() {
        let config = crate::config::Config::parse("[thresholds]\nfeedback_days = 60\n").unwrap();
        let files = [
            ("vision.md", VISION),
            (
                "a.md",
                "---\nname: A\nfeedback:\n  - date: 2026-10-01\n---\n",
            ),
        ];
        let found = crate::check::testing::check_with(&files, &config);
        assert!(
            found
                .diagnostics
                .iter()
                .all(|d| d.rule.id != "missing-feedback")
        );
    }
}
