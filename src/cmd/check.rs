//! `mastery check`.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use mastery::check::render;
use mastery::cli::{CheckArgs, Cli, Format};

pub fn run(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let at = args.at.as_deref();
    let super::Opened {
        mut project,
        opened,
        ..
    } = super::open(cli, &args.dir, at, None, args.no_history, err)?;
    super::report_opened(cli, &opened, &project.findings, &args.dir, err)?;
    let mut left_out = 0;
    if let Some(reference) = &args.changed_since {
        let changed = mastery::git::changed_files(&args.dir, reference)?;
        left_out = std::sync::Arc::make_mut(&mut project.findings).only_in(&changed);
    }
    let findings = &project.findings;
    let prefix = super::folder_prefix(&args.dir);
    match args.format {
        _ if args.statistics => out.write_all(render::statistics(findings).as_bytes())?,
        Format::Human => {
            out.write_all(
                super::human(cli, findings, &project.team, &args.dir, args.deny).as_bytes(),
            )?;
        }
        Format::Json => out.write_all(render::json(findings).as_bytes())?,
        Format::Sarif => out.write_all(render::sarif(findings, &prefix).as_bytes())?,
        Format::Github => {
            out.write_all(render::github(findings, &prefix).as_bytes())?;
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
                file.write_all(render::github_summary(findings, &prefix).as_bytes())?;
            }
        }
    }
    if let Some(reference) = args
        .changed_since
        .as_ref()
        .filter(|_| !cli.global.quiet && left_out > 0)
    {
        writeln!(
            err,
            "note: left out {} in files unchanged since `{reference}`",
            mastery::words::plural(left_out as i64, "finding")
        )?;
    }
    let code = super::exit_code(findings, args.deny);
    super::discard(project);
    Ok(code)
}
