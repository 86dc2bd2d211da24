//! A team the server keeps: its folder, checked project and what the
//! client was sent; and how the server finds and opens one.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use crate::project::Project;
use crate::source::Source;
use crate::watch::feed::HeadAt;

/// One team, checked with the editor's unsaved text.
pub(crate) struct Team {
    /// The folder holding its root `vision.md`.
    pub(super) root: PathBuf,
    pub(super) project: Project,
    /// HEAD when the team was read: the history its findings use.
    pub(super) head: HeadAt,
    /// The files whose findings the client was last sent, non-empty.
    pub(super) published: HashSet<String>,
}

impl Team {
    /// The text of the file at `path` as checked: the editor's, when open.
    pub(crate) fn source(&self, path: &str) -> Option<&Source> {
        self.project.team.record_at(path).map(|r| &r.source)
    }

    /// The path within the team of the file at `uri`, when it is inside.
    pub(super) fn path_of(&self, uri: &Url) -> Option<String> {
        let file = uri.to_file_path().ok()?;
        Some(crate::paths::text(file.strip_prefix(&self.root).ok()?))
    }

    /// The address of the file at `path`.
    pub(crate) fn uri(&self, path: &str) -> Option<Url> {
        Url::from_file_path(self.root.join(crate::paths::from_text(path))).ok()
    }
}

/// The team a folder belongs to: the outermost folder at or above it that
/// holds a `vision.md` ([`crate::scaffold::vision_folders`]), not looking
/// above the git repository it is in.
pub fn team_root(folder: &Path) -> Option<PathBuf> {
    let repository = folder.ancestors().find(|dir| dir.join(".git").exists());
    let visions = crate::scaffold::vision_folders(folder).into_iter();
    visions
        .rev()
        .find(|dir| repository.is_none_or(|top| dir.starts_with(top)))
}

/// Read and check the team at `root` as `check` does ([`crate::open`]),
/// with its history when it is in a git repository; and what lessens it.
pub(super) fn open_team(
    root: &Path,
    as_of: Option<jiff::civil::Date>,
) -> Result<(Project, Vec<String>), crate::open::Error> {
    let request = crate::open::Request {
        dir: root,
        at: None,
        exclude: None,
        config: None,
        as_of,
        history: true,
    };
    let opened = crate::open::open(&request)?;
    Ok((opened.project, opened.warnings))
}
