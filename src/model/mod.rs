//! The team as typed data: [`Team`], [`Member`], [`Vision`] and their
//! entries. Every value keeps the span it was written at, so a rule can
//! point at it.

pub mod alignment;
pub mod allow;
mod committed;
mod fields;
pub use fields::is_entry_id;
mod framework;
mod keyring;
mod keyword;
mod member;
pub mod private;
pub mod schema;
pub mod starter;
mod vision;

pub use alignment::Alignment;
pub use committed::{Committed, First, renamed_author};
pub use framework::{Criterion, Framework, NoFramework, Topic, TopicLevel, quoted, track_of};
pub use keyring::{Keyring, lacking};
pub use keyword::{
    Autonomy, FeedbackKind, GoalKind, GoalStatus, Keyword, MemberStatus, ObjectiveStatus,
};
pub use member::{Evidence, Feedback, LearningGoal, Member, Objective, Ownership, Support};
pub use private::{EntryKind, Opening, Place, Privacy, PrivateEntry, Seal};
pub use vision::{Outcome, Vision};

use std::sync::Arc;

use crate::source::{Source, Span};

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its span in the file.
    pub span: Span,
}

/// The text of an optional text field.
pub fn text(value: &Option<Spanned<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.value.as_str())
}

/// An optional date field as `YYYY-MM-DD`.
pub fn day(value: &Option<Spanned<jiff::civil::Date>>) -> Option<String> {
    value.as_ref().map(|d| d.value.to_string())
}

/// A list field: where its key is (if written) and its entries.
#[derive(Clone, Debug)]
pub struct List<T> {
    /// The span of the key, when the field is present.
    pub key: Option<Span>,
    /// The entries that could be read.
    pub items: Vec<T>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self {
            key: None,
            items: Vec::new(),
        }
    }
}

impl<T> List<T> {
    /// True when the list has no entries (absent, empty or all invalid).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// What loading found wrong with a file; the check turns these into findings
/// of the rule with the same name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file has no front matter, or it is not a YAML mapping.
    FrontMatter,
    /// A known field with a wrong type or value, or a required field missing.
    Field,
    /// A key the format does not define.
    UnknownField,
}

/// One problem found while loading a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Which kind of problem.
    pub kind: ProblemKind,
    /// Where it is.
    pub span: Span,
    /// What is wrong, for a user.
    pub message: String,
    /// What it probably should be ("did you mean `x`?").
    pub help: Option<String>,
    /// The text that certainly fixes it in place of `span` (a misspelt
    /// key with one close match), for `check --fix`.
    pub fix: Option<String>,
}

/// What every record file has, whatever its kind.
#[derive(Clone, Debug)]
pub struct Record {
    /// The file's path and text.
    pub source: Source,
    /// Problems found while loading.
    pub problems: Vec<Problem>,
    /// Where the Markdown body starts in the text.
    pub body_start: usize,
}

impl Record {
    /// A record with its problems; `body_start` is the end of the text until
    /// a front matter split says otherwise.
    pub fn new(source: Source) -> Self {
        let body_start = source.text.len();
        Self {
            source,
            problems: Vec::new(),
            body_start,
        }
    }

    /// True when the front matter could not be read: such a file gets no
    /// finding but its `invalid-front-matter`.
    pub fn front_matter_failed(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind == ProblemKind::FrontMatter)
    }

    /// The Markdown notes after the front matter.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start.min(self.source.text.len())..]
    }
}

/// A whole team directory, loaded.
#[derive(Clone, Debug, Default)]
pub struct Team {
    /// `vision.md`, when the root has one.
    pub vision: Option<Vision>,
    /// Sub-teams' `vision.md` files, in path order.
    pub sub_visions: Vec<Vision>,
    /// Every member file, in path order.
    pub members: Vec<Arc<Member>>,
    /// Growth frameworks (`frameworks/*.md`, or `[frameworks] paths`), in path order.
    pub frameworks: Vec<Framework>,
    /// Folders that could not be listed (path, why): their records are
    /// missing, which `invalid-front-matter` reports.
    pub unreadable: Vec<(String, String)>,
    /// Dates from the repository's history, when the team is in one.
    pub committed: Option<std::sync::Arc<Committed>>,
    /// The team this one is compared with (`--changed-since`, `diff`):
    /// what `reader-change` reads.
    pub before: Option<std::sync::Arc<Before>>,
}

/// The team as it was where a comparison starts.
#[derive(Clone, Debug)]
pub struct Before {
    /// The team then.
    pub team: Team,
    /// Its `[private] recipients` then.
    pub recipients: Vec<String>,
}

impl Team {
    /// Every vision: the root's first, then sub-teams' in path order.
    pub fn visions(&self) -> impl Iterator<Item = &Vision> {
        self.vision.iter().chain(&self.sub_visions)
    }

    /// Every record file: the visions, the members, the frameworks.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        let visions = self.visions().map(|v| &v.record);
        let members = self.members.iter().map(|m| &m.record);
        visions
            .chain(members)
            .chain(self.frameworks.iter().map(|f| &f.record))
    }

    /// The vision read from `path`.
    pub fn vision_at(&self, path: &str) -> Option<&Vision> {
        if path == "vision.md" {
            return self.vision.as_ref();
        }
        let i = self.find_vision(path).ok()?;
        Some(&self.sub_visions[i])
    }

    /// The index of the sub-team vision read from `path`, or where it would
    /// go.
    pub fn find_vision(&self, path: &str) -> Result<usize, usize> {
        self.sub_visions
            .binary_search_by(|v| v.record.source.path.as_str().cmp(path))
    }

    /// The median of the days since each active member's newest feedback
    /// (a future date counts as today), as of `as_of`.
    pub fn median_feedback_days(&self, as_of: jiff::civil::Date) -> Option<i64> {
        let mut ages: Vec<i64> = self
            .members
            .iter()
            .filter(|m| !m.record.front_matter_failed() && m.is_active())
            .filter_map(|m| m.last_feedback())
            .map(|d| crate::date::days_between(d, as_of).max(0))
            .collect();
        ages.sort_unstable();
        match ages.len() {
            0 => None,
            n if n % 2 == 1 => Some(ages[n / 2]),
            n => Some((ages[n / 2 - 1] + ages[n / 2]) / 2),
        }
    }

    /// Number of record files read: every vision, member and framework.
    pub fn files(&self) -> usize {
        self.members.len() + self.visions().count() + self.frameworks.len()
    }

    /// The index of the framework read from `path`, or where it would go.
    pub fn find_framework(&self, path: &str) -> Result<usize, usize> {
        self.frameworks
            .binary_search_by(|f| f.record.source.path.as_str().cmp(path))
    }

    /// The framework `member` progresses in: the one their `track` names,
    /// else the team's only one.
    pub fn framework_of<'t>(
        &'t self,
        member: &'t Member,
    ) -> Result<&'t Framework, NoFramework<'t>> {
        track_of(
            &self.frameworks,
            member.track.as_ref().map(|t| t.value.as_str()),
        )
    }

    /// The index of the member read from `path`, or where it would go
    /// (members are kept in path order).
    pub fn find(&self, path: &str) -> Result<usize, usize> {
        self.members
            .binary_search_by(|m| m.record.source.path.as_str().cmp(path))
    }

    /// The member named `id`: the one whose id it is, else the one member
    /// whose `former_ids` holds it.
    pub fn named(&self, id: &str) -> Option<&Member> {
        let now = self.members.iter().find(|m| m.id == id);
        now.or_else(|| {
            let mut before = self
                .members
                .iter()
                .filter(|m| m.former_ids.iter().any(|f| f.value == id));
            match (before.next(), before.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        })
        .map(|m| &**m)
    }

    /// The ids `member` is named by: their id, and each former id that no
    /// member has now and no other member claims. A `former_ids` written
    /// into a record never takes over another member's sealed entries.
    pub fn names_of(&self, member: &Member) -> Vec<String> {
        let mut names = vec![member.id.clone()];
        for former in &member.former_ids {
            let owner = self.named(&former.value);
            if owner.is_some_and(|o| std::ptr::eq(o, member)) && !names.contains(&former.value) {
                names.push(former.value.clone());
            }
        }
        names
    }

    /// The index of the member read from `path`.
    pub fn member_at(&self, path: &str) -> Option<usize> {
        self.find(path).ok()
    }

    /// The record (a member's, a vision, a framework) read from `path`.
    pub fn record_at(&self, path: &str) -> Option<&Record> {
        if let Ok(i) = self.find_framework(path) {
            return Some(&self.frameworks[i].record);
        }
        match self.member_at(path) {
            Some(i) => Some(&self.members[i].record),
            None => self.vision_at(path).map(|v| &v.record),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, team};

    /// A former id names its member only when no member has it now and no
    /// other member claims it: written into a record, it takes nothing
    /// over.
    #[test]
    fn a_former_id_names_one_member_or_none() {
        let team = team(&[
            ("vision.md", VISION),
            (
                "anna.md",
                "---\nname: Anna\nformer_ids: [ann, bo, cy]\n---\n",
            ),
            ("bo.md", "---\nname: Bo\n---\n"),
            ("dee.md", "---\nname: Dee\nformer_ids: [cy]\n---\n"),
        ]);
        let anna = team.members.iter().find(|m| m.id == "anna").unwrap();
        assert_eq!(team.names_of(anna), ["anna", "ann"]);
        assert_eq!(team.named("ann").map(|m| m.id.as_str()), Some("anna"));
        assert_eq!(team.named("bo").map(|m| m.id.as_str()), Some("bo"));
        assert!(team.named("cy").is_none(), "claimed twice");
    }
}
