//! A team as committed at a revision: the second [`RecordSource`], read
//! from the repository's objects with gix. The work tree is never read or
//! changed; the walking rules are the work tree's, applied to the tree at
//! the revision (its `.gitignore` files as they were then).

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use gix::bstr::ByteSlice as _;
use gix::objs::tree::EntryKind;
use ignore::gitignore::Gitignore;

use super::{Repo, day};
use crate::load::source::{CONFIG_FILE, RecordSource, RootFile};
use crate::load::walk::{self, Found, MAX_GITIGNORE_BYTES, Skipped};

/// Tree entries by path: what they are, and their object.
type Entries = BTreeMap<PathBuf, (EntryKind, gix::ObjectId)>;

/// The team folder as committed at a revision.
pub struct GitTree {
    /// The revision as given (`HEAD~4`, `v1`).
    pub rev: String,
    /// The commit it names.
    pub commit: gix::ObjectId,
    /// The commit's committer date, in UTC (`None` when its time is out
    /// of any calendar's range: such a commit dates nothing).
    pub committed: Option<jiff::civil::Date>,
    /// The repository.
    pub repo: Arc<Repo>,
    /// Every entry below the team folder, by team-relative path.
    entries: Entries,
    /// The report folder, relative to the team folder, when inside it.
    exclude: Option<PathBuf>,
}

impl GitTree {
    /// The team folder `dir` (inside a git work tree) as `spec` (a
    /// revision or a date, [`GitTree::at_spec`]) names it, and the day to
    /// check it as of; `exclude` is the report folder, never read.
    pub fn open(
        dir: &Path,
        spec: &str,
        exclude: Option<&Path>,
    ) -> anyhow::Result<(GitTree, Option<jiff::civil::Date>)> {
        Self::at_spec(Arc::new(Repo::open(dir)?), spec, exclude)
    }

    /// The team folder of `repo` as `spec` names it, and the day it is
    /// checked as of: a date `YYYY-MM-DD` is the last commit of HEAD's
    /// history by the end of that day (UTC), as of that day; anything else
    /// a revision, as of its commit's day (none when the commit's time is
    /// out of range: then today, as without `--at`).
    pub fn at_spec(
        repo: Arc<Repo>,
        spec: &str,
        exclude: Option<&Path>,
    ) -> anyhow::Result<(GitTree, Option<jiff::civil::Date>)> {
        match crate::date::parse(spec) {
            Ok(day) => {
                let commit = repo.commit_on(day)?.to_string();
                Ok((GitTree::at(repo, &commit, exclude)?, Some(day)))
            }
            Err(not_a_date) => {
                let tree = match GitTree::at(repo, spec, exclude) {
                    Ok(tree) => tree,
                    // `27/11/2026` meant a date: say how to write one.
                    Err(_) if looks_like_a_date(spec) => anyhow::bail!(not_a_date),
                    Err(error) => return Err(error),
                };
                let committed = tree.committed;
                Ok((tree, committed))
            }
        }
    }

    /// The team folder of `repo` as committed at `rev`.
    pub fn at(repo: Arc<Repo>, rev: &str, exclude: Option<&Path>) -> anyhow::Result<GitTree> {
        let (commit, committed, entries) = repo.with(|git| read_tree(git, rev, &repo.prefix))?;
        let exclude = exclude
            .and_then(|out| crate::paths::resolved(out).ok())
            .and_then(|out| out.strip_prefix(&repo.team).ok().map(Path::to_path_buf));
        Ok(GitTree {
            rev: rev.to_owned(),
            commit,
            committed,
            repo,
            entries,
            exclude,
        })
    }

    /// The blob a listed file is read from.
    pub fn blob_of(&self, file: &Found) -> Option<gix::ObjectId> {
        self.blob(&file.file).ok()
    }

    /// The blob at `path` (following links inside the team), or why not.
    fn blob(&self, path: &Path) -> Result<gix::ObjectId, String> {
        let mut path = path.to_path_buf();
        // As many links as the kernel follows before it calls it a loop.
        for _ in 0..40 {
            match self.entries.get(&path) {
                Some((EntryKind::Blob | EntryKind::BlobExecutable, id)) => return Ok(*id),
                Some((EntryKind::Link, id)) => {
                    let target = self
                        .bytes(*id, MAX_LINK_BYTES)
                        .ok()
                        .flatten()
                        .ok_or("a symlink that cannot be followed")?;
                    let base = path.parent().unwrap_or(Path::new(""));
                    path = inside(base, Path::new(OsStr::from_bytes(&target))).ok_or(
                        "a symlink that points outside the team folder; it was not followed",
                    )?;
                }
                Some(_) => {
                    return Err("a symlink to something other than a regular file; \
                                it was not followed"
                        .into());
                }
                None => {
                    return Err("a symlink that cannot be followed (No such file or \
                                directory (os error 2))"
                        .into());
                }
            }
        }
        Err("a symlink loop; it was not followed".into())
    }

    /// At most `max` bytes of a blob (`None` when larger).
    fn bytes(&self, id: gix::ObjectId, max: u64) -> anyhow::Result<Option<Vec<u8>>> {
        self.repo.bytes(id, max)
    }

    /// Whether a `.gitignore` at the revision ignores `path`.
    fn ignored(
        &self,
        chains: &mut HashMap<PathBuf, Vec<Gitignore>>,
        path: &Path,
        dir: bool,
    ) -> bool {
        let parent = path.parent().unwrap_or(Path::new(""));
        let chain = self.chain(chains, parent);
        let virtual_path = Path::new("/").join(path);
        chain
            .iter()
            .rev()
            .map(|gitignore| gitignore.matched(&virtual_path, dir))
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore())
    }

    /// The `.gitignore` matchers from the team folder down to `dir`.
    fn chain<'c>(
        &self,
        chains: &'c mut HashMap<PathBuf, Vec<Gitignore>>,
        dir: &Path,
    ) -> &'c Vec<Gitignore> {
        if !chains.contains_key(dir) {
            let mut chain = match dir.parent() {
                Some(parent) => self.chain(chains, parent).clone(),
                None => Vec::new(),
            };
            let file = dir.join(".gitignore");
            if self.entries.contains_key(&file) {
                let text = self
                    .blob(&file)
                    .ok()
                    .and_then(|id| self.bytes(id, MAX_GITIGNORE_BYTES).ok().flatten());
                if let Some(text) = text {
                    let text = String::from_utf8_lossy(&text);
                    chain.extend(walk::gitignore(&Path::new("/").join(dir), &file, &text));
                }
            }
            chains.insert(dir.to_path_buf(), chain);
        }
        &chains[dir]
    }

    /// Whether `path` is listed: not hidden, not in the report folder, not
    /// ignored (nor any folder above it).
    fn visible(&self, chains: &mut HashMap<PathBuf, Vec<Gitignore>>, path: &Path) -> bool {
        let hidden = path
            .components()
            .any(|c| c.as_os_str().as_bytes().starts_with(b"."));
        if hidden
            || self
                .exclude
                .as_ref()
                .is_some_and(|out| path.starts_with(out))
        {
            return false;
        }
        let mut folder = PathBuf::new();
        let components: Vec<Component> = path.components().collect();
        for component in &components[..components.len().saturating_sub(1)] {
            folder.push(component);
            if self.ignored(chains, &folder, true) {
                return false;
            }
        }
        !self.ignored(chains, path, false)
    }
}

/// The commit `rev` names, its committer date (UTC) and every entry of the
/// folder `prefix` in its tree.
fn read_tree(
    repo: &gix::Repository,
    rev: &str,
    prefix: &Path,
) -> anyhow::Result<(gix::ObjectId, Option<jiff::civil::Date>, Entries)> {
    let commit = repo.find_commit(super::log::resolve(repo, rev)?)?;
    // A time out of any calendar's range dates nothing (the history says
    // so once), the same in every command.
    let committed = commit.time().ok().and_then(|t| day(t.seconds).ok());
    let mut tree = commit.tree().context("cannot read the commit's tree")?;
    if !prefix.as_os_str().is_empty() {
        let entry = tree
            .peel_to_entry_by_path(prefix)
            .context("cannot read the commit's tree")?
            .filter(|e| e.mode().is_tree())
            .with_context(|| {
                format!(
                    "the team folder `{}` does not exist at `{rev}`",
                    prefix.display()
                )
            })?;
        tree = repo.find_tree(entry.object_id())?;
    }
    let mut entries = BTreeMap::new();
    flatten(repo, tree.id, PathBuf::new(), &mut entries)
        .map_err(|error| super::log::damaged(rev, error))?;
    Ok((commit.id, committed, entries))
}

/// Whether `spec` is digits split by `-`, `/` or `.` (a date written some
/// other way), rather than a revision.
fn looks_like_a_date(spec: &str) -> bool {
    let parts: Vec<&str> = spec.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A link target longer than this is not followed.
const MAX_LINK_BYTES: u64 = 4096;

/// `target` (a link's text) seen from the folder `base`, both relative to
/// the team folder; `None` when it leads out of it.
fn inside(base: &Path, target: &Path) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for component in base.join(target).components() {
        match component {
            Component::Normal(name) => path.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(path)
}

/// Every entry of `tree` and the trees below it, by path below `at`
/// (with a list of trees to visit, not recursion: a hostile repository
/// can nest folders deeper than any stack).
fn flatten(
    repo: &gix::Repository,
    tree: gix::ObjectId,
    at: PathBuf,
    entries: &mut Entries,
) -> anyhow::Result<()> {
    let mut pending = vec![(tree, at)];
    while let Some((tree, at)) = pending.pop() {
        let tree = repo.find_tree(tree)?;
        for entry in tree.decode()?.entries {
            let path = at.join(OsStr::from_bytes(entry.filename.as_bytes()));
            let kind = entry.mode.kind();
            entries.insert(path.clone(), (kind, entry.oid.to_owned()));
            if kind == EntryKind::Tree {
                pending.push((entry.oid.to_owned(), path));
            }
        }
    }
    Ok(())
}

impl RecordSource for GitTree {
    fn list(&self) -> anyhow::Result<(Vec<Found>, Vec<Skipped>)> {
        let mut chains = HashMap::new();
        let (mut found, mut skipped) = (Vec::new(), Vec::new());
        for (path, (kind, _)) in &self.entries {
            let text = crate::paths::text(path);
            let is_record = text.ends_with(".md") && !walk::is_readme(&text);
            if !is_record || *kind == EntryKind::Tree || *kind == EntryKind::Commit {
                continue;
            }
            if !self.visible(&mut chains, path) {
                continue;
            }
            match self.blob(path) {
                Ok(_) => found.push(Found {
                    path: text,
                    file: path.clone(),
                }),
                Err(reason) => skipped.push(Skipped {
                    path: text,
                    reason,
                    unreadable: false,
                }),
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((found, skipped))
    }

    fn read(&self, file: &Found, max: u64) -> std::io::Result<Option<Vec<u8>>> {
        let id = self
            .blob(&file.file)
            .map_err(|why| std::io::Error::new(std::io::ErrorKind::NotFound, why))?;
        self.bytes(id, max).map_err(std::io::Error::other)
    }

    fn config_file(&self, max: u64) -> anyhow::Result<Option<RootFile>> {
        let path = Path::new(CONFIG_FILE);
        if !self.entries.contains_key(path) {
            return Ok(None);
        }
        let id = self.blob(path).map_err(|why| {
            anyhow::anyhow!("`{CONFIG_FILE}` at `{}` is {why} (pass --config)", self.rev)
        })?;
        let label = PathBuf::from(format!("{}:{CONFIG_FILE}", self.rev));
        Ok(Some((label, self.bytes(id, max)?)))
    }
}
