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

/// A framework in the shape published frameworks use (keys of their own,
/// emoji titles, quoted strings): levels 1 to 3, topics `communication`
/// and `delivery`.
pub const FRAMEWORK: &str = r#"---
path: "/backend"
title: "Backend 🛠️ engineering"
sidebar: true
levels: 3
homepage: false
topics:
  - name: "communication"
    title: "💬 Communication"
    content:
      - level: 1
        criteria:
          - "Provides regular status updates to their mentor"
      - level: 2
        criteria:
          - Accepts feedback graciously
          - Accepts responsibility for mistakes
        exampleCriteria:
          - criteria: "Gives actionable feedback in code reviews"
            examples: ["Suggests an alternative and says why"]
  - name: delivery
    title: 🚚 Delivery
    content:
      - level: 2
        criteria: [Ships small changes often]
---
Free Markdown notes.
"#;

/// Check `files` (path, text) with the default configuration.
pub fn check(files: &[(&str, &str)]) -> super::Findings {
    check_with(files, &Config::default())
}

/// The team of `files` (path, text).
pub fn team(files: &[(&str, &str)]) -> crate::model::Team {
    team_with(files, &Config::default())
}

/// The team of `files` (path, text), read as `config` says.
fn team_with(files: &[(&str, &str)], config: &Config) -> crate::model::Team {
    let mut files = files.to_vec();
    files.sort();
    let mut team = crate::model::Team::default();
    for (path, text) in files {
        let (record, node) = load::parse_record(path.to_string(), text.as_bytes().to_vec());
        load::put(&mut team, record, node, &config.layout);
    }
    team
}

/// Check `files` with a configuration.
pub fn check_with(files: &[(&str, &str)], config: &Config) -> super::Findings {
    super::check(&team_with(files, config), config, AS_OF)
}

/// One rule's findings for `files`, as `path:line:column: message`.
pub fn findings(rule: &str, files: &[(&str, &str)]) -> Vec<String> {
    findings_of(&team(files), rule)
}

/// One rule's findings for `files` read and checked with `config`.
pub fn findings_with(rule: &str, files: &[(&str, &str)], config: &Config) -> Vec<String> {
    listed(check_with(files, config), rule)
}

/// One rule's findings for a team, as `path:line:column: message`.
pub fn findings_of(team: &crate::model::Team, rule: &str) -> Vec<String> {
    listed(super::check(team, &Config::default(), AS_OF), rule)
}

/// One rule's findings, as `path:line:column: message`.
fn listed(findings: super::Findings, rule: &str) -> Vec<String> {
    findings
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
