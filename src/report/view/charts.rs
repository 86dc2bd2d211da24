//! The overview's charts, drawn from the team's figures as inline SVG.

use super::{Builder, Facts};
use crate::model::Member;
use crate::report::charts::{Bar, BarChart};
use crate::report::pages::OutcomeView;
use crate::words::plural;

/// Up to this many active members the feedback chart has a bar per person;
/// above, it shows how many people fall in each age bucket.
const BARS_PER_PERSON_UP_TO: usize = 40;

impl<'a> Builder<'a> {
    pub(super) fn feedback_chart(&self, facts: &[Facts]) -> String {
        let limit = i64::from(self.config.thresholds.feedback_days);
        let people: Vec<(&Member, Option<i64>)> = self
            .team
            .members
            .iter()
            .zip(facts)
            .filter(|(_, f)| f.active)
            .map(|(m, f)| (&**m, f.feedback_days))
            .collect();
        if people.is_empty() {
            return String::new();
        }
        let per_person = people.len() <= BARS_PER_PERSON_UP_TO;
        // No feedback at all is the worst case: the longest bar.
        let longest = people
            .iter()
            .filter_map(|p| p.1)
            .max()
            .unwrap_or(0)
            .max(limit * 2);
        let bars = if per_person {
            let mut people = people;
            people.sort_by(|a, b| {
                let key = |d: Option<i64>| d.unwrap_or(i64::MAX);
                key(b.1)
                    .cmp(&key(a.1))
                    .then_with(|| a.0.display_name().cmp(b.0.display_name()))
            });
            people
                .iter()
                .map(|(m, days)| match days {
                    Some(days) => Bar {
                        label: m.display_name().to_owned(),
                        value: *days as f64,
                        text: if *days > limit {
                            format!("{}, over the limit", plural(*days, "day"))
                        } else {
                            plural(*days, "day")
                        },
                        flagged: *days > limit,
                    },
                    None => Bar {
                        label: m.display_name().to_owned(),
                        value: longest as f64,
                        text: "no feedback recorded".to_owned(),
                        flagged: true,
                    },
                })
                .collect()
        } else {
            histogram(&people, limit)
        };
        BarChart {
            id: "feedback-chart",
            title: "Days since the last feedback",
            description: &format!(
                "For each active member, the days since their latest feedback (private feedback \
                 counts by its date, as in the checks); the line marks the {limit}-day limit."
            ),
            bars,
            // The limit is in days: a line only where bars count days (a
            // histogram's bars count people; its buckets over the limit
            // are flagged instead).
            marker: per_person.then(|| (limit as f64, format!("limit {limit}"))),
        }
        .to_svg()
    }
}

pub(super) fn coverage_chart(outcomes: &[OutcomeView]) -> String {
    if outcomes.is_empty() {
        return String::new();
    }
    let bars = outcomes
        .iter()
        .map(|o| {
            let n = o.open;
            Bar {
                // Sub-team outcomes follow the outcome they serve.
                label: format!("{}{}", "↳ ".repeat(o.depth), o.title),
                value: n as f64,
                text: match (n, o.covered) {
                    (0, false) => "0 objectives, uncovered".to_owned(),
                    (0, true) => "0 objectives, covered below".to_owned(),
                    _ => plural(n as i64, "objective"),
                },
                flagged: !o.covered,
            }
        })
        .collect();
    BarChart {
        id: "coverage-chart",
        title: "Objectives serving each outcome",
        description: "For each vision outcome, the root's and sub-teams', the number of open objectives of active members that serve it.",
        bars,
        marker: None,
    }
    .to_svg()
}

/// People counted by how long ago their last feedback was.
fn histogram(people: &[(&Member, Option<i64>)], limit: i64) -> Vec<Bar> {
    let buckets: [(&str, i64, i64); 6] = [
        ("0–7 days", 0, 7),
        ("8–14 days", 8, 14),
        ("15–30 days", 15, 30),
        ("31–60 days", 31, 60),
        ("61–90 days", 61, 90),
        ("over 90 days", 91, i64::MAX),
    ];
    let mut bars: Vec<Bar> = buckets
        .iter()
        .map(|&(label, low, high)| {
            let n = people
                .iter()
                .filter(|(_, d)| d.is_some_and(|d| (low..=high).contains(&d)))
                .count();
            Bar {
                label: label.to_owned(),
                value: n as f64,
                text: plural(n as i64, "person"),
                flagged: low > limit,
            }
        })
        .collect();
    let none = people.iter().filter(|(_, d)| d.is_none()).count();
    bars.push(Bar {
        label: "no feedback".to_owned(),
        value: none as f64,
        text: plural(none as i64, "person"),
        flagged: none > 0,
    });
    bars
}
