//! A finding: which rule, how serious, where, and what to say.

use super::Rule;
use crate::level::Level;
use crate::source::{Position, Span};

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static Rule,
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
    /// For a coming finding ([`super::Findings::coming`]), the day it comes.
    pub due: Option<jiff::civil::Date>,
}

impl Diagnostic {
    /// Add a specific hint, shown under the finding in human output.
    pub fn help(&mut self, help: impl Into<String>) {
        self.help = Some(help.into());
    }

    /// Its message as two findings are compared by: for a rule whose
    /// findings move with the date, every number is `#` (the days counted,
    /// the dates counted from), so the same finding a day later is the
    /// same.
    pub fn same_message(&self) -> std::borrow::Cow<'_, str> {
        if !self.rule.dated || !self.message.contains(|c: char| c.is_ascii_digit()) {
            return std::borrow::Cow::Borrowed(&self.message);
        }
        let mut masked = String::with_capacity(self.message.len());
        let mut digits = false;
        for c in self.message.chars() {
            match (c.is_ascii_digit(), digits) {
                (true, true) => {}
                (true, false) => masked.push('#'),
                (false, _) => masked.push(c),
            }
            digits = c.is_ascii_digit();
        }
        std::borrow::Cow::Owned(masked)
    }
}
