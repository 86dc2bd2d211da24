//! Growth frameworks on the pages: a member's place in theirs, and a
//! framework's own page.

use serde::Serialize;

use super::*;

/// A member's place in their growth framework: each topic's criteria at
/// their level and above, each with the evidence that names it.
#[derive(Serialize)]
pub struct MemberFramework {
    /// The framework's page, from the report's root (none on a page shared
    /// alone).
    pub href: Option<String>,
    /// The framework's name.
    pub title: String,
    /// Their level, when set.
    pub level: Option<u32>,
    /// How many levels the framework has.
    pub levels: u32,
    /// Each topic.
    pub topics: Vec<TopicProgress>,
}

/// One topic of a member's framework.
#[derive(Serialize)]
pub struct TopicProgress {
    /// The topic's title (else its name).
    pub title: String,
    /// Its criteria at the member's level and above, lowest level first.
    pub criteria: Vec<CriterionView>,
}

/// A criterion and the evidence that names it.
#[derive(Serialize)]
pub struct CriterionView {
    /// The level it belongs to.
    pub level: u32,
    /// Its text.
    pub text: String,
    /// The member's evidence for it, newest first.
    pub evidence: Vec<EvidenceView>,
}

/// One evidence entry.
#[derive(Serialize)]
pub struct EvidenceView {
    /// Its date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// What happened.
    pub note: Option<String>,
    /// Where to see it: an `http(s)` address only (others are not linked).
    pub link: Option<String>,
}

/// A growth framework's page: its criteria, level by level, and how many
/// people show evidence at each level of each topic.
#[derive(Serialize)]
pub struct FrameworkPage {
    /// Title, team, date.
    pub header: Header,
    /// Its id (the file name without `.md`).
    pub id: String,
    /// Its name.
    pub title: String,
    /// Its file in the team folder.
    pub path: String,
    /// Its levels, 1 to `levels`.
    pub levels: Vec<u32>,
    /// Its topics.
    pub topics: Vec<FrameworkTopic>,
    /// How many members have a level or evidence in it.
    pub people: usize,
    /// The file's Markdown body, sanitised.
    pub notes: String,
}

/// A topic on a framework's page.
#[derive(Serialize)]
pub struct FrameworkTopic {
    /// Its title (else its name).
    pub title: String,
    /// Its name, which evidence uses.
    pub name: String,
    /// Each level of the framework, with the topic's criteria there.
    pub levels: Vec<TopicLevelView>,
}

/// A topic at one level.
#[derive(Serialize)]
pub struct TopicLevelView {
    /// The level.
    pub level: u32,
    /// Its criteria (none when the framework describes none there).
    pub criteria: Vec<String>,
    /// Members with evidence for the topic at this level.
    pub people: usize,
}
