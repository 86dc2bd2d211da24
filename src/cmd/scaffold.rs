//! `mastery init` and `mastery new`.

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, NewArgs};
use mastery::project::as_of_or_today;
use mastery::scaffold;

use super::SUCCESS;

pub fn init(
    cli: &Cli,
    dir: &Path,
    sub: bool,
    lead: Option<&str>,
    framework: bool,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    if sub {
        let (path, serves, root) = scaffold::init_sub(dir, as_of_or_today(cli.global.as_of))?;
        if !cli.global.quiet {
            writeln!(out, "created {}", path.display())?;
            match serves {
                Some(id) => writeln!(
                    out,
                    "its outcome serves `{id}` of the vision above; edit it, then run `mastery check {}`",
                    root.display()
                )?,
                None => writeln!(
                    out,
                    "the vision above has no outcomes yet: add one there, then name it in `serves`"
                )?,
            }
        }
        return Ok(SUCCESS);
    }
    let written = scaffold::init(dir, lead, framework, as_of_or_today(cli.global.as_of))?;
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

pub fn new_member(cli: &Cli, args: &NewArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let starter = scaffold::Starter {
        name: args.name.clone(),
        role: args.role.clone(),
        manager: args.manager.clone(),
        mentor: args.mentor.clone(),
        joined: args.joined,
    };
    let today = as_of_or_today(cli.global.as_of);
    let created = scaffold::new_member(&args.id, &args.dir, starter, today)?;
    if !cli.global.quiet {
        if let Some(folder) = &created.created_folder {
            writeln!(out, "created the folder {}", folder.display())?;
        }
        writeln!(
            out,
            "created {}; fill it in, then run `mastery check {}`",
            created.path.display(),
            created.team.display()
        )?;
    }
    Ok(SUCCESS)
}
