//! What git vouches for: when each entry of a record was first committed,
//! and when each learning goal last changed. Read from history by
//! `history`; rules read it through [`super::Team::committed`].

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

use super::{EntryKind, Evidence, Feedback, LearningGoal, Support};

/// The first commit that held an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct First {
    /// Its committer day; `None` when the entry was already there at a
    /// shallow clone's boundary (its first commit was not fetched).
    pub date: Option<Date>,
}

/// Dates from a team's history.
#[derive(Debug, Clone, Default)]
pub struct Committed {
    /// By member id, then [`Feedback::key`], [`Support::key`] or
    /// [`LearningGoal::updated_key`]: the first commit that held the entry.
    pub first: HashMap<String, HashMap<String, First>>,
    /// By member id, then [`LearningGoal::key`]: the day of the last commit
    /// that changed the goal's entry.
    pub goals: HashMap<String, HashMap<String, Date>>,
    /// By member id, then the key of a private entry
    /// ([`super::PrivateEntry::key`]): the commits (ids, oldest first) that
    /// wrote its note (support: what was given) in clear.
    pub exposed: HashMap<String, BTreeMap<String, Vec<String>>>,
}

impl Committed {
    /// The first commit that held the entry `key` of `member`; `None` when
    /// no commit did (the entry is not committed yet).
    pub fn first(&self, member: &str, key: &str) -> Option<First> {
        self.first.get(member)?.get(key).copied()
    }

    /// The last day a commit changed the learning goal `key` of `member`.
    pub fn goal_changed(&self, member: &str, key: &str) -> Option<Date> {
        self.goals.get(member)?.get(key).copied()
    }
}

fn text(value: Option<&super::Spanned<String>>) -> &str {
    value.map_or("", |v| v.value.as_str())
}

fn day(value: Option<&super::Spanned<Date>>) -> String {
    value.map(|d| d.value.to_string()).unwrap_or_default()
}

/// The key of a private entry: its list and date, nothing it keeps private.
pub(super) fn private_key(kind: EntryKind, date: Option<Date>) -> String {
    let day = date.map(|d| d.to_string()).unwrap_or_default();
    format!("{}\0private\0{day}", kind.key())
}

impl Feedback {
    /// What makes two feedback entries the same entry: date, author, kind.
    /// A private entry is known by its date alone: that is all a sealed one
    /// shows, sealing an entry keeps its history, and the history cache
    /// under `.git/` holds nothing private (two private entries of one day
    /// are one entry to the history).
    pub fn key(&self) -> String {
        if self.privacy.private {
            return private_key(EntryKind::Feedback, self.date.as_ref().map(|d| d.value));
        }
        let kind = self.kind.map(|k| k.as_str()).unwrap_or_default();
        format!(
            "feedback\0{}\0{}\0{kind}",
            day(self.date.as_ref()),
            text(self.from.as_ref())
        )
    }
}

impl Feedback {
    /// [`Feedback::key`] with its author named by their id after the
    /// renames `renamed` (earlier id, later id): a `from` that `mastery
    /// rename` rewrote names the same author.
    pub fn key_renamed(&self, renamed: &[(String, String)]) -> String {
        let key = self.key();
        let from = text(self.from.as_ref());
        match renamed.iter().find(|(old, _)| old == from) {
            Some((old, new)) if !self.privacy.private => {
                renamed_author(&key, old, new).unwrap_or(key)
            }
            _ => key,
        }
    }
}

/// A feedback entry's key (`feedback\0DATE\0FROM\0KIND`) whose author
/// `old` is now `new`; `None` for another entry.
pub fn renamed_author(key: &str, old: &str, new: &str) -> Option<String> {
    let mut parts = key.split('\0');
    let (list, date, from, kind) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (list == "feedback" && from == old && parts.next().is_none())
        .then(|| format!("feedback\0{date}\0{new}\0{kind}"))
}

impl Support {
    /// What makes two support entries the same entry: what, and when (a
    /// private one: its date alone, as [`Feedback::key`] says).
    pub fn key(&self) -> String {
        if self.privacy.private {
            return private_key(EntryKind::Support, self.date.as_ref().map(|d| d.value));
        }
        format!(
            "support\0{}\0{}",
            text(self.what.as_ref()),
            day(self.date.as_ref())
        )
    }
}

impl super::Member {
    /// The key of the member's level in their framework (`track` as
    /// written, then `level`), as an entry the history dates: the day it
    /// was first committed is when the level was recorded.
    pub fn level_key(&self) -> Option<String> {
        let level = self.level.as_ref()?;
        Some(format!(
            "level\0{}\0{}",
            text(self.track.as_ref()),
            level.value
        ))
    }
}

impl Evidence {
    /// What makes two evidence entries the same entry: everything it says
    /// but its link and witness.
    pub fn key(&self) -> String {
        format!(
            "evidence\0{}\0{}\0{}\0{}\0{}",
            day(self.date.as_ref()),
            text(self.topic.as_ref()),
            self.level.as_ref().map_or(0, |l| l.value),
            text(self.criterion.as_ref()),
            text(self.note.as_ref())
        )
    }
}

impl LearningGoal {
    /// What makes two learning goals the same goal: the `id`, else the
    /// goal's text.
    pub fn key(&self) -> String {
        match &self.id {
            Some(id) => format!("id\0{}", id.value),
            None => text(self.goal.as_ref()).to_owned(),
        }
    }

    /// The goal's `updated` date as an entry of its own.
    pub fn updated_key(&self) -> String {
        format!("learning\0{}\0{}", self.key(), day(self.updated.as_ref()))
    }

    /// Everything the goal says, to tell whether a commit changed it.
    pub fn state(&self) -> String {
        let kind = self.kind.map(|k| k.as_str()).unwrap_or_default();
        format!(
            "{}\0{kind}\0{}\0{}\0{}\0{}\0{}\0{:?}",
            text(self.goal.as_ref()),
            text(self.area.as_ref()),
            self.status.as_str(),
            day(self.started.as_ref()),
            day(self.target.as_ref()),
            day(self.updated.as_ref()),
            self.progress
        )
    }
}
