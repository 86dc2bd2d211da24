//! A finding: which rule, how serious, where, and what to say.

use serde::Serialize;

use crate::source::{Position, Span};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the check (exit 1).
    Error,
    /// Should be looked at; fails only under `--deny warnings`.
    Warning,
    /// For information.
    Note,
}

impl Level {
    /// The word used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    /// Parse a configured level; `Ok(None)` is `allow` (rule off).
    pub fn parse_setting(word: &str) -> Result<Option<Level>, String> {
        match word {
            "error" => Ok(Some(Level::Error)),
            "warning" => Ok(Some(Level::Warning)),
            "note" => Ok(Some(Level::Note)),
            "allow" => Ok(None),
            _ => Err(format!(
                "`{word}` is not a level; use \"error\", \"warning\", \"note\" or \"allow\""
            )),
        }
    }
}

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's id.
    pub rule: &'static str,
    /// Its level after configuration.
    pub level: Level,
    /// The file, relative to the team root with `/` separators.
    pub path: String,
    /// Where in the file (bytes), when the finding has a place.
    pub span: Option<Span>,
    /// The same place as line and column.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// A specific hint (a suggestion) for human output.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Add a specific hint, shown under the finding in human output.
    pub fn help(&mut self, help: impl Into<String>) {
        self.help = Some(help.into());
    }
}
