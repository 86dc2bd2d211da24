//! `mastery purge-text`: the expressions that take every private entry
//! committed in clear out of the history, for `git filter-repo
//! --replace-text` (docs/private.md).
//!
//! Each version of a private entry that said something in clear (its note,
//! what was given: while private and in clear, or while public before it
//! was made private) becomes the entry with its date alone, marked
//! private: every rewritten commit still parses, and `private-in-history`
//! finds nothing to name.

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::civil::Date;

use crate::config::Config;
use crate::load::git::Repo;
use crate::load::{self, walk::is_record_path};
use crate::model::{EntryKind, Member, Privacy, Team};

/// What to write for `git filter-repo --replace-text`.
#[derive(Debug, Default)]
pub struct Purge {
    /// The file's lines: one `regex:…==>…` expression each, longest text
    /// first (a version's text can begin with an earlier version's).
    pub expressions: Vec<String>,
    /// The commits whose versions hold one of them.
    pub commits: usize,
}

/// A member of the team now: the places of their private entries and the
/// keys of their public ones.
#[derive(Clone)]
struct Now {
    private: HashSet<(EntryKind, Option<Date>)>,
    public: HashSet<String>,
}

/// The expressions that purge HEAD's history of the private entries of
/// `team` (the team as it is now) committed in clear.
pub fn purge(repo: &Repo, team: &Team, config: &Config) -> anyhow::Result<Purge> {
    let mut members: HashMap<String, Now> = HashMap::new();
    for member in &team.members {
        let now = Now {
            private: member.private_entries().map(|e| (e.kind, e.date)).collect(),
            public: public_keys(member),
        };
        let names = team.names_of(member);
        for name in &names[1..] {
            members.insert(name.clone(), now.clone());
        }
        members.insert(member.id.clone(), now);
    }
    let mut texts: BTreeSet<(usize, String, String)> = BTreeSet::new();
    let mut commits = 0;
    for commit in repo.commits(None)? {
        // A merge's changes are read on the branches it joins.
        if commit.parents.len() > 1 {
            continue;
        }
        let after = repo.team_tree(commit.id)?;
        let before = match commit.parents.first() {
            Some(&parent) => repo.team_tree(parent)?,
            None => None,
        };
        let mut found = false;
        for change in repo.changed(before, after)? {
            let layout = &config.layout;
            let member_file = is_record_path(&change.path)
                && !layout.excludes(&change.path)
                && layout.is_member(&change.path);
            let (Some(blob), true) = (change.after, member_file) else {
                continue;
            };
            let Some(now) = members.get(&load::member_id(&change.path)) else {
                continue;
            };
            let Some(bytes) = repo.bytes(blob, config.limits.max_file_bytes)? else {
                continue;
            };
            let Some(version) = super::member(&change.path, bytes, layout) else {
                continue;
            };
            for privacy in told(&version, now) {
                let text = &version.record.source.text;
                if let Some((pattern, replacement)) = expression(text, privacy, &version) {
                    let longest_first = usize::MAX - pattern.len();
                    texts.insert((longest_first, pattern, replacement));
                    found = true;
                }
            }
        }
        commits += usize::from(found);
    }
    Ok(Purge {
        expressions: (texts.into_iter())
            .map(|(_, pattern, replacement)| format!("regex:{pattern}==>{replacement}"))
            .collect(),
        commits,
    })
}

/// The keys of a member's public feedback and support.
fn public_keys(member: &Member) -> HashSet<String> {
    let feedback = member.feedback.items.iter().filter(|f| !f.privacy.private);
    let support = member.support.items.iter().filter(|s| !s.privacy.private);
    (feedback.map(|f| f.key()))
        .chain(support.map(|s| s.key()))
        .collect()
}

/// The entries of a version that say in clear what is private now: private
/// and in clear with their note, or public with their note where the member
/// now has a private entry of that list and date and no longer this public
/// one.
fn told<'a>(version: &'a Member, now: &Now) -> Vec<&'a Privacy> {
    let mut found = Vec::new();
    let became_private = |kind, date: Option<Date>, key: String| {
        now.private.contains(&(kind, date)) && !now.public.contains(&key)
    };
    for f in &version.feedback.items {
        let date = f.date.as_ref().map(|d| d.value);
        let says = f.privacy.sealed.is_none() && f.note.is_some();
        let private = f.privacy.private || became_private(EntryKind::Feedback, date, f.key());
        if says && private {
            found.push(&f.privacy);
        }
    }
    for s in &version.support.items {
        let date = s.date.as_ref().map(|d| d.value);
        let says = s.privacy.sealed.is_none() && s.what.is_some();
        let private = s.privacy.private || became_private(EntryKind::Support, date, s.key());
        if says && private {
            found.push(&s.privacy);
        }
    }
    found
}

/// The expression for one entry of `text`: its text as written (ending
/// at a line's end), and the entry with its date alone, marked private.
fn expression(text: &str, privacy: &Privacy, version: &Member) -> Option<(String, String)> {
    let start = privacy.extent.start;
    let written = text.get(start..start + privacy.extent.len)?.trim_end();
    let nl = if written.contains("\r\n") {
        "\\r\\n"
    } else {
        "\\n"
    };
    // The entry's date as written, from its `date:` key on.
    let date = (version.feedback.items.iter().map(|f| (&f.privacy, &f.date)))
        .chain(version.support.items.iter().map(|s| (&s.privacy, &s.date)))
        .find(|(p, _)| p.extent.start == start)
        .and_then(|(_, date)| date.as_ref())
        .and_then(|d| text.get(d.span.start..d.span.start + d.span.len));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = " ".repeat(text[line_start..start].chars().count());
    let replacement = match (written.starts_with('{'), date) {
        (true, Some(date)) => format!("{{date: {date}, private: true}}"),
        (true, None) => "{private: true}".to_owned(),
        (false, Some(date)) => format!("date: {date}{nl}{indent}private: true"),
        (false, None) => "private: true".to_owned(),
    };
    // The text is matched only where a line ends after it, so a note that
    // begins another never matches inside it.
    let pattern = format!("{}(?=\\r?\\n|$)", escaped(written));
    // A date as written holds no backslash: the replacement is literal but
    // for its line breaks.
    Some((pattern, replacement))
}

/// `text` as a Python regular expression matching exactly it.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_alphanumeric() || !c.is_ascii() => out.push(c),
            c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            // Punctuation and blanks, escaped: never an operator, and never
            // the `==>` that ends the expression.
            c => {
                out.push('\\');
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_s_text_becomes_a_pattern_that_matches_only_it() {
        assert_eq!(
            escaped("note: a.b (c) ==> d\n  x"),
            "note\\:\\ a\\.b\\ \\(c\\)\\ \\=\\=\\>\\ d\\n\\ \\ x"
        );
        assert_eq!(escaped("Zoë\t1"), "Zoë\\t1");
    }

    #[test]
    fn an_entry_becomes_its_date_marked_private() {
        let text = "---\nname: A\nfeedback:\n  - date: 2026-10-01\n    from: zed\n    note: |\n      Hard week.\n      Talk soon.\n  - {date: '2026-10-02', note: Flow}\n---\n";
        let (record, node) = crate::load::parse_record("a.md".into(), text.as_bytes().to_vec());
        let member = Member::from_front_matter("a".into(), record, &node.unwrap());
        let block = expression(text, &member.feedback.items[0].privacy, &member).unwrap();
        assert!(
            block
                .0
                .starts_with("date\\:\\ 2026\\-10\\-01\\n\\ \\ \\ \\ from"),
            "{block:?}"
        );
        assert!(
            block.0.ends_with("Talk\\ soon\\.(?=\\r?\\n|$)"),
            "{block:?}"
        );
        assert_eq!(block.1, "date: 2026-10-01\\n    private: true");
        let flow = expression(text, &member.feedback.items[1].privacy, &member).unwrap();
        assert_eq!(flow.1, "{date: '2026-10-02', private: true}");
    }
}
