//! Writing the report folder safely: never outside OUT, never over the team
//! folder, never deleting a file mastery did not write, one writer at a
//! time, and atomically (the new report is built beside OUT and swapped in,
//! so a reader sees the old report or the new one, never a mix).

use std::collections::HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
#[cfg(debug_assertions)]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};

use crate::paths::FolderLock;
pub use crate::paths::resolved;

/// The file in OUT that lists what mastery wrote there.
pub const MANIFEST: &str = ".mastery-report";
const MANIFEST_HEADER: &str =
    "# written by mastery build; files listed here are replaced on the next build";
/// How a temporary file or folder of mastery's ends: `.NAME.mastery-new…`.
const NEW: &str = ".mastery-new";
/// How long a build waits for another writer of the same OUT.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// One file of the site, by path relative to OUT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents.
    pub contents: String,
}

/// Refuse an OUT that is the team folder or contains it, or an existing
/// folder holding files mastery did not write. Every spelling of a path is
/// judged by where it leads ([`resolved`]). Nothing is touched.
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

/// The right to write one OUT: the lock of the folder holding it
/// ([`FolderLock`]), held until dropped, so two builds or a build and a
/// watcher never write into one report at once. No lock file is left.
pub struct Lock {
    _folder: FolderLock,
}

impl Lock {
    /// Wait (up to two minutes) until no other mastery writes `out`, then
    /// hold the lock. Creates OUT's parent folder: call [`check_out`] first.
    pub fn acquire(out: &Path) -> anyhow::Result<Lock> {
        Self::hold(&Place::of(out)?)
    }

    fn hold(place: &Place) -> anyhow::Result<Lock> {
        fs::create_dir_all(&place.parent)
            .with_context(|| format!("cannot create `{}`", place.parent.display()))?;
        let doing = format!("writing the report `{}`", place.target.display());
        Ok(Lock {
            _folder: FolderLock::wait(&place.parent, LOCK_WAIT, &doing)?,
        })
    }
}

/// A report being written: pages go into a hidden folder beside OUT, named
/// for this process, which replaces OUT as a whole in [`Staging::commit`].
/// A build that fails or is dropped removes its folder; one that is killed
/// leaves it for the next build to clear. Call [`check_out`] first.
pub struct Staging {
    place: Place,
    folder: PathBuf,
    folders: Mutex<HashSet<PathBuf>>,
    /// Pages staged, for the failure point (debug builds only).
    #[cfg(debug_assertions)]
    staged: AtomicUsize,
    /// See [`super::Options::abort_after_pages`] (debug builds only: a
    /// failure point for tests, never shipped).
    #[cfg(debug_assertions)]
    abort_after: Option<usize>,
    /// The report holds private entries: its folder is its owner's alone.
    owner_only: bool,
    _lock: Lock,
}

impl Staging {
    /// Start a new report for `out`: wait for other writers, recover or
    /// clear what a killed build left.
    pub fn new(out: &Path) -> anyhow::Result<Self> {
        let place = Place::of(out)?;
        let lock = Lock::hold(&place)?;
        recover(&place)?;
        let folder = place.beside(&format!("{NEW}-{}", std::process::id()));
        fs::create_dir(&folder).with_context(|| format!("cannot create `{}`", folder.display()))?;
        Ok(Self {
            place,
            folder,
            folders: Mutex::new(HashSet::new()),
            #[cfg(debug_assertions)]
            staged: AtomicUsize::new(0),
            #[cfg(debug_assertions)]
            abort_after: None,
            owner_only: false,
            _lock: lock,
        })
    }

    /// Keep the report to its owner (a folder of mode 0700): it holds
    /// private entries.
    pub fn owner_only(mut self) -> anyhow::Result<Self> {
        restrict(&self.folder)?;
        self.owner_only = true;
        Ok(self)
    }

    /// End the process once `pages` pages are staged (a failure point for
    /// tests, [`super::Options::abort_after_pages`]).
    #[cfg(debug_assertions)]
    pub fn abort_after(mut self, pages: Option<usize>) -> Self {
        self.abort_after = pages;
        self
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
        #[cfg(debug_assertions)]
        if self
            .abort_after
            .is_some_and(|n| self.staged.fetch_add(1, Ordering::SeqCst) + 1 >= n)
        {
            std::process::abort();
        }
        Ok(())
    }

    /// Record the pages written, then swap the new report in for the old.
    pub fn commit<'a>(self, pages: impl IntoIterator<Item = &'a str>) -> anyhow::Result<()> {
        let pages: Vec<&str> = pages.into_iter().collect();
        fs::write(self.folder.join(MANIFEST), manifest(pages.iter().copied()))
            .context("cannot write the report manifest")?;
        let target = &self.place.target;
        let out = target.display();
        if !target.exists() {
            return fs::rename(&self.folder, target)
                .with_context(|| format!("cannot move the new report into `{out}`"));
        }
        match swap(&self.folder, &self.place) {
            // The staging name now holds the previous report.
            Ok(()) => fs::remove_dir_all(&self.folder).with_context(|| {
                format!(
                    "cannot remove the previous report `{}`",
                    self.folder.display()
                )
            }),
            // OUT cannot be renamed (a mount point, another file system):
            // replace what it holds instead, one file at a time.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::ResourceBusy | ErrorKind::CrossesDevices
                ) =>
            {
                if self.owner_only {
                    restrict(target)?;
                }
                replace_contents(target, &self.folder, &pages)
            }
            Err(e) => Err(e).with_context(|| format!("cannot move the new report into `{out}`")),
        }
    }
}

/// Make the folder `dir` its owner's alone (mode 0700).
fn restrict(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot keep `{}` to its owner", dir.display()))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A failed build (a full disk, an error) leaves nothing behind; after
        // a swap this is the previous report, already removed when all went
        // well.
        let _ = fs::remove_dir_all(&self.folder);
    }
}

/// Put the folder `new` in place of `target`; `new`'s name then holds the
/// previous report. One exchange where the system has it, so OUT never
/// goes missing for a reader.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn swap(new: &Path, place: &Place) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, new, CWD, &place.target, RenameFlags::EXCHANGE) {
        // Some file systems cannot exchange; old kernels lack the call.
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => {
            swap_by_renames(new, place)
        }
        result => result.map_err(Into::into),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn swap(new: &Path, place: &Place) -> std::io::Result<()> {
    swap_by_renames(new, place)
}

/// The swap in two renames: OUT is missing between them, and a build killed
/// there leaves `.OUT.mastery-old`, which the next build puts back.
fn swap_by_renames(new: &Path, place: &Place) -> std::io::Result<()> {
    let (target, retired) = (&place.target, place.retired());
    fs::rename(target, &retired)?;
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(&retired, target);
        return Err(e);
    }
    fs::rename(&retired, new)
}

/// Where OUT is, resolved once: the folder it lies in and its name, which
/// mastery's files beside it (`.OUT.mastery-…`) are named after.
struct Place {
    target: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Place {
    fn of(out: &Path) -> anyhow::Result<Place> {
        let target = resolved(out)?;
        let parent = target
            .parent()
            .context("the output folder has no parent")?
            .to_path_buf();
        let name = target
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        Ok(Place {
            target,
            parent,
            name,
        })
    }

    /// `.OUT{suffix}` beside OUT.
    fn beside(&self, suffix: &str) -> PathBuf {
        self.parent.join(format!(".{}{suffix}", self.name))
    }

    /// Where a swap by renames puts the previous report meanwhile.
    fn retired(&self) -> PathBuf {
        self.beside(".mastery-old")
    }
}

/// Under the lock: put back a previous report that a killed swap left
/// aside, and clear the staging folders of killed builds (ours by name).
fn recover(place: &Place) -> anyhow::Result<()> {
    let (target, retired) = (&place.target, place.retired());
    if fs::symlink_metadata(&retired).is_ok() {
        if target.exists() {
            fs::remove_dir_all(&retired)
        } else {
            fs::rename(&retired, target)
        }
        .with_context(|| format!("cannot recover `{}`", retired.display()))?;
    }
    let staging = format!(".{}{NEW}", place.name);
    let Ok(entries) = fs::read_dir(&place.parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let ours = file_name == staging.as_str()
            || file_name
                .strip_prefix(staging.as_str())
                .is_some_and(|rest| rest.starts_with('-'));
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            fs::remove_dir_all(entry.path()).with_context(|| {
                format!("cannot remove the leftover `{}`", entry.path().display())
            })?;
        }
    }
    Ok(())
}

/// Replace OUT's contents file by file, each atomically, when OUT itself
/// cannot be renamed: the new pages from `staging`, then the old pages that
/// are gone, then the manifest.
fn replace_contents(target: &Path, staging: &Path, pages: &[&str]) -> anyhow::Result<()> {
    let previous = fs::read_to_string(target.join(MANIFEST)).unwrap_or_default();
    for &path in pages {
        let contents = fs::read_to_string(staging.join(path))
            .with_context(|| format!("cannot read back `{path}`"))?;
        replace_page(
            target,
            &Page {
                path: path.to_owned(),
                contents,
            },
        )?;
    }
    let kept: HashSet<&str> = pages.iter().copied().collect();
    for gone in previous.lines().skip(1).filter(|p| !kept.contains(p)) {
        remove_page(target, gone)?;
    }
    write_manifest(target, pages.iter().copied())
}

/// Replace one page of an existing report atomically (written beside it,
/// then renamed over it), as watch mode does between full builds. A failed
/// write leaves no temporary file.
pub fn replace_page(out: &Path, page: &Page) -> anyhow::Result<()> {
    let path = out.join(&page.path);
    let dir = path.parent().context("a page path has no folder")?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    crate::paths::write_file(
        &path,
        page.contents.as_bytes(),
        crate::paths::Existing::Replace,
    )
}

/// Remove a page mastery wrote (a member who left the team).
pub fn remove_page(out: &Path, page: &str) -> anyhow::Result<()> {
    let path = out.join(page);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != ErrorKind::NotFound => {
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

/// Files under `dir` that its manifest does not list (all of them when it
/// has no manifest); mastery's own temporary files do not count.
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
            } else if rel != MANIFEST
                && !listed.contains(rel.as_str())
                && !(name.starts_with('.') && name.ends_with(NEW))
            {
                stray.push(rel);
            }
        }
    }
    stray.sort();
    Ok(stray)
}

#[cfg(test)]
mod tests;
