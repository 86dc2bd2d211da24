//! `mastery rules`, `explain`, `completions` and `man`: the documentation
//! the binary carries.

use std::io::Write;
use std::path::Path;

use crate::cli::Cli;
use anyhow::Context as _;
use clap::CommandFactory;
use mastery::check::rules;

use super::SUCCESS;

pub fn rules(out: &mut dyn Write) -> anyhow::Result<u8> {
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
    Ok(SUCCESS)
}

pub fn explain(id: &str, out: &mut dyn Write) -> anyhow::Result<u8> {
    let rule = rules::find_rule(id).with_context(|| {
        format!(
            "unknown rule `{id}`{}; `mastery rules` lists them",
            rules::unknown_rule_hint(id)
        )
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

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<u8> {
    clap_complete::generate(shell, &mut Cli::command(), "mastery", out);
    Ok(SUCCESS)
}

/// mastery(1), a command's page (`mastery-check(1)`), or every page
/// written into `dir`.
pub fn man(command: Option<&str>, dir: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<u8> {
    let pages = crate::cli::man_pages();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        for (name, roff) in pages {
            let path = dir.join(format!("{name}.1"));
            mastery::paths::write_file(&path, roff.as_bytes(), mastery::paths::Existing::Replace)?;
            writeln!(out, "wrote {}", path.display())?;
        }
        return Ok(SUCCESS);
    }
    let wanted = command.map_or_else(|| "mastery".to_owned(), |c| format!("mastery-{c}"));
    let (_, roff) = pages
        .into_iter()
        .find(|(name, _)| *name == wanted)
        .with_context(|| {
            format!(
                "no manual page for `{}`; `mastery --help` lists the commands",
                command.unwrap_or_default()
            )
        })?;
    out.write_all(roff.as_bytes())?;
    Ok(SUCCESS)
}
