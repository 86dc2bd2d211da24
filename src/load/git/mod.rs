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

/// Why a repository could not be opened. Callers branch on it: a folder
/// in no repository has no history by design; a repository that is there
/// but cannot be read must be said, or history-based findings would
/// vanish in silence.
#[derive(Debug)]
pub enum OpenError {
    /// No git work tree holds the folder (or only a bare repository does).
    NotFound(String),
    /// A repository is there but cannot be read; the message says why and,
    /// where it knows, how to fix it.
    Unreadable(String),
}

/// The warning every command gives when a repository is there but its
/// history cannot be read: the findings that come from it are off.
pub fn without_history(cause: impl std::fmt::Display) -> String {
    format!(
        "going on without the repository's history (`backdated-entry`, `private-in-history` and git-dated staleness are off): {cause}"
    )
}

impl OpenError {
    /// Whether the folder is simply in no repository.
    pub fn is_not_found(&self) -> bool {
        matches!(self, OpenError::NotFound(_))
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::NotFound(why) | OpenError::Unreadable(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for OpenError {}

/// The typed reason for a failed discovery: only "no repository up to the
/// root, a ceiling or a file-system boundary" is not found.
fn discovery_error(dir: &Path, error: &gix::Error) -> OpenError {
    use gix::discover::upwards::Error as Upwards;
    match error.downcast_any_ref::<Upwards>() {
        Some(
            Upwards::NoGitRepository { .. }
            | Upwards::NoGitRepositoryWithinCeiling { .. }
            | Upwards::NoGitRepositoryWithinFs { .. },
        ) => OpenError::NotFound(not_found(dir)),
        Some(Upwards::NoTrustedGitRepository { candidate, .. }) => OpenError::Unreadable(format!(
            "the repository at `{}` is owned by another user and not trusted; if it is yours to read, mark it safe: `git config --global --add safe.directory {}`",
            candidate.display(),
            candidate.display()
        )),
        _ => {
            // Each cause once, outermost first: "configuration could not be
            // loaded: … line 1 …".
            let causes: Vec<String> = error.iter_errors().map(|e| e.to_string()).collect();
            OpenError::Unreadable(format!(
                "the repository holding `{}` cannot be opened: {}",
                dir.display(),
                causes.join(": ")
            ))
        }
    }
}

impl Repo {
    /// The repository whose work tree holds the team folder `dir`.
    pub fn open(dir: &Path) -> Result<Repo, OpenError> {
        // A folder that is not there is in no repository (the command
        // says so in its own words).
        if !dir.is_dir() {
            return Err(OpenError::NotFound(not_found(dir)));
        }
        // As git does: GIT_DIR, GIT_CEILING_DIRECTORIES and the like apply.
        // A ceiling that is not above `dir` does not apply (as in git).
        let options = gix::discover::upwards::Options {
            match_ceiling_dir_or_error: false,
            ..Default::default()
        };
        let shared = gix::ThreadSafeRepository::discover_with_environment_overrides_opts(
            dir,
            options,
            |options, _trust| options,
        )
        .map_err(|error| discovery_error(dir, &error))?;
        let repo = shared.to_thread_local();
        let unreadable = |what: &Path, e: std::io::Error| {
            OpenError::Unreadable(format!("cannot read `{}`: {e}", what.display()))
        };
        let workdir = repo
            .workdir()
            .ok_or_else(|| OpenError::NotFound(not_found(dir)))?;
        let workdir = workdir.canonicalize().map_err(|e| unreadable(workdir, e))?;
        let team = dir.canonicalize().map_err(|e| unreadable(dir, e))?;
        let prefix = team
            .strip_prefix(&workdir)
            .map_err(|_| OpenError::NotFound(not_found(dir)))?
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

    /// The commit HEAD names (`None` before the first commit).
    pub fn head(&self) -> Option<ObjectId> {
        self.with(|repo| repo.head_id().ok().map(|id| id.detach()))
    }

    /// The folders that hold HEAD and the refs: a linked work tree's own
    /// folder, then the common one (once when they are the same).
    pub fn ref_folders(&self) -> Vec<PathBuf> {
        let own = self.with(|repo| repo.git_dir().to_path_buf());
        let mut folders = vec![own];
        if folders[0] != self.git_dir {
            folders.push(self.git_dir.clone());
        }
        folders
    }
}

/// The id git gives a blob of `bytes` (as `git hash-object` does, with no
/// filters).
pub fn blob_id(bytes: &[u8]) -> anyhow::Result<ObjectId> {
    Ok(gix::objs::compute_hash(
        gix::hash::Kind::Sha1,
        gix::objs::Kind::Blob,
        bytes,
    )?)
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
