//! Tests of `edit`.

use super::*;

#[test]
fn a_renamed_member_is_renamed_wherever_an_id_names_them() {
    let text = "---\nname: A\nmanager: bob   # boss\nmentor: 'bob'\nfeedback:\n  - from: \"bob\"\n    readers: [bob, ann]\n  - from: bobby\nsupport:\n  - readers:\n      - bob\nnotes: bob\n---\nbob stays in the notes\n";
    let (_, root) = crate::load::parse_record("a.md".into(), text.as_bytes().to_vec());
    let changes = renamed_member(text, &root.unwrap(), "bob", "robert");
    assert_eq!(
        apply(text, changes),
        "---\nname: A\nmanager: robert   # boss\nmentor: 'robert'\nfeedback:\n  - from: \"robert\"\n    readers: [robert, ann]\n  - from: bobby\nsupport:\n  - readers:\n      - robert\nnotes: bob\n---\nbob stays in the notes\n"
    );
}
use crate::source::Source;

#[test]
fn a_text_is_added_to_a_list_in_the_form_it_has() {
    let add = |text: &str| edited(text, |text, root| add_text(text, root, "former_ids", "ann"));
    assert_eq!(
        add("---\nname: A\n---\n"),
        "---\nname: A\nformer_ids: [ann]\n---\n"
    );
    assert_eq!(
        add("---\nname: A\nformer_ids: [bo]\n---\n"),
        "---\nname: A\nformer_ids: [bo, ann]\n---\n"
    );
    assert_eq!(
        add("---\nname: A\nformer_ids: []  # old ids\n---\n"),
        "---\nname: A\nformer_ids: [ann]  # old ids\n---\n"
    );
    assert_eq!(
        add("---\nformer_ids:\n  - bo\nname: A\n---\n"),
        "---\nformer_ids:\n  - bo\n  - ann\nname: A\n---\n"
    );
    assert_eq!(
        add("---\nformer_ids:\nname: A\n---\n"),
        "---\nformer_ids: [ann]\nname: A\n---\n"
    );
}

/// `text` after `edit` of its front matter's root.
fn edited(text: &str, edit: impl Fn(&str, &Node) -> anyhow::Result<Vec<Change>>) -> String {
    let source = Source::new("a.md", text.to_owned());
    let end = text[4..].find("---").unwrap() + 4;
    let root = crate::yaml::parse(&source, 4, end).unwrap();
    apply(text, edit(text, &root).unwrap())
}

fn note(text: &str) -> String {
    edited(text, |t, root| {
        add_entry(
            t,
            root,
            "feedback",
            &[("date", "2026-11-28".into()), ("from", "bob".into())],
            true,
        )
    })
}

#[test]
fn entries_join_lists_of_every_form() {
    // Block list: first, at the items' indentation.
    assert_eq!(
        note("---\nname: A # c\nfeedback:\n    - date: 2026-01-01\n      from: x\n---\nBody\n"),
        "---\nname: A # c\nfeedback:\n    - date: 2026-11-28\n      from: bob\n    - date: 2026-01-01\n      from: x\n---\nBody\n"
    );
    // An empty flow list becomes a block one; its comment stays.
    assert_eq!(
        note("---\nfeedback: []   # given\n#  - date: YYYY\n---\n"),
        "---\nfeedback:   # given\n  - date: 2026-11-28\n    from: bob\n#  - date: YYYY\n---\n"
    );
    // With nothing after it, no blank is left at the end of the line.
    assert_eq!(
        note("---\nfeedback: []\n---\n"),
        "---\nfeedback:\n  - date: 2026-11-28\n    from: bob\n---\n"
    );
    // A flow list stays flow.
    assert_eq!(
        note("---\nfeedback: [{date: 2026-01-01}]\n---\n"),
        "---\nfeedback: [{date: 2026-11-28, from: bob}, {date: 2026-01-01}]\n---\n"
    );
    // No key, or a key with nothing: added.
    assert_eq!(
        note("---\nname: A\n---\n"),
        "---\nname: A\nfeedback:\n  - date: 2026-11-28\n    from: bob\n---\n"
    );
    assert_eq!(
        note("---\nfeedback:\nname: A\n---\n"),
        "---\nfeedback:\n  - date: 2026-11-28\n    from: bob\nname: A\n---\n"
    );
    // CRLF files get CRLF lines.
    assert_eq!(
        note("---\r\nname: A\r\nfeedback:\r\n  - date: 2026-01-01\r\n---\r\n"),
        "---\r\nname: A\r\nfeedback:\r\n  - date: 2026-11-28\r\n    from: bob\r\n  - date: 2026-01-01\r\n---\r\n"
    );
    let last = edited(
        "---\nlearning:\n- goal: A\n  status: done\n# end\n---\n",
        |t, root| add_entry(t, root, "learning", &[("goal", "B".into())], false),
    );
    assert_eq!(
        last,
        "---\nlearning:\n- goal: A\n  status: done\n- goal: B\n# end\n---\n"
    );
}

#[test]
fn fields_change_in_place() {
    let set = |text: &str| {
        edited(text, |t, root| {
            let (
                _,
                Node {
                    value: Value::Seq(items),
                    ..
                },
            ) = field(root, "learning").unwrap()
            else {
                panic!()
            };
            set_fields(
                t,
                &items[0],
                &[("progress", "60".into()), ("updated", "2026-11-28".into())],
            )
        })
    };
    assert_eq!(
        set("---\nlearning:\n  - goal: \"Talk\"   # big one\n    progress: 10  # %\n---\n"),
        "---\nlearning:\n  - goal: \"Talk\"   # big one\n    progress: 60  # %\n    updated: 2026-11-28\n---\n"
    );
    assert_eq!(
        set("---\nlearning: [{goal: Talk, progress: 10}]\n---\n"),
        "---\nlearning: [{goal: Talk, progress: 60, updated: 2026-11-28}]\n---\n"
    );
    assert_eq!(
        set("---\nlearning:\n  - goal: Talk\n    progress:\n---\n"),
        "---\nlearning:\n  - goal: Talk\n    progress: 60\n    updated: 2026-11-28\n---\n"
    );
}

#[test]
fn a_whole_entry_is_replaced_in_its_own_style() {
    let replace = |text: &str, note: &str| {
        edited(text, |t, root| {
            let (_, list) = field(root, "feedback").unwrap();
            let Value::Seq(items) = &list.value else {
                panic!()
            };
            let payload = keys_as_yaml(&items[0], &["date", "private"]);
            assert_eq!(payload, format!("from: bob\nnote: {note}\n"));
            let fields = sealed_fields(Some("2026-11-02"), &["bob"], "ARMOR\nLINES\n".into());
            Ok(vec![replace_entry(t, &items[0], &fields)?])
        })
    };
    // Block: at the keys' indentation, the armor a literal block; the
    // entry's comments go with it, every other byte stays.
    assert_eq!(
        replace(
            "---\nfeedback:\n  - date: 2026-11-02  # c\n    from: bob\n    note: \"a: b\"  # secret\n    private: true\n  - date: 2026-01-01\n---\n",
            "\"a: b\""
        ),
        "---\nfeedback:\n  - date: 2026-11-02\n    private: true\n    readers: [bob]\n    sealed: |\n      ARMOR\n      LINES\n  - date: 2026-01-01\n---\n"
    );
    // A block scalar's own line break ends the entry.
    assert_eq!(
        replace(
            "---\nfeedback:\n- date: 2026-11-02\n  from: bob\n  note: |\n    a: b\n- date: 2026-01-01\n---\n",
            "\"a: b\\n\""
        ),
        "---\nfeedback:\n- date: 2026-11-02\n  private: true\n  readers: [bob]\n  sealed: |\n    ARMOR\n    LINES\n- date: 2026-01-01\n---\n"
    );
    // The same in an indented list: the next entry's line, whose
    // indentation the block's span takes in, is not taken along.
    assert_eq!(
        replace(
            "---\nfeedback:\n  - date: 2026-11-02\n    from: bob\n    note: |\n      a: b\n  - date: 2026-01-01\n---\n",
            "\"a: b\\n\""
        ),
        "---\nfeedback:\n  - date: 2026-11-02\n    private: true\n    readers: [bob]\n    sealed: |\n      ARMOR\n      LINES\n  - date: 2026-01-01\n---\n"
    );
    // Flow: one flow mapping, the armor double-quoted.
    assert_eq!(
        replace(
            "---\nfeedback: [{date: 2026-11-02, from: bob, note: \"a: b\", private: true}]\n---\n",
            "\"a: b\""
        ),
        "---\nfeedback: [{date: 2026-11-02, private: true, readers: [bob], sealed: \"ARMOR\\nLINES\\n\"}]\n---\n"
    );
}

#[test]
fn values_read_back_as_written() {
    assert_eq!(scalar("bob-okafor"), "bob-okafor");
    assert_eq!(scalar("Give a talk"), "Give a talk");
    assert_eq!(scalar("yes"), "\"yes\"");
    assert_eq!(scalar("a: b # c"), "\"a: b # c\"");
    assert_eq!(scalar("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
    assert_eq!(scalar("42"), "\"42\"");
    for text in [
        "Give a talk",
        "yes",
        "a: b # c",
        "say \"hi\"\\ \n",
        "42",
        "- x",
        "[x]",
        "Zoë's 'talk'",
    ] {
        let yaml = format!("---\nk: {}\n---\n", scalar(text));
        let source = Source::new("a.md", yaml.clone());
        let root = crate::yaml::parse(&source, 4, yaml.len() - 4).unwrap();
        let (_, value) = field(&root, "k").unwrap();
        assert_eq!(value.value, Value::Str(text.to_owned()), "{text:?}");
    }
}
