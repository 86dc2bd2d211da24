//! Paths as the file system resolves them.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;

/// Replace the file at `path` with `contents` at once: written to a hidden
/// temporary file beside it (`.NAME.mastery-new`, which no walk reads),
/// given the file's permissions, then renamed over it. A reader sees the
/// old file or the new one, never half of one; on failure the temporary
/// file is removed.
pub fn replace_file(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .context("a file path has no name")?
        .to_string_lossy();
    let temporary = dir.join(format!(".{name}.mastery-new"));
    // Never through what is there already: a link planted under that name
    // (a team folder is someone's repository) would lead the write out.
    // Removing a link removes the link; the file is then created anew.
    match fs::remove_file(&temporary) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(e).with_context(|| format!("cannot remove `{}`", temporary.display()));
        }
        _ => {}
    }
    let written = write_new(&temporary, contents).and_then(|()| {
        if let Ok(metadata) = fs::metadata(path) {
            let _ = fs::set_permissions(&temporary, metadata.permissions());
        }
        fs::rename(&temporary, path).with_context(|| format!("cannot replace `{}`", path.display()))
    });
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Write a file that must not exist yet: never over a file, never through
/// a link (not even one that leads nowhere).
pub fn write_new(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, contents))
        .with_context(|| format!("cannot write `{}`", path.display()))
}

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

/// A relative path as record text, `/`-separated: a name that is UTF-8 as
/// it is (its id is its file name), and each byte that is not UTF-8 as
/// `\xHH`. Names that are not UTF-8 so never share a text (U+FFFD would
/// make them), and [`from_text`] turns the text back into the path.
pub fn text(relative: &Path) -> String {
    let mut text = String::new();
    for (i, component) in relative.components().enumerate() {
        if i > 0 {
            text.push('/');
        }
        push_name(&mut text, component.as_os_str());
    }
    text
}

#[cfg(unix)]
fn push_name(text: &mut String, name: &std::ffi::OsStr) {
    use std::os::unix::ffi::OsStrExt as _;
    if let Some(name) = name.to_str() {
        text.push_str(name);
        return;
    }
    for chunk in name.as_bytes().utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
}

#[cfg(not(unix))]
fn push_name(text: &mut String, name: &std::ffi::OsStr) {
    text.push_str(&name.to_string_lossy());
}

/// The path a [`text`] names, its `\xHH` escapes decoded. (A UTF-8 name
/// may itself hold `\xHH`: callers try the text as written first.)
#[cfg(unix)]
pub fn from_text(text: &str) -> PathBuf {
    use std::os::unix::ffi::OsStringExt as _;
    if !text.contains('\\') {
        return PathBuf::from(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i..] {
            [b'\\', b'x', high, low, ..] if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() => {
                let hex = [high, low];
                let hex = std::str::from_utf8(&hex).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 4;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    PathBuf::from(std::ffi::OsString::from_vec(out))
}

/// The path a [`text`] names.
#[cfg(not(unix))]
pub fn from_text(text: &str) -> PathBuf {
    PathBuf::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart_and_come_back() {
        use std::os::unix::ffi::OsStrExt as _;
        let latin1 = Path::new(std::ffi::OsStr::from_bytes(b"sub/jos\xe9.md"));
        let other = Path::new(std::ffi::OsStr::from_bytes(b"sub/jos\xe8.md"));
        assert_eq!(text(latin1), "sub/jos\\xE9.md");
        assert_ne!(text(latin1), text(other));
        assert_eq!(from_text(&text(latin1)), latin1);
        // A UTF-8 name is its own text, backslashes and all.
        assert_eq!(text(Path::new("a\\b.md")), "a\\b.md");
        assert_eq!(text(Path::new("a/zoë.md")), "a/zoë.md");
    }
}
