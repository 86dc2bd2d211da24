//! A finding: which rule, how serious, where, and what to say.

use super::Rule;
use crate::level::Level;
use crate::source::{Position, Source, Span};

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
    /// What fixes it, when the rule knows: `check --fix` makes the safe
    /// ones, the JSON and SARIF outputs carry them, and the language
    /// server offers them as code actions.
    pub fix: Option<Fix>,
}

/// A finding's fix: edits to its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for a person ("replace `fast-serch` with
    /// `fast-search`").
    pub title: String,
    /// The edits, in the finding's file.
    pub edits: Vec<Edit>,
    /// Certain to be what was meant (`check --fix` makes it); else only
    /// offered.
    pub safe: bool,
    /// Inside a private entry: its title and edits would tell the entry's
    /// author or words, so outputs show neither (`check --fix` still
    /// makes it).
    pub private: bool,
}

/// One edit: the text at `span` replaced by `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// What is replaced.
    pub span: Span,
    /// Where it starts.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
    /// The new text.
    pub text: String,
}

impl Edit {
    /// Replace `span` of `source` by `text`.
    pub fn new(source: &Source, span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            start: source.position(span.start),
            end: source.position(span.start + span.len),
            text: text.into(),
        }
    }
}

impl Diagnostic {
    /// Add a specific hint, shown under the finding in human output.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Add the fix that writes `new` for the value `old` written at
    /// `span` (in the quotes it was written with), when it can be written
    /// so; `safe` when it is certainly what was meant.
    pub fn replace_value(
        &mut self,
        source: &Source,
        span: Span,
        old: &str,
        new: &str,
        safe: bool,
    ) -> &mut Self {
        let written = source
            .text
            .get(span.start..span.start + span.len)
            .unwrap_or_default();
        if let Some(text) = crate::yaml::renamed_scalar(written, old, new) {
            self.fix(
                source,
                format!("replace `{old}` with `{new}`"),
                span,
                text,
                safe,
            );
        }
        self
    }

    /// Add the fix that replaces `span` of `source` by `text`; `safe` when
    /// it is certainly what was meant.
    pub fn fix(
        &mut self,
        source: &Source,
        title: impl Into<String>,
        span: Span,
        text: impl Into<String>,
        safe: bool,
    ) -> &mut Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits: vec![Edit::new(source, span, text)],
            safe,
            private: false,
        });
        self
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
