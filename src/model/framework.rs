//! A growth framework (`frameworks/ID.md`, docs/frameworks.md): levels, and
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
    /// Its criteria by their text in lower case, sorted, made when first
    /// asked for: a criterion is named by a beginning of its text, and a
    /// team's evidence names thousands.
    index: std::sync::OnceLock<Vec<Indexed>>,
}

/// One criterion of a topic, as the index holds it.
#[derive(Clone, Debug)]
struct Indexed {
    /// Its text in lower case.
    lower: String,
    /// Its level.
    level: Option<u32>,
    /// Where it is: the level's index in `levels`, the criterion's in it.
    at: (usize, usize),
}

/// What a criterion's text names among a topic's criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion<'t> {
    /// One criterion: the one it equals (ignoring case), else the one it
    /// begins.
    One(&'t str),
    /// None it equals or begins.
    None,
    /// Several it begins, none it equals.
    Several(Vec<&'t str>),
}

/// Criteria as a message lists them: “A”, “B”.
pub fn quoted(criteria: &[&str]) -> String {
    let quoted: Vec<String> = criteria.iter().map(|c| format!("“{c}”")).collect();
    quoted.join(", ")
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

    /// Its criteria at `level` (every level's when none), in the order the
    /// framework lists them, each once.
    pub fn criteria(&self, level: Option<u32>) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        let at_level = (self.levels.items.iter())
            .filter(|l| level.is_none_or(|n| l.level.as_ref().is_some_and(|m| m.value == n)));
        (at_level.flat_map(|l| &l.criteria))
            .map(|c| c.value.as_str())
            .filter(|c| seen.insert(*c))
            .collect()
    }

    /// The criterion `text` names at `level` (at any level when none): the
    /// one it equals, ignoring case; else the one it begins, ignoring
    /// case. The one way a criterion is named: by the rules, the report,
    /// `packet` and `mastery evidence`.
    pub fn criterion(&self, level: Option<u32>, text: &str) -> Criterion<'_> {
        let wanted = text.trim().to_lowercase();
        let index = self.index.get_or_init(|| self.indexed());
        // Every criterion it begins is in one run of the sorted index.
        let start = index.partition_point(|c| c.lower.as_str() < wanted.as_str());
        let begun = index[start..]
            .iter()
            .take_while(|c| c.lower.starts_with(&wanted))
            .filter(|c| level.is_none_or(|n| c.level == Some(n)));
        let (mut same, mut others): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        let mut seen = std::collections::HashSet::new();
        for entry in begun {
            let (l, c) = entry.at;
            let text = self.levels.items[l].criteria[c].value.as_str();
            let list = if entry.lower == wanted {
                &mut same
            } else {
                &mut others
            };
            if seen.insert(text) {
                list.push(text);
            }
        }
        match (same.as_slice(), others.as_slice()) {
            ([one, ..], _) => Criterion::One(one),
            ([], [one]) => Criterion::One(one),
            ([], []) => Criterion::None,
            ([], several) => Criterion::Several(several.to_vec()),
        }
    }

    /// The criteria `named` (what [`Topic::criterion`] said of a text at
    /// `level`) leaves to choose from, as a help line: those it begins,
    /// else those the level has. `None` when it named one.
    pub fn candidates(&self, level: Option<u32>, named: &Criterion) -> Option<String> {
        match named {
            Criterion::One(_) => None,
            Criterion::Several(several) => Some(format!("it begins {}", quoted(several))),
            Criterion::None => Some(match self.criteria(level).as_slice() {
                [] => "the topic has no criteria at that level".to_owned(),
                all => format!("the topic has {}", quoted(all)),
            }),
        }
    }

    /// Its criteria, sorted by their text in lower case.
    fn indexed(&self) -> Vec<Indexed> {
        let mut index: Vec<Indexed> = Vec::new();
        for (l, level) in self.levels.items.iter().enumerate() {
            for (c, criterion) in level.criteria.iter().enumerate() {
                index.push(Indexed {
                    lower: criterion.value.trim().to_lowercase(),
                    level: level.level.as_ref().map(|n| n.value),
                    at: (l, c),
                });
            }
        }
        index.sort_by(|a, b| a.lower.cmp(&b.lower).then(a.at.cmp(&b.at)));
        index
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

fn topic(node: &Node, problems: &mut Vec<Problem>) -> Option<Topic> {
    let mut f = Fields::new(node, &schema::TOPIC, node.span, problems)?;
    Some(Topic {
        first_key: f.first_key,
        name: f.required_text("name"),
        title: f.text("title"),
        levels: f.list("content", topic_level),
        index: std::sync::OnceLock::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(levels: &[(u32, &[&str])]) -> Topic {
        let mut yaml = String::from("---\nlevels: 3\ntopics:\n  - name: t\n    content:\n");
        for (level, criteria) in levels {
            yaml.push_str(&format!("      - level: {level}\n        criteria:\n"));
            for criterion in *criteria {
                yaml.push_str(&format!("          - {criterion}\n"));
            }
        }
        yaml.push_str("---\n");
        let (record, node) = crate::load::parse_record("f.md".into(), yaml.into_bytes());
        let framework = Framework::from_front_matter("f".into(), record, &node.unwrap());
        framework.topics.items.into_iter().next().unwrap()
    }

    /// A criterion is named by its text, else by the one beginning only it
    /// has, ignoring case; a text that is one criterion whole and begins
    /// another names the first.
    #[test]
    fn a_criterion_is_named_exactly_else_by_a_unique_beginning() {
        let t = topic(&[
            (1, &["Reviews", "Reviews code weekly", "Writes tests"]),
            (2, &["Leads reviews", "Leads incidents"]),
        ]);
        assert_eq!(t.criterion(Some(1), "Reviews"), Criterion::One("Reviews"));
        assert_eq!(
            t.criterion(Some(1), "reviews CODE"),
            Criterion::One("Reviews code weekly")
        );
        assert_eq!(
            t.criterion(Some(1), "writes"),
            Criterion::One("Writes tests")
        );
        assert_eq!(t.criterion(Some(1), "Leads"), Criterion::None, "at level 1");
        assert_eq!(
            t.criterion(Some(2), "Leads"),
            Criterion::Several(vec!["Leads incidents", "Leads reviews"])
        );
        assert_eq!(
            t.criterion(None, "leads r"),
            Criterion::One("Leads reviews")
        );
        assert_eq!(t.criteria(Some(2)), ["Leads reviews", "Leads incidents"]);
    }
}
