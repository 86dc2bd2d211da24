//! Tests of `changes`.

use super::*;

fn member(text: &str) -> std::sync::Arc<Member> {
    let (record, node) = crate::load::parse_record("a.md".into(), text.as_bytes().to_vec());
    match crate::load::Entry::new(record, node, &crate::load::Layout::default()) {
        crate::load::Entry::Member(member) => member,
        _ => panic!("a member"),
    }
}

fn changes(before: &str, after: &str) -> Vec<Change> {
    let mut out = Vec::new();
    member_changes("a", &member(before), &member(after), &[], &mut out);
    out
}

#[test]
fn objective_progress_is_a_change_of_its_own() {
    let at = |progress: &str, status: &str| {
        format!(
            "---\nname: A\nobjectives:\n  - objective: Ship\n    outcome: o\n    status: {status}\n{progress}---\n"
        )
    };
    let found = changes(
        &at("    progress: 20\n", "on-track"),
        &at("    progress: 60\n", "at-risk"),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].kind, &found[0].from, &found[0].to),
        ("objective-progress", &20.into(), &60.into())
    );
    // Done says done, whatever the progress did.
    let found = changes(
        &at("    progress: 20\n", "on-track"),
        &at("    progress: 100\n", "done"),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, "objective-done");
    // No progress before: from null.
    let found = changes(&at("", "on-track"), &at("    progress: 10\n", "on-track"));
    assert_eq!(
        (found[0].kind, &found[0].from),
        ("objective-progress", &Value::Null)
    );
}

#[test]
fn feedback_given_carries_its_parts_unless_private() {
    let before = "---\nname: A\n---\n";
    let after = "---\nname: A\nfeedback:\n  - date: 2026-09-02\n    from: bo\n    kind: growth\n  - date: 2026-09-03\n    from: cy\n    kind: praise\n    private: true\n---\n";
    let found = serde_json::to_value(changes(before, after)).unwrap();
    assert_eq!(found[0]["date"], "2026-09-02");
    assert_eq!(
        (&found[0]["author"], &found[0]["entry_kind"]),
        (&"bo".into(), &"growth".into())
    );
    assert_eq!(found[1]["what"], "2026-09-03 private feedback");
    assert_eq!(found[1]["date"], "2026-09-03");
    assert!(found[1].get("author").is_none() && found[1].get("entry_kind").is_none());
}
