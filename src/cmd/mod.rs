//! One file per command. Each gets the parsed command line and the
//! process's output streams; process state (the working folder, the
//! environment, signal handlers, threads) is used here, never in the
//! library.

mod build;
mod check;
mod diff;
mod docs;
mod evidence;
mod export;
mod lsp;
mod purge;
mod record;
mod rename;
mod scaffold;
mod seal;
mod watch;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{Cli, Command, Deny};
use mastery::check::{Diagnostic, Findings, Level};
use mastery::history::History;
use mastery::load::{Repo, Skipped};
use mastery::model::Team;
use mastery::project::Project;
use mastery::words::plural;

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
        Command::Lsp { .. } => lsp::run(out),
        Command::Init {
            dir,
            sub,
            lead,
            framework,
        } => scaffold::init(&cli, dir, *sub, lead.as_deref(), *framework, out),
        Command::New(args) => scaffold::new_member(&cli, args, out),
        Command::Export(args) => export::run(&cli, args, out, err),
        Command::OneOnOne(args) => export::one_on_one(&cli, args, out, err),
        Command::Packet(args) => export::packet(&cli, args, out, err),
        Command::Log(command) => record::log(&cli, command, out, err),
        Command::Seal { dir } => seal::seal(&cli, dir, out),
        Command::Reseal { dir, all, identity } => seal::reseal(&cli, dir, *all, identity, out),
        Command::Unseal { id, dir, identity } => seal::unseal(&cli, id, dir, identity, out, err),
        Command::Goal(args) => record::goal(&cli, args, out),
        Command::Evidence(args) => evidence::evidence(&cli, args, out),
        Command::Rename { old, new, dir } => rename::rename(&cli, old, new, dir, out, err),
        Command::Objective(args) => record::objective(&cli, args, out),
        Command::PurgeText { dir, out: file } => purge::run(&cli, dir, file, out, err),
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

/// A project opened for `check` or `build`, and what history gave it.
struct Opened {
    project: Project,
    opened: mastery::project::Opened,
    /// The team's history, when it is in a git repository with commits
    /// (and `--no-history` is not given).
    history: Option<(History, Arc<Repo>)>,
}

/// Open the team ([`mastery::open`]): from the team folder, or with `--at
/// REV` as committed at REV (whose commit date is then the default
/// as-of); checked with the dates its history vouches for unless
/// `no_history`. A history that cannot be read is a warning, never a
/// failure; what was read is a note under `--verbose`.
fn open(
    cli: &Cli,
    dir: &Path,
    at: Option<&str>,
    exclude: Option<&Path>,
    no_history: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Opened> {
    let request = mastery::open::Request {
        dir,
        at,
        exclude,
        config: cli.global.config.as_deref(),
        as_of: cli.global.as_of,
        history: !no_history,
    };
    let opened = mastery::open::open(&request)?;
    for warning in &opened.warnings {
        writeln!(err, "warning: {warning}")?;
    }
    if cli.global.verbose {
        for note in &opened.notes {
            writeln!(err, "note: {note}")?;
        }
    }
    Ok(Opened {
        project: opened.project,
        opened: opened.read,
        history: opened.history,
    })
}

/// The team at `dir` as its records read, without the history: what the
/// record commands, `seal` and `diff`'s work tree need.
fn open_records(
    cli: &Cli,
    dir: &Path,
    as_of: Option<jiff::civil::Date>,
) -> anyhow::Result<Project> {
    let request = mastery::open::Request {
        dir,
        at: None,
        exclude: None,
        config: cli.global.config.as_deref(),
        as_of,
        history: false,
    };
    Ok(mastery::open::open(&request)?.project)
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
/// `--quiet` only those that fail the run (errors, and warnings under
/// `--deny warnings`), so a failing run always says why.
fn human(cli: &Cli, findings: &Findings, team: &Team, dir: &Path, deny: Option<Deny>) -> String {
    let fails =
        |level| level == Level::Error || (level == Level::Warning && deny == Some(Deny::Warnings));
    let shown: Vec<&Diagnostic> = findings
        .diagnostics
        .iter()
        .filter(|d| !cli.global.quiet || fails(d.level))
        .collect();
    let mut text = mastery::check::render::human(shown, team, &folder_prefix(dir));
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

/// The index of the member with id `id` in `team` (read from `dir`).
fn member_index(team: &Team, id: &str, dir: &Path) -> anyhow::Result<usize> {
    team.members
        .iter()
        .position(|m| m.id == id)
        .ok_or_else(|| no_member(id, team.members.iter().map(|m| m.id.as_str()), dir))
}

/// "no member `alic` in `team`; did you mean `alice`?"
fn no_member<'a>(id: &str, ids: impl IntoIterator<Item = &'a str>, dir: &Path) -> anyhow::Error {
    let hint = mastery::suggest::did_you_mean(id, ids)
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    anyhow::anyhow!(
        "no member `{id}` in `{}`{hint} (ids are file names without `.md`)",
        dir.display()
    )
}

/// Refuse, before reading anything, a folder that is clearly not a team
/// folder ([`mastery::open::team_folder`]).
fn team_folder(dir: &Path) -> anyhow::Result<()> {
    Ok(mastery::open::team_folder(dir)?)
}

/// The team folder `dir` as a prefix for the paths of its files, spelt from
/// the working folder (`my-team/`; nothing for `.`), so that a path shown
/// opens from where the command ran, and CI tools find it in the checkout.
fn folder_prefix(dir: &Path) -> String {
    let dir = match std::env::current_dir() {
        Ok(cwd) if dir.is_absolute() => dir.strip_prefix(cwd).unwrap_or(dir),
        _ => dir,
    };
    let mut prefix = String::new();
    for component in dir.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::RootDir => prefix.push('/'),
            part => {
                prefix.push_str(&part.as_os_str().to_string_lossy());
                prefix.push('/');
            }
        }
    }
    prefix
}

/// Print text that holds record text, the one way commands do: a control
/// or invisible character a record holds (a terminal escape in a name) is
/// shown escaped, never obeyed. (Findings go through their renderer,
/// which escapes the same way.)
fn print(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    out.write_all(mastery::printable::printable_lines(text).as_bytes())
}
