//! Writing the report folder safely: never outside OUT, never over the team
//! folder, never deleting a file mastery did not write, and atomically (the
//! new report is built beside OUT and swapped in).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, bail};

/// The file in OUT that lists what mastery wrote there.
pub const MANIFEST: &str = ".mastery-report";
const MANIFEST_HEADER: &str =
    "# written by mastery build; files listed here are replaced on the next build";

/// One file of the site, by path relative to OUT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents.
    pub contents: String,
}

/// Refuse an OUT that is the team folder or contains it, or an existing
/// folder holding files mastery did not write. Nothing is touched.
pub fn check_out(out: &Path, team_root: &Path) -> anyhow::Result<()> {
    let team = fs::canonicalize(team_root)
        .with_context(|| format!("cannot read the team folder `{}`", team_root.display()))?;
    let target = resolved(out)?;
    if team.starts_with(&target) {
        bail!(
            "refusing to write the report to `{}`: it is (or contains) the team folder; \
             choose another folder with -o, for example `-o report`",
            out.display()
        );
    }
    if target.exists() {
        if !target.is_dir() {
            bail!(
                "`{}` exists and is not a folder; choose another -o",
                out.display()
            );
        }
        let stray = unlisted_files(&target)?;
        if let Some(first) = stray.first() {
            bail!(
                "refusing to replace `{}`: it holds files mastery did not write (such as `{first}`); \
                 move them away or choose another folder with -o",
                out.display()
            );
        }
    }
    Ok(())
}

/// A report being written: pages go into a hidden folder beside OUT, which
/// replaces OUT as a whole in [`Staging::commit`], so no reader sees half a
/// report and a build killed halfway leaves the previous one intact. Call
/// [`check_out`] first.
pub struct Staging {
    target: PathBuf,
    folder: PathBuf,
    retired: PathBuf,
    folders: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Start a new report for `out`, clearing what a killed build left.
    pub fn new(out: &Path) -> anyhow::Result<Self> {
        let target = resolved(out)?;
        let parent = target.parent().context("the output folder has no parent")?;
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let name = target
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        let folder = parent.join(format!(".{name}.mastery-new"));
        let retired = parent.join(format!(".{name}.mastery-old"));
        // Leftovers of a build that was killed: ours by name, safe to clear.
        for leftover in [&folder, &retired] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).with_context(|| {
                    format!("cannot remove the leftover `{}`", leftover.display())
                })?;
            }
        }
        fs::create_dir(&folder).with_context(|| format!("cannot create `{}`", folder.display()))?;
        Ok(Self {
            target,
            folder,
            retired,
            folders: Mutex::new(HashSet::new()),
        })
    }

    /// Write one page (pages may be added from several threads).
    pub fn add(&self, page: &Page) -> anyhow::Result<()> {
        let path = self.folder.join(&page.path);
        if let Some(dir) = path.parent() {
            // Creating a folder takes its parent's lock; do it once, not
            // once per page.
            let mut made = self.folders.lock().expect("no panic holds the lock");
            if !made.contains(dir) {
                fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create `{}`", dir.display()))?;
                made.insert(dir.to_path_buf());
            }
        }
        fs::write(&path, &page.contents)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(())
    }

    /// Record the pages written, then swap the new report in for the old.
    pub fn commit<'a>(self, pages: impl IntoIterator<Item = &'a str>) -> anyhow::Result<()> {
        let manifest = manifest(pages);
        fs::write(self.folder.join(MANIFEST), manifest)
            .context("cannot write the report manifest")?;
        let out = self.target.display();
        if self.target.exists() {
            fs::rename(&self.target, &self.retired)
                .with_context(|| format!("cannot move the previous report `{out}` aside"))?;
            fs::rename(&self.folder, &self.target)
                .with_context(|| format!("cannot move the new report into `{out}`"))?;
            fs::remove_dir_all(&self.retired).with_context(|| {
                format!(
                    "cannot remove the previous report `{}`",
                    self.retired.display()
                )
            })?;
        } else {
            fs::rename(&self.folder, &self.target)
                .with_context(|| format!("cannot move the new report into `{out}`"))?;
        }
        Ok(())
    }
}

/// Replace one page of an existing report atomically (written beside it,
/// then renamed over it), as watch mode does between full builds.
pub fn replace_page(out: &Path, page: &Page) -> anyhow::Result<()> {
    let path = out.join(&page.path);
    let dir = path.parent().context("a page path has no folder")?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path
        .file_name()
        .context("a page path has no name")?
        .to_string_lossy();
    let temporary = dir.join(format!(".{name}.mastery-new"));
    fs::write(&temporary, &page.contents)
        .with_context(|| format!("cannot write `{}`", temporary.display()))?;
    fs::rename(&temporary, &path).with_context(|| format!("cannot replace `{}`", path.display()))
}

/// Remove a page mastery wrote (a member who left the team).
pub fn remove_page(out: &Path, page: &str) -> anyhow::Result<()> {
    let path = out.join(page);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove `{}`", path.display()))
        }
        _ => Ok(()),
    }
}

/// Rewrite the list of files mastery wrote in `out`.
pub fn write_manifest<'a>(
    out: &Path,
    pages: impl IntoIterator<Item = &'a str>,
) -> anyhow::Result<()> {
    replace_page(
        out,
        &Page {
            path: MANIFEST.to_owned(),
            contents: manifest(pages),
        },
    )
}

/// The manifest's text: a header line, then one path per line.
fn manifest<'a>(pages: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for page in pages {
        text.push_str(page);
        text.push('\n');
    }
    text
}

/// `path` made absolute with its existing part canonicalised, so `..` and
/// symlinks cannot disguise where it points.
pub fn resolved(path: &Path) -> anyhow::Result<PathBuf> {
    let path = std::path::absolute(path)
        .with_context(|| format!("cannot resolve `{}`", path.display()))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Files under `dir` that its manifest does not list (all of them when it
/// has no manifest).
fn unlisted_files(dir: &Path) -> anyhow::Result<Vec<String>> {
    let manifest = fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
    let listed: HashSet<&str> = manifest.lines().skip(1).collect();
    let mut stray = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = stack.pop() {
        let entries =
            fs::read_dir(&folder).with_context(|| format!("cannot list `{}`", folder.display()))?;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            if entry.file_type()?.is_dir() {
                stack.push((entry.path(), format!("{rel}/")));
            } else if rel != MANIFEST && !listed.contains(rel.as_str()) {
                stray.push(rel);
            }
        }
    }
    stray.sort();
    Ok(stray)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(out: &Path, pages: &[Page]) -> anyhow::Result<()> {
        let staging = Staging::new(out)?;
        for page in pages {
            staging.add(page)?;
        }
        staging.commit(pages.iter().map(|p| p.path.as_str()))
    }

    fn page(path: &str, contents: &str) -> Page {
        Page {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn replaces_its_own_report_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        fs::create_dir(&team).unwrap();
        let out = dir.path().join("report");
        write(
            &out,
            &[page("index.html", "one"), page("members/a.html", "a")],
        )
        .unwrap();
        check_out(&out, &team).unwrap();
        write(&out, &[page("index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("members/a.html").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no staging folder left: {names:?}");
    }

    #[test]
    fn refuses_the_team_folder_its_parents_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        fs::create_dir_all(team.join("sub")).unwrap();
        assert!(check_out(&team, &team).is_err());
        assert!(check_out(dir.path(), &team).is_err());
        assert!(check_out(&team.join("sub/.."), &team).is_err());
        // Inside the team folder is fine.
        check_out(&team.join("report"), &team).unwrap();
        // A folder with someone else's files is not ours to replace.
        let foreign = dir.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let error = check_out(&foreign, &team).unwrap_err().to_string();
        assert!(error.contains("`keep.txt`"), "{error}");
        // An empty folder is fine.
        fs::remove_file(foreign.join("keep.txt")).unwrap();
        check_out(&foreign, &team).unwrap();
    }

    #[test]
    fn a_file_added_to_the_report_is_protected() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        fs::create_dir(&team).unwrap();
        let out = dir.path().join("report");
        write(&out, &[page("index.html", "one")]).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(check_out(&out, &team).is_err());
    }
}
