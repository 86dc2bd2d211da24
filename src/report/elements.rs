//! The five elements of mastery, and how each member stands on each.

use serde::Serialize;

use crate::check::Diagnostic;
use crate::model::{GoalStatus, Member};

/// The five elements, in the order the report shows them.
pub const ELEMENTS: [&str; 5] = [
    "Self-awareness",
    "Continuous learning",
    "Empowerment",
    "Feedback and support",
    "Alignment",
];

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
    /// Why, in a few words.
    pub reason: String,
}

fn cell(element: &'static str, state: State, reason: impl Into<String>) -> Cell {
    Cell {
        element,
        state,
        label: state.label(),
        reason: reason.into(),
    }
}

/// The member's five cells. `findings` are the member's own findings.
pub fn cells(member: &Member, findings: &[&Diagnostic]) -> Vec<Cell> {
    let has = |rules: &[&str]| findings.iter().any(|d| rules.contains(&d.rule));
    let [aware, learning, empowerment, feedback, alignment] = ELEMENTS;
    let inactive = !member.is_active();

    let strengths = member.strengths.items.len();
    let growth = member.growth_areas.items.len();
    let self_awareness = match (strengths, growth) {
        (0, 0) => cell(aware, State::Missing, "no strengths or growth areas named"),
        (0, _) => cell(aware, State::Attention, "no strengths named"),
        (_, 0) => cell(aware, State::Attention, "no growth areas named"),
        (s, g) => cell(aware, State::Ok, format!("{s} strengths, {g} growth areas")),
    };

    let active_goals = member
        .learning
        .items
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
        .count();
    let continuous_learning = if inactive {
        cell(learning, State::Inactive, member.status.as_str())
    } else if active_goals == 0 {
        cell(learning, State::Missing, "no active learning goal")
    } else if has(&["stale-learning-goal", "overdue-learning-goal"]) {
        cell(learning, State::Attention, "a goal is stale or overdue")
    } else {
        cell(
            learning,
            State::Ok,
            crate::check::plural(active_goals as i64, "active goal"),
        )
    };

    let owned = member.ownership.items.len();
    let empowered = if inactive {
        cell(empowerment, State::Inactive, member.status.as_str())
    } else if owned == 0 {
        cell(empowerment, State::Missing, "owns no area")
    } else {
        cell(
            empowerment,
            State::Ok,
            crate::check::plural(owned as i64, "area") + " owned",
        )
    };

    let feedback_and_support = if inactive {
        cell(feedback, State::Inactive, member.status.as_str())
    } else if member.feedback.is_empty() {
        cell(feedback, State::Missing, "no feedback recorded")
    } else if has(&["missing-feedback"]) {
        cell(feedback, State::Attention, "feedback is overdue")
    } else {
        cell(feedback, State::Ok, "recent feedback")
    };

    let open = member
        .objectives
        .items
        .iter()
        .filter(|o| o.status.is_open())
        .count();
    let aligned = if open == 0 {
        cell(alignment, State::Missing, "no open objective")
    } else if has(&[
        "unaligned-objective",
        "unknown-outcome",
        "overdue-objective",
    ]) {
        cell(
            alignment,
            State::Attention,
            "an objective is unaligned or overdue",
        )
    } else {
        cell(
            alignment,
            State::Ok,
            crate::check::plural(open as i64, "open objective"),
        )
    };

    vec![
        self_awareness,
        continuous_learning,
        empowered,
        feedback_and_support,
        aligned,
    ]
}
