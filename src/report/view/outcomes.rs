//! The vision's outcomes: how well the team's objectives serve each, on the
//! overview (cards, or a table with a page per outcome for a large
//! organisation) and on each outcome's own page.

use std::collections::HashMap;

use super::Builder;
use crate::model::{Member, Objective, ObjectiveStatus};
use crate::report::names;
use crate::report::pages::{Health, OutcomePage, OutcomeView, Serving};
use jiff::civil::Date;

/// Objectives listed under each outcome card; the rest are counted.
const SERVING_LISTED: usize = 12;

/// Where an objective stands, for its outcome: `None` when dropped.
/// Past due counts before at risk: it is the more urgent.
fn health(objective: &Objective, as_of: Date) -> Option<&'static str> {
    Some(match objective.status {
        ObjectiveStatus::Dropped => return None,
        ObjectiveStatus::Done => "done",
        _ if objective.due.as_ref().is_some_and(|d| d.value < as_of) => "overdue",
        ObjectiveStatus::AtRisk => "at-risk",
        _ => "on-track",
    })
}

impl Health {
    fn count(&mut self, health: &str) {
        *match health {
            "done" => &mut self.done,
            "overdue" => &mut self.overdue,
            "at-risk" => &mut self.at_risk,
            _ => &mut self.on_track,
        } += 1;
    }
}

/// What serves one outcome, gathered in one pass over the team.
#[derive(Default)]
struct Tally {
    health: Health,
    /// Open objectives.
    open: usize,
    /// Members with an open objective serving it.
    people: usize,
    /// Index of the last member counted in `people`.
    last: Option<usize>,
    /// The objectives listed.
    listed: Vec<Serving>,
}

impl<'a> Builder<'a> {
    /// Each objective of an active member that serves an outcome `wanted`
    /// keeps, with the outcome id, the member's index and its health; an
    /// objective naming an outcome twice serves it once.
    fn each_serving(
        &self,
        wanted: impl Fn(&str) -> bool,
        mut visit: impl FnMut(&'a str, usize, &'a Member, &'a Objective, &'static str),
    ) {
        let as_of = self.findings.as_of;
        for (index, member) in self.team.members.iter().enumerate() {
            if !member.is_active() || member.record.front_matter_failed() {
                continue;
            }
            for objective in &member.objectives.items {
                let Some(health) = health(objective, as_of) else {
                    continue;
                };
                let ids = &objective.outcomes;
                for (k, id) in ids.iter().enumerate() {
                    let id = id.value.as_str();
                    if wanted(id) && !ids[..k].iter().any(|x| x.value == id) {
                        visit(id, index, member, objective, health);
                    }
                }
            }
        }
    }

    fn serving(&self, member: &Member, objective: &Objective, health: &'static str) -> Serving {
        Serving {
            objective: objective.title().to_owned(),
            status: objective.status.as_str(),
            health,
            due: objective.due.as_ref().map(|d| d.value.to_string()),
            person: self.person(&member.id),
        }
    }

    /// Every vision outcome as the overview shows it. A large organisation
    /// lists no objectives on the overview: each outcome links its page.
    pub(super) fn outcomes(&self) -> Vec<OutcomeView> {
        let split = self.split();
        let listed = if split { 0 } else { SERVING_LISTED };
        let mut tallies: HashMap<&str, Tally> = HashMap::new();
        self.each_serving(
            |_| true,
            |id, index, member, objective, health| {
                let tally = tallies.entry(id).or_default();
                tally.health.count(health);
                if !objective.status.is_open() {
                    return;
                }
                tally.open += 1;
                if tally.last != Some(index) {
                    (tally.people, tally.last) = (tally.people + 1, Some(index));
                }
                if tally.listed.len() < listed {
                    tally.listed.push(self.serving(member, objective, health));
                }
            },
        );
        (0..self.outcome_stems.len())
            .map(|i| {
                let id = self.outcome_id(i);
                let tally = tallies.remove(id).unwrap_or_default();
                self.outcome_view(i, tally, split)
            })
            .collect()
    }

    /// The page of the vision outcome at `index`: every objective serving
    /// it, the most urgent first.
    pub fn outcome_page(&self, index: usize) -> OutcomePage {
        let wanted = self.outcome_id(index);
        let mut tally = Tally::default();
        self.each_serving(
            |id| id == wanted,
            |_, index, member, objective, health| {
                tally.health.count(health);
                if objective.status.is_open() {
                    tally.open += 1;
                    if tally.last != Some(index) {
                        (tally.people, tally.last) = (tally.people + 1, Some(index));
                    }
                }
                tally.listed.push(self.serving(member, objective, health));
            },
        );
        let rank = |s: &Serving| {
            ["overdue", "at-risk", "on-track", "done"]
                .iter()
                .position(|h| *h == s.health)
        };
        tally.listed.sort_by_key(rank);
        OutcomePage {
            header: self.header.clone(),
            outcome: self.outcome_view(index, tally, false),
        }
    }

    fn outcome_view(&self, index: usize, tally: Tally, linked: bool) -> OutcomeView {
        let outcome = &self
            .team
            .vision
            .as_ref()
            .expect("outcomes come from the vision")
            .outcomes
            .items[index];
        let id = self.outcome_id(index).to_owned();
        let Tally {
            health,
            open,
            people,
            listed,
            ..
        } = tally;
        OutcomeView {
            anchor: format!("outcome-{}", self.outcome_stems[index]),
            title: outcome
                .title
                .as_ref()
                .map_or_else(|| id.clone(), |t| t.value.clone()),
            measure: outcome.measure.as_ref().map(|m| m.value.clone()),
            owner: outcome.owner.as_ref().map(|o| self.person(&o.value)),
            covered: open > 0,
            open,
            people,
            health,
            state: if open == 0 {
                "missing"
            } else if health.at_risk + health.overdue > 0 {
                "attention"
            } else {
                "ok"
            },
            serving_more: if linked {
                0
            } else {
                open.saturating_sub(listed.len())
            },
            serving: listed,
            href: linked.then(|| self.outcome_path(index)),
            id,
        }
    }

    /// The id of the vision outcome at `index` (empty when it has none).
    fn outcome_id(&self, index: usize) -> &'a str {
        self.team
            .vision
            .as_ref()
            .and_then(|v| v.outcomes.items[index].id.as_ref())
            .map_or("", |i| i.value.as_str())
    }

    /// Where a page links the vision outcome with this id: its own page
    /// when split, else its card on the overview.
    pub(super) fn outcome_href(&self, id: &str) -> Option<String> {
        let index = (0..self.outcome_stems.len()).find(|&i| self.outcome_id(i) == id)?;
        Some(if self.split() {
            self.outcome_path(index)
        } else {
            format!("index.html#outcome-{}", self.outcome_stems[index])
        })
    }

    /// Where the page of the vision outcome at `index` is written.
    pub(super) fn outcome_path(&self, index: usize) -> String {
        names::outcome_page(&self.outcome_stems[index])
    }

    /// The outcomes (by index) whose pages show something of these
    /// members: an objective naming them, or their owner.
    pub(super) fn outcomes_of(&self, members: &[usize]) -> Vec<usize> {
        let Some(vision) = &self.team.vision else {
            return Vec::new();
        };
        let mut named: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for &i in members {
            let member = &self.team.members[i];
            named.extend(
                member
                    .objectives
                    .items
                    .iter()
                    .flat_map(|o| &o.outcomes)
                    .map(|id| id.value.as_str()),
            );
        }
        vision
            .outcomes
            .items
            .iter()
            .enumerate()
            .filter(|(_, outcome)| {
                outcome
                    .id
                    .as_ref()
                    .is_some_and(|id| named.contains(id.value.as_str()))
                    || outcome.owner.as_ref().is_some_and(|owner| {
                        members
                            .iter()
                            .any(|&i| self.team.members[i].id == owner.value)
                    })
            })
            .map(|(i, _)| i)
            .collect()
    }
}
