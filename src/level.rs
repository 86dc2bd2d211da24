//! How serious a finding is: the one word rules, configuration and output
//! share. A leaf: it knows no other module.

use serde::Serialize;

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
