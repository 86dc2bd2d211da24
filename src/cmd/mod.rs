//! One file per command. Each gets the parsed command line and the
//! process's output streams; process state (the working folder, the
//! environment, signal handlers, threads) is used here, never in the
//! library.

mod build;
mod check;
mod diff;
mod docs;
mod scaffold;
mod watch;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use mastery::check::{Diagnostic, Findings, Level, plural};
use mastery::cli::{Cli, Command, Deny};
use mastery::load::{GitTree, RecordSource, Skipped, WorkTree};
use mastery::model::Team;

/// Exit code: no error-level finding.
pub const SUCCESS: u8 = 0;
/// Exit code: findings at error level (or warnings under `--deny warnings`).
pub const FINDINGS: u8 = 1;
/// Exit code: usage, configuration or I/O error.
pub const FAILURE: u8 = 2;

/// Run `cli`, writing results to `out` and messages to `err`; returns the
/// process exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args, out, err),
        Command::Build(args) => build::run(&cli, args, out, err),
        Command::Diff(args) => diff::run(&cli, args, out, err),
        Command::Watch(args) => watch::watch(&cli, args, None, out, err),
        Command::Serve(args) => watch::serve(&cli, args, out, err),
        Command::Init { dir } => scaffold::init(&cli, dir, out),
        Command::New { id, dir, name } => scaffold::new_member(&cli, id, dir, name.as_deref(), out),
        Command::Rules => docs::rules(out),
        Command::Explain { rule } => docs::explain(rule, out),
        Command::Completions { shell } => docs::completions(*shell, out),
        Command::Man { command, out: dir } => docs::man(command.as_deref(), dir.as_deref(), out),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(err, "error: {error:#}");
            FAILURE
        }
    }
}

/// Where the records come from: the team folder, or with `--at REV` the
/// team as committed at REV (whose commit date is then the default as-of).
fn source(
    cli: &Cli,
    dir: &Path,
    at: Option<&str>,
    exclude: Option<&Path>,
) -> anyhow::Result<(Box<dyn RecordSource>, Option<jiff::civil::Date>)> {
    Ok(match at {
        None => (Box::new(WorkTree::new(dir, exclude)), cli.global.as_of),
        Some(rev) => {
            let tree = GitTree::open(dir, rev, exclude)?;
            let as_of = cli.global.as_of.or(Some(tree.committed));
            (Box::new(tree), as_of)
        }
    })
}

fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

fn exit_code(findings: &Findings, deny: Option<Deny>) -> u8 {
    let failed = findings.count(Level::Error) > 0
        || (deny == Some(Deny::Warnings) && findings.count(Level::Warning) > 0);
    if failed { FINDINGS } else { SUCCESS }
}

/// Findings for people: all of them and a summary line, or under
/// `--quiet` only the errors.
fn human(cli: &Cli, findings: &Findings, team: &Team) -> String {
    let shown: Vec<&Diagnostic> = findings
        .diagnostics
        .iter()
        .filter(|d| !cli.global.quiet || d.level == Level::Error)
        .collect();
    let mut text = mastery::check::render::human(shown, team);
    if !cli.global.quiet {
        text.push_str(&mastery::check::render::summary_line(findings));
        text.push('\n');
    }
    text
}

/// What opening a project read, and how long it took (under `--verbose`).
fn report_opened(
    cli: &Cli,
    opened: &mastery::project::Opened,
    findings: &Findings,
    dir: &Path,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    if !cli.global.quiet {
        report_skipped(&opened.skipped, dir, err)?;
    }
    if cli.global.verbose {
        writeln!(
            err,
            "note: read {} in {}; checked in {}",
            plural(findings.files as i64, "file"),
            millis(opened.read),
            millis(opened.checked)
        )?;
    }
    Ok(())
}

fn report_skipped(skipped: &[Skipped], dir: &Path, err: &mut dyn Write) -> anyhow::Result<()> {
    for entry in skipped {
        writeln!(
            err,
            "note: skipped `{}` in {}: {}",
            entry.path,
            dir.display(),
            entry.reason
        )?;
    }
    Ok(())
}

/// Free a large value off the critical path: freeing 100,000 records
/// takes longer than the rest of the exit, and the process need not wait.
fn discard<T: Send + 'static>(value: T) {
    // Should no thread start, the closure, and the value with it, is
    // dropped right here instead.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
