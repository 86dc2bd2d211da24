//! Which commits held a private entry's words in clear while it was
//! public, before someone marked it private: `private-in-history` names
//! them, and `purge-text` reads the same versions.

use std::collections::HashSet;

use jiff::civil::Date;

use super::member;
use crate::config::Config;
use crate::load::git::Repo;
use crate::load::git::log::Commit;
use crate::model::Member;

/// The entries `after` holds private that `before` held in public with
/// their note (support: what was given) in clear: (the private key, the
/// public key). An entry is known by its list and date once private, so a
/// public entry that is gone and a new private one of its list and date
/// are the same entry.
pub(super) fn privatized(before: &Member, after: &Member) -> Vec<(String, String)> {
    let was_private: HashSet<String> = before.private_entries().map(|e| e.key()).collect();
    let now: HashSet<String> = (after.feedback.items.iter().map(|f| f.key()))
        .chain(after.support.items.iter().map(|s| s.key()))
        .collect();
    let public = public_in_clear(before);
    let mut found = Vec::new();
    for entry in after.private_entries() {
        let key = entry.key();
        if was_private.contains(&key) {
            continue;
        }
        let list_and_day = (entry.kind, entry.date);
        let matching = public
            .iter()
            .find(|(place, public)| *place == list_and_day && !now.contains(public));
        if let Some((_, public)) = matching {
            found.push((key, public.clone()));
        }
    }
    found
}

/// The public entries of `member` that say something in clear (a note,
/// what was given): their list and date, and key.
pub(super) fn public_in_clear(
    member: &Member,
) -> Vec<((crate::model::EntryKind, Option<Date>), String)> {
    use crate::model::EntryKind;
    let feedback = (member.feedback.items.iter())
        .filter(|f| !f.privacy.private && f.note.is_some())
        .map(|f| {
            (
                (EntryKind::Feedback, f.date.as_ref().map(|d| d.value)),
                f.key(),
            )
        });
    let support = (member.support.items.iter())
        .filter(|s| !s.privacy.private && s.what.is_some())
        .map(|s| {
            (
                (EntryKind::Support, s.date.as_ref().map(|d| d.value)),
                s.key(),
            )
        });
    feedback.chain(support).collect()
}

/// The commits before `commit` whose version of `path` wrote the public
/// entry `key` with what it says in clear, oldest first. Only for entries
/// made private, which are few: it reads back along one file.
pub(super) fn in_clear_before(
    repo: &Repo,
    commit: &Commit,
    path: &str,
    key: &str,
    config: &Config,
) -> anyhow::Result<Vec<String>> {
    let Some(&parent) = commit.parents.first() else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for earlier in repo.commits(Some(parent))? {
        // A merge's changes are read on the branches it joins.
        if earlier.parents.len() > 1 {
            continue;
        }
        let Some(blob) = repo.file(earlier.id, path)? else {
            continue;
        };
        let before = match earlier.parents.first() {
            Some(&grand) => repo.file(grand, path)?,
            None => None,
        };
        if before == Some(blob) {
            continue;
        }
        let Some(bytes) = repo.bytes(blob, config.limits.max_file_bytes)? else {
            continue;
        };
        let Some(version) = member(path, bytes, &config.layout) else {
            continue;
        };
        if public_in_clear(&version).iter().any(|(_, k)| k == key) {
            found.push(earlier.id.to_string());
        }
    }
    found.reverse();
    Ok(found)
}
