//! Folding each commit's [`Step`], oldest first, into one [`History`]:
//! the dates git vouches for, the exposures, the timelines, carried
//! through renames.

use std::collections::HashSet;

use super::{History, Step};
use crate::model::First;

/// The steps, oldest first, folded into one history; renamed members take
/// their earlier self's dates and events.
pub(super) fn fold<'a>(steps: impl Iterator<Item = (String, &'a Step)>) -> History {
    let mut history = History::default();
    // Members seen leaving and not back since: a later record may say it
    // was one of them (`former_ids`).
    let mut gone: HashSet<String> = HashSet::new();
    for (commit, step) in steps {
        for (member, key, commits) in &step.exposed_before {
            let entries = history.committed.exposed.entry(member.clone()).or_default();
            entries
                .entry(key.clone())
                .or_default()
                .extend(commits.iter().cloned());
        }
        for (member, key) in &step.exposed {
            let entries = history.committed.exposed.entry(member.clone()).or_default();
            entries.entry(key.clone()).or_default().push(commit.clone());
        }
        let formerly: Vec<&(String, String)> = (step.formerly.iter())
            .filter(|(from, _)| gone.remove(from))
            .collect();
        for (from, to) in step.renamed.iter().chain(formerly.iter().copied()) {
            history.carry(from, to);
            history.rename_author(from, to);
        }
        let seen = First {
            date: step.date.filter(|_| !step.boundary),
        };
        let committed = &mut history.committed;
        // An entry made private is the entry it was: first committed then.
        for (member, private, public) in &step.privatized {
            let first = committed.first.entry(member.clone()).or_default();
            if let Some(&seen) = first.get(public) {
                first.entry(private.clone()).or_insert(seen);
            }
        }
        for (member, key) in &step.added {
            let first = committed.first.entry(member.clone()).or_default();
            first.entry(key.clone()).or_insert(seen);
        }
        if let Some(date) = step.date {
            for (member, key) in &step.goals {
                let goals = committed.goals.entry(member.clone()).or_default();
                goals.insert(key.clone(), date);
            }
        }
        for event in &step.events {
            // A rename committed in two steps: back, not joined.
            let back = formerly.iter().any(|(_, to)| *to == event.member);
            if back && event.kind == "joined" {
                continue;
            }
            match event.kind.as_str() {
                "left" => gone.insert(event.member.clone()),
                "joined" => gone.remove(&event.member),
                _ => false,
            };
            let events = history.events.entry(event.member.clone()).or_default();
            events.push(event.clone());
        }
    }
    history
}

impl History {
    /// Feedback `from` a renamed member, in every member's record, is the
    /// same entry under the new id (`mastery rename` rewrites `from`).
    fn rename_author(&mut self, old: &str, new: &str) {
        for first in self.committed.first.values_mut() {
            let renamed: Vec<(String, First)> = (first.iter())
                .filter_map(|(key, seen)| {
                    Some((crate::model::renamed_author(key, old, new)?, *seen))
                })
                .collect();
            for (key, seen) in renamed {
                first.entry(key).or_insert(seen);
            }
        }
    }

    /// What the history knows of member `from` becomes `to`'s (a rename):
    /// dates, goals, exposures and timeline.
    fn carry(&mut self, from: &str, to: &str) {
        let committed = &mut self.committed;
        if let Some(first) = committed.first.remove(from) {
            let into = committed.first.entry(to.to_owned()).or_default();
            for (key, seen) in first {
                into.entry(key).or_insert(seen);
            }
        }
        if let Some(goals) = committed.goals.remove(from) {
            committed
                .goals
                .entry(to.to_owned())
                .or_default()
                .extend(goals);
        }
        if let Some(exposed) = committed.exposed.remove(from) {
            let into = committed.exposed.entry(to.to_owned()).or_default();
            for (key, commits) in exposed {
                into.entry(key).or_default().extend(commits);
            }
        }
        if let Some(mut events) = self.events.remove(from) {
            // The departure that the rename looked like is no event.
            events.retain(|e| e.kind != "left");
            for event in &mut events {
                event.member = to.to_owned();
            }
            let into = self.events.entry(to.to_owned()).or_default();
            events.append(into);
            *into = events;
        }
    }
}
