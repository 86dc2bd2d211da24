//! `mastery purge-text`: the file `git filter-repo --replace-text` reads
//! to take private entries committed in clear out of the history.

use std::io::Write;
use std::path::Path;

use mastery::paths::{Existing, write_private};
use mastery::words::plural;

pub fn run(
    cli: &crate::cli::Cli,
    dir: &Path,
    file: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    // It holds what it purges: never where a commit would take it.
    mastery::paths::refuse_private_output(file, dir, "the purge expressions")?;
    let super::Opened {
        project, history, ..
    } = super::open(cli, dir, None, None, false, err)?;
    let Some((_, repo)) = history else {
        anyhow::bail!(
            "`{}` has no history to purge: it is not inside a git repository with commits",
            dir.display()
        );
    };
    let purge = mastery::history::purge::purge(&repo, &project.team, &project.config)?;
    if purge.expressions.is_empty() {
        writeln!(
            out,
            "nothing to purge: no private entry was committed in clear in HEAD's history; no file written"
        )?;
        return Ok(super::SUCCESS);
    }
    let text: String = purge.expressions.iter().map(|e| format!("{e}\n")).collect();
    write_private(file, text.as_bytes(), Existing::Replace)?;
    if !cli.global.quiet {
        writeln!(
            out,
            "wrote {} (from {}) to {}; in a fresh clone, run `git filter-repo --replace-text {}`, then delete it (docs/private.md)",
            plural(purge.expressions.len() as i64, "expression"),
            plural(purge.commits as i64, "commit"),
            file.display(),
            file.display()
        )?;
    }
    Ok(super::SUCCESS)
}
