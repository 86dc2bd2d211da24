//! The visions' outcomes: how well the team's objectives serve each, on the
//! overview (a tree of cards, or of table rows with a page per outcome for
//! a large organisation: each organisation outcome, then the sub-team
//! outcomes serving it) and on each outcome's own page.

use super::Builder;
use crate::model::{Member, Objective, ObjectiveStatus};
use crate::report::names;
use crate::report::pages::{
    Health, OutcomeLink, OutcomePage, OutcomeView, Serving, SubOutcome, SubVision,
};
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

/// What serves one outcome directly, counted in one pass over the team.
#[derive(Default, Clone, Copy)]
struct Count {
    health: Health,
    /// Open objectives.
    open: usize,
    /// Members with an open objective serving it.
    people: usize,
    /// Index of the last member counted in `people`.
    last: Option<usize>,
}

impl Count {
    fn add(&mut self, member: usize, open: bool, health: &str) {
        self.health.count(health);
        if open {
            self.open += 1;
            if self.last != Some(member) {
                (self.people, self.last) = (self.people + 1, Some(member));
            }
        }
    }
}

/// Every outcome's figures and place in the tree, worked out once per
/// report (see [`Builder::prepare`]).
pub(super) struct Coverage {
    counts: Vec<Count>,
    /// What serves each outcome directly: (member, objective, health), in
    /// team order, the objectives of inactive members and dropped ones
    /// aside.
    pub(super) serving: Vec<Vec<(usize, usize, &'static str)>>,
    /// Covered directly or through a covered sub-team outcome.
    covered: Vec<bool>,
    /// Something at risk or overdue here or below.
    attention: Vec<bool>,
    /// The tree, depth first: (outcome, depth).
    order: Vec<(usize, usize)>,
}

impl<'a> Builder<'a> {
    /// Each objective of an active member and the outcome (by index) it
    /// serves, resolved from the member's folder, with the member's index,
    /// the objective's and its health; an objective naming an outcome
    /// twice serves it once.
    fn each_serving(&self, mut visit: impl FnMut(usize, usize, usize, &'static str)) {
        let as_of = self.findings.as_of;
        for (index, member) in self.team.members.iter().enumerate() {
            if !member.is_active() || member.record.front_matter_failed() {
                continue;
            }
            let folder = member.folder();
            for (o, objective) in member.objectives.items.iter().enumerate() {
                let Some(health) = health(objective, as_of) else {
                    continue;
                };
                let ids = &objective.outcomes;
                for (k, id) in ids.iter().enumerate() {
                    let Some(outcome) = self.alignment.resolve(folder, &id.value) else {
                        continue;
                    };
                    if !ids[..k].iter().any(|x| x.value == id.value) {
                        visit(outcome, index, o, health);
                    }
                }
            }
        }
    }

    /// The row of the objective `o` of member `m`.
    fn serving_row(&self, (m, o, health): (usize, usize, &'static str)) -> Serving {
        let member = &self.team.members[m];
        self.serving(member, &member.objectives.items[o], health)
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

    /// See [`Coverage`].
    pub(super) fn coverage(&self) -> &Coverage {
        self.coverage.get_or_init(|| {
            let alignment = &self.alignment;
            let n = alignment.outcomes().len();
            let mut counts = vec![Count::default(); n];
            let mut serving = vec![Vec::new(); n];
            self.each_serving(|outcome, member, objective, health| {
                let open = self.team.members[member].objectives.items[objective]
                    .status
                    .is_open();
                counts[outcome].add(member, open, health);
                serving[outcome].push((member, objective, health));
            });
            let covered = alignment.roll_up(|i| counts[i].open > 0);
            let attention = alignment.roll_up(|i| {
                let health = counts[i].health;
                counts[i].open > 0 && health.at_risk + health.overdue > 0
            });
            Coverage {
                counts,
                serving,
                covered,
                attention,
                order: alignment.tree(),
            }
        })
    }

    /// Every outcome as the overview shows it, as a tree. A large
    /// organisation lists no objectives on the overview: each outcome links
    /// its page.
    pub(super) fn outcomes(&self) -> Vec<OutcomeView> {
        let split = self.split();
        let mut listed: Vec<Vec<Serving>> = vec![Vec::new(); self.outcome_stems.len()];
        if !split {
            for (outcome, serving) in self.coverage().serving.iter().enumerate() {
                let open = serving.iter().filter(|&&(m, o, _)| {
                    self.team.members[m].objectives.items[o].status.is_open()
                });
                listed[outcome] = open
                    .take(SERVING_LISTED)
                    .map(|&s| self.serving_row(s))
                    .collect();
            }
        }
        let order = &self.coverage().order;
        order
            .iter()
            .enumerate()
            .map(|(k, &(i, depth))| {
                let next = order.get(k + 1).map_or(0, |&(_, d)| d);
                let mut view = self.outcome_view(i, std::mem::take(&mut listed[i]), split);
                view.depth = depth;
                view.nested = next > depth;
                view.close = depth.saturating_sub(next);
                view
            })
            .collect()
    }

    /// The page of the outcome at `index`: every objective serving it, the
    /// most urgent first.
    pub fn outcome_page(&self, index: usize) -> OutcomePage {
        let serving = &self.coverage().serving[index];
        let mut listed: Vec<Serving> = serving.iter().map(|&s| self.serving_row(s)).collect();
        let rank = |s: &Serving| {
            ["overdue", "at-risk", "on-track", "done"]
                .iter()
                .position(|h| *h == s.health)
        };
        listed.sort_by_key(rank);
        OutcomePage {
            header: self.header.clone(),
            outcome: self.outcome_view(index, listed, false),
            served_by: (self.alignment.children(index).iter())
                .map(|&k| self.sub_outcome(k))
                .collect(),
        }
    }

    /// `listed` of the objectives serving the outcome at `index`; `linked`
    /// when it has a page of its own (the rest are then not counted as
    /// "more").
    fn outcome_view(&self, index: usize, listed: Vec<Serving>, linked: bool) -> OutcomeView {
        let (vision, outcome) = self.alignment.outcomes()[index];
        let id = self.outcome_id(index).to_owned();
        let coverage = self.coverage();
        let Count {
            health,
            open,
            people,
            ..
        } = coverage.counts[index];
        let children = self.alignment.children(index);
        let sub_team = self.alignment.is_sub_team(vision);
        OutcomeView {
            anchor: format!("outcome-{}", self.outcome_stems[index]),
            title: outcome_title(outcome, &id),
            team: sub_team.then(|| self.vision_name(vision)),
            vision: self.alignment.visions()[vision].record.source.path.clone(),
            depth: 0,
            close: 0,
            nested: false,
            serves: self.serves_links(index),
            children: children.len(),
            children_covered: children.iter().filter(|&&k| coverage.covered[k]).count(),
            unlinked: sub_team && self.alignment.serves(index).is_empty(),
            measure: outcome.measure.as_ref().map(|m| m.value.clone()),
            owner: outcome.owner.as_ref().map(|o| self.person(&o.value)),
            covered: coverage.covered[index],
            open,
            people,
            health,
            state: if !coverage.covered[index] {
                "missing"
            } else if coverage.attention[index] {
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

    /// Links to the outcomes the outcome at `index` serves.
    fn serves_links(&self, index: usize) -> Vec<OutcomeLink> {
        let served = self.alignment.serves(index);
        served.iter().map(|&up| self.outcome_link(up)).collect()
    }

    /// A link to the outcome at `index`.
    pub(super) fn outcome_link(&self, index: usize) -> OutcomeLink {
        let id = self.outcome_id(index);
        OutcomeLink {
            id: id.to_owned(),
            title: Some(outcome_title(self.alignment.outcomes()[index].1, id)),
            href: (!self.standalone).then(|| self.outcome_href(index)),
        }
    }

    fn sub_outcome(&self, index: usize) -> SubOutcome {
        SubOutcome {
            outcome: self.outcome_link(index),
            serves: self.serves_links(index),
            covered: self.coverage().covered[index],
        }
    }

    /// The vision of a sub-team folder: the nearest below the root's at or
    /// above it.
    pub(super) fn sub_vision(&self, folder: &str) -> Option<SubVision> {
        let v = self.alignment.nearest(folder)?;
        if !self.alignment.is_sub_team(v) {
            return None;
        }
        let vision = self.alignment.visions()[v];
        let outcomes = self.alignment.outcomes().iter().enumerate();
        Some(SubVision {
            team: self.vision_name(v),
            path: vision.record.source.path.clone(),
            statement: crate::model::text(&vision.statement)
                .unwrap_or_default()
                .to_owned(),
            outcomes: outcomes
                .filter(|(_, (of, _))| *of == v)
                .map(|(i, _)| self.sub_outcome(i))
                .collect(),
        })
    }

    /// The `team` of the vision at `index`, else its folder.
    fn vision_name(&self, index: usize) -> String {
        let vision = self.alignment.visions()[index];
        crate::model::text(&vision.team).map_or_else(
            || crate::model::alignment::folder_of(&vision.record.source.path).to_owned(),
            str::to_owned,
        )
    }

    /// The id of the outcome at `index` (empty when it has none).
    pub(super) fn outcome_id(&self, index: usize) -> &'a str {
        let outcome = self.alignment.outcomes()[index].1;
        outcome.id.as_ref().map_or("", |i| i.value.as_str())
    }

    /// Where a page links the outcome at `index`: its own page when split,
    /// else its card on the overview.
    pub(super) fn outcome_href(&self, index: usize) -> String {
        if self.split() {
            self.outcome_path(index)
        } else {
            format!("index.html#outcome-{}", self.outcome_stems[index])
        }
    }

    /// Where the page of the outcome at `index` is written.
    pub(super) fn outcome_path(&self, index: usize) -> String {
        names::outcome_page(&self.outcome_stems[index])
    }
}

/// What the outcome pages show of a member: whether they count, their
/// name, and their objectives (each one's text, status, due date and the
/// outcomes it names): what a member contributes to
/// [`crate::depends::Input::Serving`].
#[derive(Debug, PartialEq, Eq, Hash)]
pub(super) struct ServedBy {
    shown: bool,
    name: String,
    objectives: Vec<(String, &'static str, Option<Date>, Vec<String>)>,
}

impl ServedBy {
    /// What the outcome pages read of `member`.
    pub fn of(member: &Member) -> Self {
        let objectives = (member.objectives.items.iter())
            .map(|o| {
                let outcomes = o.outcomes.iter().map(|id| id.value.clone()).collect();
                let status = o.status.as_str();
                (
                    o.title().to_owned(),
                    status,
                    o.due.as_ref().map(|d| d.value),
                    outcomes,
                )
            })
            .collect();
        ServedBy {
            shown: member.is_active() && !member.record.front_matter_failed(),
            name: member.display_name().to_owned(),
            objectives,
        }
    }
}

/// An outcome's title, else its id.
fn outcome_title(outcome: &crate::model::Outcome, id: &str) -> String {
    outcome
        .title
        .as_ref()
        .map_or_else(|| id.to_owned(), |t| t.value.clone())
}
