//! Commits and what each changed in the team folder: the low-level tree
//! diff of gix over the team's subtrees, so a commit that did not touch the
//! team costs one tree lookup, and one that did yields only its changed
//! files.

use anyhow::{Context as _, bail};
use gix::bstr::ByteSlice as _;
use gix::diff::tree::recorder::{Change, Location};
use gix::objs::tree::EntryKind;

use super::{ObjectId, Repo, day, shallow_hint};

/// A commit of HEAD's history.
#[derive(Debug, Clone)]
pub struct Commit {
    /// Its id.
    pub id: ObjectId,
    /// Its committer date, in UTC; `None` when its time is out of any
    /// calendar's range (a commit written by a broken tool): such a commit
    /// is read, but dates nothing.
    pub date: Option<jiff::civil::Date>,
    /// Its committer time, in seconds since the epoch.
    pub time: i64,
    /// Its parents (none for a root commit, or one whose parents a shallow
    /// clone left out).
    pub parents: Vec<ObjectId>,
    /// A shallow clone's boundary: its parents exist but were not fetched.
    pub boundary: bool,
}

/// A file of the team folder that a commit added, changed or removed.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Its path relative to the team folder, `/`-separated.
    pub path: String,
    /// Its blob before (`None`: added).
    pub before: Option<ObjectId>,
    /// Its blob after (`None`: removed).
    pub after: Option<ObjectId>,
}

impl Repo {
    /// Every commit of the history of `tip` (else HEAD), newest first;
    /// empty when the repository has no commits yet.
    pub fn commits(&self, tip: Option<ObjectId>) -> anyhow::Result<Vec<Commit>> {
        self.with(|repo| {
            let tip = match tip {
                Some(tip) => tip,
                // No commits yet is no history; a HEAD that names a commit
                // that cannot be read (a damaged pack) is an error to say.
                None if repo.head()?.is_unborn() => return Ok(Vec::new()),
                None => repo
                    .head_id()
                    .context("cannot read the commit HEAD names")?
                    .detach(),
            };
            let shallow = repo.shallow_commits()?;
            let newest_first = gix::revision::walk::Sorting::ByCommitTime(
                gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
            );
            let mut commits = Vec::new();
            for info in repo.rev_walk([tip]).sorting(newest_first).all()? {
                let info = info?;
                let boundary = shallow.as_ref().is_some_and(|s| s.contains(&info.id));
                // The walk reads a time it cannot parse as 0: read it again
                // to tell 1970 from a date out of any calendar's range.
                let time = match info.commit_time() {
                    0 => repo.find_commit(info.id)?.time().ok().map(|t| t.seconds),
                    time => Some(time),
                };
                commits.push(Commit {
                    id: info.id,
                    date: time.and_then(|t| day(t).ok()),
                    time: time.unwrap_or(0),
                    parents: if boundary {
                        Vec::new()
                    } else {
                        info.parent_ids().map(|p| p.detach()).collect()
                    },
                    boundary,
                });
            }
            Ok(commits)
        })
    }

    /// The last commit in HEAD's history committed at or before the end of
    /// `day` (UTC).
    pub fn commit_on(&self, day: jiff::civil::Date) -> anyhow::Result<ObjectId> {
        let commits = self.commits(None)?;
        if commits.is_empty() {
            bail!("the repository has no commits yet");
        }
        match last_on(&commits, day) {
            Some(commit) => Ok(commit.id),
            None => bail!(
                "no commit in HEAD's history is as old as {day}{}",
                self.shallow_hint()
            ),
        }
    }

    /// Where `reference` and HEAD meet: the commit a pull request from HEAD
    /// into `reference` starts from.
    pub fn merge_base_with_head(&self, reference: &str) -> anyhow::Result<ObjectId> {
        self.with(|repo| {
            let theirs = resolve(repo, reference)?;
            let head = repo.head_id().context("HEAD names no commit yet")?.detach();
            let base = repo.merge_base(theirs, head)?;
            let base = base.with_context(|| format!("`{reference}` and HEAD share no history"))?;
            Ok(base.detach())
        })
    }

    /// The team folder's tree at `commit` (`None` where it does not exist).
    pub fn team_tree(&self, commit: ObjectId) -> anyhow::Result<Option<ObjectId>> {
        self.with(|repo| {
            let mut tree = repo.find_commit(commit)?.tree()?;
            if self.prefix.as_os_str().is_empty() {
                return Ok(Some(tree.id));
            }
            let entry = tree.peel_to_entry_by_path(&self.prefix)?;
            Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
        })
    }

    /// The blob of the file at `path` (relative to the team folder) in
    /// `commit`, when there is one.
    pub fn file(&self, commit: ObjectId, path: &str) -> anyhow::Result<Option<ObjectId>> {
        let Some(tree) = self.team_tree(commit)? else {
            return Ok(None);
        };
        self.with(|repo| {
            let mut tree = repo.find_tree(tree)?;
            let entry = tree.peel_to_entry_by_path(path)?;
            Ok(entry
                .filter(|e| matches!(e.mode().kind(), EntryKind::Blob | EntryKind::BlobExecutable))
                .map(|e| e.object_id()))
        })
    }

    /// The files (not folders, not links) that differ between two trees of
    /// the team folder (`None`: the folder did not exist).
    pub fn changed(
        &self,
        before: Option<ObjectId>,
        after: Option<ObjectId>,
    ) -> anyhow::Result<Vec<Changed>> {
        if before == after {
            return Ok(Vec::new());
        }
        self.with(|repo| {
            let bytes = |tree: Option<ObjectId>| -> anyhow::Result<Vec<u8>> {
                Ok(match tree {
                    Some(id) => repo.find_tree(id)?.detach().data,
                    None => Vec::new(),
                })
            };
            let (lhs, rhs) = (bytes(before)?, bytes(after)?);
            let mut recorder =
                gix::diff::tree::Recorder::default().track_location(Some(Location::Path));
            gix::diff::tree(
                gix::objs::TreeRefIter::from_bytes(&lhs, repo.object_hash()),
                gix::objs::TreeRefIter::from_bytes(&rhs, repo.object_hash()),
                gix::diff::tree::State::default(),
                &repo.objects,
                &mut recorder,
            )
            .context("cannot compare the commit's tree with its parent's")?;
            let file = |mode: gix::objs::tree::EntryMode| {
                matches!(mode.kind(), EntryKind::Blob | EntryKind::BlobExecutable)
            };
            // Named as the work tree names them: a name that is not UTF-8
            // keeps its bytes as `\xHH`, so its history is its own.
            let path = |path: &gix::bstr::BString| match gix::path::from_bstr(path.as_bstr()) {
                Ok(path) => crate::paths::text(&path),
                // Only where paths must be UTF-8 (Windows) and are not.
                Err(_) => String::from_utf8_lossy(path).into_owned(),
            };
            let blob = |mode, id| file(mode).then_some(id);
            let changed = recorder.records.into_iter().map(|change| match change {
                Change::Addition {
                    entry_mode,
                    oid,
                    path: p,
                    ..
                } => (p, None, blob(entry_mode, oid)),
                Change::Deletion {
                    entry_mode,
                    oid,
                    path: p,
                    ..
                } => (p, blob(entry_mode, oid), None),
                Change::Modification {
                    previous_entry_mode,
                    previous_oid,
                    entry_mode,
                    oid,
                    path: p,
                } => (
                    p,
                    blob(previous_entry_mode, previous_oid),
                    blob(entry_mode, oid),
                ),
            });
            // Folders, links and submodules are not records.
            Ok(changed
                .filter(|(_, before, after)| before.is_some() || after.is_some())
                .map(|(p, before, after)| Changed {
                    path: path(&p),
                    before,
                    after,
                })
                .collect())
        })
    }
}

/// The last of `commits` (newest first) committed at or before the end of
/// `day` (UTC).
pub fn last_on(commits: &[Commit], day: jiff::civil::Date) -> Option<&Commit> {
    let end = day
        .tomorrow()
        .ok()?
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()?
        .timestamp()
        .as_second();
    // A commit that dates nothing (out of any calendar's range) is no
    // day's commit.
    commits.iter().find(|c| c.date.is_some() && c.time < end)
}

/// `rev` resolved to a commit, or a usage error that says why: a name
/// the repository does not have, or one whose objects cannot be read.
pub fn resolve(repo: &gix::Repository, rev: &str) -> anyhow::Result<ObjectId> {
    let not_a_revision = || {
        anyhow::anyhow!(
            "`{rev}` is not a revision of the repository (a commit, tag or branch){}",
            shallow_hint(repo)
        )
    };
    let id = match repo.rev_parse_single(rev) {
        Ok(id) => id,
        Err(error) if missing_object(&error) => return Err(damaged(rev, error.into())),
        Err(_) => return Err(not_a_revision()),
    };
    let object = id.object().map_err(|error| damaged(rev, error.into()))?;
    Ok(object.peel_to_commit().map_err(|_| not_a_revision())?.id)
}

/// Whether `error` (or what caused it) is an object git should have and
/// cannot read: a damaged or incomplete repository, not a wrong name.
fn missing_object(error: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(error), |e| e.source())
        .any(|e| e.to_string().starts_with("An object with id"))
}

/// `error`, met reading what `rev` names, said as a damaged repository.
pub fn damaged(rev: &str, error: anyhow::Error) -> anyhow::Error {
    error.context(format!(
        "cannot read `{rev}` from the repository, which may be damaged (`git fsck` says what is wrong)"
    ))
}
