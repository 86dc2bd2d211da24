//! Running a parsed command line. Output goes to the writers the binary
//! hands in; the library itself never prints.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;

use crate::check::{self, Level, find_rule, rules};
use crate::cli::{BuildArgs, CheckArgs, Cli, Command, Deny, Format, ServeArgs, WatchArgs};
use crate::config::Config;
use crate::load;
use crate::report;
use crate::serve::{self, Server};
use crate::watch;

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
        Command::Rules => list_rules(out).map(|()| SUCCESS),
        Command::Explain { rule } => explain(rule, out),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(err, "error: {error:#}");
            FAILURE
        }
    }
}

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Load and check a team: what `check` and `build` share.
struct Checked {
    config: Config,
    loaded: load::Loaded,
    findings: check::Findings,
}

fn load_and_check(
    cli: &Cli,
    dir: &Path,
    exclude: Option<&Path>,
    err: &mut dyn Write,
) -> anyhow::Result<Checked> {
    let config = Config::load(dir, cli.global.config.as_deref())?;
    let loaded = load::load(dir, exclude)?;
    let as_of = cli.global.as_of.unwrap_or_else(today);
    let findings = check::check(&loaded.team, &config, as_of);
    report_skipped(&loaded.skipped, dir, err)?;
    Ok(Checked {
        config,
        loaded,
        findings,
    })
}

fn exit_code(findings: &check::Findings, deny: Option<Deny>) -> u8 {
    let failed = findings.count(Level::Error) > 0
        || (deny == Some(Deny::Warnings) && findings.count(Level::Warning) > 0);
    if failed { FINDINGS } else { SUCCESS }
}

fn check(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let Checked {
        loaded, findings, ..
    } = load_and_check(cli, &args.dir, None, err)?;
    match args.format {
        Format::Human => {
            out.write_all(check::render::human(&findings, &loaded.team).as_bytes())?;
            writeln!(out, "{}", check::render::summary_line(&findings))?;
        }
        Format::Json => out.write_all(check::render::json(&findings).as_bytes())?,
    }
    Ok(exit_code(&findings, args.deny))
}

fn build(
    cli: &Cli,
    args: &BuildArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    // Refuse a bad OUT before reading anything, so nothing is touched.
    let report_args = &args.report;
    report::site::check_out(&report_args.out, &args.dir)?;
    let checked = load_and_check(cli, &args.dir, Some(&report_args.out), err)?;
    let findings = &checked.findings;
    err.write_all(check::render::human(findings, &checked.loaded.team).as_bytes())?;
    writeln!(err, "{}", check::render::summary_line(findings))?;
    let options = report::Options {
        templates: report_args.templates.as_deref(),
        include_private: report_args.include_private,
    };
    let written = report::build(
        &args.dir,
        &report_args.out,
        &checked.loaded.team,
        findings,
        &checked.config,
        &options,
    )?;
    writeln!(
        out,
        "wrote the report ({}) to {}",
        check::plural(written.len() as i64, "file"),
        report_args.out.join("index.html").display()
    )?;
    Ok(exit_code(findings, None))
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
    report_skipped(&first.skipped, &settings.root, err)?;
    let team_findings = &first.findings;
    err.write_all(check::render::human(team_findings, session.team()).as_bytes())?;
    writeln!(err, "{}", check::render::summary_line(team_findings))?;
    if let Some(server) = server {
        server.rebuilt(serve_status(Ok(&first)));
        writeln!(out, "serving the report at http://{}/", server.address)?;
    } else {
        writeln!(
            out,
            "wrote the report to {}",
            settings.out.join("index.html").display()
        )?;
    }
    writeln!(
        out,
        "watching {} for changes; press Ctrl-C to stop",
        settings.root.display()
    )?;
    out.flush()?;

    let stopper = watcher.stopper();
    ctrlc::set_handler(move || stopper.stop()).context("cannot catch Ctrl-C")?;
    watcher.run(session, err, |outcome| {
        if let Some(server) = server {
            server.rebuilt(serve_status(outcome));
        }
    })?;
    writeln!(
        err,
        "stopped; the report in {} is complete",
        settings.out.display()
    )?;
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
