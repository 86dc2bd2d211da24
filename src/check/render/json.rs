//! `--format json`: one document, the shape docs/json.md describes.

use serde::Serialize;

use crate::check::{Diagnostic, Findings, Level};

#[derive(Serialize)]
struct Document<'a> {
    as_of: String,
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    level: Level,
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    /// What it probably should be ("did you mean `x`?"), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// What fixes it, when the rule knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixEntry<'a>>,
}

/// A finding's fix: its edits (1-based lines and columns, the end just
/// past the text replaced) and whether `check --fix` makes it.
#[derive(Serialize)]
struct FixEntry<'a> {
    message: &'a str,
    safe: bool,
    edits: Vec<EditEntry<'a>>,
}

#[derive(Serialize)]
struct EditEntry<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
}

/// A fix as the JSON output writes it; a fix inside a private entry only
/// says that one is there.
fn fix_entry(fix: &crate::check::Fix) -> FixEntry<'_> {
    if fix.private {
        return FixEntry {
            message: "a certain fix inside a private entry (not shown): `check --fix` makes it",
            safe: fix.safe,
            edits: Vec::new(),
        };
    }
    FixEntry {
        message: &fix.title,
        safe: fix.safe,
        edits: (fix.edits.iter())
            .map(|e| EditEntry {
                line: e.start.line,
                column: e.start.column,
                end_line: e.end.line,
                end_column: e.end.column,
                text: &e.text,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    members: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

/// A finding as the JSON output writes it.
fn entry(d: &Diagnostic) -> Entry<'_> {
    Entry {
        rule: d.rule.id,
        level: d.level,
        path: &d.path,
        line: d.position.map(|p| p.line),
        column: d.position.map(|p| p.column),
        message: &d.message,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(fix_entry),
    }
}

/// Findings as the JSON output's diagnostic objects (for documents that
/// embed them, such as `diff --format json`).
pub fn diagnostics_json(diagnostics: &[Diagnostic]) -> Vec<impl Serialize + '_> {
    diagnostics.iter().map(entry).collect()
}

/// The findings as a pretty-printed JSON document with a trailing newline.
pub fn json(findings: &Findings) -> String {
    let document = Document {
        as_of: findings.as_of.to_string(),
        diagnostics: findings.diagnostics.iter().map(entry).collect(),
        summary: Summary {
            files: findings.files,
            members: findings.members,
            errors: findings.count(Level::Error),
            warnings: findings.count(Level::Warning),
            notes: findings.count(Level::Note),
        },
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use crate::check::testing::check;

    #[test]
    fn matches_the_spec_shape() {
        let found = check(&[(
            "a.md",
            "---\nname: A\nstatus: leave\nstrengths: [x]\ngrowth_areas: [y]\n---\n",
        )]);
        let value: serde_json::Value = serde_json::from_str(&super::json(&found)).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "as_of": "2026-11-27",
                "diagnostics": [{
                    "rule": "missing-vision", "level": "error", "path": "vision.md",
                    "line": null, "column": null, "message": "no vision.md at the team root"
                }],
                "summary": {"files": 1, "members": 1, "errors": 1, "warnings": 0, "notes": 0}
            })
        );
    }
}
