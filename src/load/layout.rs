//! What each file in the team folder is: not a record (`[team] exclude`),
//! a vision, a framework (`frameworks/*.md`, or `[frameworks] paths`) or a
//! member. Both settings are gitignore patterns relative to the team root.

use anyhow::anyhow;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::model::alignment::is_vision;

/// The folder framework files are read from, at the team root, unless
/// `[frameworks] paths` says otherwise.
const FOLDER: &str = "frameworks";

/// How the files of a team folder are read. The default reads every
/// record file, frameworks from `frameworks/*.md`.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    exclude: Option<Patterns>,
    frameworks: Option<Patterns>,
}

/// What a record file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A `vision.md`, at the root or a sub-team's.
    Vision,
    /// A growth framework.
    Framework,
    /// A member's record.
    Member,
}

/// Gitignore patterns, compiled, with what they came from.
#[derive(Debug, Clone)]
struct Patterns {
    matcher: Gitignore,
    source: Vec<String>,
}

impl Patterns {
    /// Compile `patterns` of the setting named `setting`; an invalid one is
    /// an error naming it. `None` for no patterns.
    fn new(patterns: &[String], setting: &str) -> anyhow::Result<Option<Self>> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut builder = GitignoreBuilder::new(".");
        for pattern in patterns {
            builder
                .add_line(None, pattern)
                .map_err(|e| anyhow!("`{pattern}` in {setting} is not a gitignore pattern: {e}"))?;
        }
        let matcher = builder.build().map_err(|e| anyhow!("{setting}: {e}"))?;
        Ok(Some(Self {
            matcher,
            source: patterns.to_vec(),
        }))
    }

    /// Whether the file at `path` or a folder above it matches.
    fn matches(&self, path: &str) -> bool {
        (self.matcher)
            .matched_path_or_any_parents(path, false)
            .is_ignore()
    }
}

impl Layout {
    /// The layout `[team] exclude` and `[frameworks] paths` describe
    /// (`None`: the `frameworks/` folder).
    pub fn new(exclude: &[String], frameworks: Option<&[String]>) -> anyhow::Result<Self> {
        let frameworks = match frameworks {
            Some(paths) => Some(Patterns::new(paths, "[frameworks] paths")?.ok_or_else(|| {
                anyhow!("[frameworks] paths names no file: leave it out to read `frameworks/*.md`")
            })?),
            None => None,
        };
        Ok(Self {
            exclude: Patterns::new(exclude, "[team] exclude")?,
            frameworks,
        })
    }

    /// Whether the file at `path` (team-relative, `/`-separated) or a
    /// folder above it is excluded: it is never read.
    pub fn excludes(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|p| p.matches(path))
    }

    /// What the record file at `path` holds. A vision is a vision wherever
    /// the framework patterns reach.
    pub fn kind(&self, path: &str) -> Kind {
        if is_vision(path) {
            Kind::Vision
        } else if self.is_framework(path) {
            Kind::Framework
        } else {
            Kind::Member
        }
    }

    /// Whether the record file at `path` is a member's.
    pub fn is_member(&self, path: &str) -> bool {
        self.kind(path) == Kind::Member
    }

    fn is_framework(&self, path: &str) -> bool {
        match &self.frameworks {
            Some(patterns) => patterns.matches(path),
            None => in_framework_folder(path),
        }
    }

    /// What tells this layout apart from another, for caches of what was
    /// read with it.
    pub fn key(&self) -> String {
        let patterns = |p: &Option<Patterns>| p.as_ref().map(|p| p.source.clone());
        serde_json::json!([patterns(&self.exclude), patterns(&self.frameworks)]).to_string()
    }
}

/// Whether `path` is a `.md` file directly in `frameworks/` at the team
/// root: the default place of frameworks.
fn in_framework_folder(path: &str) -> bool {
    path.strip_prefix(FOLDER)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(patterns: &[&str]) -> Vec<String> {
        patterns.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn excludes_by_gitignore_patterns_from_the_team_root() {
        let patterns = strings(&["notes.md", "docs/", "*.draft.md", "!keep.draft.md"]);
        let layout = Layout::new(&patterns, None).unwrap();
        for excluded in [
            "notes.md",
            "sub/notes.md",
            "docs/a.md",
            "docs/deep/b.md",
            "x.draft.md",
        ] {
            assert!(layout.excludes(excluded), "{excluded}");
        }
        for kept in ["alice.md", "keep.draft.md", "sub/docs.md", "vision.md"] {
            assert!(!layout.excludes(kept), "{kept}");
        }
        assert!(!Layout::default().excludes("notes.md"));
        let error = Layout::new(&strings(&["{a"]), None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("`{a` in [team] exclude"), "{error}");
    }

    #[test]
    fn frameworks_come_from_their_folder_by_default() {
        let layout = Layout::default();
        assert_eq!(layout.kind("frameworks/backend.md"), Kind::Framework);
        for member in [
            "frameworks/old/backend.md",
            "team/frameworks/backend.md",
            "frameworksx/backend.md",
        ] {
            assert_eq!(layout.kind(member), Kind::Member, "{member}");
        }
        assert_eq!(layout.kind("vision.md"), Kind::Vision);
    }

    #[test]
    fn frameworks_paths_replace_the_folder() {
        let paths = strings(&["/ladders/*.md", "career/backend.md"]);
        let layout = Layout::new(&[], Some(&paths)).unwrap();
        for framework in ["ladders/web.md", "career/backend.md"] {
            assert_eq!(layout.kind(framework), Kind::Framework, "{framework}");
        }
        for member in ["frameworks/backend.md", "ladders/old/web.md", "alice.md"] {
            assert_eq!(layout.kind(member), Kind::Member, "{member}");
        }
        // A vision stays a vision even where a pattern reaches.
        let everything = Layout::new(&[], Some(&strings(&["*.md"]))).unwrap();
        assert_eq!(everything.kind("sub/vision.md"), Kind::Vision);
        assert_ne!(layout.key(), Layout::default().key());
        let error = Layout::new(&[], Some(&[])).unwrap_err().to_string();
        assert!(
            error.contains("[frameworks] paths names no file"),
            "{error}"
        );
    }
}
