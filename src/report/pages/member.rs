//! A member's page: their record as the report shows it.

use std::borrow::Cow;

use serde::Serialize;

use super::*;

/// A member page.
#[derive(Serialize)]
pub struct MemberPage {
    /// Title, team, date.
    pub header: Header,
    /// Their place in their growth framework, when they have one.
    pub framework: Option<MemberFramework>,
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
    /// What becomes a finding of theirs within the next days if nothing
    /// changes.
    pub coming: Vec<FindingView>,
    /// Their sub-team's page, when the report has one per sub-team.
    pub sub_team: Option<PageLink>,
    /// The page of their direct reports, when they have any.
    pub reports: Option<PageLink>,
    /// The day that looks to (`YYYY-MM-DD`).
    pub coming_by: String,
    /// The last 12 months from the repository's history (absent outside
    /// git and under `--no-history`).
    pub timeline: Option<Timeline>,
    /// Built alone to share (`build --member`): no link to the rest of the
    /// team.
    pub standalone: bool,
}

/// A member's last 12 months, from the repository's history.
#[derive(Serialize)]
pub struct Timeline {
    /// Feedback entries per month (by their dates) since they joined, when
    /// two months or more had some.
    pub feedback_chart: Option<Figure>,
    /// Without a chart, what the months held, in a sentence ("No feedback
    /// dated in the last 12 months.", or the one month that had some).
    pub feedback_note: String,
    /// What commits changed, newest first.
    pub events: Vec<TimelineEvent>,
}

/// One change on a member's timeline.
#[derive(Serialize)]
pub struct TimelineEvent {
    /// The day of the commit that made it (`YYYY-MM-DD`).
    pub date: String,
    /// What changed, in words ("Finished learning goal “Give a talk”").
    pub text: String,
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

/// A sub-team's vision, as its page opens with it.
#[derive(Serialize, Clone)]
pub struct SubVision {
    /// Its `team`.
    pub team: String,
    /// The vision file.
    pub path: String,
    /// Its statement.
    pub statement: String,
    /// Its outcomes, each with what it serves above.
    pub outcomes: Vec<SubOutcome>,
}

/// An outcome of a sub-team's vision and what it serves.
#[derive(Serialize, Clone)]
pub struct SubOutcome {
    /// The outcome.
    pub outcome: OutcomeLink,
    /// The outcomes above it serves.
    pub serves: Vec<OutcomeLink>,
    /// Whether it is covered (see [`OutcomeView::covered`]).
    pub covered: bool,
}

/// A link to an outcome on the overview.
#[derive(Serialize, Clone)]
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
    /// Sealed, and not opened by the identities given: only its date is
    /// shown, even with `--include-private`.
    pub sealed: bool,
}

/// Support as shown.
#[derive(Serialize)]
pub struct SupportView {
    /// What (empty when private and not shown).
    pub what: String,
    /// When.
    pub date: Option<String>,
    /// Marked private: without `--include-private` only its date is shown.
    pub private: bool,
    /// Sealed, and not opened by the identities given.
    pub sealed: bool,
}

/// How a member stands on one element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// In good shape.
    Ok,
    /// Present but needs a look (stale, overdue, incomplete).
    Attention,
    /// Nothing recorded.
    Missing,
    /// Not assessed: the member is on leave or has left.
    Inactive,
}

impl State {
    /// The word shown in the cell (colour is never the only signal).
    pub fn label(self) -> &'static str {
        match self {
            State::Ok => "OK",
            State::Attention => "Needs attention",
            State::Missing => "Missing",
            State::Inactive => "Not assessed",
        }
    }
}

/// One matrix cell: a state and why.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// The element's name.
    pub element: &'static str,
    /// The state, as a lowercase word for CSS classes.
    pub state: State,
    /// The state in words.
    pub label: &'static str,
    /// Why, in a few words (most are fixed phrases: not allocated for each
    /// of a large team's members).
    pub reason: Cow<'static, str>,
}
