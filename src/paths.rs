//! Paths as the file system resolves them.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;

/// Where `path` leads: absolute, each existing component resolved through
/// symlinks, `.` dropped and `..` taken as the parent of what came before.
/// A component that does not exist cannot be a link, so `typo/../team` is
/// `team`: no spelling of a path can disguise where it points.
pub fn resolved(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("cannot resolve `{}`", path.display()))?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if fs::symlink_metadata(&resolved).is_ok_and(|m| m.file_type().is_symlink())
                    && let Ok(real) = fs::canonicalize(&resolved)
                {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}
