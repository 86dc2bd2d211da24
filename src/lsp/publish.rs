//! Publishing findings: what changed goes out, as the protocol carries a
//! finding.

use std::collections::BTreeSet;

use lsp_types::{self as lsp, Url};

use super::Server;
use super::position::Encoding;
use crate::check::{Diagnostic, Level};
use crate::project::Applied;
use crate::source::Source;

impl Server<'_> {
    /// Send the findings of every file of team `index` that has some, or
    /// had.
    pub(super) fn publish_all(&mut self, index: usize) -> std::io::Result<()> {
        let team = &self.teams[index];
        let found = team
            .project
            .findings
            .diagnostics
            .iter()
            .map(|d| d.path.clone());
        let paths: BTreeSet<String> = found.chain(team.published.iter().cloned()).collect();
        self.publish(index, paths)
    }

    /// Send the findings of the files a change touched or changed the
    /// findings of.
    pub(super) fn publish_applied(
        &mut self,
        index: usize,
        applied: &Applied,
    ) -> std::io::Result<()> {
        let changed = (applied.new.iter().chain(&applied.resolved)).map(|d| d.path.clone());
        let paths: BTreeSet<String> = applied.touched.iter().cloned().chain(changed).collect();
        self.publish(index, paths)
    }

    fn publish(&mut self, index: usize, paths: BTreeSet<String>) -> std::io::Result<()> {
        for path in paths {
            let team = &mut self.teams[index];
            let found = team.project.findings.of_path(&path);
            if found.is_empty() && !team.published.remove(&path) {
                continue;
            }
            if !found.is_empty() {
                team.published.insert(path.clone());
            }
            let Some(uri) = team.uri(&path) else { continue };
            let source = team.source(&path);
            let diagnostics = (found.iter())
                .map(|d| diagnostic(d, source, self.encoding, &uri))
                .collect();
            let params = lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            self.notify("textDocument/publishDiagnostics", params)?;
        }
        Ok(())
    }
}

/// A finding as the protocol carries it: the rule's id as its code, the
/// suggestion and the rule's fix as related text.
fn diagnostic(
    found: &Diagnostic,
    source: Option<&Source>,
    encoding: Encoding,
    uri: &Url,
) -> lsp::Diagnostic {
    let range = match (found.span, source) {
        (Some(span), Some(source)) => encoding.range(source, span),
        _ => lsp::Range::default(),
    };
    let related = |message: String| lsp::DiagnosticRelatedInformation {
        location: lsp::Location::new(uri.clone(), range),
        message,
    };
    let mut notes: Vec<_> = found.help.iter().map(|h| related(h.clone())).collect();
    notes.push(related(format!("fix: {}", found.rule.fix)));
    lsp::Diagnostic {
        range,
        severity: Some(match found.level {
            Level::Error => lsp::DiagnosticSeverity::ERROR,
            Level::Warning => lsp::DiagnosticSeverity::WARNING,
            Level::Note => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(found.rule.id.into())),
        source: Some("mastery".into()),
        message: found.message.clone(),
        related_information: Some(notes),
        ..Default::default()
    }
}
