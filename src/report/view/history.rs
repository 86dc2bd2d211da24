//! What the team's history adds to the report: each member's timeline of
//! the last 12 months and the overview's monthly trend charts.

use jiff::civil::Date;
use serde_json::Value;

use super::Builder;
use crate::history::Event;
use crate::history::months::{Point, last_months};
use crate::model::Member;
use crate::report::charts::{Bar, BarChart};
use crate::report::pages::{Figure, Timeline, TimelineEvent};

impl Builder<'_> {
    /// The member's last 12 months, when the report shows history.
    pub(super) fn timeline(&self, member: &Member) -> Option<Timeline> {
        let trend = self.trend?;
        let months = last_months(self.findings.as_of);
        let since = months[0];
        let mut events: Vec<TimelineEvent> = trend
            .events
            .get(&member.id)
            .into_iter()
            .flatten()
            .filter(|e| e.date >= since && e.date <= self.findings.as_of)
            .map(|e| TimelineEvent {
                date: e.date.to_string(),
                text: describe(e),
            })
            .collect();
        // Newest first; a joining is dated by `joined`, which may come
        // before the events of earlier commits.
        events.reverse();
        events.sort_by(|a, b| b.date.cmp(&a.date));
        // Months before they joined the team are not theirs to count.
        let joined = (trend.events.get(&member.id).into_iter().flatten())
            .find(|e| e.kind == "joined")
            .map(|e| e.date)
            .or(member.joined.as_ref().map(|j| j.value))
            .map(|d| d.first_of_month());
        let bars: Vec<Bar> = months
            .iter()
            .filter(|&&first| joined.is_none_or(|j| first >= j))
            .map(|&first| {
                let given = member
                    .feedback
                    .items
                    .iter()
                    .filter_map(|f| f.date.as_ref())
                    .filter(|d| d.value.first_of_month() == first && d.value <= self.findings.as_of)
                    .count();
                Bar {
                    label: month_label(first),
                    value: given as f64,
                    text: crate::words::plural(given as i64, "entry"),
                    flagged: false,
                }
            })
            .collect();
        let id = format!("timeline-{}", self.stems[self.by_id[member.id.as_str()]]);
        let chart = BarChart {
            id: &id,
            title: "Feedback per month",
            description: if joined.is_some_and(|j| j > months[0]) {
                "Feedback entries dated in each month since they joined, private ones counted."
            } else {
                "Feedback entries dated in each of the last 12 months, private ones counted."
            },
            bars,
            marker: None,
        };
        // One month with feedback is no pattern: a sentence says it.
        let given: Vec<&Bar> = chart.bars.iter().filter(|b| b.value > 0.0).collect();
        let feedback_note = match given.as_slice() {
            [] => "No feedback dated in the last 12 months.".to_owned(),
            [one] => format!(
                "Feedback in one month of the last 12: {} in {}.",
                one.text, one.label
            ),
            _ => String::new(),
        };
        Some(Timeline {
            feedback_chart: (given.len() >= 2).then(|| chart.figure()),
            feedback_note,
            events,
        })
    }

    /// The overview's charts of the team figures over the last 12 months.
    pub(super) fn trend_charts(&self) -> Vec<Figure> {
        let Some(trend) = self.trend else {
            return Vec::new();
        };
        let mut points = trend.months.clone();
        points.push(Point::of(self.team, self.findings));
        if points.len() < 2 {
            return Vec::new(); // one point is no trend
        }
        let label = |p: &Point| {
            if p.day == self.findings.as_of {
                format!("{} (now)", p.day)
            } else {
                month_label(p.day.first_of_month())
            }
        };
        let chart = |id: &str, title: &str, description: &str, bar: &dyn Fn(&Point) -> Bar| {
            BarChart {
                id,
                title,
                description,
                bars: points.iter().map(bar).collect(),
                marker: None,
            }
            .figure()
        };
        let optional = |value: Option<i64>, unit: &str| match value {
            Some(v) => (v as f64, format!("{v}{unit}")),
            None => (0.0, "none".to_owned()),
        };
        vec![
            chart(
                "trend-aligned",
                "Open objectives aligned",
                "The share of open objectives serving only outcomes of the vision, at the end of each month.",
                &|p| {
                    let (value, text) = optional(p.aligned_percent.map(i64::from), "%");
                    Bar {
                        label: label(p),
                        value,
                        text,
                        flagged: false,
                    }
                },
            ),
            chart(
                "trend-feedback",
                "Median days since feedback",
                "Over active members, at the end of each month.",
                &|p| {
                    let (value, text) = optional(p.median_feedback_days, " days");
                    let flagged = p
                        .median_feedback_days
                        .is_some_and(|d| d > i64::from(self.config.thresholds.feedback_days));
                    Bar {
                        label: label(p),
                        value,
                        text,
                        flagged,
                    }
                },
            ),
            chart(
                "trend-learning",
                "Active learning goals",
                "Active goals of active members, at the end of each month.",
                &|p| Bar {
                    label: label(p),
                    value: p.active_goals as f64,
                    text: p.active_goals.to_string(),
                    flagged: false,
                },
            ),
            chart(
                "trend-findings",
                "Errors and warnings",
                "Findings of the team as committed at the end of each month, checked as of that day.",
                &|p| Bar {
                    label: label(p),
                    value: (p.errors + p.warnings) as f64,
                    text: format!(
                        "{}, {}",
                        crate::words::plural(p.errors as i64, "error"),
                        crate::words::plural(p.warnings as i64, "warning")
                    ),
                    flagged: p.errors > 0,
                },
            ),
        ]
    }
}

/// `2026-07` as "Jul 2026".
fn month_label(first: Date) -> String {
    first.strftime("%b %Y").to_string()
}

/// A change in words.
fn describe(event: &Event) -> String {
    let what = &event.what;
    let value = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Null | Value::String(_) => "none".to_owned(),
        other => other.to_string(),
    };
    let (from, to) = (value(&event.from), value(&event.to));
    match event.kind.as_str() {
        "joined" => "Joined the team".to_owned(),
        "left" => "Left the team".to_owned(),
        "learning-started" => format!("Started learning goal “{what}”"),
        "learning-done" => format!("Finished learning goal “{what}”"),
        "learning-paused" => format!("Paused learning goal “{what}”"),
        "learning-dropped" => format!("Dropped learning goal “{what}”"),
        "objective-added" => format!("Took on objective “{what}”"),
        "objective-done" => format!("Finished objective “{what}”"),
        "objective-dropped" => format!("Dropped objective “{what}”"),
        "ownership-added" => format!("Took ownership of “{what}”"),
        "ownership-removed" => format!("Handed over “{what}”"),
        "autonomy-changed" => format!("Autonomy over “{what}”: {from} → {to}"),
        "role-changed" => format!("Role: {from} → {to}"),
        "manager-changed" => format!("Manager: {from} → {to}"),
        "status-changed" => format!("Status: {from} → {to}"),
        "level-changed" => format!("Level: {from} → {to}"),
        other => format!("{other}: {what}"),
    }
}
