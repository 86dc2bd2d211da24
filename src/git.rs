//! The one question `--changed-since` asks of the repository: which
//! record files differ from where a reference and HEAD meet. Read with gix,
//! as all history is, so one set of trust rules holds for every command.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use crate::load::git::{ObjectId, blob_id};
use crate::load::{GitTree, RecordSource, Repo, WorkTree};

/// Record files below `dir` (paths relative to it, `/`-separated) whose
/// content differs from where `reference` and HEAD meet: committed on this
/// branch, staged, unstaged or new and not ignored, and removed. That is
/// what a pull request changes. A work-tree file is compared by the blob
/// git would store for its bytes (no clean filters: a file that only
/// line-ending conversion would make equal counts as changed).
pub fn changed_files(dir: &Path, reference: &str) -> anyhow::Result<Since> {
    let repo = Arc::new(Repo::open(dir)?);
    let base = repo
        .merge_base_with_head(reference)
        .with_context(|| format!("cannot compare `{}` with `{reference}`", dir.display()))?;
    let then = GitTree::at(Arc::clone(&repo), &base.to_string(), None)?;
    let (before, _) = then.list()?;
    let (after, _) = WorkTree::new(dir, None).list()?;
    let blobs: HashMap<&str, ObjectId> = (before.iter())
        .filter_map(|f| Some((f.path.as_str(), then.blob_of(f)?)))
        .collect();
    let mut changed = HashSet::new();
    for file in &after {
        let bytes = std::fs::read(&file.file)
            .with_context(|| format!("cannot read `{}`", file.file.display()))?;
        let blob = blob_id(&bytes)?;
        if blobs.get(file.path.as_str()) != Some(&blob) {
            changed.insert(file.path.clone());
        }
    }
    let now: HashSet<&str> = after.iter().map(|f| f.path.as_str()).collect();
    changed.extend(
        (before.iter())
            .filter(|f| !now.contains(f.path.as_str()))
            .map(|f| f.path.clone()),
    );
    Ok(Since {
        files: changed,
        then,
    })
}

/// What a pull request changes: the record files, and the team where it
/// starts.
pub struct Since {
    /// Record files that differ (paths relative to the team folder).
    pub files: HashSet<String>,
    /// The team folder as committed where the reference and HEAD meet.
    pub then: GitTree,
}
