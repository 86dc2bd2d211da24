//! The team's repository, read with gix: the only place mastery touches
//! gix, whose 0.x API changes often. [`Repo`] is the repository with the
//! team folder's place in it; [`GitTree`] is the team as committed at a
//! revision; [`log`] lists commits and the record files each changed.

pub mod log;
mod tree;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;

pub use gix::ObjectId;
pub use tree::GitTree;

/// A git repository holding a team folder.
pub struct Repo {
    /// One handle per thread that reads (gix handles are not shared between
    /// threads), by rayon's thread index; the last for any other thread.
    handles: Vec<Mutex<gix::Repository>>,
    /// The team folder relative to the work tree's root (empty at the root).
    pub prefix: PathBuf,
    /// The team folder, resolved.
    pub team: PathBuf,
    /// The repository's own folder (`.git`, or the common one of a linked
    /// work tree): where mastery may keep caches, never in the work tree.
    pub git_dir: PathBuf,
}

/// Why there is no repository to read: a usage error.
pub fn not_found(dir: &Path) -> String {
    format!(
        "`{}` is not in a git repository; history needs the team in a git work tree",
        dir.display()
    )
}

impl Repo {
    /// The repository whose work tree holds the team folder `dir`.
    pub fn open(dir: &Path) -> anyhow::Result<Repo> {
        // As git does: GIT_DIR, GIT_CEILING_DIRECTORIES and the like apply.
        // A ceiling that is not above `dir` does not apply (as in git).
        let options = gix::discover::upwards::Options {
            match_ceiling_dir_or_error: false,
            ..Default::default()
        };
        let shared = gix::ThreadSafeRepository::discover_with_environment_overrides_opts(
            dir,
            options,
            Default::default(),
        )
        .map_err(|_| anyhow::anyhow!(not_found(dir)))?;
        let repo = shared.to_thread_local();
        let workdir = repo
            .workdir()
            .with_context(|| not_found(dir))?
            .canonicalize()?;
        let team = dir
            .canonicalize()
            .with_context(|| format!("cannot read the team folder `{}`", dir.display()))?;
        let prefix = team
            .strip_prefix(&workdir)
            .with_context(|| not_found(dir))?
            .to_path_buf();
        let git_dir = repo.common_dir().to_path_buf();
        let handles = (0..=rayon::current_num_threads())
            .map(|_| Mutex::new(shared.to_thread_local()))
            .collect();
        Ok(Repo {
            handles,
            prefix,
            team,
            git_dir,
        })
    }

    /// Run `f` with this thread's handle on the repository.
    fn with<T>(&self, f: impl FnOnce(&gix::Repository) -> T) -> T {
        let index = rayon::current_thread_index().unwrap_or(usize::MAX);
        let handle = &self.handles[index.min(self.handles.len() - 1)];
        let repo = handle.lock().expect("no panic holds the lock");
        f(&repo)
    }

    /// At most `max` bytes of a blob (`None` when larger).
    pub fn bytes(&self, id: ObjectId, max: u64) -> anyhow::Result<Option<Vec<u8>>> {
        self.with(|repo| {
            // The size first: a blob that inflates to gigabytes is never read.
            if repo.find_header(id)?.size() > max {
                return Ok(None);
            }
            Ok(Some(repo.find_blob(id)?.data.clone()))
        })
    }

    /// Whether the object named by `hex` is in the repository (a commit
    /// purged by `git filter-repo` and collected is not).
    pub fn has(&self, hex: &str) -> bool {
        let Ok(id) = ObjectId::from_hex(hex.as_bytes()) else {
            return false;
        };
        self.with(|repo| repo.has_object(id))
    }

    /// What to say when history may be missing because the clone is shallow.
    pub fn shallow_hint(&self) -> &'static str {
        self.with(shallow_hint)
    }
}

/// What to say when history may be missing because the clone is shallow.
fn shallow_hint(repo: &gix::Repository) -> &'static str {
    if repo.is_shallow().unwrap_or(false) {
        "; this clone is shallow: `git fetch --unshallow` brings the rest of its history"
    } else {
        ""
    }
}

/// A commit's committer date as a UTC day.
fn day(seconds: i64) -> anyhow::Result<jiff::civil::Date> {
    Ok(jiff::Timestamp::from_second(seconds)
        .context("the commit's date is out of range")?
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date())
}
