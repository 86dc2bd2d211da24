//! `mastery build`.

use std::io::Write;
use std::time::Instant;

use crate::cli::{BuildArgs, Cli};
use mastery::report;
use mastery::words::plural;

pub fn run(
    cli: &Cli,
    args: &BuildArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let report_args = &args.report;
    // The one-person page shows no private entry: nothing to open.
    let include_private = args.include_private && args.member.is_none();
    // Refuse a bad OUT before reading anything, so nothing is touched.
    report::site::check_out(&report_args.out, &args.dir)?;
    if include_private {
        mastery::paths::refuse_private_output(
            &report_args.out,
            &args.dir,
            "a report with private entries",
        )?;
    }
    let exclude = Some(report_args.out.as_path());
    let at = args.at.as_deref();
    let super::Opened {
        mut project,
        opened,
        history,
    } = super::open(cli, &args.dir, at, exclude, args.no_history, err)?;
    super::report_opened(cli, &opened, &project.findings, &args.dir, err)?;
    super::seal::open_private(&mut project, include_private, &args.identity, err)?;
    let trend = match history {
        Some((history, repo)) => Some(std::sync::Arc::new(history.trend(&repo, &project)?)),
        None => None,
    };
    let options = report::Options {
        templates: report_args.templates.as_deref(),
        private: include_private.then(|| report::PrivateShown::of(&project.team)),
        trend,
        recording: false,
        #[cfg(debug_assertions)]
        abort_after_pages: abort_after_pages(),
    };
    if let Some(id) = &args.member {
        let team = &project.team;
        let index = super::member_index(team, id, &args.dir)?;
        let written = report::build_member(&args.dir, &report_args.out, &project, &options, index)?;
        if !cli.global.quiet {
            writeln!(
                out,
                "wrote {}'s page ({}) to {}",
                team.members[index].display_name(),
                plural(written.len() as i64, "file"),
                report_args.out.join("index.html").display()
            )?;
        }
        return Ok(super::SUCCESS);
    }
    let started = Instant::now();
    // The findings are formatted while the pages render.
    let (findings, written) = rayon::join(
        || super::human(cli, &project.findings, &project.team, &args.dir, None),
        || report::build(&args.dir, &report_args.out, &project, &options, |_| ()),
    );
    err.write_all(findings.as_bytes())?;
    let written = written?;
    if cli.global.verbose {
        writeln!(
            err,
            "note: rendered and wrote {} pages in {}",
            written.len(),
            super::millis(started.elapsed())
        )?;
    }
    if !cli.global.quiet {
        writeln!(
            out,
            "wrote the report ({}) to {}",
            plural(written.len() as i64, "file"),
            report_args.out.join("index.html").display()
        )?;
    }
    let code = super::exit_code(&project.findings, None);
    super::discard(project);
    Ok(code)
}

/// The report's failure point for tests ([`report::Options::abort_after_pages`]):
/// `MASTERY_ABORT_AFTER_PAGES=N` in debug builds; never in a release build.
#[cfg(debug_assertions)]
fn abort_after_pages() -> Option<usize> {
    std::env::var("MASTERY_ABORT_AFTER_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
}
