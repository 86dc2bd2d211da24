//! `mastery rename OLD NEW`: a member's new id, everywhere it is written.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, bail};
use mastery::edit;
use mastery::paths::FolderLock;

use super::record::{Record, done};
use crate::cli::Cli;

/// `mastery rename OLD NEW`: the member's file (with `git mv` when it is
/// tracked, so a commit carries the move), `former_ids: [OLD]` in it, and
/// every id naming them in the team's records (`manager`, `mentor`,
/// `from`, `readers`, an outcome's `owner`), every other byte kept.
pub fn rename(
    cli: &Cli,
    old: &str,
    new: &str,
    dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    super::team_folder(dir)?;
    let _lock = FolderLock::acquire(dir)?;
    let project = super::open_records(cli, dir, cli.global.as_of)?;
    let team = &project.team;
    let index = super::member_index(team, old, dir)?;
    mastery::scaffold::check_new_id(dir, new)?;
    let member = &team.members[index];
    let own = Record::of(dir, &member.record)?;
    let to = own.file.with_file_name(format!("{new}.md"));
    // Never over a file (an ignored one, a link): refused before any
    // reference is rewritten.
    if std::fs::symlink_metadata(&to).is_ok() {
        bail!(
            "`{}` already exists (a file the team does not read as a member); nothing was renamed",
            to.display()
        );
    }
    let records = (team.members.iter().map(|m| &m.record)).chain(team.visions().map(|v| &v.record));
    let (mut references, mut files) = (0, 0);
    for loaded in records {
        if loaded.front_matter_failed() {
            continue;
        }
        let record = Record::of(dir, loaded)?;
        let mut changes = edit::renamed_member(&record.text, &record.root, old, new);
        references += changes.len();
        if loaded.source.path == member.record.source.path {
            changes.extend(edit::add_text(
                &record.text,
                &record.root,
                "former_ids",
                old,
            )?);
        }
        if !changes.is_empty() {
            files += 1;
            record.write(changes)?;
        }
    }
    let git = move_file(&own.file, &to)?;
    let sealed = member_sealed_naming(team, old);
    if sealed > 0 {
        writeln!(
            err,
            "note: {} name `{old}` inside their sealed text; they open as before (`former_ids` resolves it), and `mastery reseal` seals them again with `{new}`",
            mastery::words::plural(sealed as i64, "sealed entry")
        )?;
    }
    let moved = mastery::edit::renamed_path(&member.record.source.path, new);
    let commit = if git {
        format!(
            "the move is staged (`git mv`); commit it with the edits: git commit -am \"Rename {old} to {new}\""
        )
    } else {
        format!(
            "commit both paths: git add -A {} {moved} (a plain `git commit -am` would drop the member)",
            member.record.source.path
        )
    };
    done(
        cli,
        out,
        &format!(
            "renamed `{old}` to `{new}`: {} is now {moved}, with `former_ids: [{old}]`; {} in {} changed; {commit}",
            member.record.source.path,
            mastery::words::plural(references as i64, "reference"),
            mastery::words::plural(files as i64, "file"),
        ),
    )
}

/// Move the file `from` to `to`: with `git mv` when git tracks it (so the
/// next commit carries the move, not a deletion), else a plain rename.
/// Whether git moved it.
fn move_file(from: &Path, to: &Path) -> anyhow::Result<bool> {
    let (Some(folder), Some(old), Some(new)) = (from.parent(), from.file_name(), to.file_name())
    else {
        bail!("cannot rename `{}`", from.display());
    };
    let git = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    let tracked = git(&[
        "ls-files".as_ref(),
        "--error-unmatch".as_ref(),
        "--".as_ref(),
        old,
    ]);
    if tracked && git(&["mv".as_ref(), "--".as_ref(), old, new]) {
        return Ok(true);
    }
    std::fs::rename(from, to).with_context(|| format!("cannot rename `{}`", from.display()))?;
    Ok(false)
}

/// Sealed entries whose readers in clear name `id`: their sealed text
/// names it too, and only a reader can change that.
fn member_sealed_naming(team: &mastery::model::Team, id: &str) -> usize {
    let entries = team.members.iter().flat_map(|m| m.private_entries());
    entries
        .filter(|e| e.privacy.sealed.is_some())
        .filter(|e| e.privacy.readers.items.iter().any(|r| r.value == id))
        .count()
}
