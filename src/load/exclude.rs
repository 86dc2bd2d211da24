//! `[team] exclude`: files in the team folder that are not records (notes,
//! docs), named by gitignore patterns relative to the team root.

use anyhow::anyhow;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The patterns, compiled. The default excludes nothing.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    matcher: Option<Gitignore>,
}

impl Exclude {
    /// Compile gitignore `patterns`; an invalid one is an error naming it.
    pub fn new(patterns: &[String]) -> anyhow::Result<Self> {
        if patterns.is_empty() {
            return Ok(Self::default());
        }
        let mut builder = GitignoreBuilder::new(".");
        for pattern in patterns {
            builder.add_line(None, pattern).map_err(|e| {
                anyhow!("`{pattern}` in [team] exclude is not a gitignore pattern: {e}")
            })?;
        }
        let matcher = builder
            .build()
            .map_err(|e| anyhow!("[team] exclude: {e}"))?;
        Ok(Self {
            matcher: Some(matcher),
        })
    }

    /// Whether the file at `path` (team-relative, `/`-separated) or a
    /// folder above it is excluded.
    pub fn excludes(&self, path: &str) -> bool {
        self.matcher
            .as_ref()
            .is_some_and(|m| m.matched_path_or_any_parents(path, false).is_ignore())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_patterns_from_the_team_root() {
        let patterns = ["notes.md", "docs/", "*.draft.md", "!keep.draft.md"].map(String::from);
        let exclude = Exclude::new(&patterns).unwrap();
        for excluded in [
            "notes.md",
            "sub/notes.md",
            "docs/a.md",
            "docs/deep/b.md",
            "x.draft.md",
        ] {
            assert!(exclude.excludes(excluded), "{excluded}");
        }
        for kept in ["alice.md", "keep.draft.md", "sub/docs.md", "vision.md"] {
            assert!(!exclude.excludes(kept), "{kept}");
        }
        assert!(!Exclude::default().excludes("notes.md"));
        let error = Exclude::new(&["{a".to_owned()]).unwrap_err().to_string();
        assert!(error.contains("`{a` in [team] exclude"), "{error}");
    }
}
