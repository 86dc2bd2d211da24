//! What each request answers, on fixtures (rust-analyzer's
//! `check(fixture, expect)`): a team written as one text, files separated
//! by `//- path` lines, `$0` marking the cursor; the answer, said in a line
//! or a few, is held to an inline snapshot.

use std::path::Path;

use lsp_types as lsp;
use serde_json::{Value, json};

use super::{Context, Encoding, Team};

/// A small team: a vision with two outcomes, a framework, two members.
const TEAM: &str = "\
//- vision.md
---
team: Payments
statement: Pay safely
outcomes:
  - id: fast-checkout
    title: Fast checkout
    owner: ann
  - id: fraud-low
    title: Fraud kept low
---
//- frameworks/backend.md
---
name: backend
levels: 2
topics:
  - name: delivery
    content:
      - level: 1
        criteria: [Ships small changes]
---
//- bob.md
---
name: Bob Okafor
role: Manager
---
";

/// Write `fixture` (with [`TEAM`] before it) to a folder and open the team
/// as the server does; the file holding `$0` and the cursor's offset.
fn open(fixture: &str) -> (tempfile::TempDir, Team, String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let mut cursor = None;
    let text = format!("{TEAM}{fixture}");
    for file in text.split("//- ").filter(|f| !f.is_empty()) {
        let (path, body) = file.split_once('\n').unwrap();
        let body = match body.find("$0") {
            Some(at) => {
                cursor = Some((path.to_owned(), at));
                body.replacen("$0", "", 1)
            }
            None => body.to_owned(),
        };
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, body).unwrap();
    }
    let (path, offset) = cursor.expect("the fixture marks the cursor with $0");
    let (project, _) = super::open_team(&root, Some(jiff::civil::date(2026, 11, 27))).unwrap();
    let team = Team {
        head: super::HeadAt::now(&root),
        root,
        project,
        published: Default::default(),
    };
    (dir, team, path, offset)
}

/// Answer the request `handle` makes of the place `$0` marks, with
/// `extra` parameters besides the document and position; and the team's
/// root, for [`place`].
fn ask<P: serde::de::DeserializeOwned>(
    fixture: &str,
    extra: Value,
    handle: fn(&Context, P) -> super::Answer,
) -> (Value, std::path::PathBuf) {
    let (_dir, team, path, offset) = open(fixture);
    let source = team.source(&path).expect("the cursor is in a record");
    let position = Encoding::Utf16.position(source, offset);
    let uri = team.uri(&path).unwrap();
    let mut params = json!({
        "textDocument": {"uri": uri},
        "position": position,
        "range": {"start": position, "end": position},
    });
    if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
        params.extend(extra.clone());
    }
    let cx = Context {
        team: &team,
        path: &path,
        source,
        encoding: Encoding::Utf16,
        rename_files: false,
    };
    let answer = handle(&cx, serde_json::from_value(params).unwrap()).unwrap_or_else(|f| {
        panic!("the request failed: {}", f.1);
    });
    (answer, team.root.clone())
}

/// `path:line:column` of an LSP location (1-based, as `check` says it).
fn place(root: &Path, location: &Value) -> String {
    let uri = lsp::Url::parse(location["uri"].as_str().unwrap()).unwrap();
    let file = uri.to_file_path().unwrap();
    let start = &location["range"]["start"];
    format!(
        "{}:{}:{}",
        crate::paths::text(file.strip_prefix(root).unwrap()),
        start["line"].as_u64().unwrap() + 1,
        start["character"].as_u64().unwrap() + 1
    )
}

/// The labels of the completions offered at `$0`.
fn completions(fixture: &str) -> String {
    let (answer, _) = ask(fixture, json!({}), super::complete::completion);
    let items = answer["items"].as_array().cloned().unwrap_or_default();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    labels.join(" ")
}

#[test]
fn completion_offers_the_keys_and_values_valid_at_the_cursor() {
    let keys = completions("//- ann.md\n---\nname: Ann\nmen$0\n---\n");
    assert!(keys.split(' ').any(|k| k == "mentor"), "{keys}");
    insta::assert_snapshot!(
        completions("//- ann.md\n---\nname: Ann\nmanager: b$0\n---\n"),
        @"bob"
    );
    insta::assert_snapshot!(
        completions("//- ann.md\n---\nname: Ann\nobjectives:\n  - objective: Ship\n    outcome: $0\n---\n"),
        @"fast-checkout fraud-low"
    );
    insta::assert_snapshot!(
        completions("//- ann.md\n---\nname: Ann\nfeedback:\n  - date: 2026-11-01\n    kind: $0\n---\n"),
        @"praise growth one-on-one review"
    );
    insta::assert_snapshot!(
        completions("//- ann.md\n---\nname: Ann\ntrack: $0\n---\n"),
        @"backend"
    );
    insta::assert_snapshot!(
        completions("//- ann.md\n---\nname: Ann\ntrack: backend\nevidence:\n  - date: 2026-11-01\n    topic: $0\n---\n"),
        @"delivery"
    );
    // Not in the front matter: nothing.
    insta::assert_snapshot!(completions("//- ann.md\n---\nname: Ann\n---\nNotes $0\n"), @"");
}

#[test]
fn hover_says_who_or_what_an_id_is_and_what_a_finding_means() {
    let hover = |fixture: &str| {
        let (answer, _) = ask(fixture, json!({}), super::navigate::hover);
        answer["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    insta::assert_snapshot!(
        hover("//- ann.md\n---\nname: Ann\nmanager: b$0ob\n---\n"),
        @r"
    **Bob Okafor** (`bob`), Manager

    bob.md
    "
    );
    insta::assert_snapshot!(
        hover("//- ann.md\n---\nname: Ann\nobjectives:\n  - objective: Ship\n    outcome: fraud$0-low\n---\n"),
        @r"
    **Fraud kept low** (`fraud-low`)

    vision.md
    "
    );
    let finding = hover("//- ann.md\n---\nname: Ann\nmentr$0: bob\n---\n");
    assert!(finding.starts_with("**unknown-field**"), "{finding}");
}

#[test]
fn definition_and_references_go_where_the_ids_are() {
    let (answer, root) = ask(
        "//- ann.md\n---\nname: Ann\nobjectives:\n  - objective: Ship\n    outcome: fast$0-checkout\n---\n",
        json!({}),
        super::navigate::definition,
    );
    insta::assert_snapshot!(place(&root, &answer), @"vision.md:5:9");
    let (answer, root) = ask(
        "//- ann.md\n---\nname: Ann\nmanager: bob\n---\n//- cy.md\n---\nname: Cy\nmanager: b$0ob\nmentor: bob\n---\n",
        json!({"context": {"includeDeclaration": true}}),
        super::navigate::references,
    );
    let places: Vec<String> = answer
        .as_array()
        .unwrap()
        .iter()
        .map(|l| place(&root, l))
        .collect();
    insta::assert_snapshot!(places.join(" "), @"bob.md:1:1 ann.md:3:10 cy.md:3:10 cy.md:4:9");
}

#[test]
fn code_actions_are_the_findings_fixes_and_allowing_one_here() {
    let titles = |fixture: &str| {
        let context = json!({"context": {"diagnostics": []}});
        let (answer, _) = ask(fixture, context, super::actions::code_actions);
        let actions = answer.as_array().cloned().unwrap_or_default();
        let titles: Vec<String> = (actions.iter())
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect();
        titles.join("\n")
    };
    insta::assert_snapshot!(
        titles("//- ann.md\n---\nname: Ann\nfeedback:\n  - date: 2026-11-01\n    kind: one o$0n one\n---\n"),
        @r"
    Replace `one on one` with `one-on-one`
    Allow `invalid-field` here, with a reason (write it after `--`)
    Add feedback dated today
    "
    );
    insta::assert_snapshot!(
        titles("//- ann.md\n---\nname: Ann\nobjectives:\n  - objective: Ship\n    outcome: fast-chekout$0\n---\n"),
        @r"
    Replace `fast-chekout` with `fast-checkout`
    Allow `unknown-outcome` here, with a reason (write it after `--`)
    Add feedback dated today
    "
    );
}

#[test]
fn rename_changes_every_place_an_outcome_is_named() {
    let (answer, _) = ask(
        "//- ann.md\n---\nname: Ann\nobjectives:\n  - objective: Ship\n    outcome: fraud$0-low\n---\n",
        json!({"newName": "fraud-down"}),
        super::navigate::rename,
    );
    let changes = answer["changes"].as_object().unwrap();
    let mut edits: Vec<String> = changes
        .iter()
        .flat_map(|(uri, edits)| {
            let file = uri.rsplit('/').next().unwrap().to_owned();
            (edits.as_array().unwrap().iter()).map(move |e| {
                let start = &e["range"]["start"];
                format!(
                    "{file}:{} {}",
                    start["line"].as_u64().unwrap() + 1,
                    e["newText"].as_str().unwrap()
                )
            })
        })
        .collect();
    edits.sort();
    insta::assert_snapshot!(edits.join("\n"), @r"
    ann.md:5 fraud-down
    vision.md:8 fraud-down
    ");
}
