//! Where records come from. The loader reads a team through
//! [`RecordSource`] (list the team's files, read one), so nothing after it
//! (rules, model, report) touches the disk for a record, and a team can be
//! read from somewhere other than the work tree.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::walk::{self, Found, Skipped};

/// The configuration file's name, at the team root.
pub const CONFIG_FILE: &str = "mastery.toml";

/// A file at the team root: where it is, and its bytes (`None` when too
/// large to read).
pub type RootFile = (PathBuf, Option<Vec<u8>>);

/// A place a team's records can be read from.
pub trait RecordSource: Sync {
    /// The team's record files in path order, and the entries passed over
    /// (with why). Fails only when the team itself cannot be read.
    fn list(&self) -> anyhow::Result<(Vec<Found>, Vec<Skipped>)>;

    /// The bytes of a listed file, or `None` when it holds more than `max`.
    fn read(&self, file: &Found, max: u64) -> std::io::Result<Option<Vec<u8>>>;

    /// The team's own configuration ([`CONFIG_FILE`] at its root), if it
    /// has one: where it is (for messages) and its bytes (`None` when it
    /// holds more than `max`).
    fn config_file(&self, max: u64) -> anyhow::Result<Option<RootFile>>;
}

/// The team folder on disk, read by the walking rules of docs/format.md:
/// hidden entries, `.gitignore`d entries and `README.md` files are never
/// read; symlinks only to regular files inside the team.
#[derive(Debug, Clone)]
pub struct WorkTree {
    /// The team folder.
    pub root: PathBuf,
    /// A folder never read (the report's output folder).
    pub exclude: Option<PathBuf>,
}

/// What is at a record path of the work tree now (for watch, which is told
/// a path changed and must tell an edit from a new file or a removal).
pub enum Entry {
    /// A regular file: read it.
    File(Found),
    /// Something else (a symlink, a folder, a FIFO): the walk decides.
    Other,
    /// Nothing.
    Missing,
}

impl WorkTree {
    /// The team at `root`, never reading `exclude`.
    pub fn new(root: &Path, exclude: Option<&Path>) -> Self {
        Self {
            root: root.to_path_buf(),
            exclude: exclude.map(Path::to_path_buf),
        }
    }

    /// The record files and the entries passed over, by the walking rules
    /// (a team folder that went away lists nothing).
    pub fn walk(&self) -> (Vec<Found>, Vec<Skipped>) {
        walk::record_files(&self.root, self.exclude.as_deref())
    }

    /// What is at the record path `path` (as the walk writes it).
    pub fn entry(&self, path: &str) -> Entry {
        let mut file = self.root.join(path);
        if fs::symlink_metadata(&file).is_err() {
            // A name that is not UTF-8, written with `\xHH` escapes.
            file = self.root.join(crate::paths::from_text(path));
        }
        match fs::symlink_metadata(&file) {
            Ok(meta) if meta.is_file() => Entry::File(Found {
                path: path.to_owned(),
                file,
            }),
            Ok(_) => Entry::Other,
            Err(_) => Entry::Missing,
        }
    }
}

impl RecordSource for WorkTree {
    fn list(&self) -> anyhow::Result<(Vec<Found>, Vec<Skipped>)> {
        let root = &self.root;
        let meta = fs::metadata(root).with_context(|| {
            format!(
                "cannot read the team folder `{}`; pass the folder that holds vision.md",
                root.display()
            )
        })?;
        if !meta.is_dir() {
            bail!(
                "`{}` is not a folder; pass the folder that holds vision.md",
                root.display()
            );
        }
        fs::read_dir(root)
            .with_context(|| format!("cannot list the team folder `{}`", root.display()))?;
        Ok(self.walk())
    }

    fn read(&self, file: &Found, max: u64) -> std::io::Result<Option<Vec<u8>>> {
        crate::paths::read_at_most(&file.file, max)
    }

    /// By the walker's rules: a regular file, or a symlink to one inside
    /// the team.
    fn config_file(&self, max: u64) -> anyhow::Result<Option<RootFile>> {
        let path = self.root.join(CONFIG_FILE);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            return Ok(None);
        };
        if meta.file_type().is_symlink() {
            let team = fs::canonicalize(&self.root)?;
            if let Err(why) = walk::symlink_target(&team, &path) {
                bail!(
                    "`{}` is {why} (copy the file into the team, or pass --config)",
                    path.display()
                );
            }
        }
        let bytes = read_regular_file(&path, max)
            .with_context(|| format!("cannot read the configuration `{}`", path.display()))?;
        Ok(Some((path, bytes)))
    }
}

/// At most `max` bytes of a file that must be a regular file (checked
/// before opening: opening a FIFO would wait for a writer).
pub fn read_regular_file(path: &Path, max: u64) -> anyhow::Result<Option<Vec<u8>>> {
    if !fs::metadata(path)?.is_file() {
        bail!("it is not a regular file");
    }
    Ok(crate::paths::read_at_most(path, max)?)
}
