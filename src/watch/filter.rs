//! Which file-system events matter: a pure function of paths, so the rules
//! are easy to test and the watcher never reacts to its own output.

use std::path::{Component, Path, PathBuf};

use notify::EventKind;

/// What a changed path means for the team.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A record file (relative path, `/`-separated): re-read it.
    Record(String),
    /// `mastery.toml` (or the `--config` file).
    Config,
    /// A template in the `--templates` folder.
    Templates,
    /// Something that can change which files are records (a `.gitignore`,
    /// a folder created, moved or deleted): walk the tree again.
    Tree,
    /// The team folder itself went away or came back.
    Root,
    /// HEAD or a branch moved (a checkout, commit, pull or reset): the
    /// history may differ even where no record did.
    History,
}

/// Where the watcher looks.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    /// The team folder.
    pub root: &'a Path,
    /// The report folder, when one is written (never a source of changes).
    pub out: Option<&'a Path>,
    /// An explicit `--config` file.
    pub config: Option<&'a Path>,
    /// The `--templates` folder.
    pub templates: Option<&'a Path>,
    /// The repository's folders that hold HEAD and the refs (a linked work
    /// tree's own, and the common one).
    pub git: &'a [PathBuf],
}

/// Classify one event path. `is_dir` says whether the path is (now) a
/// folder; a path that no longer exists is judged by its name alone.
pub fn classify(path: &Path, is_dir: bool, scope: &Scope) -> Option<Change> {
    if path == scope.root {
        return Some(Change::Root);
    }
    if scope.git.iter().any(|git| names_a_ref(path, git)) {
        return Some(Change::History);
    }
    if scope.config.is_some_and(|c| path == c) {
        return Some(Change::Config);
    }
    if let Some(templates) = scope.templates
        && path.starts_with(templates)
    {
        let name = path.file_name()?.to_string_lossy();
        return (!is_editor_temporary(&name) && !name.starts_with('.'))
            .then_some(Change::Templates);
    }
    if scope.out.is_some_and(|out| path.starts_with(out)) {
        return None;
    }
    let rel = path.strip_prefix(scope.root).ok()?;
    let name = rel.file_name()?.to_string_lossy().into_owned();
    if name == ".gitignore" {
        return Some(Change::Tree);
    }
    let hidden = rel
        .components()
        .any(|c| matches!(c, Component::Normal(part) if part.to_string_lossy().starts_with('.')));
    if hidden || is_editor_temporary(&name) {
        return None;
    }
    if rel == Path::new("mastery.toml") && scope.config.is_none() {
        return Some(Change::Config);
    }
    if is_dir {
        return Some(Change::Tree);
    }
    if name.ends_with(".md") {
        return Some(Change::Record(crate::paths::text(rel)));
    }
    // A path without an extension that no longer exists may have been a
    // folder: walk again to be sure. Other files (images, notes.txt) never
    // hold records.
    (!name.contains('.') && !path.exists()).then_some(Change::Tree)
}

/// Whether `path` is HEAD, `packed-refs` or a ref of the repository
/// folder `git` (not a `.lock` git writes before renaming it into place).
fn names_a_ref(path: &Path, git: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(git) else {
        return false;
    };
    let lock = path.extension().is_some_and(|e| e == "lock");
    !lock
        && (rel == Path::new("HEAD") || rel == Path::new("packed-refs") || rel.starts_with("refs"))
}

/// Whether an event can mean a change at all: reading a file (which the
/// rebuild itself does) must never trigger a rebuild.
pub fn changes_content(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_))
}

/// Files editors write while saving or locking: `.swp`, `~`, `.tmp`, vim's
/// `4913` probe, Emacs's `#file#`.
fn is_editor_temporary(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".crswap"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope<'static> {
        Scope {
            root: Path::new("/team"),
            out: Some(Path::new("/team/report")),
            config: None,
            templates: Some(Path::new("/look")),
            git: &[],
        }
    }

    fn at(path: &str) -> Option<Change> {
        classify(Path::new(path), false, &scope())
    }

    #[test]
    fn records_config_and_tree_changes_count() {
        assert_eq!(at("/team/a.md"), Some(Change::Record("a.md".into())));
        assert_eq!(
            at("/team/sub/b.md"),
            Some(Change::Record("sub/b.md".into()))
        );
        assert_eq!(
            at("/team/vision.md"),
            Some(Change::Record("vision.md".into()))
        );
        assert_eq!(at("/team/mastery.toml"), Some(Change::Config));
        assert_eq!(at("/team/sub/.gitignore"), Some(Change::Tree));
        assert_eq!(
            classify(Path::new("/team/new"), true, &scope()),
            Some(Change::Tree)
        );
        assert_eq!(at("/team/gone-folder"), Some(Change::Tree));
        assert_eq!(at("/team"), Some(Change::Root));
        assert_eq!(at("/look/index.html"), Some(Change::Templates));
    }

    #[test]
    fn output_hidden_and_editor_files_never_count() {
        for path in [
            "/team/report/index.html",
            "/team/report/members/a.html",
            "/team/.git/index",
            "/team/.hidden/a.md",
            "/team/.a.md.swp",
            "/team/a.md~",
            "/team/a.md.tmp",
            "/team/4913",
            "/team/#a.md#",
            "/team/notes.txt",
            "/team/photo.png",
            "/elsewhere/a.md",
            "/look/.index.html.swp",
        ] {
            assert_eq!(at(path), None, "{path}");
        }
    }

    #[test]
    fn head_and_refs_move_the_history_and_nothing_else_in_git_does() {
        let git = [PathBuf::from("/team/.git")];
        let scope = Scope {
            git: &git,
            ..scope()
        };
        let at = |path: &str| classify(Path::new(path), false, &scope);
        for path in [
            "/team/.git/HEAD",
            "/team/.git/packed-refs",
            "/team/.git/refs/heads/main",
            "/team/.git/refs/heads/topic/x",
        ] {
            assert_eq!(at(path), Some(Change::History), "{path}");
        }
        for path in [
            "/team/.git/refs/heads/main.lock",
            "/team/.git/HEAD.lock",
            "/team/.git/index",
            "/team/.git/objects/ab/cdef",
            "/team/.git/ORIG_HEAD",
        ] {
            assert_eq!(at(path), None, "{path}");
        }
    }

    #[test]
    fn reading_is_not_changing() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind, RenameMode,
        };
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
        assert!(changes_content(&EventKind::Remove(RemoveKind::Folder)));
    }

    #[test]
    fn an_explicit_config_replaces_the_default_one() {
        let config = Path::new("/etc/mastery.toml");
        let scope = Scope {
            config: Some(config),
            ..scope()
        };
        assert_eq!(classify(config, false, &scope), Some(Change::Config));
        assert_eq!(
            classify(Path::new("/team/mastery.toml"), false, &scope),
            None
        );
    }
}
