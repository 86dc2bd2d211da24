//! Printing findings: rustc-style text for people, JSON for programs,
//! workflow commands and a step summary for GitHub Actions, SARIF for
//! code-scanning tools.

mod github;
mod human;
mod json;
mod sarif;
mod statistics;

pub use github::{github, summary as github_summary};
pub use human::{human, summary_line};
pub use json::{diagnostics_json, json};
pub use sarif::sarif;
pub use statistics::statistics;

/// The message, and its help on a line of its own when there is one (for
/// formats with no place of their own for it).
fn with_help(d: &crate::check::Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}
