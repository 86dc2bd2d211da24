//! Building the page data ([`super::pages`]) from a checked team: the
//! overview, the sub-team pages, the member pages and their charts, one
//! file each; what they share is here.

mod attention;
mod charts;
mod frameworks;
mod groups;
mod history;
mod managers;
mod member;
mod outcomes;
mod overview;
mod reads;
pub use reads::{PageNames, facts};

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::pages::{FindingGroup, FindingView, Header, MemberRow, PersonLink};
use super::{elements, names};
use crate::check::{Diagnostic, Findings};
use crate::config::Config;
use crate::model::{Alignment, Member, Spanned, Team};
use crate::project::Project;

/// What the overview needs of one member.
struct Facts {
    states: [elements::State; 5],
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

/// One page of the report, before it is rendered.
#[derive(Debug, Clone, Copy)]
pub enum Planned {
    /// `index.html`.
    Overview,
    /// `style.css`.
    Style,
    /// `sub-teams.html` (when split).
    SubTeams,
    /// A sub-team's page, by index in [`Builder::grouped`].
    Team(usize),
    /// A member's page, by index in the team.
    Member(usize),
    /// A manager's page, by the manager's index in the team.
    Manager(usize),
    /// An outcome's page (when split), by index in [`Alignment::outcomes`].
    Outcome(usize),
    /// A growth framework's page, by index in the team's frameworks.
    Framework(usize),
}

/// Above this many members the overview summarises sub-teams and each
/// sub-team gets its own page, so the overview stays small.
pub const SPLIT_ABOVE: usize = 300;

/// Turns the team into page data.
pub struct Builder<'a> {
    team: &'a Team,
    findings: &'a Findings,
    config: &'a Config,
    include_private: bool,
    header: Header,
    /// Each member's page stem ([`super::member_stems`]), in team order.
    stems: &'a [String],
    by_path: BTreeMap<&'a str, Vec<&'a Diagnostic>>,
    /// Member index by id (the first file when ids clash).
    by_id: HashMap<&'a str, usize>,
    /// Every vision and outcome, indexed for resolving outcome ids.
    alignment: Alignment<'a>,
    /// See [`Builder::coverage`].
    coverage: OnceLock<outcomes::Coverage>,
    /// A unique file stem for each outcome, by index in
    /// [`Alignment::outcomes`]: its page's name and (prefixed) its
    /// fragment id on the overview.
    outcome_stems: Vec<String>,
    /// Each framework's page name.
    framework_stems: Vec<String>,
    /// See [`Builder::grouped`].
    grouped: OnceLock<Vec<(String, String, Vec<usize>)>>,
    /// What the history adds, when the report shows it.
    trend: Option<&'a crate::history::Trend>,
    /// See [`Builder::reports`].
    reports: OnceLock<BTreeMap<usize, Vec<usize>>>,
    /// See [`Builder::summary`].
    summary: OnceLock<overview::Summary>,
    /// One member's page alone, to share ([`Builder::standalone`]).
    standalone: bool,
}

impl<'a> Builder<'a> {
    /// Prepare to build the views of `team`.
    pub fn new(project: &'a Project, include_private: bool, stems: &'a [String]) -> Self {
        let Project {
            team,
            findings,
            config,
            ..
        } = project;
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
        let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &findings.diagnostics {
            by_path.entry(d.path.as_str()).or_default().push(d);
        }
        let mut by_id = HashMap::new();
        for (i, member) in team.members.iter().enumerate() {
            by_id.entry(member.id.as_str()).or_insert(i);
        }
        let alignment = Alignment::new(team);
        let outcome_stems = super::outcome_stems(&alignment);
        Self {
            team,
            findings,
            config,
            include_private,
            header: Header {
                title,
                team: team_name,
                as_of: findings.as_of.to_string(),
            },
            stems,
            by_path,
            by_id,
            alignment,
            coverage: OnceLock::new(),
            outcome_stems,
            framework_stems: names::file_stems(team.frameworks.iter().map(|f| f.id.as_str())),
            grouped: OnceLock::new(),
            trend: None,
            reports: OnceLock::new(),
            summary: OnceLock::new(),
            standalone: false,
        }
    }

    /// Build a member's page to stand alone: nothing links to the rest of
    /// the team, and no other member is named but the member's manager and
    /// mentor (feedback from anyone else is "from a colleague"; the
    /// timeline, which can name former managers, is left out).
    pub fn standalone(mut self) -> Self {
        self.standalone = true;
        self
    }

    /// Work that several pages share (every plan has the overview), done
    /// before they render side by side. (Worked out lazily inside a
    /// parallel page, work that itself runs in parallel could let its
    /// thread take up another page waiting for the same result: a
    /// deadlock.)
    pub fn prepare(&self) {
        self.summary();
        self.coverage();
    }

    /// See [`overview::Summary`].
    fn summary(&self) -> &overview::Summary {
        self.summary.get_or_init(|| self.summarised())
    }

    /// Show what the team's history adds (timelines, trend charts).
    pub fn with_trend(mut self, trend: Option<&'a crate::history::Trend>) -> Self {
        self.trend = trend;
        self
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

    /// Every page of the report, the overview and the stylesheet first:
    /// the one list that rendering and the report's page paths go by.
    pub fn plan(&self) -> Vec<Planned> {
        let mut plan = vec![Planned::Overview, Planned::Style];
        if self.split() {
            plan.push(Planned::SubTeams);
            plan.extend((0..self.grouped().len()).map(Planned::Team));
            plan.extend((0..self.outcome_stems.len()).map(Planned::Outcome));
        }
        plan.extend(self.reports().keys().copied().map(Planned::Manager));
        plan.extend((0..self.team.members.len()).map(Planned::Member));
        plan.extend((0..self.team.frameworks.len()).map(Planned::Framework));
        plan
    }

    /// Where a page is written, relative to the report folder.
    pub fn path(&self, page: Planned) -> String {
        match page {
            Planned::Overview => "index.html".to_owned(),
            Planned::Style => "style.css".to_owned(),
            Planned::SubTeams => "sub-teams.html".to_owned(),
            Planned::Team(i) => names::group_page(&self.grouped()[i].1),
            Planned::Member(i) => names::member_page(&self.stems[i]),
            Planned::Manager(i) => self.manager_path(i),
            Planned::Outcome(i) => self.outcome_path(i),
            Planned::Framework(i) => names::framework_page(&self.framework_stems[i]),
        }
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
            groups.entry(member.folder()).or_default().push(i);
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

    /// A person `member`'s page names, linked. The page names people only
    /// through here, and only those [`people_named`] lists.
    fn named(&self, member: &Member, id_or_name: &str) -> PersonLink {
        debug_assert!(
            people_named(member).any(|p| p == id_or_name),
            "people_named leaves out `{id_or_name}`, whom {}'s page names",
            member.id
        );
        if self.standalone {
            let leads = [&member.manager, &member.mentor];
            let lead = leads.into_iter().flatten().any(|p| p.value == id_or_name);
            return PersonLink {
                name: if lead {
                    self.person(id_or_name).name
                } else {
                    "a colleague".to_owned()
                },
                href: None,
            };
        }
        self.person(id_or_name)
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
}

/// Everyone a member's page names besides the member (manager, mentor,
/// who gave feedback): the page shows their names and links, so it must
/// be rendered again when one of them changes.
pub fn people_named(member: &Member) -> impl Iterator<Item = &str> {
    [&member.manager, &member.mentor]
        .into_iter()
        .flatten()
        .chain(member.feedback.items.iter().filter_map(|f| f.from.as_ref()))
        .map(|person| person.value.as_str())
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
        message_html: crate::report::escape::code_spans(&d.message),
        due: d.due.map(|day| day.to_string()),
    }
}
