//! Finding the record files of a team directory.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// A record file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path relative to the team root, `/`-separated.
    pub path: String,
    /// Where to read it (a symlink's in-tree target, or the file itself).
    pub file: PathBuf,
}

/// An entry that was passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the team root.
    pub path: String,
    /// Why it was not read.
    pub reason: String,
    /// A folder that could not be listed: records in it may be missing, so
    /// this is a finding, not a note.
    pub unreadable: bool,
}

/// Why a folder holding no `vision.md` is not a team folder.
#[derive(Debug, PartialEq, Eq)]
pub enum NotATeam {
    /// Folders below hold one (team-relative, nearest first, at most ten):
    /// the command was run a level too high (a repository's root).
    VisionsBelow(Vec<String>),
    /// None does, and it holds more Markdown than any team: a home folder.
    Crowded,
    /// None does, and most of its Markdown files have no front matter:
    /// notes, not records.
    Notes,
}

/// More Markdown files than this below a folder without a vision, and it
/// is not a team folder.
const CROWDED: usize = 5_000;

/// Whether `root`, which holds no `vision.md`, is clearly not a team folder
/// (`None` when it holds one, or may be a team without its vision yet,
/// which `missing-vision` says). Looks four folders deep at most, by name
/// only, the way the walk does (hidden and ignored entries left out), and
/// stops at the first sign.
pub fn not_a_team(root: &Path) -> Option<NotATeam> {
    if root.join("vision.md").exists() {
        return None;
    }
    let walker = WalkBuilder::new(root)
        .standard_filters(true)
        .parents(false)
        .max_depth(Some(4))
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    let (mut visions, mut records) = (Vec::new(), Vec::new());
    for entry in walker.flatten() {
        let name = entry.file_name().to_string_lossy();
        if name == "vision.md" && entry.depth() > 1 {
            let folder = entry.path().parent().unwrap_or(root);
            visions.push((entry.depth(), relative(root, folder)));
        } else if name.ends_with(".md") && !is_readme(&name) {
            records.push(relative(root, entry.path()));
            if records.len() > CROWDED && visions.is_empty() {
                return Some(NotATeam::Crowded);
            }
        }
    }
    // A member file outside every folder with a vision: a team whose own
    // vision is missing (sub-teams have theirs), as `missing-vision` says.
    let inside = |path: &String| {
        visions
            .iter()
            .any(|(_, f)| path.starts_with(&format!("{f}/")))
    };
    // Markdown outside every team folder, mostly without front matter, is
    // someone's notes: whoever runs `check` here meant a folder below.
    let outside: Vec<&String> = records.iter().filter(|p| !inside(p)).collect();
    let plain = (outside.iter())
        .filter(|path| !has_front_matter(&root.join(path.as_str())))
        .count();
    let notes = !outside.is_empty() && plain * 2 > outside.len();
    if visions.is_empty() {
        return notes.then_some(NotATeam::Notes);
    }
    if !(outside.is_empty() || notes) {
        return None;
    }
    // Nearest first; a sub-team's vision inside another found is its.
    visions.sort();
    let mut teams: Vec<String> = Vec::new();
    for (_, folder) in visions {
        if !teams.iter().any(|t| folder.starts_with(&format!("{t}/"))) {
            teams.push(folder);
        }
    }
    teams.truncate(10);
    Some(NotATeam::VisionsBelow(teams))
}

/// Whether the file at `path` begins with a front matter's `---` (after
/// a byte-order mark): the first bytes only are read.
fn has_front_matter(path: &Path) -> bool {
    let mut start = [0u8; 6];
    let read = fs::File::open(path).and_then(|mut file| std::io::Read::read(&mut file, &mut start));
    let start = &start[..read.unwrap_or(0)];
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    start.starts_with(b"---")
}

/// Walk `root` for `*.md` files: hidden entries, `.gitignore`d entries
/// (git checkout or not), `README.md` files and `exclude` (the report
/// folder) are never read. Symlinks are followed only to regular files
/// inside the root; loops and other odd entries are reported as skipped.
pub(super) fn record_files(root: &Path, exclude: Option<&Path>) -> (Vec<Found>, Vec<Skipped>) {
    let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let exclude = exclude.and_then(|e| crate::paths::resolved(e).ok());
    let mut found = Vec::new();
    let ignores = Arc::new(Ignores::new(root, &canonical_root));
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .parents(false)
        .follow_links(false)
        .filter_entry({
            let ignores = Arc::clone(&ignores);
            move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                // Only a folder can be the excluded one; resolving every
                // file's path would cost a system call per path component.
                if is_dir
                    && let Some(out) = &exclude
                    && entry.path().canonicalize().is_ok_and(|p| &p == out)
                {
                    return false;
                }
                entry.depth() == 0 || !ignores.ignored(entry.path(), is_dir)
            }
        })
        .build();
    let mut skipped = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error_path(&error).map_or_else(String::new, |p| relative(root, &p));
                skipped.push(Skipped {
                    path,
                    reason: error.to_string(),
                    unreadable: true,
                });
                continue;
            }
        };
        if entry.depth() == 0 || !entry.file_name().to_string_lossy().ends_with(".md") {
            continue;
        }
        let path = relative(root, entry.path());
        if is_readme(&path) {
            continue;
        }
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_file() {
            found.push(Found {
                path,
                file: entry.path().to_path_buf(),
            });
        } else if file_type.is_symlink() {
            match symlink_target(&canonical_root, entry.path()) {
                Ok(file) => found.push(Found { path, file }),
                Err(reason) => skipped.push(Skipped {
                    path,
                    reason,
                    unreadable: false,
                }),
            }
        } else if !file_type.is_dir() {
            skipped.push(Skipped {
                path,
                reason: "not a regular file (a FIFO, socket or device); it was not opened".into(),
                unreadable: false,
            });
        }
    }
    skipped.append(&mut ignores.skipped.lock().expect("no panic holds the lock"));
    found.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (found, skipped)
}

/// Largest `.gitignore` read; a larger one is passed over with a note.
pub(super) const MAX_GITIGNORE_BYTES: u64 = 1024 * 1024;

/// The `.gitignore` files of the tree, read by the walker's rules (regular
/// files in the tree, at most 1 MiB) rather than followed anywhere: a
/// `.gitignore` linked to `/dev/zero` would otherwise be read forever.
struct Ignores {
    root: PathBuf,
    canonical_root: PathBuf,
    /// Each folder's matchers, from the root down to it.
    chains: Mutex<HashMap<PathBuf, Arc<Vec<Gitignore>>>>,
    skipped: Mutex<Vec<Skipped>>,
}

impl Ignores {
    fn new(root: &Path, canonical_root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            canonical_root: canonical_root.to_path_buf(),
            chains: Mutex::new(HashMap::new()),
            skipped: Mutex::new(Vec::new()),
        }
    }

    /// Whether a `.gitignore` of a folder above `path` ignores it: the
    /// deepest file that says anything about it decides, as in git.
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Some(parent) = path.parent() else {
            return false;
        };
        self.chain(parent)
            .iter()
            .rev()
            .map(|gitignore| gitignore.matched(path, is_dir))
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore())
    }

    fn chain(&self, dir: &Path) -> Arc<Vec<Gitignore>> {
        if let Some(chain) = self
            .chains
            .lock()
            .expect("no panic holds the lock")
            .get(dir)
        {
            return Arc::clone(chain);
        }
        let mut chain = match dir.parent() {
            Some(parent) if dir != self.root => (*self.chain(parent)).clone(),
            _ => Vec::new(),
        };
        chain.extend(self.read(dir));
        let chain = Arc::new(chain);
        self.chains
            .lock()
            .expect("no panic holds the lock")
            .insert(dir.to_path_buf(), Arc::clone(&chain));
        chain
    }

    /// `dir/.gitignore`, if there is one to read.
    fn read(&self, dir: &Path) -> Option<Gitignore> {
        let file = dir.join(".gitignore");
        let meta = fs::symlink_metadata(&file).ok()?;
        let text = match self.contents(&file, meta) {
            Ok(text) => text,
            Err(reason) => {
                self.skipped
                    .lock()
                    .expect("no panic holds the lock")
                    .push(Skipped {
                        path: relative(&self.root, &file),
                        reason,
                        unreadable: false,
                    });
                return None;
            }
        };
        gitignore(dir, &file, &text)
    }

    fn contents(&self, file: &Path, meta: fs::Metadata) -> Result<String, String> {
        let file = if meta.file_type().is_symlink() {
            symlink_target(&self.canonical_root, file)?
        } else if meta.is_file() {
            file.to_path_buf()
        } else {
            return Err("not a regular file; it was not read".into());
        };
        let bytes = crate::paths::read_at_most(&file, MAX_GITIGNORE_BYTES)
            .map_err(|e| format!("cannot be read ({e})"))?
            .ok_or_else(|| {
                let limit = crate::words::plural(MAX_GITIGNORE_BYTES as i64, "byte");
                format!("larger than {limit}; it was not read")
            })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The matcher of the `.gitignore` `file` of the folder `dir`, from its text.
pub(super) fn gitignore(dir: &Path, file: &Path, text: &str) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    for line in text.lines() {
        // A line git cannot read is one git ignores.
        let _ = builder.add_line(Some(file.to_path_buf()), line);
    }
    builder.build().ok()
}

/// Where a symlinked file really is, if it is a regular file in the tree.
pub(crate) fn symlink_target(root: &Path, link: &Path) -> Result<PathBuf, String> {
    let target = fs::canonicalize(link).map_err(|e| {
        if e.raw_os_error() == Some(40) {
            "a symlink loop; it was not followed".to_owned()
        } else {
            format!("a symlink that cannot be followed ({e})")
        }
    })?;
    if !target.starts_with(root) {
        return Err("a symlink that points outside the team folder; it was not followed".into());
    }
    match fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Ok(target),
        Ok(_) => {
            Err("a symlink to something other than a regular file; it was not followed".into())
        }
        Err(e) => Err(format!("a symlink that cannot be followed ({e})")),
    }
}

/// Whether a team-relative path names a record file by its name alone: a
/// Markdown file other than a README, with no hidden folder or file in
/// its path (what history follows; listing a tree also applies ignores).
pub fn is_record_path(path: &str) -> bool {
    path.ends_with(".md") && !is_readme(path) && !path.split('/').any(|c| c.starts_with('.'))
}

pub(super) fn is_readme(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("README.md"))
}

/// `path` relative to `root` as record text ([`crate::paths::text`]).
fn relative(root: &Path, path: &Path) -> String {
    crate::paths::text(path.strip_prefix(root).unwrap_or(path))
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_above_teams_or_full_of_markdown_is_not_a_team() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("org/team/sub")).unwrap();
        fs::create_dir_all(root.join("other")).unwrap();
        for vision in [
            "org/team/vision.md",
            "org/team/sub/vision.md",
            "other/vision.md",
        ] {
            fs::write(root.join(vision), "---\nteam: T\n---\n").unwrap();
        }
        // Nearest first; a sub-team inside a team found is not named.
        assert_eq!(
            not_a_team(root),
            Some(NotATeam::VisionsBelow(vec![
                "other".into(),
                "org/team".into()
            ]))
        );
        // A team folder, or one that may be a team without its vision yet
        // (a member of its own beside sub-teams that have theirs).
        assert_eq!(not_a_team(&root.join("org/team")), None);
        fs::write(root.join("org/lead.md"), "---\nname: L\n---\n").unwrap();
        assert_eq!(not_a_team(&root.join("org")), None);
        fs::remove_file(root.join("org/lead.md")).unwrap();
        let young = root.join("young");
        fs::create_dir(&young).unwrap();
        fs::write(young.join("a.md"), "---\nname: A\n---\n").unwrap();
        assert_eq!(not_a_team(&young), None);
        // A home folder: thousands of notes, no vision.
        let home = root.join("home");
        fs::create_dir(&home).unwrap();
        for i in 0..=CROWDED {
            fs::write(home.join(format!("{i}.md")), "").unwrap();
        }
        assert_eq!(not_a_team(&home), Some(NotATeam::Crowded));
    }

    fn touch(root: &Path, path: &str) {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, "---\nname: x\n---\n").unwrap();
    }

    fn paths(found: &[Found]) -> Vec<&str> {
        found.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn honours_gitignore_hidden_readme_and_exclude() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for path in [
            "vision.md",
            "a.md",
            "sub/b.md",
            "sub/README.md",
            ".hidden/c.md",
            ".d.md",
            "ignored/e.md",
            "out/f.md",
            "notes.txt",
        ] {
            touch(root, path);
        }
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let (found, skipped) = record_files(root, Some(&root.join("out")));
        assert_eq!(paths(&found), ["a.md", "sub/b.md", "vision.md"]);
        assert!(skipped.is_empty(), "{skipped:?}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_stay_inside_and_loops_are_reported() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        touch(outside.path(), "secret.md");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(root, "real.md");
        symlink(root.join("real.md"), root.join("alias.md")).unwrap();
        symlink(outside.path().join("secret.md"), root.join("escape.md")).unwrap();
        symlink(root.join("loop.md"), root.join("loop.md")).unwrap();
        symlink(root, root.join("again")).unwrap();
        let (found, skipped) = record_files(root, None);
        assert_eq!(paths(&found), ["alias.md", "real.md"]);
        let reasons: Vec<_> = skipped
            .iter()
            .map(|s| (s.path.as_str(), &s.reason[..12]))
            .collect();
        assert_eq!(
            reasons,
            [("escape.md", "a symlink th"), ("loop.md", "a symlink lo")]
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let (found, skipped) = record_files(dir.path(), None);
        assert!(found.is_empty());
        assert_eq!(skipped[0].path, "pipe.md");
        assert!(skipped[0].reason.contains("not a regular file"));
    }
}
