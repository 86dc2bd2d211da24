//! `vision.md`: a team's statement, values and outcomes (the root's, or a
//! sub-team's in its folder).

use jiff::civil::Date;

use super::fields::Fields;
use super::schema;
use super::{List, Problem, Record, Spanned};
use crate::source::Span;
use crate::yaml::Node;

/// The team's vision.
#[derive(Clone, Debug)]
pub struct Vision {
    /// The file and what loading found wrong with it.
    pub record: Record,
    /// Team name.
    pub team: Option<Spanned<String>>,
    /// The vision statement.
    pub statement: Option<Spanned<String>>,
    /// When the vision should be reached.
    pub horizon: Option<Spanned<Date>>,
    /// The team's values.
    pub values: List<Spanned<String>>,
    /// The outcomes objectives align to.
    pub outcomes: List<Outcome>,
}

/// One vision outcome.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The entry's first key.
    pub first_key: Span,
    /// The `id:` key.
    pub id_key: Option<Span>,
    /// Stable id that objectives name.
    pub id: Option<Spanned<String>>,
    /// What the outcome is.
    pub title: Option<Spanned<String>>,
    /// How it is measured.
    pub measure: Option<Spanned<String>>,
    /// Member id of its owner.
    pub owner: Option<Spanned<String>>,
    /// Ids of the outcomes above it that it serves (a sub-team's vision).
    pub serves: Vec<Spanned<String>>,
}

impl Vision {
    /// A vision with nothing read (its front matter failed).
    pub fn empty(record: Record) -> Self {
        Self {
            record,
            team: None,
            statement: None,
            horizon: None,
            values: List::default(),
            outcomes: List::default(),
        }
    }

    /// Read the vision from its front matter.
    pub fn from_front_matter(mut record: Record, node: &Node) -> Self {
        let mut problems = std::mem::take(&mut record.problems);
        let mut vision = Vision::empty(record);
        if let Some(mut f) = Fields::new(node, &schema::VISION, Span::FILE_START, &mut problems) {
            vision.team = f.required_text("team");
            vision.statement = f.required_text("statement");
            vision.horizon = f.date("horizon");
            vision.values = f.texts("values");
            vision.outcomes = f.list("outcomes", outcome);
        }
        vision.record.problems = problems;
        vision
    }
}

fn outcome(node: &Node, problems: &mut Vec<Problem>) -> Option<Outcome> {
    let mut f = Fields::new(node, &schema::OUTCOME, node.span, problems)?;
    Some(Outcome {
        first_key: f.first_key,
        id_key: f.key_span("id"),
        id: f.required_text("id"),
        title: f.required_text("title"),
        measure: f.text("measure"),
        owner: f.text("owner"),
        serves: f.text_or_texts("serves"),
    })
}
