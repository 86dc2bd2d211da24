//! `evidence-gap`: a framework topic with no recent evidence at the
//! member's level or above.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::date::{days_between, more_than};
use crate::depends::Shared;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "evidence-gap",
    level: Level::Note,
    cadence: true,
    dated: true,
    summary: "a framework topic with no evidence at the member's level or above for `evidence_days` (default 180)",
    explanation: "\
What it checks: for each active member with a `level` in a framework, each
topic of that framework has an `evidence` entry at that level or above (an
entry without `level` counts at the member's) dated at most `evidence_days`
days before as-of (default 180, set in mastery.toml under [thresholds]).
The days count from the later of that evidence and the day the member's
`track` and `level` were first committed (in a git repository), else
their `joined`: a framework adopted today asks nothing of anyone yet.

Why: a level is held by what someone keeps showing. A topic with no recent
evidence is where a review, or a promotion packet, will have nothing to say.

How to fix: record what they did that speaks to the topic as an `evidence`
entry (at their level or above, with the criterion it meets), or talk about
what would show it.",
    fix: "add an `evidence` entry for the topic at their level or above",
    check,
    reads: &[
        (&schema::MEMBER, "level"),
        (&schema::MEMBER, "evidence"),
        (&schema::EVIDENCE, "date"),
    ],
    shared: &[Shared::Frameworks, Shared::History],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let limit = i64::from(cx.thresholds.evidence_days);
    for member in cx.active_members() {
        let Some(level) = &member.level else {
            continue;
        };
        let Ok(framework) = cx.framework_of(member) else {
            continue;
        };
        // When the level was recorded: git's day for it (when not after
        // the day checked), else when they joined.
        let committed = cx
            .committed()
            .zip(member.level_key())
            .and_then(|(committed, key)| committed.first(&member.id, &key)?.date)
            .filter(|&day| day <= cx.as_of)
            .map(|day| (day, "the level was first committed"));
        let joined = (member.joined.as_ref()).map(|j| (j.value, "they joined"));
        let recorded = committed.or(joined);
        for topic in framework.topic_names() {
            let newest = (member.evidence.items.iter())
                .filter(|e| e.topic.as_ref().is_some_and(|t| t.value == topic))
                .filter(|e| e.level.as_ref().map_or(level.value, |l| l.value) >= level.value)
                .filter_map(|e| e.date.as_ref().map(|d| d.value))
                .max();
            let record = &member.record;
            // Evidence from before the level was recorded counts from then.
            let newest = newest.filter(|&date| recorded.is_none_or(|(r, _)| date >= r));
            match (newest, recorded) {
                (Some(date), _) => {
                    out.from_day(more_than(date, limit), record, level.span, |day| {
                        format!(
                            "no evidence for topic `{topic}` at level {} or above for {} (the last on {date}; the limit is {limit})",
                            level.value,
                            crate::words::days(days_between(date, day)),
                        )
                    });
                }
                (_, Some((since, what))) => {
                    out.from_day(more_than(since, limit), record, level.span, |day| {
                        format!(
                            "no evidence for topic `{topic}` at level {} or above in the {} since {what}, on {since} (the limit is {limit})",
                            level.value,
                            crate::words::days(days_between(since, day)),
                        )
                    });
                }
                (None, None) => {
                    let message = format!(
                        "no evidence for topic `{topic}` at level {} or above",
                        level.value
                    );
                    out.at(record, level.span, message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{FRAMEWORK, VISION, findings};

    #[test]
    fn each_topic_needs_recent_evidence_at_the_level_or_above() {
        // As of 2026-11-27: 180 days before is 2026-05-31.
        let ann = "---\nname: Ann\nlevel: 2\nevidence:\n  \
                   - date: 2026-10-01\n    topic: communication\n  \
                   - date: 2026-11-01\n    topic: delivery\n    level: 1\n  \
                   - date: 2026-01-10\n    topic: delivery\n    level: 3\n---\n";
        let files = [
            ("vision.md", VISION),
            ("frameworks/backend.md", FRAMEWORK),
            ("ann.md", ann),
            (
                "bob.md",
                "---\nname: Bob\nstatus: departed\nlevel: 2\n---\n",
            ),
        ];
        assert_eq!(
            findings("evidence-gap", &files),
            [
                "ann.md:3:8: no evidence for topic `delivery` at level 2 or above for 321 days (the last on 2026-01-10; the limit is 180)"
            ]
        );
    }

    /// The clock starts when the level was recorded: git's first commit of
    /// it, else `joined`; a framework adopted today asks nothing yet.
    #[test]
    fn the_days_count_from_when_the_level_was_recorded() {
        use std::collections::HashMap;
        use std::sync::Arc;

        use crate::check::testing::{findings_of, team};
        use crate::model::{Committed, First};

        let cy = "---
name: Cy
level: 2
joined: 2026-09-01
---
";
        let dee = "---
name: Dee
level: 2
joined: 2020-01-01
---
";
        let files = [
            ("vision.md", VISION),
            ("frameworks/backend.md", FRAMEWORK),
            ("cy.md", cy),
            ("dee.md", dee),
        ];
        // Without history: from `joined`.
        let without = findings_of(&team(&files), "evidence-gap");
        assert_eq!(without.len(), 2, "{without:?}");
        assert!(
            without.iter().all(|f| f.starts_with("dee.md")),
            "{without:?}"
        );
        // With history: from the commit that recorded Dee's level.
        let mut dated = team(&files);
        let recorded = First {
            date: Some(jiff::civil::date(2026, 11, 20)),
        };
        let level = HashMap::from([(format!("level\0{}\0{}", "", 2), recorded)]);
        dated.committed = Some(Arc::new(Committed {
            first: HashMap::from([("dee".to_owned(), level)]),
            ..Committed::default()
        }));
        assert!(findings_of(&dated, "evidence-gap").is_empty());
    }
}
