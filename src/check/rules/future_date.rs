//! `future-date`: a date of something that already happened lies after as-of.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::model::Spanned;
use crate::model::schema;
use jiff::civil::Date;

/// The rule.
pub const RULE: Rule = Rule {
    id: "future-date",
    dated: true,
    summary: "a feedback, learning `started`/`updated` or support date is after as-of",
    explanation: "\
What it checks: dates that record something that has happened (a feedback
`date`, a learning goal's `started` and `updated`, a support `date`) are not
after the as-of date (`--as-of`, default today). Plans (`target`, `due`) may
be in the future.

Why: a future date is almost always a typo (2026 for 2025, swapped month and
day), and it hides real gaps: feedback dated next month makes someone look
recently supported when they are not.

How to fix: correct the date. If the event is planned, record it once it has
happened.",
    fix: "correct the date; record events once they have happened",
    check,
    reads: &[
        (&schema::LEARNING_GOAL, "started"),
        (&schema::LEARNING_GOAL, "updated"),
        (&schema::FEEDBACK, "date"),
        (&schema::SUPPORT, "date"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let mut flag = |record, what: &str, date: &Option<Spanned<Date>>| {
        if let Some(date) = date
            && date.value > cx.as_of
        {
            out.at(
                record,
                date.span,
                format!("{what} {} is after the as-of date {}", date.value, cx.as_of),
            );
        }
    };
    for member in cx.members() {
        let record = &member.record;
        for feedback in &member.feedback.items {
            flag(record, "feedback date", &feedback.date);
        }
        for goal in &member.learning.items {
            flag(record, "learning goal start", &goal.started);
            flag(record, "learning goal update", &goal.updated);
        }
        for support in &member.support.items {
            flag(record, "support date", &support.date);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn points_at_each_future_date() {
        let member = "---
name: A
learning:
  - goal: G
    started: 2026-11-27
    updated: 2026-11-28
    target: 2027-06-01
feedback:
  - date: 2026-12-01
support:
  - what: Book
    date: 2027-01-01
---
";
        assert_eq!(
            findings("future-date", &[("vision.md", VISION), ("a.md", member)]),
            [
                "a.md:6:14: learning goal update 2026-11-28 is after the as-of date 2026-11-27",
                "a.md:9:11: feedback date 2026-12-01 is after the as-of date 2026-11-27",
                "a.md:12:11: support date 2027-01-01 is after the as-of date 2026-11-27",
            ]
        );
    }
}
