//! rustc-style findings: `warning[rule]: message`, `--> path:line:col`,
//! the source line with a caret, and a help line.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level as Severity, Origin, Renderer, Snippet};

use crate::check::{Diagnostic, Findings, Level};
use crate::model::Team;
use crate::printable::printable;
use crate::source::Source;
use crate::words::plural;

/// The findings, styled (colour is stripped by the caller's stream when
/// not wanted), each followed by a blank line.
///
/// Each path is shown after `prefix`, the team folder as the command was
/// given it (`my-team/`), so that it opens from where the command ran.
pub fn human<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    team: &Team,
    prefix: &str,
) -> String {
    let sources: HashMap<&str, &Source> = (team.records())
        .map(|r| (r.source.path.as_str(), &r.source))
        .collect();
    let renderer = Renderer::styled();
    let mut text = String::new();
    // The lines of each file that hold a secret key, found when a finding
    // first points into the file.
    let mut secret_lines: HashMap<&str, Vec<usize>> = HashMap::new();
    for diagnostic in diagnostics {
        // A finding inside a private feedback entry names its place, but
        // the line (its author, kind or note) is not shown; nor is a line
        // that holds a secret key.
        let private = diagnostic.span.is_some_and(|span| {
            team.member_at(&diagnostic.path)
                .is_some_and(|i| team.members[i].is_private_at(span.start))
        });
        let secret = diagnostic.position.is_some_and(|position| {
            let path = diagnostic.path.as_str();
            let lines = secret_lines.entry(path).or_insert_with(|| {
                (sources.get(path)).map_or_else(Vec::new, |s| crate::secret::hidden_lines(&s.text))
            });
            lines.binary_search(&position.line).is_ok()
        });
        let private = private || secret;
        let source = sources
            .get(diagnostic.path.as_str())
            .copied()
            .filter(|_| !private);
        text.push_str(&renderer.render(&[group(diagnostic, source, prefix)]));
        text.push_str("\n\n");
    }
    text
}

/// The closing line: counts, files and the as-of date.
pub fn summary_line(findings: &Findings) -> String {
    let counts: Vec<String> = [
        (Level::Error, "error"),
        (Level::Warning, "warning"),
        (Level::Note, "note"),
    ]
    .into_iter()
    .filter_map(|(level, word)| {
        let n = findings.count(level) as i64;
        (n > 0).then(|| plural(n, word))
    })
    .collect();
    let counts = if counts.is_empty() {
        "no findings".to_owned()
    } else {
        counts.join(", ")
    };
    format!(
        "{counts} in {} ({}), as of {}",
        plural(findings.files as i64, "file"),
        plural(findings.members as i64, "member"),
        findings.as_of
    )
}

fn group<'a>(d: &'a Diagnostic, source: Option<&'a Source>, prefix: &str) -> Group<'a> {
    let severity = match d.level {
        Level::Error => Severity::ERROR,
        Level::Warning => Severity::WARNING,
        Level::Note => Severity::NOTE,
    };
    let title = severity.primary_title(d.message.as_str()).id(d.rule.id);
    // A file name can hold terminal escapes too.
    let path = printable(&format!("{prefix}{}", d.path)).into_owned();
    let group = match (source, d.position, d.span) {
        (Some(source), Some(position), Some(span)) => {
            let line = source.line_text(position.line);
            let start = span
                .start
                .saturating_sub(source.line_start(position.line))
                .min(line.len());
            let end = (start + span.len).min(line.len());
            let (line, start, end) = visible(line, start, end);
            title.element(
                Snippet::source(line)
                    .line_start(position.line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        (_, Some(position), _) => title.element(
            Origin::path(path)
                .line(position.line)
                .char_column(position.column),
        ),
        _ => title.element(Origin::path(path)),
    };
    let help = d.help.as_deref().unwrap_or(d.rule.fix);
    group.element(Severity::HELP.message(help))
}

/// A source line with its control characters (which a terminal would
/// obey) shown as their Unicode pictures, and the byte range moved to match.
fn visible(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    if !line.chars().any(|c| c.is_control() && c != '\t') {
        return (line.to_owned(), start, end);
    }
    let (mut text, mut new_start, mut new_end) = (String::with_capacity(line.len()), 0, 0);
    for (at, c) in line.char_indices() {
        if at == start {
            new_start = text.len();
        }
        if at == end {
            new_end = text.len();
        }
        match c {
            '\u{0}'..='\u{1f}' if c != '\t' => {
                text.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => text.push('\u{2421}'),
            c if c.is_control() => text.push('\u{fffd}'),
            c => text.push(c),
        }
    }
    if end >= line.len() {
        new_end = text.len();
    }
    if start >= line.len() {
        new_start = text.len();
    }
    (text, new_start, new_end.max(new_start))
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, check};

    #[test]
    fn reads_like_rustc() {
        let files = [
            ("vision.md", VISION),
            (
                "a.md",
                "---\nname: A\nmanager: bobb\nstatus: leave\nstrengths: [x]\ngrowth_areas: [y]\n---\n",
            ),
        ];
        let found = check(&files);
        let team_files =
            files.map(|(p, t)| crate::load::parse_record(p.into(), t.as_bytes().to_vec()));
        let team = crate::load::assemble(team_files);
        let text =
            anstream::adapter::strip_str(&super::human(&found.diagnostics, &team, "")).to_string();
        assert!(
            text.starts_with(
                "error[unknown-member]: manager `bobb` is not a member of the team\n \
                 --> a.md:3:10\n  |\n3 | manager: bobb\n  |          ^^^^\n"
            ),
            "{text}"
        );
        assert_eq!(
            super::summary_line(&found),
            "1 error, 2 warnings in 2 files (1 member), as of 2026-11-27"
        );
    }
}
