//! Editing a record in place for the record commands (`log`, `goal`,
//! `objective`): add an entry to a list, set fields of an entry, and keep
//! every other byte of the file as it was (comments, order, quoting, line
//! endings, the Markdown body). Edits are placed by the spans the YAML
//! tree carries; what cannot be placed safely is refused, never guessed.

use anyhow::bail;

use crate::yaml::{Node, Value};

/// Replace `remove` bytes at `at` with `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    at: usize,
    remove: usize,
    insert: String,
}

impl Change {
    /// Put `insert` in place of the text at `span`.
    pub fn replace(span: crate::source::Span, insert: String) -> Change {
        Change {
            at: span.start,
            remove: span.len,
            insert,
        }
    }

    /// Where it starts, in bytes.
    pub fn at(&self) -> usize {
        self.at
    }

    /// The text it replaces, and what it puts there.
    pub fn parts(&self) -> (crate::source::Span, &str) {
        (crate::source::Span::new(self.at, self.remove), &self.insert)
    }
}

/// `text` with `changes` made (they must not overlap).
pub fn apply(text: &str, mut changes: Vec<Change>) -> String {
    changes.sort_by_key(|c| std::cmp::Reverse(c.at));
    let mut out = text.to_owned();
    for change in changes {
        out.replace_range(change.at..change.at + change.remove, &change.insert);
    }
    out
}

/// The file's line ending: CRLF when it uses one.
fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line after the one holding `at` starts (the text's end when
/// it is the last).
fn next_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The column of `at`, in bytes (indentation is spaces).
fn column(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

pub use crate::yaml::{field, renamed_scalar, scalar, text_of};

/// The keys whose values name members by id: a member's `manager` and
/// `mentor`, an entry's `from` and `readers`, an outcome's `owner`.
pub const MEMBER_KEYS: [&str; 5] = ["manager", "mentor", "from", "readers", "owner"];

/// Every value in `root` that names a member by id: the values of
/// [`MEMBER_KEYS`] at any depth (each item of a list), with its key.
pub fn member_ids(root: &Node) -> Vec<(&str, &Node)> {
    let mut ids = Vec::new();
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    if let Value::Str(key) = &key.value
                        && MEMBER_KEYS.contains(&key.as_str())
                    {
                        match &value.value {
                            Value::Seq(items) => {
                                ids.extend(items.iter().map(|i| (key.as_str(), i)))
                            }
                            _ => ids.push((key.as_str(), value)),
                        }
                    }
                    pending.push(value);
                }
            }
            Value::Seq(items) => pending.extend(items),
            _ => {}
        }
    }
    ids
}

/// The changes that make every place `root` (the front matter of `text`)
/// names member `old` by id name `new` instead, in the quotes it was
/// written with.
pub fn renamed_member(text: &str, root: &Node, old: &str, new: &str) -> Vec<Change> {
    let named = member_ids(root).into_iter().map(|(_, id)| id);
    let old_ones = named.filter(|id| matches!(&id.value, Value::Str(s) if s == old));
    old_ones
        .filter_map(|id| {
            let written = &text[id.span.start..id.span.start + id.span.len];
            Some(Change::replace(id.span, renamed_scalar(written, old, new)?))
        })
        .collect()
}

/// The closing bracket of the flow collection `node`, after its last item.
fn closing(text: &str, node: &Node, bracket: char) -> anyhow::Result<usize> {
    let after = node.end().max(node.span.start + 1);
    let rest = &text[after..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n', ',']).len();
    if rest[skipped..].starts_with(bracket) {
        Ok(after + skipped)
    } else {
        bail!("cannot find where the list at byte {after} ends; edit this entry by hand")
    }
}

/// `key: value` and a line ending, for a key at `indent` spaces. Values
/// are YAML text ([`scalar`] never writes a line break); a value holding
/// line breaks is text taken as it is (a sealed entry's armor), written as
/// a literal block under the key.
fn block_field(key: &str, value: &str, indent: usize, nl: &str) -> String {
    if !value.contains('\n') {
        return format!("{key}: {value}{nl}");
    }
    let mut out = format!("{key}: |{nl}");
    for line in value.lines() {
        out.push_str(&format!("{:width$}{line}{nl}", "", width = indent + 2));
    }
    out
}

/// A value as flow style writes it: a literal block's text double-quoted.
fn flow_value(value: &str) -> String {
    if value.contains('\n') {
        scalar(value)
    } else {
        value.to_owned()
    }
}

/// Block-style lines for one mapping entry of a list: `- k: v` at
/// `dash` spaces, the other keys under the first.
fn block_item(fields: &[(&str, String)], dash: usize, nl: &str) -> String {
    let mut out = String::new();
    for (i, (key, value)) in fields.iter().enumerate() {
        let lead = if i == 0 {
            format!("{:dash$}- ", "")
        } else {
            format!("{:width$}", "", width = dash + 2)
        };
        out.push_str(&lead);
        out.push_str(&block_field(key, value, dash + 2, nl));
    }
    out
}

/// Flow-style text of one mapping entry: `{k: v, k2: v2}`.
fn flow_item(fields: &[(&str, String)]) -> String {
    let inner: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}: {}", flow_value(v)))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

/// Replace the whole mapping `entry` (a list item) with `fields`, in the
/// style it is written in: block lines at its keys' indentation, or one
/// flow mapping. Comments inside the entry go with it; every byte around
/// it stays.
pub fn replace_entry(
    text: &str,
    entry: &Node,
    fields: &[(&str, String)],
) -> anyhow::Result<Change> {
    let nl = newline(text);
    if !matches!(entry.value, Value::Map(_)) {
        bail!("the entry is not a mapping of `key: value` lines; fix it first");
    }
    let start = entry.span.start;
    if text[start..].starts_with('{') {
        let close = closing(text, entry, '}')?;
        return Ok(Change {
            at: start,
            remove: close + 1 - start,
            insert: flow_item(fields),
        });
    }
    let indent = column(text, start);
    let mut insert = String::new();
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            insert.push_str(&format!("{:indent$}", ""));
        }
        insert.push_str(&block_field(key, value, indent, nl));
    }
    // A block scalar's span ends past its line break, with the next line's
    // indentation: it ends at the break. Any other value's line runs on to
    // its end (a comment).
    let end = entry.end();
    let before = text[..end].trim_end_matches([' ', '\t']);
    let end = if before.ends_with('\n') {
        before.len()
    } else {
        next_line(text, end)
    };
    Ok(Change {
        at: start,
        remove: end - start,
        insert,
    })
}

/// The fields of a sealed entry: its date as written, `private: true`,
/// its readers and the armor.
pub fn sealed_fields<'a>(
    date: Option<&str>,
    readers: &[&str],
    armor: String,
) -> Vec<(&'a str, String)> {
    let mut fields: Vec<(&str, String)> =
        date.map(|d| ("date", d.to_owned())).into_iter().collect();
    fields.push(("private", "true".to_owned()));
    fields.push(("readers", ids(readers)));
    fields.push(("sealed", armor));
    fields
}

/// Member ids as a flow list: `[a, b]`.
fn ids(readers: &[&str]) -> String {
    let readers: Vec<String> = readers.iter().map(|r| scalar(r)).collect();
    format!("[{}]", readers.join(", "))
}

/// The keys of the mapping `entry` other than `except`, as YAML text: one
/// `key: value` line each, nested values in flow style. What a sealed
/// entry seals.
pub fn keys_as_yaml(entry: &Node, except: &[&str]) -> String {
    let Value::Map(entries) = &entry.value else {
        return String::new();
    };
    let mut out = String::new();
    for (key, value) in entries {
        let name = flow_text(key);
        if except.contains(&name.as_str()) {
            continue;
        }
        out.push_str(&format!("{name}: {}\n", flow_text(value)));
    }
    out
}

/// A value as one line of flow-style YAML that reads back the same.
fn flow_text(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".to_owned(),
        Value::Bool(_, text) | Value::Int(_, text) | Value::Float(_, text) => text.to_string(),
        Value::Str(text) => scalar(text),
        Value::Seq(items) => {
            let items: Vec<String> = items.iter().map(flow_text).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(entries) => {
            let entries: Vec<String> = (entries.iter())
                .map(|(k, v)| format!("{}: {}", flow_text(k), flow_text(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// Add a mapping entry with `fields` to the list under `key` of the front
/// matter `root`, first in the list or last; the key is added when absent.
pub fn add_entry(
    text: &str,
    root: &Node,
    key: &str,
    fields: &[(&str, String)],
    first: bool,
) -> anyhow::Result<Vec<Change>> {
    let nl = newline(text);
    let Value::Map(entries) = &root.value else {
        bail!(
            "the front matter is not a mapping of `key: value` lines; fix it first (`mastery check` says how)"
        );
    };
    let Some((key_node, list)) = field(root, key) else {
        // A new key after the last one, at its indentation.
        let indent = entries
            .first()
            .map_or(0, |(k, _)| column(text, k.span.start));
        let at = next_line(text, root.end());
        let mut insert = String::new();
        if at == text.len() && !text.ends_with('\n') {
            insert.push_str(nl);
        }
        insert.push_str(&format!("{:indent$}{key}:{nl}", ""));
        insert.push_str(&block_item(fields, indent + 2, nl));
        return Ok(vec![Change {
            at,
            remove: 0,
            insert,
        }]);
    };
    let key_column = column(text, key_node.span.start);
    match &list.value {
        Value::Null => Ok(vec![Change {
            at: next_line(text, key_node.end()),
            remove: 0,
            insert: block_item(fields, key_column + 2, nl),
        }]),
        Value::Seq(items) if text[list.span.start..].starts_with('[') => {
            if items.is_empty() {
                // `key: []` becomes a block list, with the blanks before
                // `[` (no trailing space is left); the rest of the line (a
                // comment) stays.
                let close = closing(text, list, ']')?;
                let from = text[..list.span.start].trim_end_matches([' ', '\t']).len();
                return Ok(vec![
                    Change {
                        at: from,
                        remove: close + 1 - from,
                        insert: String::new(),
                    },
                    Change {
                        at: next_line(text, close),
                        remove: 0,
                        insert: block_item(fields, key_column + 2, nl),
                    },
                ]);
            }
            let insert = flow_item(fields);
            Ok(vec![if first {
                Change {
                    at: list.span.start + 1,
                    remove: 0,
                    insert: format!("{insert}, "),
                }
            } else {
                Change {
                    at: closing(text, list, ']')?,
                    remove: 0,
                    insert: format!(", {insert}"),
                }
            }])
        }
        Value::Seq(items) => {
            let (Some(head), Some(last)) = (items.first(), items.last()) else {
                bail!("`{key}` is an empty list in a form mastery cannot extend; edit it by hand");
            };
            // The first item's dash sets the indentation.
            let dash = text[..head.span.start]
                .rfind('-')
                .filter(|&d| d >= line_start(text, head.span.start))
                .map_or(key_column + 2, |d| column(text, d));
            let insert = block_item(fields, dash, nl);
            let at = if first {
                line_start(text, head.span.start)
            } else {
                next_line(text, last.end())
            };
            Ok(vec![Change {
                at,
                remove: 0,
                insert,
            }])
        }
        other => bail!(
            "`{key}` should be a list, found {}; fix it first (`mastery check` says how)",
            other.kind()
        ),
    }
}

/// Set `fields` of the mapping `entry` (a list item): a value present is
/// replaced in place, an absent key added after the entry's last line (or
/// inside its braces).
pub fn set_fields(
    text: &str,
    entry: &Node,
    fields: &[(&str, String)],
) -> anyhow::Result<Vec<Change>> {
    let nl = newline(text);
    let Value::Map(entries) = &entry.value else {
        bail!("the entry is not a mapping of `key: value` lines; fix it first");
    };
    let flow = text[entry.span.start..].starts_with('{');
    let mut changes = Vec::new();
    let mut added = String::new();
    for (key, value) in fields {
        match field(entry, key) {
            Some((_, node)) => match &node.value {
                Value::Seq(_) | Value::Map(_) => {
                    bail!("`{key}` holds a list or mapping; edit it by hand")
                }
                // `key:` with nothing after the colon.
                Value::Null if node.span.len == 0 => changes.push(Change {
                    at: node.span.start + 1,
                    remove: 0,
                    insert: format!(" {value}"),
                }),
                _ => changes.push(Change {
                    at: node.span.start,
                    remove: node.span.len,
                    insert: value.clone(),
                }),
            },
            None if flow => added.push_str(&format!(", {key}: {}", flow_value(value))),
            None => {
                let indent = entries
                    .first()
                    .map_or(0, |(k, _)| column(text, k.span.start));
                added.push_str(&format!("{:indent$}", ""));
                added.push_str(&block_field(key, value, indent, nl));
            }
        }
    }
    if !added.is_empty() {
        let at = if flow {
            closing(text, entry, '}')?
        } else {
            next_line(text, entry.end())
        };
        changes.push(Change {
            at,
            remove: 0,
            insert: added,
        });
    }
    Ok(changes)
}

/// Add the text `value` to the list of texts under `key` of the front
/// matter `root` (a flow list stays flow); the key is added when absent.
pub fn add_text(text: &str, root: &Node, key: &str, value: &str) -> anyhow::Result<Vec<Change>> {
    let nl = newline(text);
    let value = scalar(value);
    let Some((key_node, list)) = field(root, key) else {
        return set_fields(text, root, &[(key, format!("[{value}]"))]);
    };
    match &list.value {
        // `key:` with nothing after the colon (the span is the colon).
        Value::Null if list.span.len == 0 => Ok(vec![Change {
            at: list.span.start + 1,
            remove: 0,
            insert: format!(" [{value}]"),
        }]),
        Value::Null => Ok(vec![Change {
            at: list.span.start,
            remove: list.span.len,
            insert: format!("[{value}]"),
        }]),
        Value::Seq(items) if text[list.span.start..].starts_with('[') => {
            let close = closing(text, list, ']')?;
            let insert = if items.is_empty() {
                value
            } else {
                format!(", {value}")
            };
            Ok(vec![Change {
                at: close,
                remove: 0,
                insert,
            }])
        }
        Value::Seq(items) => {
            let last = items.last().expect("a block list has an item");
            let dash = text[..last.span.start]
                .rfind('-')
                .map_or(column(text, key_node.span.start) + 2, |d| column(text, d));
            Ok(vec![Change {
                at: next_line(text, last.end()),
                remove: 0,
                insert: format!("{:dash$}- {value}{nl}", ""),
            }])
        }
        other => bail!(
            "`{key}` should be a list, found {}; fix it first (`mastery check` says how)",
            other.kind()
        ),
    }
}

/// The path of the member file at `path` renamed to the id `new`: the same
/// folder, `new.md`.
pub fn renamed_path(path: &str, new: &str) -> String {
    match path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{new}.md"),
        None => format!("{new}.md"),
    }
}

#[cfg(test)]
mod tests;
