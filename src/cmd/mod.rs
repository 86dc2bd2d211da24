//! One file per command. Each gets the parsed command line and the
//! process's output streams; process state (the working folder, the
//! environment, signal handlers, threads) is used here, never in the
//! library.

mod build;
mod check;
mod diff;
mod docs;
mod export;
mod lsp;
mod purge;
mod record;
mod scaffold;
mod seal;
mod watch;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mastery::check::{Diagnostic, Findings, Level};
use mastery::cli::{Cli, Command, Deny};
use mastery::config::Config;
use mastery::history::{self, History};
use mastery::load::git::without_history;
use mastery::load::{GitTree, RecordSource, Repo, Skipped, WorkTree};
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
        Command::Evidence(args) => record::evidence(&cli, args, out),
        Command::Rename { old, new, dir } => record::rename(&cli, old, new, dir, out, err),
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

/// Open the team: from the team folder, or with `--at REV` as committed at
/// REV (whose commit date is then the default as-of); checked with the
/// dates its history vouches for unless `no_history`. A history that
/// cannot be read is a note under `--verbose`, never a failure.
fn open(
    cli: &Cli,
    dir: &Path,
    at: Option<&str>,
    exclude: Option<&Path>,
    no_history: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Opened> {
    let verbose = cli.global.verbose;
    let (source, repo, tip, as_of): (Box<dyn RecordSource>, Option<Arc<Repo>>, _, _) = match at {
        None => {
            team_folder(dir)?;
            let repo = match (no_history, Repo::open(dir)) {
                (true, _) => None,
                (false, Ok(repo)) => Some(Arc::new(repo)),
                (false, Err(error)) if error.is_not_found() => {
                    if verbose {
                        writeln!(
                            err,
                            "note: `{}` is not in a git repository: no history (timelines, trends, `backdated-entry`)",
                            dir.display()
                        )?;
                    }
                    None
                }
                // A repository there but unreadable changes the findings
                // (`backdated-entry`, git-dated staleness): never in silence.
                (false, Err(error)) => {
                    writeln!(err, "warning: {}", without_history(error))?;
                    None
                }
            };
            (
                Box::new(WorkTree::new(dir, exclude)),
                repo,
                None,
                cli.global.as_of,
            )
        }
        Some(rev) => {
            let (tree, day) = GitTree::open(dir, rev, exclude)?;
            let as_of = cli.global.as_of.or(day);
            let repo = (!no_history).then(|| Arc::clone(&tree.repo));
            let tip = Some(tree.commit);
            (Box::new(tree), repo, tip, as_of)
        }
    };
    let config = Config::load(&*source, cli.global.config.as_deref())?;
    let started = Instant::now();
    let dated = history::open(&*source, repo.as_deref(), tip, config, as_of)?;
    let history = match dated.history {
        Ok(Some(history)) => {
            if !history.undated.is_empty() {
                writeln!(
                    err,
                    "warning: {} a committer date out of any calendar's range ({}): read, but dating nothing (timelines, `backdated-entry`)",
                    match history.undated.len() {
                        1 => "1 commit has".to_owned(),
                        n => format!("{n} commits have"),
                    },
                    history.undated.join(", ")
                )?;
            }
            if verbose {
                writeln!(
                    err,
                    "note: read {} of history ({} new) and checked in {}",
                    plural(history.commits() as i64, "commit"),
                    history.computed,
                    millis(started.elapsed())
                )?;
            }
            Some(history)
        }
        Ok(None) => {
            if verbose && repo.is_some() {
                writeln!(err, "note: the repository has no commits yet: no history")?;
            }
            None
        }
        Err(error) => {
            writeln!(err, "warning: {}", without_history(format!("{error:#}")))?;
            None
        }
    };
    Ok(Opened {
        project: dated.project,
        opened: dated.opened,
        history: history.zip(repo),
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
/// folder: no `vision.md`, and folders below that hold one (the command
/// ran from a repository's root), or more Markdown than any team holds.
fn team_folder(dir: &Path) -> anyhow::Result<()> {
    use mastery::load::walk::{NotATeam, not_a_team};
    let shown = dir.display();
    // `a/team` rather than `./a/team`.
    let below = |folder: &str| match dir == Path::new(".") {
        true => folder.to_owned(),
        false => dir.join(folder).display().to_string(),
    };
    match not_a_team(dir) {
        None => Ok(()),
        Some(NotATeam::VisionsBelow(folders)) => {
            let named: Vec<String> = folders.iter().map(|f| format!("`{}`", below(f))).collect();
            anyhow::bail!(
                "`{shown}` holds no vision.md, so it is not a team folder; {} below {} one: give the team folder instead, such as `{}`",
                named.join(", "),
                if named.len() == 1 { "holds" } else { "hold" },
                below(&folders[0])
            )
        }
        Some(NotATeam::Notes) => anyhow::bail!(
            "`{shown}` holds no vision.md, and most of its Markdown files have no front matter: it does not look like a team folder, and no folder below holds a vision.md; give the folder that holds vision.md (or start one with `mastery init`)"
        ),
        Some(NotATeam::Crowded) => anyhow::bail!(
            "`{shown}` holds no vision.md and thousands of Markdown files: it does not look like a team folder; give the folder that holds vision.md (or start one with `mastery init`)"
        ),
    }
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
