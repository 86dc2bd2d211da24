//! `mastery watch` and `mastery serve`.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use crate::cli::{Cli, ServeArgs, WatchArgs};
use anyhow::Context as _;
use mastery::check::Level;
use mastery::serve::{self, Server};
use mastery::{report, watch};

use super::SUCCESS;

pub fn watch(
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
    };
    super::team_folder(&settings.root)?;
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
        super::report_skipped(&first.skipped, &settings.root, err)?;
    }
    for warning in &first.warnings {
        writeln!(err, "warning: {warning}")?;
    }
    err.write_all(super::human(cli, &first.findings, session.team(), &args.dir, None).as_bytes())?;
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
    // Its findings are the session's too: let the session own them alone,
    // so the next edit can update them in place.
    drop(first);
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

pub fn serve(
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
