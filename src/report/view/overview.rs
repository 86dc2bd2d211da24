//! The overview page: the vision, the team figures, outcome coverage, the
//! matrix and every finding.

use std::collections::HashMap;

use rayon::prelude::*;

use super::charts::coverage_chart;
use super::{Builder, texts};
use crate::check::Level;
use crate::model::ObjectiveStatus;
use crate::report::elements::{self, ELEMENTS, State};
use crate::report::markdown;
use crate::report::pages::{
    Counts, ElementSummary, Figures, GroupView, Health, OutcomeView, Overview, Serving,
};

/// Objectives listed under each outcome on the overview; the rest are counted.
const SERVING_LISTED: usize = 12;

/// What the overview needs of one member.
pub(super) struct Facts {
    pub(super) states: [State; 5],
    /// Readable and `status: active`.
    pub(super) active: bool,
    /// Open objectives (of a readable record), and how many of them serve
    /// only outcomes the vision defines.
    open_objectives: usize,
    aligned_objectives: usize,
    /// Active learning goals of an active member.
    active_goals: usize,
    owns_nothing: bool,
    /// Days since the newest feedback the report may show.
    pub(super) feedback_days: Option<i64>,
}

impl<'a> Builder<'a> {
    /// The overview page.
    pub fn overview(&self) -> Overview {
        let split = self.split();
        // Both walk every member; side by side, the overview is ready sooner.
        let (facts, outcomes) = rayon::join(|| self.facts(), || self.outcomes());
        let mut groups: Vec<GroupView> = self
            .grouped()
            .par_iter()
            .map(|(name, stem, members)| {
                self.group_view(name, stem, members, split.then_some(facts.as_slice()))
            })
            .collect();
        if split {
            // Worst first: the lowest share OK over the five elements.
            let share = |g: &GroupView| {
                let (ok, assessed) = g
                    .summary
                    .iter()
                    .fold((0, 0), |(o, a), s| (o + s.ok, a + s.assessed));
                (ok * 10_000).checked_div(assessed).unwrap_or(10_000)
            };
            groups.sort_by_cached_key(|g| (share(g), g.name.clone()));
        }
        let vision = self.team.vision.as_ref();
        Overview {
            header: self.header.clone(),
            statement: self.vision_text(|v| v.statement.as_ref()),
            horizon: vision
                .and_then(|v| v.horizon.as_ref())
                .map(|d| d.value.to_string()),
            values: vision.map(|v| texts(&v.values.items)).unwrap_or_default(),
            vision_notes: vision
                .filter(|v| !v.record.front_matter_failed())
                .map(|v| markdown::to_html(v.record.body(), 2))
                .unwrap_or_default(),
            attention: self.attention(),
            managers: if split {
                Vec::new()
            } else {
                self.manager_links(None)
            },
            figures: self.figures(&facts),
            coverage_chart: coverage_chart(&outcomes),
            outcomes,
            elements: ELEMENTS,
            groups,
            totals: summarise(facts.iter().map(|f| f.states)),
            split,
            // When split, member findings live on their sub-team's page.
            findings: self.finding_groups(
                self.by_path
                    .keys()
                    .copied()
                    .filter(|p| !split || self.team.member_at(p).is_none()),
            ),
            counts: Counts {
                errors: self.findings.count(Level::Error),
                warnings: self.findings.count(Level::Warning),
                notes: self.findings.count(Level::Note),
            },
            feedback_chart: self.feedback_chart(&facts),
            trend_charts: self.trend_charts(),
        }
    }

    /// What the overview needs of each member, in one parallel pass (a
    /// large team's records are each read once).
    fn facts(&self) -> Vec<Facts> {
        let defined = self.team.defined_outcomes();
        self.team
            .members
            .par_iter()
            .map(|member| {
                let readable = !member.record.front_matter_failed();
                let active = readable && member.is_active();
                let (open_objectives, aligned_objectives) = member.alignment(&defined);
                Facts {
                    states: elements::states(member, self.member_findings(member)),
                    active,
                    open_objectives,
                    aligned_objectives,
                    active_goals: member.active_goals(),
                    owns_nothing: member.ownership.is_empty(),
                    // The date `missing-feedback` goes by; a future date
                    // (its own finding) counts as today.
                    feedback_days: member
                        .last_feedback()
                        .map(|d| crate::date::days_between(d, self.findings.as_of).max(0)),
                }
            })
            .collect()
    }

    fn figures(&self, facts: &[Facts]) -> Figures {
        let active = || facts.iter().filter(|f| f.active);
        let open: usize = facts.iter().map(|f| f.open_objectives).sum();
        let aligned: usize = facts.iter().map(|f| f.aligned_objectives).sum();
        Figures {
            members: self.team.members.len(),
            active: active().count(),
            aligned: format!("{aligned} of {open}"),
            aligned_percent: (open > 0).then(|| (aligned * 100 / open) as u32),
            median_feedback_days: self.team.median_feedback_days(self.findings.as_of),
            active_goals: active().map(|f| f.active_goals).sum(),
            without_ownership: active().filter(|f| f.owns_nothing).count(),
        }
    }

    fn outcomes(&self) -> Vec<OutcomeView> {
        let Some(vision) = &self.team.vision else {
            return Vec::new();
        };
        // One pass over every open objective, not one per outcome: only
        // the first few serving objectives are shown, the rest counted.
        let mut serving: HashMap<&str, (usize, Vec<Serving>)> = HashMap::new();
        let mut health: HashMap<&str, Health> = HashMap::new();
        let as_of = self.findings.as_of;
        for member in self.active() {
            for objective in &member.objectives.items {
                let open = objective.status.is_open();
                let counter = |h: &mut Health| -> Option<()> {
                    let count = match objective.status {
                        ObjectiveStatus::Dropped => return None,
                        ObjectiveStatus::Done => &mut h.done,
                        _ if objective.due.as_ref().is_some_and(|d| d.value < as_of) => {
                            &mut h.overdue
                        }
                        ObjectiveStatus::AtRisk => &mut h.at_risk,
                        _ => &mut h.on_track,
                    };
                    *count += 1;
                    Some(())
                };
                let ids = &objective.outcomes;
                let firsts = ids
                    .iter()
                    .enumerate()
                    .filter(|&(k, id)| !ids[..k].iter().any(|x| x.value == id.value));
                for (_, id) in firsts.clone() {
                    counter(health.entry(id.value.as_str()).or_default());
                }
                if !open {
                    continue;
                }
                // Each outcome once, even when an objective names it twice.
                for (_, id) in firsts {
                    let id = id.value.as_str();
                    let (count, listed) = serving.entry(id).or_default();
                    *count += 1;
                    if listed.len() < SERVING_LISTED {
                        listed.push(Serving {
                            objective: objective.title().to_owned(),
                            status: objective.status.as_str(),
                            person: self.person(&member.id),
                        });
                    }
                }
            }
        }
        vision
            .outcomes
            .items
            .iter()
            .zip(&self.anchors)
            .map(|(outcome, anchor)| {
                let id = outcome
                    .id
                    .as_ref()
                    .map_or_else(String::new, |i| i.value.clone());
                let (count, listed) = serving.get(id.as_str()).cloned().unwrap_or_default();
                let health = health.get(id.as_str()).copied().unwrap_or_default();
                let state = if count == 0 {
                    "missing"
                } else if health.at_risk + health.overdue > 0 {
                    "attention"
                } else {
                    "ok"
                };
                OutcomeView {
                    anchor: anchor.clone(),
                    title: outcome
                        .title
                        .as_ref()
                        .map_or_else(|| id.clone(), |t| t.value.clone()),
                    measure: outcome.measure.as_ref().map(|m| m.value.clone()),
                    owner: outcome.owner.as_ref().map(|o| self.person(&o.value)),
                    covered: count > 0,
                    open: count,
                    health,
                    state,
                    serving_more: count.saturating_sub(SERVING_LISTED),
                    serving: listed,
                    id,
                }
            })
            .collect()
    }
}

/// How many members are in each state, per element.
pub(super) fn summarise(members: impl Iterator<Item = [State; 5]>) -> Vec<ElementSummary> {
    let members: Vec<[State; 5]> = members.collect();
    ELEMENTS
        .iter()
        .enumerate()
        .map(|(i, &element)| {
            let count = |state| members.iter().filter(|states| states[i] == state).count();
            let (ok, attention, missing) = (
                count(State::Ok),
                count(State::Attention),
                count(State::Missing),
            );
            let assessed = ok + attention + missing;
            let ok_percent = (assessed > 0).then(|| (ok * 100 / assessed) as u32);
            ElementSummary {
                element,
                ok,
                attention,
                missing,
                assessed,
                ok_percent,
                state: match ok_percent {
                    None => "inactive",
                    Some(90..) => "ok",
                    Some(60..) => "attention",
                    Some(_) => "missing",
                },
            }
        })
        .collect()
}
