//! The steps already computed, kept in the repository's git directory
//! (`.git/mastery/`, never the work tree) by commit id. A step depends only
//! on its commit, the team folder's place and how its files are read (the
//! size limit, what is excluded, where frameworks are), so a cache written
//! for others (another folder, configuration or version of mastery) or one
//! that does not read is ignored and rebuilt, never trusted.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Step;
use super::months::Point;
use crate::config::Config;
use crate::load::git::Repo;

/// Bumped whenever what a step holds or means changes. (2: private
/// entries are keyed by their date alone, steps name the private entries
/// written in clear, and a joining is dated by `joined`; a cache of format
/// 1 held private authors and kinds, and is rewritten. 3: a file name
/// that is not UTF-8 is named as the work tree names it, `\xHH`. 4: steps
/// hold level changes, and framework files are no members.)
const FORMAT: u32 = 5;

/// What a run may reuse: steps by commit id, month-end figures by
/// [`super::months`]' key; and whom they were computed for.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    format: u32,
    mastery: String,
    prefix: String,
    max_bytes: u64,
    /// [`crate::load::Layout::key`].
    layout: String,
    /// Steps by commit id.
    pub steps: HashMap<String, Step>,
    /// Month-end figures by [`super::months`]' key.
    pub points: HashMap<String, Point>,
}

/// The cache file for the team folder of `repo`: one per folder, so two
/// teams in one repository do not evict each other.
fn file(repo: &Repo) -> PathBuf {
    let prefix = crate::paths::text(&repo.prefix);
    let name = if prefix.is_empty() {
        "history.json".to_owned()
    } else {
        let safe: String = prefix
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("history-{safe}-{:016x}.json", fnv(prefix.as_bytes()))
    };
    repo.git_dir.join("mastery").join(name)
}

/// A stable 64-bit hash (FNV-1a), to tell apart folders whose names map to
/// the same file name.
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the cache keeps for the team folder of `repo` read as `config`
/// reads it; empty when there is no usable cache.
pub fn load(repo: &Repo, config: &Config) -> Cache {
    let fresh = Cache {
        format: FORMAT,
        mastery: env!("CARGO_PKG_VERSION").to_owned(),
        prefix: crate::paths::text(&repo.prefix),
        max_bytes: config.limits.max_file_bytes,
        layout: config.layout.key(),
        ..Cache::default()
    };
    let read = std::fs::read(file(repo)).ok();
    match read.and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok()) {
        Some(cache)
            if (cache.format, &cache.mastery, &cache.prefix)
                == (fresh.format, &fresh.mastery, &fresh.prefix)
                && (cache.max_bytes, &cache.layout) == (fresh.max_bytes, &fresh.layout) =>
        {
            cache
        }
        _ => fresh,
    }
}

/// Keep `cache` for the next run: written beside the file and renamed
/// over it ([`crate::paths::write_file`]), so a reader never sees half a
/// file. A repository mastery may not write to (read-only, another
/// user's) just goes without.
pub fn save(repo: &Repo, cache: &Cache) {
    let path = file(repo);
    let write = || -> anyhow::Result<()> {
        std::fs::create_dir_all(path.parent().expect("the cache is in a folder"))?;
        let bytes = serde_json::to_vec(cache)?;
        crate::paths::write_file(&path, &bytes, crate::paths::Existing::Replace)
    };
    let _ = write();
}
