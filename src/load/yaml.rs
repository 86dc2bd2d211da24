//! The YAML front matter as a tree of nodes that carry their spans.
//!
//! serde-saphyr deserialises straight into the tree (no intermediate event
//! list), with YAML 1.2 booleans, duplicate keys rejected, and resource
//! budgets so a hostile file gives an error instead of a hang.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

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

/// The kinds of YAML value the format can meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false` (YAML 1.2: `yes` and `no` are text).
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
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
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
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

/// Parse `source.text[start..end]` as YAML.
pub fn parse(source: &Source, start: usize, end: usize) -> Result<Node, YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        budget: serde_saphyr::budget! { max_depth: MAX_DEPTH, max_nodes: MAX_NODES },
    };
    let yaml = &source.text[start..end];
    let mapper = Mapper {
        source,
        start,
        first_line: source.position(start).line,
    };
    match serde_saphyr::from_str_with_options::<serde_saphyr::Spanned<Raw>>(yaml, options) {
        Ok(raw) => Ok(mapper.node(raw)),
        Err(error) => {
            let span = error
                .location()
                .map_or(Span::new(start, 0), |l| mapper.span(&l));
            Err(YamlError {
                span,
                message: tidy_message(&error.to_string()),
            })
        }
    }
}

/// serde-saphyr's messages end in " at line L, column C" (which would be
/// YAML-relative and is printed by us anyway) and name budgets by their
/// internal names; say it in the user's terms.
fn tidy_message(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("duplicate key `{key}`: each key may appear once in a mapping");
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        let limit = if breach.starts_with("Depth") {
            format!("it nests deeper than {MAX_DEPTH} levels")
        } else if breach.starts_with("Nodes") {
            format!("it holds more than {MAX_NODES} values once aliases are expanded")
        } else if breach.starts_with("Alias") || breach.starts_with("Anchor") {
            "it uses too many aliases or anchors".to_owned()
        } else {
            format!("it exceeds a parser limit ({breach})")
        };
        return format!("the front matter is too large to read safely: {limit}");
    }
    if message == "recursion limit exceeded" {
        return format!("the front matter nests deeper than {MAX_DEPTH} levels");
    }
    message.to_owned()
}

/// Turns YAML-relative locations into spans of the whole file.
struct Mapper<'a> {
    source: &'a Source,
    start: usize,
    first_line: usize,
}

impl Mapper<'_> {
    fn span(&self, location: &serde_saphyr::Location) -> Span {
        let span = location.span();
        if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len()) {
            let start = self.start + offset as usize;
            if start <= self.source.text.len() {
                return Span::new(start, len as usize);
            }
        }
        let line = self.first_line + location.line().saturating_sub(1) as usize;
        let offset = self.source.offset(line, location.column() as usize);
        Span::new(offset, self.source.char_len(offset, span.len() as usize))
    }

    fn node(&self, raw: serde_saphyr::Spanned<Raw>) -> Node {
        let span = self.span(&raw.referenced);
        let value = match raw.value {
            Raw::Null => Value::Null,
            Raw::Bool(b) => Value::Bool(b),
            Raw::Int(i) => Value::Int(i),
            Raw::Float(f) => Value::Float(f),
            Raw::Str(s) => Value::Str(s),
            Raw::Seq(items) => Value::Seq(items.into_iter().map(|n| self.node(n)).collect()),
            Raw::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (self.node(k), self.node(v)))
                    .collect(),
            ),
        };
        Node { span, value }
    }
}

/// What serde-saphyr hands over, before spans are mapped to the file.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<serde_saphyr::Spanned<Raw>>),
    Map(Vec<(serde_saphyr::Spanned<Raw>, serde_saphyr::Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(text: &str) -> (Source, Result<Node, YamlError>) {
        let source = Source::new("t.md", text);
        let result = parse(&source, 0, source.text.len());
        (source, result)
    }

    fn key_value(node: &Node, index: usize) -> (&Node, &Node) {
        let Value::Map(entries) = &node.value else {
            panic!("not a map: {node:?}")
        };
        let (k, v) = &entries[index];
        (k, v)
    }

    #[test]
    fn spans_point_into_the_file() {
        let (source, node) = parse_all("name: Alice\nstrengths: [a, 'b c']\nok: yes\n");
        let node = node.unwrap();
        let (key, value) = key_value(&node, 1);
        assert_eq!(source.position(key.span.start).line, 2);
        let Value::Seq(items) = &value.value else {
            panic!()
        };
        assert_eq!(source.position(items[1].span.start).column, 16);
        assert_eq!(items[1].value, Value::Str("b c".into()));
        // YAML 1.2: `yes` is text, not a boolean.
        assert_eq!(key_value(&node, 2).1.value, Value::Str("yes".into()));
    }

    #[test]
    fn errors_say_where_and_what() {
        let (source, error) = parse_all("name: A\nname: B\n");
        let error = error.unwrap_err();
        assert_eq!(source.position(error.span.start).line, 2);
        assert_eq!(
            error.message,
            "duplicate key `name`: each key may appear once in a mapping"
        );

        let (source, error) = parse_all("a:\n\tb: 1\n");
        let error = error.unwrap_err();
        assert_eq!(source.position(error.span.start).line, 2);
        assert!(error.message.contains("tabs"), "{}", error.message);
    }

    #[test]
    fn hostile_input_hits_a_limit() {
        let (_, error) = parse_all(&"[".repeat(100_000));
        assert!(error.unwrap_err().message.contains("nests deeper"));
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
                    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
        let (_, error) = parse_all(bomb);
        assert!(error.unwrap_err().message.contains("too large"));
    }
}
