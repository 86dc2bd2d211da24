//! `--format github`: GitHub Actions workflow commands, one per finding,
//! and the Markdown step summary (GitHub shows only a few annotations per
//! step, so the summary lists them all).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::check::{Findings, Level};

/// One `::error file=…,line=…,col=…,title=<rule>::message` line per
/// finding. `prefix` turns team-relative paths into repository-relative
/// ones (the team folder as given on the command line).
pub fn github(findings: &Findings, prefix: &str) -> String {
    let mut out = String::new();
    for d in &findings.diagnostics {
        let command = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let mut properties = format!("file={}", property(&format!("{prefix}{}", d.path)));
        if let Some(p) = d.position {
            let _ = write!(properties, ",line={},col={}", p.line, p.column);
        }
        let _ = writeln!(
            out,
            "::{command} {properties},title={}::{}",
            property(d.rule.id),
            data(&super::with_help(d))
        );
    }
    out
}

/// The step summary: counts by rule, then every finding.
pub fn summary(findings: &Findings, prefix: &str) -> String {
    let mut out = format!("## mastery: {}\n\n", super::summary_line(findings));
    if findings.diagnostics.is_empty() {
        out.push_str("Every check passed.\n");
        return out;
    }
    let mut by_rule: BTreeMap<(Level, &str), usize> = BTreeMap::new();
    for d in &findings.diagnostics {
        *by_rule.entry((d.level, d.rule.id)).or_default() += 1;
    }
    out.push_str("| rule | level | findings |\n|---|---|---:|\n");
    for ((level, rule), n) in &by_rule {
        let _ = writeln!(out, "| `{rule}` | {} | {n} |", level.as_str());
    }
    out.push_str("\n### Findings\n\n");
    for d in &findings.diagnostics {
        let place = match d.position {
            Some(p) => format!("{prefix}{}:{}:{}", d.path, p.line, p.column),
            None => format!("{prefix}{}", d.path),
        };
        let help = d
            .help
            .as_ref()
            .map(|help| format!(" ({})", crate::printable::markdown(help)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{}** `{}` `{place}`: {}{help}",
            d.level.as_str(),
            d.rule.id,
            crate::printable::markdown(&d.message)
        );
    }
    out
}

/// Escape a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, check};

    #[test]
    fn one_command_per_finding_escaped() {
        let found = check(&[
            ("vision.md", VISION),
            (
                "a,b.md",
                "---\nname: A\nmanager: 100%\nstatus: leave\nstrengths: [x]\ngrowth_areas: [y]\n---\n",
            ),
        ]);
        let text = super::github(&found, "team/");
        assert_eq!(
            text.lines().next().unwrap(),
            "::error file=team/a%2Cb.md,line=3,col=10,title=unknown-member::manager `100%25` is not a member of the team"
        );
        assert!(
            text.contains("::warning file=team/vision.md,line=5,col=5,title=uncovered-outcome::")
        );
        assert_eq!(text.lines().count(), found.diagnostics.len());
    }
}
