//! `check --fix`: the fixes that are certain, as edits that keep every
//! other byte: a misspelt key with one close match (`mentr:` is
//! `mentor:`), a goal or objective marked done whose progress says less
//! than 100, and a member named by their full name where an id belongs
//! when exactly one member has that name (`manager: Bob Okafor`).

use std::collections::HashMap;

use crate::edit::{self, Change};
use crate::model::{Record, Team};
use crate::yaml::{Node, Value};

/// One certain fix in one file.
#[derive(Debug, Clone)]
pub struct Fix {
    /// The file, team-relative.
    pub path: String,
    /// The line it changes (1-based).
    pub line: usize,
    /// What it does, for a person (never what a private entry says or
    /// who wrote it).
    pub said: String,
    /// The edit.
    pub change: Change,
}

/// Every certain fix in `team`'s records, by file in team order; never two
/// in one place.
pub fn certain(team: &Team) -> Vec<Fix> {
    let records = (team.members.iter().map(|m| &m.record)).chain(team.visions().map(|v| &v.record));
    certain_in(team, records)
}

/// The certain fixes of the record at `path` (none when the team has no
/// such record).
pub fn certain_at(team: &Team, path: &str) -> Vec<Fix> {
    certain_in(team, team.record_at(path).into_iter())
}

fn certain_in<'t>(team: &'t Team, records: impl Iterator<Item = &'t Record>) -> Vec<Fix> {
    let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
    for member in &team.members {
        if let Some(name) = &member.name {
            names
                .entry(name.value.as_str())
                .or_default()
                .push(&member.id);
        }
    }
    let ids: std::collections::HashSet<&str> = team.members.iter().map(|m| m.id.as_str()).collect();
    // A name that is one member's, and is no member's id.
    let id_for = |text: &str| match names.get(text).map(Vec::as_slice) {
        Some([id]) if !ids.contains(text) => Some(*id),
        _ => None,
    };
    let mut fixes = Vec::new();
    for record in records.filter(|r| !r.front_matter_failed()) {
        let mut found = Vec::new();
        let source = &record.source;
        let member = team.member_at(&source.path).map(|i| &team.members[i]);
        let fix = |span: crate::source::Span, insert: String, said: String| Fix {
            path: source.path.clone(),
            line: source.position(span.start).line,
            // Inside a private entry, what the fix says would tell its
            // author or its words.
            said: if member.is_some_and(|m| m.is_private_at(span.start)) {
                "made a certain fix inside a private entry (not shown)".to_owned()
            } else {
                said
            },
            change: Change::replace(span, insert),
        };
        for problem in &record.problems {
            if let Some(key) = &problem.fix {
                let was = &source.text[problem.span.start..problem.span.start + problem.span.len];
                found.push(fix(
                    problem.span,
                    key.clone(),
                    format!("renamed the key `{was}` to `{key}`"),
                ));
            }
        }
        if let Some(root) = crate::load::front_matter(record) {
            done_progress(&root, &mut |span, said| {
                found.push(fix(span, "100".into(), said))
            });
            names_as_ids(&root, &id_for, &mut |span, id, said| {
                found.push(fix(span, id, said))
            });
        }
        found.sort_by_key(|f| f.change.at());
        found.dedup_by_key(|f| f.change.at());
        fixes.extend(found);
    }
    fixes
}

/// Learning goals and objectives marked `done` whose `progress` is under
/// 100: done is all the way.
fn done_progress(root: &Node, found: &mut dyn FnMut(crate::source::Span, String)) {
    for (list, title) in [("learning", "goal"), ("objectives", "objective")] {
        let Some((
            _,
            Node {
                value: Value::Seq(items),
                ..
            },
        )) = edit::field(root, list)
        else {
            continue;
        };
        for item in items {
            let done = edit::text_of(item, "status") == Some("done");
            let Some((_, progress)) = edit::field(item, "progress") else {
                continue;
            };
            let under = match &progress.value {
                Value::Int(n, _) => *n < 100,
                _ => false,
            };
            if done && under {
                let name = edit::text_of(item, title).unwrap_or("(untitled)");
                found(
                    progress.span,
                    format!("set the progress of done {title} “{name}” to 100"),
                );
            }
        }
    }
}

/// Values of [`edit::MEMBER_KEYS`] written as a member's full name, where
/// `id_for` knows the one member with that name.
fn names_as_ids<'a>(
    root: &Node,
    id_for: &dyn Fn(&str) -> Option<&'a str>,
    found: &mut dyn FnMut(crate::source::Span, String, String),
) {
    for (key, value) in edit::member_ids(root) {
        if let Value::Str(text) = &value.value
            && let Some(id) = id_for(text)
        {
            found(
                value.span,
                id.to_owned(),
                format!("`{key}`: wrote {text} by their id, `{id}`"),
            );
        }
    }
}

/// The text of `record` with `fixes` (its own) made.
pub fn applied(record: &Record, fixes: &[&Fix]) -> String {
    edit::apply(
        &record.source.text,
        fixes.iter().map(|f| f.change.clone()).collect(),
    )
}
