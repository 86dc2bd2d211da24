//! Helpers for rule tests: check in-memory files and list one rule's
//! findings as `path:line:column: message`.

use jiff::civil::{Date, date};

use crate::config::Config;
use crate::load;

/// The as-of date rule tests use.
pub const AS_OF: Date = date(2026, 11, 27);

/// A vision with two outcomes, `fast` and `safe`.
pub const VISION: &str = "---
team: Payments
statement: Pay in one tap.
outcomes:
  - id: fast
    title: Fast checkout
  - id: safe
    title: Safe payments
---
";

/// Check `files` (path, text) with the default configuration.
pub fn check(files: &[(&str, &str)]) -> super::Findings {
    check_with(files, &Config::default())
}

/// The team of `files` (path, text).
pub fn team(files: &[(&str, &str)]) -> crate::model::Team {
    let mut files = files.to_vec();
    files.sort();
    load::assemble(
        files
            .iter()
            .map(|(path, text)| load::parse_record(path.to_string(), text.as_bytes().to_vec())),
    )
}

/// Check `files` with a configuration.
pub fn check_with(files: &[(&str, &str)], config: &Config) -> super::Findings {
    super::check(&team(files), config, AS_OF)
}

/// One rule's findings for `files`, as `path:line:column: message`.
pub fn findings(rule: &str, files: &[(&str, &str)]) -> Vec<String> {
    findings_of(&team(files), rule)
}

/// One rule's findings for a team, as `path:line:column: message`.
pub fn findings_of(team: &crate::model::Team, rule: &str) -> Vec<String> {
    super::check(team, &Config::default(), AS_OF)
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == rule)
        .map(|d| match d.position {
            Some(p) => format!("{}:{}:{}: {}", d.path, p.line, p.column, d.message),
            None => format!("{}: {}", d.path, d.message),
        })
        .collect()
}

/// One rule's help lines for `files`, as `path:line:column: help`.
pub fn helps(rule: &str, files: &[(&str, &str)]) -> Vec<String> {
    super::check(&team(files), &Config::default(), AS_OF)
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == rule)
        .filter_map(|d| {
            let p = d.position?;
            Some(format!(
                "{}:{}:{}: {}",
                d.path,
                p.line,
                p.column,
                d.help.as_ref()?
            ))
        })
        .collect()
}
