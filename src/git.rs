//! The one question mastery asks git: which files changed since a ref.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, bail};

/// Files below `dir` (paths relative to it, `/`-separated) that differ from
/// where `reference` and HEAD meet: committed on this branch, staged,
/// unstaged or new and not ignored. That is what a pull request changes.
pub fn changed_files(dir: &Path, reference: &str) -> anyhow::Result<HashSet<String>> {
    let base = git(dir, &["merge-base", reference, "HEAD"])
        .with_context(|| format!("cannot compare with `{reference}`; is it a branch, tag or commit, and is `{}` in a git checkout?", dir.display()))?;
    let base = base.trim();
    let mut files: HashSet<String> = split(&git(
        dir,
        &[
            "diff",
            "-z",
            "--name-only",
            "--no-renames",
            "--relative",
            base,
            "--",
        ],
    )?);
    files.extend(split(&git(
        dir,
        &["ls-files", "-z", "--others", "--exclude-standard"],
    )?));
    Ok(files)
}

fn split(output: &str) -> HashSet<String> {
    output
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("cannot run git; is it installed?")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
