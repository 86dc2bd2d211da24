//! Tests of `yaml`.

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
fn the_core_schema_decides_types() {
    let (_, node) = parse_all(
        "a: ~\nb: True\nc: -12\nd: 0x1F\ne: 1.5e3\nf: .inf\ng: '12'\nh: 2026-11-27\ni: no\nj: !!str 7\nk: 1_000\n",
    );
    let Value::Map(entries) = node.unwrap().value else {
        panic!()
    };
    let values: Vec<Value> = entries.into_iter().map(|(_, v)| v.value).collect();
    assert_eq!(
        values,
        [
            Value::Null,
            Value::Bool(true, "True".into()),
            Value::Int(-12, "-12".into()),
            Value::Int(31, "0x1F".into()),
            Value::Float(1500.0, "1.5e3".into()),
            Value::Float(f64::INFINITY, ".inf".into()),
            Value::Str("12".into()),
            Value::Str("2026-11-27".into()),
            Value::Str("no".into()),
            Value::Str("7".into()),
            Value::Str("1_000".into()),
        ]
    );
}

#[test]
fn one_document_only_and_keys_by_type() {
    let (_, error) = parse_all("a: 1\n...\nb: 2\n");
    let error = error.unwrap_err();
    assert!(error.message.contains("`...`"), "{}", error.message);
    assert!(parse_all("a: 1\n...\n").1.is_ok());
    // `1` and `"1"` are different keys in YAML 1.2; `1` and `0x1` are not.
    assert!(parse_all("1: a\n\"1\": b\n").1.is_ok());
    assert!(parse_all("1: a\n0x1: b\n").1.is_err());
}

#[test]
fn aliases_are_expanded_and_counted() {
    let (_, node) = parse_all("a: &x [1, 2]\nb: *x\n");
    let Value::Map(entries) = node.unwrap().value else {
        panic!()
    };
    assert_eq!(entries[0].1.value, entries[1].1.value);
    let (_, error) = parse_all("a: *nowhere\n");
    assert!(error.is_err());
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
