//! `backdated-entry`: an entry is dated well before git first saw it.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::date::{days_between, more_than};
use crate::depends::Shared;
use crate::model::Spanned;
use jiff::civil::Date;

/// The rule.
pub const RULE: Rule = Rule {
    id: "backdated-entry",
    level: Level::Note,
    dated: true,
    summary: "a feedback, support or learning `updated` date is `backdate_days` (default 14) before the commit that first held it",
    explanation: "\
What it checks: inside a git repository, each feedback `date`, support
`date` and learning goal `updated` is at most `backdate_days` days (default
14, set in mastery.toml under [thresholds]) before the committer date of the
first commit whose version of the file held that entry. An entry not
committed yet is measured against the as-of date instead. Entries that were
already there at a shallow clone's boundary are not judged (their first
commit was not fetched). Under `--at REV` it finds what it finds on a
checkout of REV, entries first committed by REV itself included. Outside a git repository, or with `--no-history`, the rule is silent.

Why: the records are worth trusting because git vouches for when they were
written. Feedback written up two months later, or a goal marked as moving
\"last week\" long after the fact, makes the cadence look better than it was.

How to fix: nothing, if the entry is honest (records imported from another
tool, a note written up after a holiday): the finding is a note. Otherwise
record entries when they happen; to stop the rule, set it to \"allow\" in
mastery.toml.",
    fix: "record entries when they happen; imported records can set the rule to \"allow\"",
    check,
    shared: &[Shared::History],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let Some(committed) = cx.committed() else {
        return;
    };
    let limit = i64::from(cx.thresholds.backdate_days);
    for member in cx.members() {
        let mut flag = |what: &str, date: &Option<Spanned<Date>>, key: String| {
            let Some(date) = date else { return };
            let message = |since, how| {
                format!(
                    "{what} {} is {} before {how} {since} (the limit is {limit})",
                    date.value,
                    crate::words::days(days_between(date.value, since)),
                )
            };
            match committed.first(&member.id, &key) {
                // Not committed yet: measured against the day, which moves.
                None => {
                    let how = "it was written, not yet committed, on the as-of date";
                    let from = more_than(date.value, limit);
                    out.from_day(from, &member.record, date.span, |day| message(day, how));
                }
                Some(first) => {
                    let Some(since) = first.date else { return };
                    if days_between(date.value, since) > limit {
                        let how = "the commit that first held it, on";
                        out.at(&member.record, date.span, message(since, how));
                    }
                }
            }
        };
        for feedback in &member.feedback.items {
            flag("feedback dated", &feedback.date, feedback.key());
        }
        for support in &member.support.items {
            flag("support dated", &support.date, support.key());
        }
        for goal in &member.learning.items {
            let what = format!("learning goal `{}` updated", goal.title());
            flag(&what, &goal.updated, goal.updated_key());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use crate::check::testing::VISION;
    use crate::model::{Committed, First};

    const MEMBER: &str = "---
name: A
feedback:
  - date: 2026-01-01
    from: b
    kind: praise
  - date: 2026-11-20
    from: b
    kind: praise
  - date: 2025-06-01
    from: c
    kind: praise
support:
  - what: Book
    date: 2026-10-01
---
";

    fn found(committed: Committed) -> Vec<String> {
        let mut team = crate::check::testing::team(&[("vision.md", VISION), ("a.md", MEMBER)]);
        team.committed = Some(Arc::new(committed));
        crate::check::testing::findings_of(&team, "backdated-entry")
    }

    #[test]
    fn measures_against_the_first_commit_else_as_of() {
        let day = |s: &str| s.parse().unwrap();
        let mut first = HashMap::new();
        // Committed on 2026-03-01: 59 days late.
        first.insert(
            "feedback\u{0}2026-01-01\u{0}b\u{0}praise".to_owned(),
            First {
                date: Some(day("2026-03-01")),
            },
        );
        // At a shallow boundary: not judged.
        first.insert(
            "feedback\u{0}2025-06-01\u{0}c\u{0}praise".to_owned(),
            First { date: None },
        );
        // Committed on time.
        first.insert(
            "support\u{0}Book\u{0}2026-10-01".to_owned(),
            First {
                date: Some(day("2026-10-02")),
            },
        );
        let committed = Committed {
            first: HashMap::from([("a".to_owned(), first)]),
            ..Committed::default()
        };
        // The 2026-11-20 entry is uncommitted: 7 days before as-of, fine.
        assert_eq!(
            found(committed),
            [
                "a.md:4:11: feedback dated 2026-01-01 is 59 days before the commit that first held it, on 2026-03-01 (the limit is 14)"
            ]
        );
    }

    #[test]
    fn uncommitted_entries_are_measured_against_as_of() {
        let found = found(Committed::default());
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].contains(
                "is 330 days before it was written, not yet committed, on the as-of date 2026-11-27"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn silent_outside_git() {
        let team = crate::check::testing::team(&[("vision.md", VISION), ("a.md", MEMBER)]);
        assert!(crate::check::testing::findings_of(&team, "backdated-entry").is_empty());
    }
}
