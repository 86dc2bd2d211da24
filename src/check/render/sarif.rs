//! `--format sarif`: SARIF 2.1.0 for code-scanning tools, with the rule
//! registry and each finding's physical location.

use serde_json::{Value, json};

use crate::check::{Findings, Level, rules};

/// The SARIF log as pretty-printed JSON with a trailing newline. `prefix`
/// turns team-relative paths into repository-relative URIs.
pub fn sarif(findings: &Findings, prefix: &str) -> String {
    let rules: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "help": {"text": rule.fix},
                "defaultConfiguration": {"level": level(rule.level)},
                "properties": {"tags": [if rule.cadence { "cadence" } else { "record" }]},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .diagnostics
        .iter()
        .map(|d| {
            let mut location =
                json!({"artifactLocation": {"uri": uri(&format!("{prefix}{}", d.path))}});
            if let Some(p) = d.position {
                location["region"] = json!({"startLine": p.line, "startColumn": p.column});
            }
            let uri_of = uri(&format!("{prefix}{}", d.path));
            let mut result = json!({
                "ruleId": d.rule.id,
                "ruleIndex": rules::ALL.iter().position(|r| std::ptr::eq(r, d.rule)),
                "level": level(d.level),
                // SARIF has no per-result help: it follows the message.
                "message": {"text": super::with_help(d)},
                "locations": [{"physicalLocation": location}],
            });
            // A fix inside a private entry would tell its author or words.
            if let Some(fix) = d.fix.as_ref().filter(|f| !f.private) {
                let replacements: Vec<Value> = (fix.edits.iter())
                    .map(|e| {
                        json!({
                            "deletedRegion": {
                                "startLine": e.start.line,
                                "startColumn": e.start.column,
                                "endLine": e.end.line,
                                "endColumn": e.end.column,
                            },
                            "insertedContent": {"text": e.text},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri_of},
                        "replacements": replacements,
                    }],
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mastery",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serialises");
    text.push('\n');
    text
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// A relative path as a URI reference: each segment percent-encoded.
fn uri(path: &str) -> String {
    path.split('/')
        .map(crate::url::encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}
