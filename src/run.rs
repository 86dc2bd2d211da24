//! Running a parsed command line. Output goes to the writers the binary
//! hands in; the library itself never prints.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::CommandFactory;

use crate::check::{self, Diagnostic, Findings, Level, find_rule, rules};
use crate::cli::{BuildArgs, CheckArgs, Cli, Command, Deny, Format, ServeArgs, WatchArgs};
use crate::config::Config;
use crate::model::Team;
use crate::serve::{self, Server};
use crate::{git, load, report, scaffold, watch};

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
        Command::Check(args) => check(&cli, args, out, err),
        Command::Build(args) => build(&cli, args, out, err),
        Command::Watch(args) => watch(&cli, args, None, out, err),
        Command::Serve(args) => serve(&cli, args, out, err),
        Command::Init { dir } => init(&cli, dir, out),
        Command::New { id, dir, name } => new_member(&cli, id, dir, name.as_deref(), out),
        Command::Rules => list_rules(out).map(|()| SUCCESS),
        Command::Explain { rule } => explain(rule, out),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "mastery", out);
            Ok(SUCCESS)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(out)
            .map(|()| SUCCESS)
            .map_err(Into::into),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(err, "error: {error:#}");
            FAILURE
        }
    }
}

/// `--as-of`, else today's date where mastery runs.
fn as_of(cli: &Cli) -> jiff::civil::Date {
    cli.global
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// Load and check a team: what `check` and `build` share.
struct Checked {
    config: Config,
    loaded: load::Loaded,
    findings: Findings,
}

fn load_and_check(
    cli: &Cli,
    dir: &Path,
    exclude: Option<&Path>,
    err: &mut dyn Write,
) -> anyhow::Result<Checked> {
    let started = Instant::now();
    let config = Config::load(dir, cli.global.config.as_deref())?;
    let loaded = load::load(dir, exclude, config.limits.max_file_bytes)?;
    let read = started.elapsed();
    let findings = check::check(&loaded.team, &config, as_of(cli));
    if !cli.global.quiet {
        report_skipped(&loaded.skipped, dir, err)?;
    }
    if cli.global.verbose {
        writeln!(
            err,
            "note: read {} in {}; checked in {}",
            check::plural(findings.files as i64, "file"),
            millis(read),
            millis(started.elapsed() - read)
        )?;
    }
    Ok(Checked {
        config,
        loaded,
        findings,
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
    let mut text = check::render::human(shown, team);
    if !cli.global.quiet {
        text.push_str(&check::render::summary_line(findings));
        text.push('\n');
    }
    text
}

/// Free a large value off the critical path: freeing 100,000 records
/// takes longer than the rest of the exit, and the process need not wait.
fn discard<T: Send + 'static>(value: T) {
    // Should no thread start, the closure, and the value with it, is
    // dropped right here instead.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// The team folder as a prefix for repository-relative paths (`team/`),
/// for the formats CI tools read.
fn repository_prefix(dir: &Path) -> String {
    let dir = match std::env::current_dir() {
        Ok(cwd) if dir.is_absolute() => dir.strip_prefix(cwd).unwrap_or(dir),
        _ => dir,
    };
    let parts: Vec<String> = dir
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.iter().map(|p| format!("{p}/")).collect()
}

fn check(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut checked = load_and_check(cli, &args.dir, None, err)?;
    if let Some(reference) = &args.changed_since {
        let changed = git::changed_files(&args.dir, reference)?;
        checked.findings.only_in(&changed);
    }
    let findings = &checked.findings;
    let prefix = repository_prefix(&args.dir);
    match args.format {
        Format::Human => {
            out.write_all(human(cli, &checked.findings, &checked.loaded.team).as_bytes())?
        }
        Format::Json => out.write_all(check::render::json(findings).as_bytes())?,
        Format::Sarif => out.write_all(check::render::sarif(findings, &prefix).as_bytes())?,
        Format::Github => {
            out.write_all(check::render::github(findings, &prefix).as_bytes())?;
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&summary)
                    .with_context(|| {
                        format!(
                            "cannot append to GITHUB_STEP_SUMMARY `{}`",
                            Path::new(&summary).display()
                        )
                    })?;
                file.write_all(check::render::github_summary(findings, &prefix).as_bytes())?;
            }
        }
    }
    let code = exit_code(findings, args.deny);
    discard(checked);
    Ok(code)
}

fn build(
    cli: &Cli,
    args: &BuildArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let report_args = &args.report;
    // Refuse a bad OUT before reading anything, so nothing is touched.
    report::site::check_out(&report_args.out, &args.dir)?;
    let checked = load_and_check(cli, &args.dir, Some(&report_args.out), err)?;
    let options = report::Options {
        templates: report_args.templates.as_deref(),
        include_private: report_args.include_private,
    };
    let started = Instant::now();
    // The findings are formatted while the pages render.
    let (findings, written) = rayon::join(
        || human(cli, &checked.findings, &checked.loaded.team),
        || {
            report::build(
                &args.dir,
                &report_args.out,
                &checked.loaded.team,
                &checked.findings,
                &checked.config,
                &options,
                |_| (),
            )
        },
    );
    err.write_all(findings.as_bytes())?;
    let written = written?;
    if cli.global.verbose {
        writeln!(
            err,
            "note: rendered and wrote {} pages in {}",
            written.len(),
            millis(started.elapsed())
        )?;
    }
    if !cli.global.quiet {
        writeln!(
            out,
            "wrote the report ({}) to {}",
            check::plural(written.len() as i64, "file"),
            report_args.out.join("index.html").display()
        )?;
    }
    let code = exit_code(&checked.findings, None);
    discard(checked);
    Ok(code)
}

fn watch(
    cli: &Cli,
    args: &WatchArgs,
    server: Option<&Server>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let settings = watch::Settings {
        root: args.dir.clone(),
        out: args.report.out.clone(),
        config: cli.global.config.clone(),
        as_of: cli.global.as_of,
        templates: args.report.templates.clone(),
        include_private: args.report.include_private,
    };
    report::site::check_out(&settings.out, &settings.root)?;
    let options = watch::Options {
        debounce: Duration::from_millis(args.debounce),
        poll: args.poll,
    };
    let watcher = watch::Watcher::start(&settings, options)?;
    if let Some(note) = &watcher.note {
        writeln!(err, "note: {note}")?;
    }
    let (session, first) = watch::Session::start(settings.clone())?;
    if !cli.global.quiet {
        report_skipped(&first.skipped, &settings.root, err)?;
    }
    err.write_all(human(cli, &first.findings, session.team()).as_bytes())?;
    if let Some(server) = server {
        server.rebuilt(serve_status(Ok(&first)));
        writeln!(out, "serving the report at http://{}/", server.address)?;
    } else if !cli.global.quiet {
        writeln!(
            out,
            "wrote the report to {}",
            settings.out.join("index.html").display()
        )?;
    }
    if !cli.global.quiet {
        writeln!(
            out,
            "watching {} for changes; press Ctrl-C to stop",
            settings.root.display()
        )?;
    }
    out.flush()?;

    let stopper = watcher.stopper();
    // The first Ctrl-C (or SIGTERM) stops after the current rebuild; a
    // second ends the process at once, whatever is still running.
    let presses = std::sync::atomic::AtomicUsize::new(0);
    ctrlc::set_handler(move || {
        if presses.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 0 {
            std::process::exit(130);
        }
        stopper.stop();
    })
    .context("cannot catch Ctrl-C")?;
    watcher.run(session, err, |outcome| {
        if let Some(server) = server {
            server.rebuilt(serve_status(outcome));
        }
    })?;
    if !cli.global.quiet {
        writeln!(
            err,
            "stopped; the report in {} is complete",
            settings.out.display()
        )?;
    }
    Ok(SUCCESS)
}

fn serve(
    cli: &Cli,
    args: &ServeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let server = Server::start(
        &args.watch.report.out,
        SocketAddr::new(args.bind, args.port),
    )?;
    let code = watch(cli, &args.watch, Some(&server), out, err);
    server.stop();
    code
}

/// What a served page shows about a build: its error-level findings, or
/// why it failed.
fn serve_status(outcome: Result<&watch::Rebuilt, &str>) -> serve::Status {
    let errors = match outcome {
        Ok(rebuilt) => rebuilt
            .findings
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .map(|d| match d.position {
                Some(p) => format!("{}:{}:{}: {}", d.path, p.line, p.column, d.message),
                None => format!("{}: {}", d.path, d.message),
            })
            .collect(),
        Err(why) => vec![format!("the build failed: {why}")],
    };
    serve::Status { errors }
}

fn init(cli: &Cli, dir: &Path, out: &mut dyn Write) -> anyhow::Result<u8> {
    let written = scaffold::init(dir, as_of(cli))?;
    if !cli.global.quiet {
        for path in &written {
            writeln!(out, "created {}", path.display())?;
        }
        writeln!(
            out,
            "next: edit the files, then run `mastery check {}`; add people with `mastery new ID --dir {}`",
            dir.display(),
            dir.display()
        )?;
    }
    Ok(SUCCESS)
}

fn new_member(
    cli: &Cli,
    id: &str,
    dir: &Path,
    name: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let path = scaffold::new_member(id, dir, name, as_of(cli))?;
    if !cli.global.quiet {
        writeln!(
            out,
            "created {}; fill it in, then run `mastery check`",
            path.display()
        )?;
    }
    Ok(SUCCESS)
}

fn report_skipped(
    skipped: &[load::Skipped],
    dir: &Path,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
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

fn list_rules(out: &mut dyn Write) -> anyhow::Result<()> {
    let width = rules::ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in rules::ALL {
        let level = format!(
            "{}{}",
            rule.level.as_str(),
            if rule.cadence { "*" } else { "" }
        );
        writeln!(out, "{:width$}  {level:8}  {}", rule.id, rule.summary)?;
    }
    writeln!(
        out,
        "\n* applies only to members whose status is active; `mastery explain RULE` says more"
    )?;
    Ok(())
}

fn explain(id: &str, out: &mut dyn Write) -> anyhow::Result<u8> {
    let rule = find_rule(id).with_context(|| {
        let hint = crate::suggest::closest(id, rules::ALL.iter().map(|r| r.id))
            .map(|r| format!(" (did you mean `{r}`?)"))
            .unwrap_or_default();
        format!("unknown rule `{id}`{hint}; `mastery rules` lists them")
    })?;
    let applies = if rule.cadence {
        "; applies to members whose status is active"
    } else {
        ""
    };
    writeln!(
        out,
        "{} ({} by default{applies})",
        rule.id,
        rule.level.as_str()
    )?;
    writeln!(out, "{}\n", rule.summary)?;
    writeln!(out, "{}", rule.explanation)?;
    Ok(SUCCESS)
}
