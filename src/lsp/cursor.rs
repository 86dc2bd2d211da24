//! Where the cursor is in a record's front matter, read from the lines
//! around it rather than from the YAML tree: while a person types, the
//! front matter often does not parse (`mana` with no colon yet), and
//! completion is wanted most then.

use crate::load;
use crate::model::schema::{self, Kind, Table};

/// What the cursor is on.
#[derive(Debug)]
pub enum Spot<'s> {
    /// A key, or where one can be written, in the mapping `table`.
    Key {
        table: &'static Table,
        /// The key's bytes (what is typed of it so far).
        word: (usize, usize),
    },
    /// The value of `key` of the mapping `table`.
    Value {
        table: &'static Table,
        key: &'s str,
        /// The bytes of the word under the cursor (one item of a list).
        word: (usize, usize),
    },
    /// Not in the front matter, or in text the tables do not describe.
    Elsewhere,
}

/// The spot at byte `offset` of the record `text`, a `record` (a vision,
/// a framework or a member's).
pub fn spot(record: load::Kind, text: &str, offset: usize) -> Spot<'_> {
    let offset = offset.min(text.len());
    let lines = lines(text);
    let Some(at) = lines.iter().rposition(|&(start, _)| start <= offset) else {
        return Spot::Elsewhere;
    };
    if !in_front_matter(text, &lines, at) {
        return Spot::Elsewhere;
    }
    let (start, end) = lines[at];
    let line = &text[start..end];
    let Some(here) = Line::read(line) else {
        return Spot::Elsewhere;
    };
    let cursor = (offset - start).min(line.len());
    // The keys above: each nearest line before whose key begins left of
    // the current one.
    let mut parents: Vec<Line> = Vec::new();
    let mut column = here.column;
    for &(s, e) in lines[1..at].iter().rev() {
        let Some(above) = Line::read(&text[s..e]) else {
            continue;
        };
        if above.column < column && above.key.is_some() {
            if above.value.trim_start().starts_with(['|', '>']) {
                return Spot::Elsewhere; // inside a block of text
            }
            column = above.column;
            parents.push(above);
            if column == 0 {
                break;
            }
        }
    }
    let root = match record {
        load::Kind::Vision => &schema::VISION,
        load::Kind::Framework => &schema::FRAMEWORK,
        load::Kind::Member => &schema::MEMBER,
    };
    let word = |from: usize| {
        let is_word = |c: char| !(c.is_whitespace() || ",[]{}'\":#".contains(c));
        let from = from.min(cursor);
        let before = (line[from..cursor].char_indices())
            .rfind(|&(_, c)| !is_word(c))
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        let after = line[cursor..]
            .find(|c| !is_word(c))
            .map_or(line.len(), |i| cursor + i);
        (start + before, start + after)
    };
    // An item of a list of words under its key (`readers:`, then `- ann`).
    if here.dashed
        && here.key.is_none()
        && let Some(list) = parents.first()
        && let Some(key) = list.key.filter(|_| list.value.trim().is_empty())
        && let Some(outer) = enclosing(root, &parents[1..])
        && matches!(
            field_kind(outer, key),
            Some(Kind::Texts | Kind::TextOrTexts)
        )
    {
        return Spot::Value {
            table: outer,
            key,
            word: word(here.column),
        };
    }
    let Some(table) = enclosing(root, &parents) else {
        return Spot::Elsewhere;
    };
    match here.key {
        Some(key) if cursor > here.column + key.len() => Spot::Value {
            table,
            key,
            word: word(here.column + key.len() + 1),
        },
        _ if cursor < here.column => Spot::Elsewhere,
        _ => Spot::Key {
            table,
            word: word(here.column),
        },
    }
}

/// The mapping the parents (innermost first) lead to from `root`: each a
/// list of mappings.
fn enclosing(root: &'static Table, parents: &[Line]) -> Option<&'static Table> {
    let mut table = root;
    for parent in parents.iter().rev() {
        match field_kind(table, parent.key?) {
            Some(Kind::List(inner)) => table = inner,
            _ => return None,
        }
    }
    Some(table)
}

/// The kind of `key`'s value in `table`, when it is one of its keys.
pub fn field_kind(table: &Table, key: &str) -> Option<&'static Kind> {
    let field = table.fields.iter().find(|f| f.key == key)?;
    Some(&field.kind)
}

/// One line of block YAML: where its key (or value) begins after the
/// indentation and any `- `, the key, and the text after `key:`.
#[derive(Debug)]
struct Line<'l> {
    column: usize,
    dashed: bool,
    key: Option<&'l str>,
    value: &'l str,
}

impl<'l> Line<'l> {
    /// `None` for a blank line or a comment.
    fn read(line: &'l str) -> Option<Self> {
        let mut column = line.len() - line.trim_start_matches(' ').len();
        let mut dashed = false;
        while line[column..].starts_with("- ") || &line[column..] == "-" {
            dashed = true;
            column = (column + 2).min(line.len());
            column += line[column..].len() - line[column..].trim_start_matches(' ').len();
        }
        let rest = &line[column..];
        if (rest.starts_with('#') || rest.trim().is_empty()) && !dashed {
            return None;
        }
        let colon = rest
            .find(": ")
            .or_else(|| rest.ends_with(':').then(|| rest.len() - 1));
        let key = colon
            .map(|c| &rest[..c])
            .filter(|k| !k.is_empty() && !k.contains(['"', '\'', '[', '{', '#']));
        let value = key.map_or(rest, |k| &rest[k.len() + 1..]);
        Some(Line {
            column,
            dashed,
            key,
            value,
        })
    }
}

/// Each line's start and end (before its line break).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        lines.push((
            start,
            i.saturating_sub(usize::from(text[..i].ends_with('\r')))
                .max(start),
        ));
        start = i + 1;
    }
    lines.push((start, text.len()));
    lines
}

/// Whether line `at` lies between the front matter's opening `---` and
/// its close (or the end, while the close is still to be typed).
fn in_front_matter(text: &str, lines: &[(usize, usize)], at: usize) -> bool {
    let line = |i: usize| &text[lines[i].0..lines[i].1];
    if at == 0 || line(0).trim_end() != "---" {
        return false;
    }
    !(1..at).any(|i| matches!(line(i).trim_end(), "---" | "..."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spot at the `‸` of `text` (which is taken out).
    fn at(path: &str, text: &str) -> (String, String) {
        let offset = text.find('‸').unwrap();
        let text = text.replacen('‸', "", 1);
        let spot = spot(load::Layout::default().kind(path), &text, offset);
        let word = |(s, e): (usize, usize)| text[s..e].to_owned();
        match spot {
            Spot::Key { table, word: w } => (format!("key of {}", table.path), word(w)),
            Spot::Value {
                table,
                key,
                word: w,
            } => (format!("value of {}.{key}", table.path), word(w)),
            Spot::Elsewhere => ("elsewhere".into(), String::new()),
        }
    }

    proptest::proptest! {
        /// Any text, any place in it: an answer, never a panic.
        #[test]
        fn any_text_and_offset_has_a_spot(text in r"(---\n)?([ -]{0,4}[a-z_\x{3000}é🙂]{0,6}(: ?)?[a-z \[\],|\x{3000}]{0,6}\r?\n){0,6}", at in 0usize..80) {
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            for path in ["ann.md", "vision.md"] {
                if let Spot::Key { word, .. } | Spot::Value { word, .. } = spot(load::Layout::default().kind(path), &text, at) {
                    proptest::prop_assert!(word.0 <= word.1 && text.get(word.0..word.1).is_some());
                }
            }
        }
    }

    #[test]
    fn keys_and_values_are_told_by_the_lines_above() {
        let cases = [
            ("---\nmana‸\n---\n", "key of ", "mana"),
            ("---\nmanager: b‸\n---\n", "value of .manager", "b"),
            ("---\nmanager: ‸\n", "value of .manager", ""),
            (
                "---\nfeedback:\n  - date: 2026-01-01\n    fr‸\n",
                "key of feedback[]",
                "fr",
            ),
            (
                "---\nfeedback:\n- from: ‸\n",
                "value of feedback[].from",
                "",
            ),
            (
                "---\nfeedback:\n  - date: 2026-01-01\n    readers: [ann, b‸]\n",
                "value of feedback[].readers",
                "b",
            ),
            (
                "---\nsupport:\n  - what: x\n    readers:\n      - a‸\n",
                "value of support[].readers",
                "a",
            ),
            ("---\nstatus: act‸ive\n---\n", "value of .status", "active"),
            ("---\nname: A\n---\nbody ‸text\n", "elsewhere", ""),
            ("---\nnote: |\n  some ‸text\n", "elsewhere", ""),
        ];
        for (text, spot, word) in cases {
            assert_eq!(
                at("ann.md", text),
                (spot.to_owned(), word.to_owned()),
                "{text:?}"
            );
        }
        let vision = "---\noutcomes:\n  - id: x\n    serves: [‸]\n";
        assert_eq!(at("team/vision.md", vision).0, "value of outcomes[].serves");
        let framework = "---\ntopics:\n  - name: x\n    content:\n      - level: 1\n        cri‸\n";
        assert_eq!(
            at("frameworks/eng.md", framework),
            ("key of topics[].content[]".to_owned(), "cri".to_owned())
        );
    }
}
