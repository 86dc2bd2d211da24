//! `mastery export` and `mastery 1on1`: the team's records as other
//! formats, written to standard output or a file.

use std::io::Write;

use std::path::Path;

use crate::cli::{Cli, ExportArgs, ExportFormat, IdentityArgs, OneOnOneArgs, PacketArgs};
use mastery::export;
use mastery::paths::{Existing, write_file, write_private};
use mastery::project::Project;

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
    let include_private = args.include_private && args.format == ExportFormat::Json;
    if let Some(path) = args.out.as_ref().filter(|_| include_private) {
        mastery::paths::refuse_private_output(path, &args.dir, "an export with private entries")?;
    }
    let super::Opened {
        mut project,
        opened,
        ..
    } = super::open(cli, &args.dir, args.at.as_deref(), None, false, err)?;
    super::report_opened(cli, &opened, &project.findings, &args.dir, err)?;
    super::seal::open_private(&mut project, include_private, &args.identity, err)?;
    let text = match args.format {
        ExportFormat::Csv => export::csv(&project.team, &project.findings),
        ExportFormat::Json => export::json(&project.team, &project.findings, args.include_private),
    };
    write(
        args.out.as_deref(),
        &text,
        Existing::Replace,
        include_private,
        out,
    )
}

pub fn one_on_one(
    cli: &Cli,
    args: &OneOnOneArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let about = About {
        command: "1on1",
        id: &args.id,
        dir: &args.dir,
        at: args.at.as_deref(),
        include_private: args.include_private,
        identity: &args.identity,
        file: args.out.as_deref(),
    };
    document(cli, about, out, err, |project, index| {
        Ok(mastery::agenda::agenda(
            project,
            index,
            args.include_private,
        ))
    })
}

pub fn packet(
    cli: &Cli,
    args: &PacketArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let about = About {
        command: "packet",
        id: &args.id,
        dir: &args.dir,
        at: None,
        include_private: args.include_private,
        identity: &args.identity,
        file: args.out.as_deref(),
    };
    document(cli, about, out, err, |project, index| {
        mastery::packet::packet(project, index, args.since, args.include_private)
            .map_err(|why| anyhow::anyhow!("no packet for `{}`: {why}", args.id))
    })
}

/// A Markdown document about one member (`1on1`, `packet`).
struct About<'a> {
    command: &'a str,
    id: &'a str,
    dir: &'a Path,
    /// The team as committed at this revision, not the work tree.
    at: Option<&'a str>,
    include_private: bool,
    identity: &'a IdentityArgs,
    /// A new file to write it to, else standard output.
    file: Option<&'a Path>,
}

/// Open the team, find the member, open their private entries when asked,
/// and write what `text` makes of them.
fn document(
    cli: &Cli,
    about: About,
    out: &mut dyn Write,
    err: &mut dyn Write,
    text: impl FnOnce(&Project, usize) -> anyhow::Result<String>,
) -> anyhow::Result<u8> {
    refuse_existing(about.command, about.file)?;
    if let Some(file) = about.file {
        refuse_inside(&about, file)?;
    }
    let super::Opened {
        mut project,
        opened,
        ..
    } = super::open(cli, about.dir, about.at, None, false, err)?;
    super::report_opened(cli, &opened, &project.findings, about.dir, err)?;
    let index = super::member_index(&project.team, about.id, about.dir)?;
    super::seal::open_private(&mut project, about.include_private, about.identity, err)?;
    let text = text(&project, index)?;
    write(
        about.file,
        &text,
        Existing::Refuse,
        about.include_private,
        out,
    )
}

/// Refuse a document written inside the team folder, where a `.md` file
/// is read as a record; and, with private entries, anywhere inside the
/// team's repository, where `git add -A` would commit them.
fn refuse_inside(about: &About, file: &Path) -> anyhow::Result<()> {
    if about.include_private {
        let what = format!("the {} with private entries", about.command);
        return mastery::paths::refuse_private_output(file, about.dir, &what);
    }
    let team = std::fs::canonicalize(about.dir)?;
    let markdown = file
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md"));
    if markdown && mastery::paths::resolved(file)?.starts_with(&team) {
        anyhow::bail!(
            "refusing to write `{}` inside the team folder: a `.md` file there is read as a member record; write it elsewhere",
            file.display()
        );
    }
    Ok(())
}

/// Refuse an output file that exists: a Markdown file in the team would be
/// read as a record, so it must be new (and never a link to elsewhere).
fn refuse_existing(command: &str, path: Option<&Path>) -> anyhow::Result<()> {
    if let Some(path) = path.filter(|p| p.symlink_metadata().is_ok()) {
        // A link counts as there, even one that leads nowhere.
        anyhow::bail!(
            "`{}` exists; mastery {command} never overwrites a file: choose a new name",
            path.display()
        );
    }
    Ok(())
}

/// `text` to the file at `path` (readable by its owner alone when it holds
/// private entries), else to standard output.
fn write(
    path: Option<&Path>,
    text: &str,
    existing: Existing,
    private: bool,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    // A file gets what standard output would: no secret key.
    let text = &*mastery::secret::redact(text);
    match path {
        Some(path) if private => write_private(path, text.as_bytes(), existing)?,
        Some(path) => write_file(path, text.as_bytes(), existing)?,
        None => super::print(out, text)?,
    }
    Ok(super::SUCCESS)
}
