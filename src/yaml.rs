//! The YAML front matter as a tree of nodes that carry their spans.
//!
//! The tree is built straight from the events of granit-parser, the parser
//! inside serde-saphyr: deserialising through serde-saphyr's `Spanned<T>`
//! measured two and a half times slower on a 10,000-member organisation
//! (BENCHMARKS.md), and this is the hottest code in the tool. Scalars are
//! resolved by the YAML 1.2 core schema (so `yes` is text), duplicate keys
//! are errors, and resource limits (nesting depth, number of values after
//! alias expansion) turn a hostile file into an error instead of a hang.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use granit_parser::{ErrorKind, Event, Options, Parser, ScalarStyle, ScanError};

use crate::source::{Source, Span};

/// Deepest nesting the front matter may have; the format needs four levels.
pub const MAX_DEPTH: usize = 64;
/// Most values (scalars, lists, mappings, alias expansions included).
pub const MAX_NODES: usize = 250_000;

/// A YAML value with the span of its text in the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value is written.
    pub span: Span,
    /// The value itself.
    pub value: Value,
}

impl Node {
    /// The byte just past the text of this value and everything in it.
    pub fn end(&self) -> usize {
        let own = self.span.start + self.span.len;
        match &self.value {
            Value::Seq(items) => items.iter().map(Node::end).fold(own, usize::max),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| k.end().max(v.end()))
                .fold(own, usize::max),
            _ => own,
        }
    }
}

/// A value as YAML writes it: plain when it reads back as the same text,
/// else double-quoted.
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.,'()/&+".contains(c))
        && text.starts_with(|c: char| c.is_alphabetic())
        && !text.ends_with(' ')
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
            .contains(&text.to_lowercase().as_str());
    if plain {
        return text.to_owned();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `new` for the scalar `written` that says `old`, in the quotes it was
/// written with; `None` when it is written with escapes (left for a
/// person).
pub fn renamed_scalar(written: &str, old: &str, new: &str) -> Option<String> {
    let quote = written.chars().next().filter(|q| ['"', '\''].contains(q));
    match quote {
        None if written == old => Some(new.to_owned()),
        Some(q) if written == format!("{q}{old}{q}") => Some(format!("{q}{new}{q}")),
        _ => None,
    }
}

/// The value of `key` in a mapping node, with the key node.
pub fn field<'n>(map: &'n Node, key: &str) -> Option<(&'n Node, &'n Node)> {
    let Value::Map(entries) = &map.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| matches!(&k.value, Value::Str(name) if name == key))
        .map(|(k, v)| (k, v))
}

/// The text of `key` in a mapping node, when it is text.
pub fn text_of<'n>(map: &'n Node, key: &str) -> Option<&'n str> {
    match field(map, key) {
        Some((
            _,
            Node {
                value: Value::Str(text),
                ..
            },
        )) => Some(text),
        _ => None,
    }
}

/// The kinds of YAML value the format can meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false` (YAML 1.2: `yes` and `no` are text).
    Bool(bool, Box<str>),
    /// A whole number.
    Int(i64, Box<str>),
    /// A number with a fraction.
    Float(f64, Box<str>),
    /// Text, quoted or not.
    Str(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// How a user would name this kind of value in a message.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(..) => "true/false",
            Value::Int(..) | Value::Float(..) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The front matter did not parse.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// Where the parser stopped.
    pub span: Span,
    /// What the parser found, for a user.
    pub message: String,
}

/// Parse `source.text[start..end]` as one YAML document.
pub fn parse(source: &Source, start: usize, end: usize) -> Result<Node, YamlError> {
    let yaml = &source.text[start..end];
    let mut options = Options::default();
    options.flow_nesting_limit = MAX_DEPTH + 1;
    options.block_nesting_limit = MAX_DEPTH + 1;
    let mut builder = Builder {
        source,
        start,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
    };
    let mut complete = false;
    for item in Parser::new_from_str_with_options(yaml, options) {
        let (event, span) = item.map_err(|error| builder.scan_error(&error))?;
        let at = builder.span(
            span.start.byte_offset(),
            span.end.byte_offset(),
            span.start.line(),
            span.start.col(),
        );
        if complete {
            // After the one document, only its end may follow: content
            // after a `...` line would otherwise be silently dropped.
            match event {
                Event::DocumentEnd | Event::StreamEnd => continue,
                _ => {
                    return Err(Builder::error(
                        at,
                        "content after the end of the YAML document (a `...` line) \
                         would be ignored; remove the `...` line",
                    ));
                }
            }
        }
        builder.event(event, at)?;
        complete = builder.root.is_some() && builder.stack.is_empty();
    }
    Ok(builder.root.unwrap_or(Node {
        span: Span::new(start, 0),
        value: Value::Null,
    }))
}

/// A collection being built.
enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        seen: Keys,
    },
}

/// The keys of a large mapping so far, to refuse duplicates without
/// quadratic work; small mappings (nearly all) are scanned instead.
#[derive(Default)]
struct Keys(Option<HashSet<String>>);

/// Mappings up to this size find duplicate keys by scanning.
const SCAN_KEYS: usize = 16;

impl Keys {
    /// Whether `key` is new among `entries`' keys (recording it).
    fn insert(&mut self, entries: &[(Node, Node)], key: &Node) -> bool {
        if let Some(set) = &mut self.0 {
            return set.insert(key_id(key));
        }
        if entries.iter().any(|(k, _)| same_key(k, key)) {
            return false;
        }
        if entries.len() >= SCAN_KEYS {
            let set = entries.iter().map(|(k, _)| key_id(k)).chain([key_id(key)]);
            self.0 = Some(set.collect());
        }
        true
    }
}

/// Whether two keys are the same key: equal text, or equal values of one
/// other type (`1` and `0x1`); `1` and `"1"` differ, as in YAML 1.2.
fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Str(_), _) | (_, Value::Str(_)) => false,
        _ => key_id(a) == key_id(b),
    }
}

/// A key's identity: its type and value.
fn key_id(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => format!("s{s}"),
        Value::Null => "n".to_owned(),
        Value::Bool(b, _) => format!("b{b}"),
        Value::Int(i, _) => format!("i{i}"),
        Value::Float(f, _) => format!("f{f}"),
        other => format!("{other:?}"),
    }
}

struct Builder<'a> {
    source: &'a Source,
    start: usize,
    stack: Vec<Frame>,
    /// Anchored values by id, for aliases.
    anchors: HashMap<usize, Node>,
    /// Values made so far, alias expansions included.
    nodes: usize,
    root: Option<Node>,
}

impl Builder<'_> {
    /// A file span from parser byte offsets (relative to the YAML), else
    /// from its 1-based line and 0-based column.
    fn span(&self, from: Option<usize>, to: Option<usize>, line: usize, col: usize) -> Span {
        match (from, to) {
            (Some(from), Some(to)) if self.start + to <= self.source.text.len() => {
                Span::new(self.start + from, to.saturating_sub(from))
            }
            _ => {
                let first_line = self.source.position(self.start).line;
                let line = first_line + line.saturating_sub(1);
                Span::new(self.source.offset(line, col + 1), 0)
            }
        }
    }

    fn scan_error(&self, error: &ScanError) -> YamlError {
        let mark = error.marker();
        let message = match error.kind() {
            ErrorKind::RecursionLimitExceeded => {
                format!("the front matter nests deeper than {MAX_DEPTH} levels")
            }
            _ => error.info(),
        };
        YamlError {
            span: self.span(
                mark.byte_offset(),
                mark.byte_offset(),
                mark.line(),
                mark.col(),
            ),
            message,
        }
    }

    fn error(span: Span, message: impl Into<String>) -> YamlError {
        YamlError {
            span,
            message: message.into(),
        }
    }

    fn count(&mut self, n: usize, at: Span) -> Result<(), YamlError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(Self::error(
                at,
                format!(
                    "the front matter is too large to read safely: it holds more than \
                     {MAX_NODES} values once aliases are expanded"
                ),
            ));
        }
        Ok(())
    }

    fn event(&mut self, event: Event, at: Span) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, at)?;
                let is_str = tag.as_ref().is_some_and(|t| t.suffix() == "str");
                let value = resolve(text, style, is_str);
                self.finish(Node { span: at, value }, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                self.open(at)?;
                self.stack.push(Frame::Seq {
                    span: at,
                    anchor,
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(_, anchor, _) => {
                self.open(at)?;
                self.stack.push(Frame::Map {
                    span: at,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    seen: Keys::default(),
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    span,
                    anchor,
                    items,
                }) => self.finish(
                    Node {
                        span,
                        value: Value::Seq(items),
                    },
                    anchor,
                ),
                Some(Frame::Map {
                    span,
                    anchor,
                    entries,
                    ..
                }) => self.finish(
                    Node {
                        span,
                        value: Value::Map(entries),
                    },
                    anchor,
                ),
                None => Ok(()),
            },
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(Self::error(at, "an alias refers to no anchor"));
                };
                self.count(size(&node), at)?;
                self.finish(Node { span: at, ..node }, 0)
            }
            _ => Ok(()),
        }
    }

    fn open(&mut self, at: Span) -> Result<(), YamlError> {
        self.count(1, at)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err(Self::error(
                at,
                format!("the front matter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    /// A complete value: remember its anchor, then place it in its parent.
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                None => {
                    if !seen.insert(entries, &node) {
                        return Err(Self::error(
                            node.span,
                            format!(
                                "duplicate key `{}`: each key may appear once in a mapping",
                                key_text(&node)
                            ),
                        ));
                    }
                    *key = Some(node);
                }
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }
}

/// A key as text, to compare keys.
fn key_text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        Value::Null => "null".to_owned(),
        Value::Bool(_, text) | Value::Int(_, text) | Value::Float(_, text) => text.to_string(),
        other => format!("{other:?}"),
    }
}

/// How many values a (copied) subtree holds.
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(size).sum(),
        Value::Map(entries) => entries.iter().map(|(k, v)| size(k) + size(v)).sum(),
        _ => 0,
    }
}

/// The YAML 1.2 core schema: plain `null`, `~` and nothing are null,
/// `true`/`false` booleans, numbers numbers; everything else (and anything
/// quoted or tagged `!!str`) is text. Dates stay text.
fn resolve(text: Cow<str>, style: ScalarStyle, is_str: bool) -> Value {
    if style != ScalarStyle::Plain || is_str {
        return Value::Str(text.into_owned());
    }
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true, text.into()),
        "false" | "False" | "FALSE" => return Value::Bool(false, text.into()),
        _ => {}
    }
    let t = text.as_ref();
    if let Some(n) = integer(t) {
        return Value::Int(n, text.into());
    }
    if is_float(t)
        && let Ok(f) = t.parse::<f64>()
    {
        return Value::Float(f, text.into());
    }
    match t {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            Value::Float(f64::INFINITY, text.into())
        }
        "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY, text.into()),
        ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN, text.into()),
        _ => Value::Str(text.into_owned()),
    }
}

fn integer(t: &str) -> Option<i64> {
    if let Some(hex) = t.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(octal) = t.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8).ok();
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

#[cfg(test)]
mod tests;
