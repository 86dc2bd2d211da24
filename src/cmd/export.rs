//! `mastery export`.

use std::io::Write;

use anyhow::Context as _;
use mastery::cli::{Cli, ExportArgs, ExportFormat};
use mastery::export;

pub fn run(
    cli: &Cli,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if let Some(path) = args
        .out
        .as_ref()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
    {
        anyhow::bail!(
            "refusing to write the export to `{}`: a `.md` file may be a record; name it `.csv` or `.json`",
            path.display()
        );
    }
    let super::Opened {
        project, opened, ..
    } = super::open(cli, &args.dir, None, None, false, err)?;
    super::report_opened(cli, &opened, &project.findings, &args.dir, err)?;
    let text = match args.format {
        ExportFormat::Csv => export::csv(&project.team, &project.findings),
        ExportFormat::Json => export::json(&project.team, &project.findings, args.include_private),
    };
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write `{}`", path.display()))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(super::SUCCESS)
}
