//! The five elements of mastery, and how each member stands on each.

use std::borrow::Cow;

use crate::check::Diagnostic;
use crate::check::rules::Element;
use crate::model::{GoalStatus, Member};
pub use crate::report::pages::{Cell, State};

/// The five elements, in the order the report shows them.
pub const ELEMENTS: [&str; 5] = [
    "Self-awareness",
    "Continuous learning",
    "Empowerment",
    "Feedback and support",
    "Alignment",
];

/// Positions in [`ELEMENTS`].
const AWARENESS: usize = 0;
const LEARNING: usize = 1;
const EMPOWERMENT: usize = 2;
pub const FEEDBACK: usize = 3;

/// What the states and reasons are worked out from.
struct Counts {
    strengths: usize,
    growth_areas: usize,
    active_goals: usize,
    owned: usize,
    open_objectives: usize,
}

impl Counts {
    fn of(member: &Member) -> Self {
        Self {
            strengths: member.strengths.items.len(),
            growth_areas: member.growth_areas.items.len(),
            active_goals: member
                .learning
                .items
                .iter()
                .filter(|g| g.status == GoalStatus::Active)
                .count(),
            owned: member.ownership.items.len(),
            open_objectives: member.open_objectives(),
        }
    }
}

/// How the member stands on each element, in [`ELEMENTS`] order.
/// `findings` are the member's own findings.
pub fn states(member: &Member, findings: &[&Diagnostic]) -> [State; 5] {
    states_from(member, findings, &Counts::of(member))
}

fn states_from(member: &Member, findings: &[&Diagnostic], counts: &Counts) -> [State; 5] {
    // A finding about the element, where the counts say it is there: it
    // needs attention.
    let has = |element| findings.iter().any(|d| d.rule.element == Some(element));
    let inactive = !member.is_active();
    let self_awareness = match (counts.strengths, counts.growth_areas) {
        (0, 0) => State::Missing,
        (0, _) | (_, 0) => State::Attention,
        _ => State::Ok,
    };
    let learning = if inactive {
        State::Inactive
    } else if counts.active_goals == 0 {
        State::Missing
    } else if has(Element::Learning) {
        State::Attention
    } else {
        State::Ok
    };
    let empowerment = if inactive {
        State::Inactive
    } else if counts.owned == 0 {
        State::Missing
    } else {
        State::Ok
    };
    let feedback = if inactive {
        State::Inactive
    } else if member.feedback.is_empty() {
        State::Missing
    } else if has(Element::Feedback) {
        State::Attention
    } else {
        State::Ok
    };
    let alignment = if inactive {
        State::Inactive
    } else if counts.open_objectives == 0 {
        State::Missing
    } else if has(Element::Alignment) {
        State::Attention
    } else {
        State::Ok
    };
    [self_awareness, learning, empowerment, feedback, alignment]
}

/// The member's five cells: [`states`] and why. `findings` are the
/// member's own findings.
pub fn cells(member: &Member, findings: &[&Diagnostic]) -> Vec<Cell> {
    let counts = Counts::of(member);
    let plural = |n: usize, noun| crate::words::plural(n as i64, noun);
    ELEMENTS
        .iter()
        .zip(states_from(member, findings, &counts))
        .enumerate()
        .map(|(element, (&name, state))| {
            let reason: Cow<'static, str> = match (element, state) {
                (_, State::Inactive) => member.status.as_str().into(),
                (AWARENESS, State::Missing) => "no strengths or growth areas named".into(),
                (AWARENESS, State::Attention) if counts.strengths == 0 => {
                    "no strengths named".into()
                }
                (AWARENESS, State::Attention) => "no growth areas named".into(),
                (AWARENESS, _) => format!(
                    "{}, {}",
                    plural(counts.strengths, "strength"),
                    plural(counts.growth_areas, "growth area")
                )
                .into(),
                (LEARNING, State::Missing) => "no active learning goal".into(),
                (LEARNING, State::Attention) => "a goal is stale or overdue".into(),
                (LEARNING, _) => plural(counts.active_goals, "active goal").into(),
                (EMPOWERMENT, State::Missing) => "owns no area".into(),
                (EMPOWERMENT, _) => (plural(counts.owned, "area") + " owned").into(),
                (FEEDBACK, State::Missing) => "no feedback recorded".into(),
                (FEEDBACK, State::Attention) => "feedback is overdue".into(),
                (FEEDBACK, _) => "recent feedback".into(),
                (_, State::Missing) => "no open objective".into(),
                (_, State::Attention) => "an objective is unaligned or overdue".into(),
                _ => plural(counts.open_objectives, "open objective").into(),
            };
            Cell {
                element: name,
                state,
                label: state.label(),
                reason,
            }
        })
        .collect()
}
