//! Paths as the file system resolves them.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};

/// What a write does about a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse: the file must be new (an agenda, a starter file).
    Refuse,
    /// Replace it whole (a record, a page, an export), keeping its
    /// permissions; a read-only file is refused.
    Replace,
}

/// Write `contents` to `path` at once, the one way mastery writes a file:
/// into a temporary file of a unique name beside it (hidden, so no walk
/// reads it), then renamed into place. A reader sees the old file or the
/// new one, never half of one; a failed write leaves nothing behind (no
/// empty file, no temporary). Never through a link: a link at `path` is
/// refused, whatever it points to. A new file gets the mode the umask
/// gives, as any program's; a replaced one keeps its own.
pub fn write_file(path: &Path, contents: &[u8], existing: Existing) -> anyhow::Result<()> {
    write(path, contents, existing, 0o666)
}

/// [`write_file`] for what holds private text (an export, an agenda or
/// purge expressions with private entries): readable by its owner alone.
pub fn write_private(path: &Path, contents: &[u8], existing: Existing) -> anyhow::Result<()> {
    write(path, contents, existing, 0o600)
}

fn write(path: &Path, contents: &[u8], existing: Existing, mode: u32) -> anyhow::Result<()> {
    let shown = path.display();
    let there = fs::symlink_metadata(path).ok();
    if let Some(metadata) = &there {
        if metadata.file_type().is_symlink() {
            bail!(
                "`{shown}` is a symbolic link; mastery does not write through links: remove it or choose another path"
            );
        }
        if existing == Existing::Refuse {
            bail!(
                "`{shown}` already exists; mastery does not overwrite it: move it away or choose another path"
            );
        }
        if !metadata.is_file() {
            bail!("`{shown}` is not a regular file; mastery only replaces files");
        }
        if metadata.permissions().readonly() {
            bail!(
                "`{shown}` is read-only; mastery does not change it: make it writable (`chmod u+w`) and run again"
            );
        }
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().context("a file path has no name")?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".mastery-new");
    // Created with this mode, less the umask (tempfile's own is 0600).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    #[cfg(not(unix))]
    let _ = mode;
    let mut temporary = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into `{}`", dir.display()))?;
    std::io::Write::write_all(&mut temporary, contents)
        .with_context(|| format!("cannot write `{shown}`"))?;
    if let Some(metadata) = there.as_ref().filter(|_| mode != 0o600) {
        // A replaced file keeps its mode.
        let _ = temporary.as_file().set_permissions(metadata.permissions());
    }
    match existing {
        Existing::Replace => temporary.persist(path).map(drop),
        Existing::Refuse => temporary.persist_noclobber(path).map(drop),
    }
    .map_err(|e| e.error)
    .with_context(|| format!("cannot write `{shown}`"))
}

/// An advisory lock on a folder, held until dropped. Record commands hold
/// their team folder's while they read, change and write a record, so two
/// at once each keep the other's entry; a build holds OUT's parent's while
/// it writes OUT. The lock is on the folder itself, so no lock file is
/// left behind.
pub struct FolderLock {
    _folder: Option<fs::File>,
}

impl FolderLock {
    /// Wait (up to half a minute) until no other mastery edits the team in
    /// `dir`, then hold the lock.
    pub fn acquire(dir: &Path) -> anyhow::Result<FolderLock> {
        let doing = format!("editing the team in `{}`", dir.display());
        Self::wait(dir, std::time::Duration::from_secs(30), &doing)
    }

    /// Wait up to `longest` until no other mastery holds `dir`'s lock, then
    /// hold it; `doing` says what the other is doing, for the error.
    pub fn wait(
        dir: &Path,
        longest: std::time::Duration,
        doing: &str,
    ) -> anyhow::Result<FolderLock> {
        if !cfg!(unix) {
            // Only Unix opens a folder as a file to lock it.
            return Ok(FolderLock { _folder: None });
        }
        let shown = dir.display();
        let folder = fs::File::open(dir).with_context(|| format!("cannot open `{shown}`"))?;
        let started = std::time::Instant::now();
        loop {
            match folder.try_lock() {
                Ok(()) => {
                    return Ok(FolderLock {
                        _folder: Some(folder),
                    });
                }
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < longest => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(fs::TryLockError::WouldBlock) => bail!(
                    "another mastery has been {doing} for {} s; stop it (or wait for it), then run again",
                    longest.as_secs()
                ),
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock `{shown}`"));
                }
            }
        }
    }
}

/// The bytes of `file`, or `None` when it holds more than `max` bytes (one
/// byte more is read to tell, however large the file or endless the
/// device). Open only what the walker's rules allow: opening a FIFO waits.
pub fn read_at_most(file: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let file = fs::File::open(file)?;
    // A limit of u64::MAX must not wrap to 0.
    let cap = max.saturating_add(1);
    // Sized from the start: reading through `take` gets no size hint, and
    // growing by doubling left up to half of every text unused, hundreds of
    // MB over 100,000 records.
    let size = file.metadata().map_or(0, |m| m.len()).min(cap);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(cap).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
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

/// Refuse to write what holds private text (`what`, for the message) to
/// `out` inside the team folder `team` or the git work tree holding it,
/// where `git add -A` would commit it.
pub fn refuse_private_output(out: &Path, team: &Path, what: &str) -> anyhow::Result<()> {
    let team = fs::canonicalize(team)
        .with_context(|| format!("cannot read the team folder `{}`", team.display()))?;
    let work_tree = team.ancestors().find(|dir| dir.join(".git").exists());
    let target = resolved(out)?;
    if let Some(inside) = [Some(team.as_path()), work_tree]
        .into_iter()
        .flatten()
        .find(|folder| target.starts_with(folder))
    {
        bail!(
            "refusing to write {what} to `{}`: it holds private text, and `{}` is inside {}, where `git add -A` would commit it; write it outside the repository (for example `-o /tmp/private`)",
            out.display(),
            out.display(),
            if work_tree == Some(inside) && inside != team {
                "the team's git repository"
            } else {
                "the team folder"
            }
        );
    }
    Ok(())
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
