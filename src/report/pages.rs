//! The page types: what each template sees, as plain, already-decided data
//! (names, links, states, dates as text); templates only lay it out. This
//! is the contract `--templates` users write against: `docs/templates.md`
//! lists every variable, and a test keeps it in step with these types.

use serde::Serialize;

mod framework;
mod member;

pub use framework::*;
pub use member::*;

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
    /// A page per growth framework (`frameworks/*.md`, or `[frameworks] paths`).
    pub frameworks: Vec<PageLink>,
    /// The vision statement.
    pub statement: String,
    /// The vision's horizon date.
    pub horizon: Option<String>,
    /// The team's values.
    pub values: Vec<String>,
    /// The vision's Markdown body, sanitised.
    pub vision_notes: String,
    /// What needs doing first.
    pub attention: Attention,
    /// A page per manager: their direct reports (when the report is split,
    /// each sub-team page lists its own).
    pub managers: Vec<PageLink>,
    /// Team figures.
    pub figures: Figures,
    /// Each outcome with what serves it.
    pub outcomes: Vec<OutcomeView>,
    /// The five element names, for table headers.
    pub elements: [&'static str; 5],
    /// Members grouped by sub-folder; when split, the worst first (the
    /// lowest share OK over the five elements), at most 100 of them.
    pub groups: Vec<GroupView>,
    /// How many sub-teams there are besides those listed (all are on
    /// `sub-teams.html`).
    pub groups_more: usize,
    /// The whole team per element: the sub-team table's totals.
    pub totals: Vec<ElementSummary>,
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
    /// Charts of the team figures at the end of each of the last 12
    /// months (empty outside git and under `--no-history`).
    pub trend_charts: Vec<Figure>,
}

/// A chart under its visible title.
#[derive(Serialize)]
pub struct Figure {
    /// What the chart shows, as its heading.
    pub title: String,
    /// The SVG.
    pub svg: String,
}

/// What needs doing, ranked, and what comes up next if nothing changes.
#[derive(Serialize)]
pub struct Attention {
    /// Today's findings: errors, then warnings, then notes.
    pub now: Vec<ActionItem>,
    /// How many more there are than listed.
    pub now_more: usize,
    /// What becomes a finding within `coming_days` if nothing changes.
    pub coming: Vec<ActionItem>,
    /// How many more there are than listed.
    pub coming_more: usize,
    /// How far ahead "coming up" looks, in days.
    pub coming_days: i64,
    /// The day it looks to (`YYYY-MM-DD`).
    pub coming_by: String,
}

/// One thing to do: a finding, said of its person.
#[derive(Serialize)]
pub struct ActionItem {
    /// error, warning or note.
    pub level: &'static str,
    /// Whom it is about; absent for the vision and other files.
    pub person: Option<PersonLink>,
    /// The file it is in.
    pub path: String,
    /// What is wrong, as HTML ([`FindingView::message_html`]).
    pub message_html: String,
    /// What to do about it, as HTML.
    pub fix_html: String,
    /// For a coming finding, the day it comes.
    pub due: Option<String>,
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

/// A link to another page of the report.
#[derive(Serialize, Clone)]
pub struct PageLink {
    /// What the page is called.
    pub name: String,
    /// Its path from the report's root.
    pub href: String,
}

/// An outcome and the open objectives of active members serving it. The
/// overview lists outcomes as a tree, depth first: each organisation
/// outcome, then the sub-team outcomes serving it.
#[derive(Serialize)]
pub struct OutcomeView {
    /// The outcome id.
    pub id: String,
    /// The sub-team whose vision defines it (its `team`); none for the
    /// root vision's.
    pub team: Option<String>,
    /// The vision file that defines it.
    pub vision: String,
    /// Levels below the top of the tree (0 for the organisation's
    /// outcomes and for sub-team outcomes that serve nothing above).
    pub depth: usize,
    /// Lists to close after it in the tree: a card with serving outcomes
    /// opens a nested list that the last of them closes.
    pub close: usize,
    /// Whether sub-team outcomes follow it, nested.
    pub nested: bool,
    /// The outcomes above that it serves.
    pub serves: Vec<OutcomeLink>,
    /// Sub-team outcomes serving it.
    pub children: usize,
    /// Of those, the ones covered.
    pub children_covered: usize,
    /// A sub-team outcome of a vision below that serves nothing
    /// (`unlinked-outcome`), or only ids no vision above defines.
    pub unlinked: bool,
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
    /// Open objectives of active members serving it (listed or not).
    pub open: usize,
    /// Active members with an open objective serving it.
    pub people: usize,
    /// Its own page, which lists every objective serving it (large
    /// organisations, whose overview shows a table of outcomes instead).
    pub href: Option<String>,
    /// Whether anything serves it: an open objective of an active member,
    /// or a covered sub-team outcome.
    pub covered: bool,
    /// How the objectives naming it stand.
    pub health: Health,
    /// `ok` (covered, nothing at risk or overdue here or below),
    /// `attention` (covered, something at risk or overdue here or in a
    /// sub-team outcome serving it) or `missing` (uncovered).
    pub state: &'static str,
}

/// How the objectives of active members serving an outcome stand
/// (dropped ones aside); each is counted once.
#[derive(Serialize, Clone, Copy, Default)]
pub struct Health {
    /// Open, on track and not past due.
    pub on_track: usize,
    /// Open, at risk and not past due.
    pub at_risk: usize,
    /// Open and past due.
    pub overdue: usize,
    /// Done.
    pub done: usize,
}

/// One objective serving an outcome.
#[derive(Serialize, Clone)]
pub struct Serving {
    /// The objective.
    pub objective: String,
    /// Its status word.
    pub status: &'static str,
    /// Where it stands: `on-track`, `at-risk`, `overdue` or `done`.
    pub health: &'static str,
    /// Its due date.
    pub due: Option<String>,
    /// Who pursues it.
    pub person: PersonLink,
}

/// An outcome's page (large organisations): every objective serving it.
#[derive(Serialize)]
pub struct OutcomePage {
    /// Title, team, date.
    pub header: Header,
    /// The outcome, with every serving objective of an active member
    /// (dropped ones aside), overdue and at risk first.
    pub outcome: OutcomeView,
    /// The sub-team outcomes serving it.
    pub served_by: Vec<SubOutcome>,
}

/// A sub-team (a folder of member files).
#[derive(Serialize, Clone)]
pub struct GroupView {
    /// Folder path, or the team name for the root.
    pub name: String,
    /// Its own page (`teams/<slug>.html`) when the overview is split.
    pub href: Option<String>,
    /// The sub-team's own vision (the nearest below the root's at or
    /// above its folder).
    pub vision: Option<SubVision>,
    /// Its members' rows.
    pub members: Vec<MemberRow>,
    /// How many members it has.
    pub size: usize,
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
    /// Members assessed (the others are on leave or departed).
    pub assessed: usize,
    /// The share of those assessed who are OK, in percent (none assessed:
    /// none).
    pub ok_percent: Option<u32>,
    /// How that share reads: `ok` (90% or more), `attention` (60% or
    /// more), `missing` (less), `inactive` (none assessed).
    pub state: &'static str,
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
    /// The message as HTML, its `code spans` as `<code>` elements.
    pub message_html: String,
    /// For a coming finding, the day it comes.
    pub due: Option<String>,
}

/// Every sub-team (large organisations only), the worst first.
#[derive(Serialize)]
pub struct SubTeamsPage {
    /// Title, team, date.
    pub header: Header,
    /// The five element names.
    pub elements: [&'static str; 5],
    /// Every sub-team's summary, the worst first.
    pub groups: Vec<GroupView>,
    /// The whole team per element.
    pub totals: Vec<ElementSummary>,
    /// How many members the team has.
    pub members: usize,
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
    /// The pages of its members' managers.
    pub managers: Vec<PageLink>,
    /// What needs doing for its members, and what comes up next.
    pub attention: Attention,
    /// Its findings.
    pub findings: Vec<FindingGroup>,
}

/// A manager's page: their direct reports.
#[derive(Serialize)]
pub struct ManagerPage {
    /// Title, team, date.
    pub header: Header,
    /// The five element names.
    pub elements: [&'static str; 5],
    /// The manager, linked to their own page.
    pub manager: PageLink,
    /// Their direct reports, a row each.
    pub group: GroupView,
    /// What needs doing for them, and what comes up next.
    pub attention: Attention,
}
