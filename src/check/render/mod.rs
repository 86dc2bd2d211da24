//! Printing findings: rustc-style text for people, JSON for programs,
//! workflow commands and a step summary for GitHub Actions, SARIF for
//! code-scanning tools.

mod github;
mod human;
mod json;
mod sarif;

pub use github::{github, summary as github_summary};
pub use human::{human, summary_line};
pub use json::{diagnostics_json, json};
pub use sarif::sarif;
