//! What the templates see: the team turned into plain, already-decided
//! data (names, links, states, dates as text). Templates only lay it out.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::charts::{Bar, BarChart};
use super::elements::{self, Cell, ELEMENTS, State};
use super::{markdown, names};
use crate::check::{Diagnostic, Findings, Level, plural};
use crate::config::Config;
use crate::model::{GoalStatus, Member, Spanned, Team};

/// Above this many members the overview summarises sub-teams and each
/// sub-team gets its own page, so the overview stays small.
pub const SPLIT_ABOVE: usize = 300;
/// Up to this many active members the feedback chart has a bar per person;
/// above, it shows how many people fall in each age bucket.
const BARS_PER_PERSON_UP_TO: usize = 40;
/// Objectives listed under each outcome on the overview; the rest are counted.
const SERVING_LISTED: usize = 12;

/// What the overview needs of one member.
struct Facts {
    states: [State; 5],
    /// Readable and `status: active`.
    active: bool,
    /// Open objectives (of a readable record), and how many of them serve
    /// only outcomes the vision defines.
    open_objectives: usize,
    aligned_objectives: usize,
    /// Active learning goals of an active member.
    active_goals: usize,
    owns_nothing: bool,
    /// Days since the newest feedback the report may show.
    feedback_days: Option<i64>,
}

/// Heading and footer data every page shows.
#[derive(Serialize, Clone)]
pub struct Header {
    /// Page title: `[report] title`, else "<team> — team mastery".
    pub title: String,
    /// Team name from the vision.
    pub team: String,
    /// The as-of date.
    pub as_of: String,
}

/// The overview page.
#[derive(Serialize)]
pub struct Overview {
    /// Title, team, date.
    pub header: Header,
    /// The vision statement.
    pub statement: String,
    /// The vision's horizon date.
    pub horizon: Option<String>,
    /// The team's values.
    pub values: Vec<String>,
    /// The vision's Markdown body, sanitised.
    pub vision_notes: String,
    /// Team figures.
    pub figures: Figures,
    /// Each outcome with what serves it.
    pub outcomes: Vec<OutcomeView>,
    /// The five element names, for table headers.
    pub elements: [&'static str; 5],
    /// Members grouped by sub-folder.
    pub groups: Vec<GroupView>,
    /// True when groups have their own pages (large organisations).
    pub split: bool,
    /// Findings grouped by file (only when not split).
    pub findings: Vec<FindingGroup>,
    /// Findings by level.
    pub counts: Counts,
    /// SVG: days since feedback.
    pub feedback_chart: String,
    /// SVG: objectives per outcome.
    pub coverage_chart: String,
}

/// Headline numbers.
#[derive(Serialize)]
pub struct Figures {
    /// Member files.
    pub members: usize,
    /// Members with status active.
    pub active: usize,
    /// Open objectives that serve a defined outcome, as "n of m".
    pub aligned: String,
    /// The same as a percentage, when there are open objectives.
    pub aligned_percent: Option<u32>,
    /// Median days since the latest shown feedback, over active members.
    pub median_feedback_days: Option<i64>,
    /// Active learning goals of active members.
    pub active_goals: usize,
    /// Active members who own no area.
    pub without_ownership: usize,
}

/// Findings by level.
#[derive(Serialize, Default)]
pub struct Counts {
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

/// A link to a member page, relative to the site root.
#[derive(Serialize, Clone)]
pub struct PersonLink {
    /// Display name.
    pub name: String,
    /// `members/<file>.html`, when the id is a member.
    pub href: Option<String>,
}

/// An outcome and the open objectives of active members serving it.
#[derive(Serialize)]
pub struct OutcomeView {
    /// The outcome id.
    pub id: String,
    /// Fragment id of its entry on the overview.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// How it is measured.
    pub measure: Option<String>,
    /// Its owner.
    pub owner: Option<PersonLink>,
    /// What serves it (the first few, for large organisations).
    pub serving: Vec<Serving>,
    /// How many more serve it than are listed.
    pub serving_more: usize,
    /// Whether anything serves it.
    pub covered: bool,
}

/// One objective serving an outcome.
#[derive(Serialize, Clone)]
pub struct Serving {
    /// The objective.
    pub objective: String,
    /// Its status word.
    pub status: &'static str,
    /// Who pursues it.
    pub person: PersonLink,
}

/// A sub-team (a folder of member files).
#[derive(Serialize)]
pub struct GroupView {
    /// Folder path, or the team name for the root.
    pub name: String,
    /// Its own page (`teams/<slug>.html`) when the overview is split.
    pub href: Option<String>,
    /// Its members' rows.
    pub members: Vec<MemberRow>,
    /// Per element: how many members are in each state.
    pub summary: Vec<ElementSummary>,
}

/// Counts of states for one element within a group.
#[derive(Serialize, Clone)]
pub struct ElementSummary {
    /// Element name.
    pub element: &'static str,
    /// Members in good shape.
    pub ok: usize,
    /// Members needing attention.
    pub attention: usize,
    /// Members with nothing recorded.
    pub missing: usize,
}

/// One row of the mastery matrix.
#[derive(Serialize, Clone)]
pub struct MemberRow {
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Status word.
    pub status: &'static str,
    /// Their page.
    pub href: String,
    /// The five cells.
    pub cells: Vec<Cell>,
    /// Number of findings in their file.
    pub findings: usize,
}

/// Findings of one file.
#[derive(Serialize, Clone)]
pub struct FindingGroup {
    /// Member name or "Vision".
    pub name: String,
    /// Their page, for members.
    pub href: Option<String>,
    /// The findings.
    pub findings: Vec<FindingView>,
}

/// One finding as shown.
#[derive(Serialize, Clone)]
pub struct FindingView {
    /// error, warning or note.
    pub level: &'static str,
    /// Rule id.
    pub rule: &'static str,
    /// `path:line:column` (or just the path).
    pub location: String,
    /// The message.
    pub message: String,
}

/// A sub-team page (large organisations only).
#[derive(Serialize)]
pub struct GroupPage {
    /// Title, team, date.
    pub header: Header,
    /// The five element names.
    pub elements: [&'static str; 5],
    /// The group.
    pub group: GroupView,
    /// Its findings.
    pub findings: Vec<FindingGroup>,
}

/// A member page.
#[derive(Serialize)]
pub struct MemberPage {
    /// Title, team, date.
    pub header: Header,
    /// Member id.
    pub id: String,
    /// File path in the team folder.
    pub path: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Status word.
    pub status: &'static str,
    /// Joined date.
    pub joined: Option<String>,
    /// Manager.
    pub manager: Option<PersonLink>,
    /// Mentor.
    pub mentor: Option<PersonLink>,
    /// True when the file could not be read at all.
    pub unreadable: bool,
    /// Strengths.
    pub strengths: Vec<String>,
    /// Growth areas.
    pub growth_areas: Vec<String>,
    /// Learning goals.
    pub learning: Vec<GoalView>,
    /// SVG: progress of learning goals (empty when none).
    pub learning_chart: String,
    /// Areas owned.
    pub ownership: Vec<OwnershipView>,
    /// Objectives.
    pub objectives: Vec<ObjectiveView>,
    /// Feedback shown (public only unless asked).
    pub feedback: Vec<FeedbackView>,
    /// Support received.
    pub support: Vec<SupportView>,
    /// Notes, sanitised HTML.
    pub notes: String,
    /// The five cells.
    pub cells: Vec<Cell>,
    /// Their findings.
    pub findings: Vec<FindingView>,
}

/// A learning goal as shown.
#[derive(Serialize)]
pub struct GoalView {
    /// The goal.
    pub goal: String,
    /// How.
    pub kind: Option<&'static str>,
    /// Growth area.
    pub area: Option<String>,
    /// Status word.
    pub status: &'static str,
    /// Percent.
    pub progress: Option<u8>,
    /// Started.
    pub started: Option<String>,
    /// Target.
    pub target: Option<String>,
    /// Last progress.
    pub updated: Option<String>,
    /// "12 days since the last update", when dated.
    pub age: Option<String>,
}

/// An owned area as shown.
#[derive(Serialize)]
pub struct OwnershipView {
    /// Area.
    pub area: String,
    /// Autonomy word.
    pub autonomy: Option<&'static str>,
    /// Since.
    pub since: Option<String>,
}

/// An objective as shown.
#[derive(Serialize)]
pub struct ObjectiveView {
    /// The objective.
    pub objective: String,
    /// Outcomes it serves.
    pub outcomes: Vec<OutcomeLink>,
    /// Due date.
    pub due: Option<String>,
    /// Status word.
    pub status: &'static str,
    /// Percent.
    pub progress: Option<u8>,
}

/// A link to an outcome on the overview.
#[derive(Serialize)]
pub struct OutcomeLink {
    /// Outcome id.
    pub id: String,
    /// Outcome title, when the vision defines it.
    pub title: Option<String>,
    /// `index.html#outcome-…`, when defined.
    pub href: Option<String>,
}

/// A feedback entry as shown.
#[derive(Serialize)]
pub struct FeedbackView {
    /// Date.
    pub date: Option<String>,
    /// Who gave it.
    pub from: Option<PersonLink>,
    /// Kind word.
    pub kind: Option<&'static str>,
    /// What was said.
    pub note: Option<String>,
    /// Marked private: without `--include-private` only its date is shown
    /// (`from`, `kind` and `note` are empty).
    pub private: bool,
}

/// Support as shown.
#[derive(Serialize)]
pub struct SupportView {
    /// What.
    pub what: String,
    /// When.
    pub date: Option<String>,
}

/// Turns the team into page data.
pub struct Builder<'a> {
    team: &'a Team,
    findings: &'a Findings,
    include_private: bool,
    feedback_days: u32,
    header: Header,
    stems: Vec<String>,
    by_path: BTreeMap<&'a str, Vec<&'a Diagnostic>>,
    /// Member index by id (the first file when ids clash).
    by_id: HashMap<&'a str, usize>,
    /// Fragment id of each vision outcome, by outcome index.
    anchors: Vec<String>,
    /// See [`Builder::grouped`].
    grouped: OnceLock<Vec<(String, String, Vec<usize>)>>,
}

impl<'a> Builder<'a> {
    /// Prepare to build the views of `team`.
    pub fn new(
        team: &'a Team,
        findings: &'a Findings,
        config: &Config,
        include_private: bool,
    ) -> Self {
        let team_name = team
            .vision
            .as_ref()
            .and_then(|v| v.team.as_ref())
            .map_or_else(|| "Team".to_owned(), |t| t.value.clone());
        let title = config
            .report
            .title
            .clone()
            .unwrap_or_else(|| format!("{team_name} — team mastery"));
        let stems = super::member_stems(team);
        let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &findings.diagnostics {
            by_path.entry(d.path.as_str()).or_default().push(d);
        }
        let mut by_id = HashMap::new();
        for (i, member) in team.members.iter().enumerate() {
            by_id.entry(member.id.as_str()).or_insert(i);
        }
        let outcome_ids = team
            .vision
            .iter()
            .flat_map(|v| v.outcomes.items.iter())
            .map(|o| o.id.as_ref().map_or("outcome", |i| i.value.as_str()));
        let anchors = names::file_stems(outcome_ids)
            .into_iter()
            .map(|stem| format!("outcome-{stem}"))
            .collect();
        Self {
            team,
            findings,
            include_private,
            feedback_days: config.thresholds.feedback_days,
            header: Header {
                title,
                team: team_name,
                as_of: findings.as_of.to_string(),
            },
            stems,
            by_path,
            by_id,
            anchors,
            grouped: OnceLock::new(),
        }
    }

    /// Folders of members with the page stem each gets when split
    /// (worked out once: the overview and the sub-team pages both need it).
    fn grouped(&self) -> &[(String, String, Vec<usize>)] {
        self.grouped.get_or_init(|| {
            let groups = self.groups();
            let stems = names::file_stems(groups.iter().map(|(name, _)| name.as_str()));
            groups
                .into_iter()
                .zip(stems)
                .map(|((name, members), stem)| (name, stem, members))
                .collect()
        })
    }

    fn split(&self) -> bool {
        self.team.members.len() > SPLIT_ABOVE
    }

    /// A sub-team with a row per member or, given the `facts` of the whole
    /// team, only its summary.
    fn group_view(
        &self,
        name: &str,
        stem: &str,
        members: &[usize],
        facts: Option<&[Facts]>,
    ) -> GroupView {
        let (summary, rows) = match facts {
            Some(facts) => (
                summarise(members.iter().map(|&i| facts[i].states)),
                Vec::new(),
            ),
            None => {
                let rows: Vec<MemberRow> = members.iter().map(|&i| self.row(i)).collect();
                let states = rows
                    .iter()
                    .map(|r| std::array::from_fn(|e| r.cells[e].state));
                (summarise(states), rows)
            }
        };
        let with_rows = facts.is_none();
        GroupView {
            name: name.to_owned(),
            href: (self.split() && !with_rows)
                .then(|| format!("teams/{}.html", crate::url::encode_segment(stem))),
            summary,
            members: rows,
        }
    }

    /// The overview page.
    pub fn overview(&self) -> Overview {
        let split = self.split();
        let facts = self.facts();
        let groups = self
            .grouped()
            .par_iter()
            .map(|(name, stem, members)| {
                self.group_view(name, stem, members, split.then_some(facts.as_slice()))
            })
            .collect();
        let outcomes = self.outcomes();
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
            figures: self.figures(&facts),
            coverage_chart: coverage_chart(&outcomes),
            outcomes,
            elements: ELEMENTS,
            groups,
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
        }
    }

    /// The path of every page of the report.
    pub fn page_paths(&self) -> Vec<String> {
        let mut paths = vec!["index.html".to_owned(), "style.css".to_owned()];
        if self.split() {
            let groups = self.grouped();
            paths.extend(groups.iter().map(|(_, stem, _)| names::group_page(stem)));
        }
        paths.extend(self.stems.iter().map(|stem| names::member_page(stem)));
        paths
    }

    /// One page per sub-team, when the overview is split; with `only`,
    /// just the sub-teams of those members.
    pub fn group_pages(&self, only: Option<&[usize]>) -> Vec<(String, GroupPage)> {
        if !self.split() {
            return Vec::new();
        }
        let wanted: Option<std::collections::HashSet<usize>> =
            only.map(|o| o.iter().copied().collect());
        self.grouped()
            .par_iter()
            .filter(|(_, _, members)| {
                wanted
                    .as_ref()
                    .is_none_or(|w| members.iter().any(|i| w.contains(i)))
            })
            .map(|(name, stem, members)| {
                let paths = members
                    .iter()
                    .map(|&i| self.team.members[i].record.source.path.as_str());
                let page = GroupPage {
                    header: self.header.clone(),
                    elements: ELEMENTS,
                    group: self.group_view(name, stem, members, None),
                    findings: self.finding_groups(paths),
                };
                (stem.clone(), page)
            })
            .collect()
    }

    fn vision_text(
        &self,
        field: impl Fn(&crate::model::Vision) -> Option<&Spanned<String>>,
    ) -> String {
        self.team
            .vision
            .as_ref()
            .and_then(field)
            .map(|s| s.value.clone())
            .unwrap_or_default()
    }

    /// Members by folder: the root first, then folders in path order.
    fn groups(&self) -> Vec<(String, Vec<usize>)> {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, member) in self.team.members.iter().enumerate() {
            let path = &member.record.source.path;
            let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            groups.entry(folder).or_default().push(i);
        }
        groups
            .into_iter()
            .map(|(folder, members)| {
                let name = if folder.is_empty() {
                    self.header.team.clone()
                } else {
                    folder.to_owned()
                };
                (name, members)
            })
            .collect()
    }

    fn member_findings(&self, member: &Member) -> &[&'a Diagnostic] {
        self.by_path
            .get(member.record.source.path.as_str())
            .map_or(&[], Vec::as_slice)
    }

    fn href(&self, index: usize) -> String {
        format!(
            "members/{}.html",
            crate::url::encode_segment(&self.stems[index])
        )
    }

    /// A link to the member with this id, or the text as written.
    fn person(&self, id_or_name: &str) -> PersonLink {
        match self.by_id.get(id_or_name).copied() {
            Some(i) => PersonLink {
                name: self.team.members[i].display_name().to_owned(),
                href: Some(self.href(i)),
            },
            None => PersonLink {
                name: id_or_name.to_owned(),
                href: None,
            },
        }
    }

    fn row(&self, index: usize) -> MemberRow {
        let member = &self.team.members[index];
        let findings = self.member_findings(member);
        MemberRow {
            name: member.display_name().to_owned(),
            role: member.role.as_ref().map(|r| r.value.clone()),
            status: member.status.as_str(),
            href: self.href(index),
            cells: elements::cells(member, findings),
            findings: findings.len(),
        }
    }

    /// Findings grouped by file, for the files in `paths` (in path order).
    fn finding_groups<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> Vec<FindingGroup> {
        paths
            .into_iter()
            .filter_map(|path| {
                let findings = self.by_path.get(path)?;
                let member = self.team.member_at(path);
                Some(FindingGroup {
                    name: member.map_or_else(
                        || "Vision".to_owned(),
                        |i| self.team.members[i].display_name().to_owned(),
                    ),
                    href: member.map(|i| self.href(i)),
                    findings: findings.iter().map(|d| finding_view(d)).collect(),
                })
            })
            .collect()
    }

    fn active(&self) -> impl Iterator<Item = &'a Member> + '_ {
        self.team
            .members
            .iter()
            .filter(|m| m.is_active() && !m.record.front_matter_failed())
    }

    /// What the overview needs of each member, in one parallel pass (a
    /// large team's records are each read once).
    fn facts(&self) -> Vec<Facts> {
        let defined: HashSet<&str> = self
            .team
            .vision
            .iter()
            .flat_map(|v| v.outcomes.items.iter())
            .filter_map(|o| o.id.as_ref().map(|i| i.value.as_str()))
            .collect();
        self.team
            .members
            .par_iter()
            .map(|member| {
                let readable = !member.record.front_matter_failed();
                let active = readable && member.is_active();
                let open = || {
                    member
                        .objectives
                        .items
                        .iter()
                        .filter(|o| readable && o.status.is_open())
                };
                Facts {
                    states: elements::states(member, self.member_findings(member)),
                    active,
                    open_objectives: open().count(),
                    aligned_objectives: open()
                        .filter(|o| {
                            !o.outcomes.is_empty()
                                && o.outcomes
                                    .iter()
                                    .all(|id| defined.contains(id.value.as_str()))
                        })
                        .count(),
                    active_goals: member
                        .learning
                        .items
                        .iter()
                        .filter(|g| active && g.status == GoalStatus::Active)
                        .count(),
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
        let mut ages: Vec<i64> = active().filter_map(|f| f.feedback_days).collect();
        ages.sort_unstable();
        Figures {
            members: self.team.members.len(),
            active: active().count(),
            aligned: format!("{aligned} of {open}"),
            aligned_percent: (open > 0).then(|| (aligned * 100 / open) as u32),
            median_feedback_days: median(&ages),
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
        for member in self.active() {
            for objective in member
                .objectives
                .items
                .iter()
                .filter(|o| o.status.is_open())
            {
                let ids = &objective.outcomes;
                // Each outcome once, even when an objective names it twice.
                let firsts = ids
                    .iter()
                    .enumerate()
                    .filter(|&(k, id)| !ids[..k].iter().any(|x| x.value == id.value));
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
                OutcomeView {
                    anchor: anchor.clone(),
                    title: outcome
                        .title
                        .as_ref()
                        .map_or_else(|| id.clone(), |t| t.value.clone()),
                    measure: outcome.measure.as_ref().map(|m| m.value.clone()),
                    owner: outcome.owner.as_ref().map(|o| self.person(&o.value)),
                    covered: count > 0,
                    serving_more: count.saturating_sub(SERVING_LISTED),
                    serving: listed,
                    id,
                }
            })
            .collect()
    }

    fn feedback_chart(&self, facts: &[Facts]) -> String {
        let limit = i64::from(self.feedback_days);
        let people: Vec<(&Member, Option<i64>)> = self
            .team
            .members
            .iter()
            .zip(facts)
            .filter(|(_, f)| f.active)
            .map(|(m, f)| (m, f.feedback_days))
            .collect();
        if people.is_empty() {
            return String::new();
        }
        let bars = if people.len() <= BARS_PER_PERSON_UP_TO {
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
                        value: 0.0,
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
            marker: Some((limit as f64, format!("limit {limit}"))),
        }
        .to_svg()
    }

    /// The page of the member at `index`, with its file stem.
    pub fn member_page(&self, index: usize) -> (String, MemberPage) {
        let member = &self.team.members[index];
        let findings = self.member_findings(member);
        let as_of = self.findings.as_of;
        let date = |d: &Option<Spanned<Date>>| d.as_ref().map(|d| d.value.to_string());
        let text = |t: &Option<Spanned<String>>| t.as_ref().map(|t| t.value.clone());
        let learning: Vec<GoalView> = member
            .learning
            .items
            .iter()
            .map(|g| GoalView {
                goal: g.title().to_owned(),
                kind: g.kind.map(|k| k.as_str()),
                area: text(&g.area),
                status: g.status.as_str(),
                progress: g.progress,
                started: date(&g.started),
                target: date(&g.target),
                updated: date(&g.updated),
                age: g.updated.as_ref().or(g.started.as_ref()).map(|d| {
                    let days = crate::date::days_between(d.value, as_of);
                    let what = if g.updated.is_some() {
                        "update"
                    } else {
                        "start"
                    };
                    format!("{} since the last {what}", plural(days, "day"))
                }),
            })
            .collect();
        let learning_chart = if learning.is_empty() {
            String::new()
        } else {
            BarChart {
                id: "learning-chart",
                title: "Learning goal progress",
                description: "Progress of each learning goal, in percent.",
                bars: learning
                    .iter()
                    .map(|g| Bar {
                        label: g.goal.clone(),
                        value: f64::from(g.progress.unwrap_or(0)),
                        text: match g.progress {
                            Some(p) => format!("{p}% ({})", g.status),
                            None => format!("no progress recorded ({})", g.status),
                        },
                        flagged: false,
                    })
                    .collect(),
                marker: Some((100.0, "100%".to_owned())),
            }
            .to_svg()
        };
        let vision = self.team.vision.as_ref();
        let page = MemberPage {
            header: self.header.clone(),
            id: member.id.clone(),
            path: member.record.source.path.clone(),
            name: member.display_name().to_owned(),
            role: text(&member.role),
            status: member.status.as_str(),
            joined: date(&member.joined),
            manager: member.manager.as_ref().map(|m| self.person(&m.value)),
            mentor: member.mentor.as_ref().map(|m| self.person(&m.value)),
            unreadable: member.record.front_matter_failed(),
            strengths: texts(&member.strengths.items),
            growth_areas: texts(&member.growth_areas.items),
            learning,
            learning_chart,
            ownership: member
                .ownership
                .items
                .iter()
                .map(|o| OwnershipView {
                    area: text(&o.area).unwrap_or_default(),
                    autonomy: o.autonomy.map(|a| a.as_str()),
                    since: date(&o.since),
                })
                .collect(),
            objectives: member
                .objectives
                .items
                .iter()
                .map(|o| ObjectiveView {
                    objective: o.title().to_owned(),
                    outcomes: o
                        .outcomes
                        .iter()
                        .map(|id| {
                            let outcome = vision.and_then(|v| v.outcome(&id.value));
                            OutcomeLink {
                                id: id.value.clone(),
                                title: outcome
                                    .and_then(|o| o.title.as_ref())
                                    .map(|t| t.value.clone()),
                                href: outcome.map(|_| {
                                    let anchor = self.outcome_anchor(&id.value);
                                    format!("index.html#{anchor}")
                                }),
                            }
                        })
                        .collect(),
                    due: date(&o.due),
                    status: o.status.as_str(),
                    progress: o.progress,
                })
                .collect(),
            feedback: {
                let mut shown: Vec<FeedbackView> = member
                    .feedback
                    .items
                    .iter()
                    .map(|f| {
                        // A private entry shows its date only, so the
                        // page agrees with the cadence rules.
                        let shown = self.include_private || !f.private;
                        FeedbackView {
                            date: date(&f.date),
                            from: f
                                .from
                                .as_ref()
                                .filter(|_| shown)
                                .map(|p| self.person(&p.value)),
                            kind: f.kind.filter(|_| shown).map(|k| k.as_str()),
                            note: text(&f.note).filter(|_| shown),
                            private: f.private,
                        }
                    })
                    .collect();
                // Newest first, as a timeline reads.
                shown.sort_by(|a, b| b.date.cmp(&a.date));
                shown
            },
            support: member
                .support
                .items
                .iter()
                .map(|s| SupportView {
                    what: text(&s.what).unwrap_or_default(),
                    date: date(&s.date),
                })
                .collect(),
            notes: if member.record.front_matter_failed() {
                String::new()
            } else {
                markdown::to_html(member.record.body(), 3)
            },
            cells: elements::cells(member, findings),
            findings: findings.iter().map(|d| finding_view(d)).collect(),
        };
        (self.stems[index].clone(), page)
    }

    /// The fragment id of an outcome on the overview.
    fn outcome_anchor(&self, id: &str) -> String {
        let vision = self
            .team
            .vision
            .iter()
            .flat_map(|v| v.outcomes.items.iter());
        vision
            .zip(&self.anchors)
            .find(|(o, _)| o.id.as_ref().is_some_and(|i| i.value == id))
            .map_or_else(String::new, |(_, anchor)| anchor.clone())
    }
}

fn coverage_chart(outcomes: &[OutcomeView]) -> String {
    if outcomes.is_empty() {
        return String::new();
    }
    let bars = outcomes
        .iter()
        .map(|o| {
            let n = o.serving.len();
            Bar {
                label: o.title.clone(),
                value: n as f64,
                text: if n == 0 {
                    "0 objectives, uncovered".to_owned()
                } else {
                    plural(n as i64, "objective")
                },
                flagged: n == 0,
            }
        })
        .collect();
    BarChart {
        id: "coverage-chart",
        title: "Objectives serving each outcome",
        description: "For each vision outcome, the number of open objectives of active members that serve it.",
        bars,
        marker: None,
    }
    .to_svg()
}

fn texts(items: &[Spanned<String>]) -> Vec<String> {
    items.iter().map(|s| s.value.clone()).collect()
}

fn finding_view(d: &Diagnostic) -> FindingView {
    FindingView {
        level: d.level.as_str(),
        rule: d.rule.id,
        location: match d.position {
            Some(p) => format!("{}:{}:{}", d.path, p.line, p.column),
            None => d.path.clone(),
        },
        message: d.message.clone(),
    }
}

/// How many members are in each state, per element.
fn summarise(members: impl Iterator<Item = [State; 5]>) -> Vec<ElementSummary> {
    let members: Vec<[State; 5]> = members.collect();
    ELEMENTS
        .iter()
        .enumerate()
        .map(|(i, &element)| {
            let count = |state| members.iter().filter(|states| states[i] == state).count();
            ElementSummary {
                element,
                ok: count(State::Ok),
                attention: count(State::Attention),
                missing: count(State::Missing),
            }
        })
        .collect()
}

fn median(sorted: &[i64]) -> Option<i64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
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
                text: plural(n as i64, "person").replace("persons", "people"),
                flagged: low > limit,
            }
        })
        .collect();
    let none = people.iter().filter(|(_, d)| d.is_none()).count();
    bars.push(Bar {
        label: "no feedback".to_owned(),
        value: none as f64,
        text: plural(none as i64, "person").replace("persons", "people"),
        flagged: none > 0,
    });
    bars
}
