//! Reading one YAML mapping into typed fields by hand, so that a bad field
//! becomes a [`Problem`] and every other field is still read.

use jiff::civil::Date;

use super::schema::{Kind, Table};
use super::{Keyword, List, Problem, ProblemKind, Spanned};
use crate::source::Span;
use crate::yaml::{Node, Value};

/// Whether `id` can be an entry's or an outcome's id: letters, digits, `-`
/// and `_`, at least one.
pub fn is_entry_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The fields of one mapping, with the problems found in them.
pub struct Fields<'a> {
    /// The keys this mapping may have.
    table: &'static Table,
    entries: &'a [(Node, Node)],
    problems: &'a mut Vec<Problem>,
    /// The mapping is private: messages never repeat its values.
    redact: bool,
    /// The first key of the mapping (or where the mapping is, when empty):
    /// where a missing required field is reported.
    pub first_key: Span,
    /// The table's keys read so far, a bit each: a reader that leaves a key
    /// of its table unread is caught when the fields are dropped.
    #[cfg(debug_assertions)]
    read: u64,
}

impl<'a> Fields<'a> {
    /// Read `node` as a mapping with the keys of `table`. Unknown keys are
    /// reported at once. `None` (with a problem) when `node` is not a
    /// mapping; an empty value counts as an empty mapping at `fallback`.
    pub fn new(
        node: &'a Node,
        table: &'static Table,
        fallback: Span,
        problems: &'a mut Vec<Problem>,
    ) -> Option<Self> {
        let what = table.what;
        let entries: &[(Node, Node)] = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            other => {
                problems.push(invalid(
                    node.span,
                    format!(
                        "{what} should be a mapping of `key: value` lines, found {}",
                        other.kind()
                    ),
                ));
                return None;
            }
        };
        // A private entry's keys are its author's words too: an unknown
        // one is reported without its name.
        let redact = table.keys().any(|k| k == PRIVATE) && is_private(entries);
        for (key, _) in entries.iter().filter(|_| !table.open) {
            let name = key_text(key);
            if !table.keys().any(|k| k == name) {
                let (message, help, fix) = if redact {
                    (
                        format!(
                            "an unknown field in {what} that is private (its name is not shown)"
                        ),
                        None,
                        None,
                    )
                } else {
                    let suggestion = crate::suggest::suggest(&name, table.keys());
                    let help = suggestion.map(|s| format!("did you mean `{s}`?"));
                    // Certain only when the key it should be is not there
                    // already, and the key is written plain.
                    let taken = |s: &str| entries.iter().any(|(k, _)| key_text(k) == s);
                    let plain = key.span.len == name.len();
                    let fix = suggestion.filter(|s| plain && !taken(s)).map(str::to_owned);
                    (format!("unknown field `{name}` in {what}"), help, fix)
                };
                problems.push(Problem {
                    kind: ProblemKind::UnknownField,
                    span: key.span,
                    message,
                    help,
                    fix,
                });
            }
        }
        let first_key = entries.first().map_or(fallback, |(k, _)| k.span);
        Some(Self {
            table,
            entries,
            problems,
            first_key,
            redact,
            #[cfg(debug_assertions)]
            read: 0,
        })
    }

    /// Note that `key` is read as `kind` would be (`required` or not):
    /// in debug builds, a key or type the table does not say is a bug.
    fn reads(&mut self, key: &str, kind: fn(&Kind) -> bool, required: bool) {
        #[cfg(debug_assertions)]
        {
            let index = self.table.fields.iter().position(|f| f.key == key);
            let field = index.map(|i| &self.table.fields[i]);
            assert!(
                field.is_some_and(|f| kind(&f.kind) && (!required || f.required)),
                "{} reads `{key}` unlike its table says",
                self.table.what
            );
            self.read |= 1 << index.unwrap_or(0);
        }
        #[cfg(not(debug_assertions))]
        let _ = (key, kind, required);
    }

    /// Whether any key, known or not, is present besides those in `clear`.
    pub fn has_keys_besides(&self, clear: &[&str]) -> bool {
        (self.entries.iter()).any(|(k, _)| !clear.contains(&key_text(k).as_str()))
    }

    /// The keys of the table present besides those in `clear`, with
    /// their spans.
    pub fn known_keys_besides(&self, clear: &[&str]) -> Vec<(&'static str, Span)> {
        (self.entries.iter())
            .filter_map(|(k, _)| {
                let name = self.table.keys().find(|known| key_text(k) == *known)?;
                Some((name, k.span))
            })
            .filter(|(name, _)| !clear.contains(name))
            .collect()
    }

    /// `found `value``, or a placeholder for a private entry.
    fn found(&self, node: &Node) -> String {
        match &node.value {
            _ if self.redact => "a value not shown here (the entry is private)".to_owned(),
            Value::Str(s) => format!("`{s}`"),
            other => other.kind().to_owned(),
        }
    }

    fn get(&self, key: &str) -> Option<&'a (Node, Node)> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
    }

    /// The span of a key, when present.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.get(key).map(|(k, _)| k.span)
    }

    /// The value of a key, unless absent or null.
    fn value(&self, key: &str) -> Option<&'a Node> {
        self.get(key)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// Record an `invalid-field` problem.
    pub fn problem(&mut self, span: Span, message: String) {
        self.problems.push(invalid(span, message));
    }

    /// A text field; numbers and booleans are taken as written text.
    pub fn text(&mut self, key: &str) -> Option<Spanned<String>> {
        self.reads(key, |k| matches!(k, Kind::Text | Kind::TextOrTexts), false);
        let node = self.value(key)?;
        match scalar_text(node) {
            Some(text) => Some(Spanned {
                value: text,
                span: node.span,
            }),
            None => {
                self.problem(
                    node.span,
                    format!("`{key}` should be text, found {}", node.value.kind()),
                );
                None
            }
        }
    }

    /// Where a text field's value is, without copying it; a value of
    /// another kind is a problem, and its place is still given (a sealed
    /// entry's damaged armor is still a sealed entry, never one to seal).
    pub fn text_span(&mut self, key: &str) -> Option<Span> {
        self.reads(key, |k| matches!(k, Kind::Text), false);
        let node = self.value(key)?;
        if !matches!(node.value, Value::Str(_)) {
            let message = format!("`{key}` should be text, found {}", node.value.kind());
            self.problem(node.span, message);
        }
        Some(node.span)
    }

    /// An entry's id: text of letters, digits, `-` and `_`.
    pub fn entry_id(&mut self, key: &str) -> Option<Spanned<String>> {
        let id = self.text(key)?;
        if is_entry_id(&id.value) {
            return Some(id);
        }
        let message = format!(
            "`{key}` must be letters, digits, `-` and `_`; found `{}`",
            id.value
        );
        self.problem(id.span, message);
        None
    }

    /// A text field that must be present and not blank.
    pub fn required_text(&mut self, key: &str) -> Option<Spanned<String>> {
        self.reads(key, |k| matches!(k, Kind::Text), true);
        match self.get(key) {
            None => {
                self.problem(self.first_key, format!("missing required field `{key}`"));
                None
            }
            Some((_, value)) if is_blank(value) => {
                self.problem(value.span, format!("required field `{key}` is empty"));
                None
            }
            Some(_) => self.text(key),
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, key: &str) -> Option<Spanned<Date>> {
        self.reads(key, |k| matches!(k, Kind::Date), false);
        let node = self.value(key)?;
        let parsed = match &node.value {
            Value::Str(text) => crate::date::parse(text),
            other => Err(format!(
                "should be a date (YYYY-MM-DD), found {}",
                other.kind()
            )),
        };
        match parsed {
            Ok(value) => Some(Spanned {
                value,
                span: node.span,
            }),
            Err(_) if self.redact => {
                let message = format!("`{key}` is not a date (YYYY-MM-DD); {}", self.found(node));
                self.problem(node.span, message);
                None
            }
            Err(why) => {
                self.problem(node.span, format!("`{key}`: {why}"));
                None
            }
        }
    }

    /// A date that must be present.
    pub fn required_date(&mut self, key: &str) -> Option<Spanned<Date>> {
        self.reads(key, |k| matches!(k, Kind::Date), true);
        if self.value(key).is_none() {
            let span = self.get(key).map_or(self.first_key, |(_, v)| v.span);
            self.problem(span, format!("missing required field `{key}`"));
            return None;
        }
        self.date(key)
    }

    /// One word of a closed set; `None` when absent or invalid.
    pub fn keyword<K: Keyword>(&mut self, key: &str) -> Option<Spanned<K>> {
        self.reads(
            key,
            |k| matches!(k, Kind::Word(words) if words() == K::words_list()),
            false,
        );
        let node = self.value(key)?;
        let word = scalar_text(node).unwrap_or_default();
        match K::parse(&word) {
            Some(value) => Some(Spanned {
                value,
                span: node.span,
            }),
            None => {
                let found = self.found(node);
                let mut problem = invalid(
                    node.span,
                    format!("`{key}` must be one of {}; found {found}", K::words()),
                );
                if !self.redact {
                    problem.help = crate::suggest::did_you_mean(&word, K::words_list());
                }
                // The one word it can only mean, written plain (`one on
                // one` is `one-on-one`), is certain; in a private entry the
                // outputs say only that there is one (`Fix::private`).
                let plain = node.span.len == word.len();
                problem.fix = crate::suggest::certain(&word, K::words_list())
                    .filter(|_| plain)
                    .map(str::to_owned);
                self.problems.push(problem);
                None
            }
        }
    }

    /// A whole percentage, 0 to 100.
    pub fn percent(&mut self, key: &str) -> Option<Spanned<u8>> {
        self.reads(key, |k| matches!(k, Kind::Percent), false);
        let node = self.value(key)?;
        match node.value {
            Value::Int(n, _) if (0..=100).contains(&n) => Some(Spanned {
                value: n as u8,
                span: node.span,
            }),
            Value::Int(n, _) => {
                let found = if self.redact {
                    self.found(node)
                } else {
                    n.to_string()
                };
                self.problem(
                    node.span,
                    format!("`{key}` must be between 0 and 100, found {found}"),
                );
                None
            }
            ref other => {
                self.problem(
                    node.span,
                    format!(
                        "`{key}` should be a whole number from 0 to 100, found {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    /// A whole number from 1 (a level, a number of levels).
    pub fn level(&mut self, key: &str) -> Option<Spanned<u32>> {
        self.reads(key, |k| matches!(k, Kind::Level), false);
        let node = self.value(key)?;
        match node.value {
            Value::Int(n, _) if n >= 1 => Some(Spanned {
                value: u32::try_from(n).unwrap_or(u32::MAX),
                span: node.span,
            }),
            ref other => {
                let found = match other {
                    Value::Int(n, _) => n.to_string(),
                    other => other.kind().to_owned(),
                };
                let message = format!("`{key}` should be a whole number from 1, found {found}");
                self.problem(node.span, message);
                None
            }
        }
    }

    /// A whole number from 1 that must be present.
    pub fn required_level(&mut self, key: &str) -> Option<Spanned<u32>> {
        self.reads(key, |k| matches!(k, Kind::Level), true);
        if self.value(key).is_none() {
            self.problem(self.first_key, format!("missing required field `{key}`"));
            return None;
        }
        self.level(key)
    }

    /// `true` or `false`, failing closed: absent or exactly `false` is
    /// false; anything else (`yes`, `1`, empty, `'true '`) is a problem and
    /// true.
    pub fn flag_closed(&mut self, key: &str) -> bool {
        self.reads(key, |k| matches!(k, Kind::Flag), false);
        match self.get(key).map(|(_, value)| value) {
            None => false,
            Some(Node {
                value: Value::Bool(b, _),
                ..
            }) => *b,
            Some(node) => {
                self.problem(
                    node.span,
                    format!(
                        "`{key}` should be true or false, found {}; \
                         the entry is treated as `{key}: true`",
                        node.value.kind()
                    ),
                );
                true
            }
        }
    }

    /// Whether the mapping is private, as [`is_private`] decides when the
    /// fields are read (its values are then never repeated).
    pub fn is_private(&self) -> bool {
        self.redact
    }

    /// A list whose entries `item` reads; an entry it cannot read is left
    /// out (it records its own problem).
    pub fn list<T>(
        &mut self,
        key: &str,
        mut item: impl FnMut(&'a Node, &mut Vec<Problem>) -> Option<T>,
    ) -> List<T> {
        self.reads(
            key,
            |k| matches!(k, Kind::List(_) | Kind::Texts | Kind::TextOrTexts),
            false,
        );
        let Some((key_node, value)) = self.get(key) else {
            return List::default();
        };
        let nodes: &[Node] = match &value.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            other => {
                self.problem(
                    value.span,
                    format!("`{key}` should be a list, found {}", other.kind()),
                );
                &[]
            }
        };
        let mut items: Vec<T> = nodes
            .iter()
            .filter_map(|n| item(n, self.problems))
            .collect();
        // Kept for the whole run: no room for items that never come.
        items.shrink_to_fit();
        List {
            key: Some(key_node.span),
            items,
        }
    }

    /// A list of text entries.
    pub fn texts(&mut self, key: &str) -> List<Spanned<String>> {
        self.list(key, |node, problems| text_item(key, node, problems))
    }

    /// Text or a list of text (`outcome: a` or `outcome: [a, b]`).
    pub fn text_or_texts(&mut self, key: &str) -> Vec<Spanned<String>> {
        self.reads(key, |k| matches!(k, Kind::TextOrTexts), false);
        let Some(node) = self.value(key) else {
            return Vec::new();
        };
        if matches!(node.value, Value::Seq(_)) {
            self.texts(key).items
        } else {
            self.text(key).into_iter().collect()
        }
    }
}

#[cfg(debug_assertions)]
impl Drop for Fields<'_> {
    fn drop(&mut self) {
        let all = (1u64 << self.table.fields.len()) - 1;
        if !std::thread::panicking() && self.read & all != all {
            let unread: Vec<&str> = (self.table.fields.iter().enumerate())
                .filter(|(i, _)| self.read & (1 << i) == 0)
                .map(|(_, f)| f.key)
                .collect();
            panic!("{} never reads {unread:?} of its table", self.table.what);
        }
    }
}

/// The key that marks an entry private.
const PRIVATE: &str = "private";

/// Whether a mapping is private, failing closed: it is sealed, its
/// `private` is anything but exactly `false`, or a key is within two edits
/// of `private` (a typo must not publish the entry).
fn is_private(entries: &[(Node, Node)]) -> bool {
    entries.iter().any(|(key, value)| match &key.value {
        Value::Str(name) if name == PRIVATE => !matches!(value.value, Value::Bool(false, _)),
        Value::Str(name) => name == "sealed" || crate::suggest::near(name, PRIVATE),
        _ => false,
    })
}

/// One text entry of a list.
fn text_item(key: &str, node: &Node, problems: &mut Vec<Problem>) -> Option<Spanned<String>> {
    match scalar_text(node) {
        Some(text) if !text.trim().is_empty() => Some(Spanned {
            value: text,
            span: node.span,
        }),
        _ => {
            problems.push(invalid(
                node.span,
                format!(
                    "entries of `{key}` should be text, found {}",
                    node.value.kind()
                ),
            ));
            None
        }
    }
}

/// An `invalid-field` problem.
pub fn invalid(span: Span, message: String) -> Problem {
    Problem {
        kind: ProblemKind::Field,
        span,
        message,
        help: None,
        fix: None,
    }
}

/// The text of a scalar, as written; `None` for lists, mappings and null.
fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        // Taken as written: `007` is not 7, `1.10` not 1.1.
        Value::Int(_, text) | Value::Float(_, text) | Value::Bool(_, text) => {
            Some(text.to_string())
        }
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    }
}

fn is_blank(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A key as text, for messages and lookups.
fn key_text(key: &Node) -> String {
    match &key.value {
        Value::Null => "null".to_owned(),
        _ => scalar_text(key).unwrap_or_else(|| key.value.kind().to_owned()),
    }
}
