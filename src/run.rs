//! Running a parsed command line. Output goes to the writers the binary
//! hands in; the library itself never prints.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::check::{self, Level, find_rule, rules};
use crate::cli::{CheckArgs, Cli, Command, Deny, Format};
use crate::config::Config;
use crate::load;

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

fn check(
    cli: &Cli,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let config = Config::load(&args.dir, cli.global.config.as_deref())?;
    let loaded = load::load(&args.dir, None)?;
    let as_of = cli.global.as_of.unwrap_or_else(today);
    let findings = check::check(&loaded.team, &config, as_of);
    report_skipped(&loaded.skipped, &args.dir, err)?;
    match args.format {
        Format::Human => {
            out.write_all(check::render::human(&findings, &loaded.team).as_bytes())?;
            writeln!(out, "{}", check::render::summary_line(&findings))?;
        }
        Format::Json => out.write_all(check::render::json(&findings).as_bytes())?,
    }
    let failed = findings.count(Level::Error) > 0
        || (args.deny == Some(Deny::Warnings) && findings.count(Level::Warning) > 0);
    Ok(if failed { FINDINGS } else { SUCCESS })
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
