//! The overview page: the vision, the team figures, outcome coverage, the
//! matrix and every finding.

use rayon::prelude::*;

use super::charts::coverage_chart;
use super::{Builder, Facts, texts};
use crate::check::Level;
use crate::report::elements::{self, ELEMENTS, State};
use crate::report::markdown;
use crate::report::pages::{Counts, ElementSummary, Figures, GroupView, Overview, SubTeamsPage};

/// Sub-teams listed on the overview, the worst first; `sub-teams.html`
/// lists them all, so the overview stays small at any size.
const SUB_TEAMS_LISTED: usize = 100;

/// What the overview and the sub-teams page share: worked out once, before
/// the pages render ([`Builder::prepare`]).
pub(super) struct Summary {
    /// Each member's facts, in team order.
    pub(super) facts: Vec<Facts>,
    /// The sub-teams; when split, summaries only, the worst first.
    groups: Vec<GroupView>,
}

impl<'a> Builder<'a> {
    /// The facts of every member and the sub-teams' views.
    pub(super) fn summarised(&self) -> Summary {
        let split = self.split();
        let facts = self.facts();
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
        Summary { facts, groups }
    }

    /// Every sub-team, the worst first (large organisations).
    pub fn sub_teams_page(&self) -> SubTeamsPage {
        let Summary { facts, groups } = self.summary();
        SubTeamsPage {
            header: self.header.clone(),
            elements: ELEMENTS,
            groups: groups.clone(),
            totals: summarise(facts.iter().map(|f| f.states)),
            members: facts.len(),
        }
    }

    /// The overview page.
    pub fn overview(&self) -> Overview {
        let split = self.split();
        let Summary { facts, groups } = self.summary();
        let listed = if split { SUB_TEAMS_LISTED } else { usize::MAX };
        let outcomes = self.outcomes();
        let vision = self.team.vision.as_ref();
        Overview {
            frameworks: self.framework_links(),
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
            figures: self.figures(facts),
            // A large organisation's outcome table has the same figures.
            coverage_chart: if split {
                String::new()
            } else {
                coverage_chart(&outcomes)
            },
            outcomes,
            elements: ELEMENTS,
            groups: groups.iter().take(listed).cloned().collect(),
            groups_more: groups.len().saturating_sub(listed),
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
            feedback_chart: self.feedback_chart(facts),
            trend_charts: self.trend_charts(),
        }
    }

    /// What the overview needs of each member, in one parallel pass (a
    /// large team's records are each read once).
    fn facts(&self) -> Vec<Facts> {
        self.team
            .members
            .par_iter()
            .map(|member| {
                let readable = !member.record.front_matter_failed();
                let active = readable && member.is_active();
                let (open_objectives, aligned_objectives) = member.alignment(&self.alignment);
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
