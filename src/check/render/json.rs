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
