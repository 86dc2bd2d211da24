//! A growth framework (`frameworks/ID.md`, SPEC section 11): levels, and
//! topics with what each level looks like, read in the shape published
//! frameworks already use. Keys the format does not name are read past.

use super::fields::Fields;
use super::schema;
use super::{List, Problem, Record, Spanned};
use crate::source::Span;
use crate::yaml::Node;

/// One framework.
#[derive(Clone, Debug)]
pub struct Framework {
    /// Its id: the file name without `.md`.
    pub id: String,
    /// The file and what loading found wrong with it.
    pub record: Record,
    /// Its name.
    pub title: Option<Spanned<String>>,
    /// How many levels it has.
    pub levels: Option<Spanned<u32>>,
    /// Its topics.
    pub topics: List<Topic>,
}

/// A topic of a framework.
#[derive(Clone, Debug)]
pub struct Topic {
    /// The entry's first key.
    pub first_key: Span,
    /// Its id, which evidence names.
    pub name: Option<Spanned<String>>,
    /// Its name in words.
    pub title: Option<Spanned<String>>,
    /// What it looks like, level by level.
    pub levels: List<TopicLevel>,
}

/// What a topic looks like at one level.
#[derive(Clone, Debug)]
pub struct TopicLevel {
    /// The level.
    pub level: Option<Spanned<u32>>,
    /// Its criteria: `criteria`, then each of `exampleCriteria`.
    pub criteria: Vec<Spanned<String>>,
}

impl Framework {
    /// A framework with nothing read (its front matter failed).
    pub fn empty(id: String, record: Record) -> Self {
        Self {
            id,
            record,
            title: None,
            levels: None,
            topics: List::default(),
        }
    }

    /// Read the framework from its front matter.
    pub fn from_front_matter(id: String, mut record: Record, node: &Node) -> Self {
        let mut problems = std::mem::take(&mut record.problems);
        let mut framework = Framework::empty(id, record);
        if let Some(mut f) = Fields::new(node, &schema::FRAMEWORK, Span::FILE_START, &mut problems)
        {
            framework.title = f.text("title");
            framework.levels = f.required_level("levels");
            framework.topics = f.list("topics", topic);
        }
        framework.record.problems = problems;
        framework
    }

    /// The topic named `name`.
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        (self.topics.items.iter()).find(|t| t.name.as_ref().is_some_and(|n| n.value == name))
    }

    /// Every topic's name.
    pub fn topic_names(&self) -> impl Iterator<Item = &str> + Clone {
        (self.topics.items.iter()).filter_map(|t| t.name.as_ref().map(|n| n.value.as_str()))
    }

    /// Its name in words: its title, else its id.
    pub fn title(&self) -> &str {
        self.title.as_ref().map_or(&self.id, |t| &t.value)
    }

    /// How many levels it has (1 when `levels` is unreadable).
    pub fn levels(&self) -> u32 {
        self.levels.as_ref().map_or(1, |l| l.value)
    }
}

impl Topic {
    /// Its name in words: its title, else its name.
    pub fn title(&self) -> &str {
        (self.title.as_ref().or(self.name.as_ref())).map_or("(unnamed)", |t| &t.value)
    }
}

/// Why a member has no framework to be read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFramework<'t> {
    /// Their `track` names no framework of the team.
    Unknown(&'t str),
    /// The team has no framework.
    NoneAtAll,
    /// The team has several, and no `track` says which.
    Several,
}

impl std::fmt::Display for NoFramework<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            NoFramework::Unknown(track) => {
                write!(
                    f,
                    "track `{track}` is no framework of the team (a framework's id is its file name without `.md`)"
                )
            }
            NoFramework::NoneAtAll => write!(f, "the team has no `frameworks/ID.md`"),
            NoFramework::Several => write!(
                f,
                "the team has more than one framework; their `track:` must say which"
            ),
        }
    }
}

/// The framework of a member whose `track` is `track`: the one it names,
/// else the only one of `frameworks`.
pub fn track_of<'t>(
    frameworks: &'t [Framework],
    track: Option<&'t str>,
) -> Result<&'t Framework, NoFramework<'t>> {
    match (track, frameworks) {
        (Some(id), _) => frameworks
            .iter()
            .find(|f| f.id == id)
            .ok_or(NoFramework::Unknown(id)),
        (None, [only]) => Ok(only),
        (None, []) => Err(NoFramework::NoneAtAll),
        (None, _) => Err(NoFramework::Several),
    }
}

/// The criteria of `topic` that `prefix` begins, at `level` when given.
pub fn criteria_begun<'t>(topic: &'t Topic, level: Option<u32>, prefix: &str) -> Vec<&'t str> {
    let prefix = prefix.trim();
    let mut found: Vec<&str> = (topic.levels.items.iter())
        .filter(|l| level.is_none_or(|n| l.level.as_ref().is_some_and(|m| m.value == n)))
        .flat_map(|l| &l.criteria)
        .map(|c| c.value.as_str())
        .filter(|c| c.starts_with(prefix))
        .collect();
    found.dedup();
    found
}

fn topic(node: &Node, problems: &mut Vec<Problem>) -> Option<Topic> {
    let mut f = Fields::new(node, &schema::TOPIC, node.span, problems)?;
    Some(Topic {
        first_key: f.first_key,
        name: f.required_text("name"),
        title: f.text("title"),
        levels: f.list("content", topic_level),
    })
}

fn topic_level(node: &Node, problems: &mut Vec<Problem>) -> Option<TopicLevel> {
    let mut f = Fields::new(node, &schema::TOPIC_LEVEL, node.span, problems)?;
    let level = f.required_level("level");
    let mut criteria = f.texts("criteria").items;
    let examples = f.list("exampleCriteria", |node, problems| {
        let mut f = Fields::new(node, &schema::EXAMPLE_CRITERION, node.span, problems)?;
        let criterion = f.text("criteria");
        let _examples = f.texts("examples");
        criterion
    });
    criteria.extend(examples.items);
    Some(TopicLevel { level, criteria })
}
