//! Learning of changes: file-system events on the team folder, the
//! configuration, the templates and where git keeps HEAD and the refs,
//! gathered into bursts (one editor save is one burst) and classified
//! ([`filter`]). `watch` and the language server follow a team through
//! one [`Feed`], and decide what a batch means the same way ([`step`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use notify::event::{ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::filter::{self, Change, Scope};
use crate::load::git::Repo;

/// What the feed waits for.
enum Message {
    /// A file-system event, or the watcher's error.
    Event(notify::Result<notify::Event>),
    /// Ctrl-C (or a test) asked to stop.
    Stop,
}

/// Asks a feed to stop: its next [`Feed::wait`] says [`Batch::Stopped`].
#[derive(Clone)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    /// Stop the feed.
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// How to watch.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Quiet time after the last event of a burst before it is handed on.
    pub debounce: Duration,
    /// Poll the file system instead of using native events.
    pub poll: bool,
}

/// What to watch, as given (a report folder is never a source of changes).
#[derive(Debug, Clone, Copy)]
pub struct Watched<'a> {
    /// The team folder.
    pub root: &'a Path,
    /// The report folder, when one is written.
    pub out: Option<&'a Path>,
    /// `--config`.
    pub config: Option<&'a Path>,
    /// `--templates`.
    pub templates: Option<&'a Path>,
}

/// One burst of changes, or why there is none.
#[derive(Debug)]
pub enum Batch {
    /// What changed; `lost` when events were lost (the kernel's queue
    /// overflowed, the watcher failed), so anything may have; `notes`
    /// says what the watcher reported.
    Changes {
        /// The changes, classified.
        changes: BTreeSet<Change>,
        /// Events were lost.
        lost: bool,
        /// The watcher's own errors, to show.
        notes: Vec<String>,
    },
    /// The team folder went away ([`Feed::wait_for_root`]).
    RootGone,
    /// [`Stopper::stop`] was called, or the events ended.
    Stopped,
}

/// What a batch asks of a team that is followed.
#[derive(Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// Read everything again: the configuration or templates changed (a
    /// new `[limits]` changes how every record reads), HEAD moved (the
    /// history differs), the folder came back or events were lost.
    Reload,
    /// Read these record files again, and walk the tree when `walk`.
    Apply {
        /// The record files changed.
        paths: Vec<&'a String>,
        /// Files may have come or gone (a folder, a `.gitignore`).
        walk: bool,
    },
    /// Nothing that matters changed (a ref HEAD does not follow).
    Nothing,
}

/// What `changes` ask of a team whose history was read at `head` (HEAD as
/// it was when the team was last read).
pub fn step<'a>(changes: &'a BTreeSet<Change>, lost: bool, head: Option<&HeadAt>) -> Step<'a> {
    let moved = changes.contains(&Change::History) && head.is_none_or(HeadAt::moved);
    if lost
        || moved
        || [Change::Root, Change::Config, Change::Templates]
            .iter()
            .any(|c| changes.contains(c))
    {
        return Step::Reload;
    }
    let paths: Vec<&String> = (changes.iter())
        .filter_map(|change| match change {
            Change::Record(path) => Some(path),
            _ => None,
        })
        .collect();
    let walk = changes.contains(&Change::Tree);
    if paths.is_empty() && !walk {
        return Step::Nothing;
    }
    Step::Apply { paths, walk }
}

/// The commit HEAD named when a team's history was read.
#[derive(Debug, Clone)]
pub struct HeadAt {
    root: PathBuf,
    head: Option<crate::load::git::ObjectId>,
}

impl HeadAt {
    /// HEAD of the repository holding `root`, now.
    pub fn now(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            head: Repo::open(root).ok().and_then(|r| r.head()),
        }
    }

    /// Whether HEAD names another commit now (a checkout, commit, pull or
    /// reset), not just a ref it does not follow (a fetch, a tag).
    pub fn moved(&self) -> bool {
        Self::now(&self.root).head != self.head
    }
}

/// The native or polling watcher, whichever is running; dropping it stops
/// the watching.
type Backend = Box<dyn std::any::Any + Send>;

/// Start watching `paths`, natively unless asked to poll or the system's
/// watch limit is reached; the note says when it fell back to polling.
fn start_backend(
    paths: &[(PathBuf, RecursiveMode)],
    options: Options,
    sender: &Sender<Message>,
) -> anyhow::Result<(Backend, Option<String>)> {
    let handler = {
        let sender = sender.clone();
        move |result| {
            let _ = sender.send(Message::Event(result));
        }
    };
    if !options.poll {
        let mut watcher = RecommendedWatcher::new(handler.clone(), notify::Config::default())?;
        match paths
            .iter()
            .try_for_each(|(path, mode)| watcher.watch(path, *mode))
        {
            Ok(()) => return Ok((Box::new(watcher), None)),
            Err(error) if matches!(error.kind, notify::ErrorKind::MaxFilesWatch) => {}
            Err(error) => return Err(error).context("cannot watch the team folder"),
        }
    }
    // Modification times are compared in whole seconds, so two saves in one
    // second would look like one: compare contents too.
    let config = notify::Config::default()
        .with_poll_interval(options.debounce.max(Duration::from_millis(500)))
        .with_compare_contents(true);
    let mut watcher = notify::PollWatcher::new(handler, config)?;
    for (path, mode) in paths {
        watcher
            .watch(path, *mode)
            .context("cannot watch the team folder")?;
    }
    let note = (!options.poll).then(|| {
        "the system's limit on watched folders is reached (fs.inotify.max_user_watches); \
         polling instead"
            .to_owned()
    });
    Ok((Box::new(watcher), note))
}

/// Events in, batches of changes out.
pub struct Feed {
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    backend: Backend,
    options: Options,
    /// Canonical paths: the team folder, the report folder, `--config`,
    /// `--templates`.
    root: PathBuf,
    out: Option<PathBuf>,
    config: Option<PathBuf>,
    templates: Option<PathBuf>,
    /// The repository's folders holding HEAD and the refs, when the team
    /// is in one.
    git: Vec<PathBuf>,
    /// A note to show (the watcher fell back to polling).
    pub note: Option<String>,
}

impl Feed {
    /// Start watching now: before the team is first read, so no change
    /// made while it is read is missed; or after, with
    /// [`Feed::changed_since`].
    pub fn start(watched: Watched, options: Options) -> anyhow::Result<Feed> {
        let (sender, receiver) = channel();
        let root = fs_path(watched.root)?;
        let out = watched.out.map(crate::paths::resolved).transpose()?;
        let config = watched.config.map(fs_path).transpose()?;
        let templates = watched.templates.map(fs_path).transpose()?;
        // A repository that cannot be opened has no history to follow (the
        // build says why).
        let git = Repo::open(watched.root)
            .map(|repo| repo.ref_folders())
            .unwrap_or_default();
        let git = git.iter().filter_map(|f| fs_path(f).ok()).collect();
        let mut feed = Feed {
            backend: Box::new(()),
            sender,
            receiver,
            options,
            root,
            out,
            config,
            templates,
            git,
            note: None,
        };
        let (backend, note) = start_backend(&feed.watched(), options, &feed.sender)?;
        feed.backend = backend;
        feed.note = note;
        Ok(feed)
    }

    /// The changes made since `since` that watching missed because it
    /// began later: every file and folder the feed watches whose
    /// modification time is not before it (a folder's changes when an
    /// entry was added, removed or renamed), as events would say them.
    /// This lets a team be read before it is watched (inotify reports
    /// every open, so watching first turns the read of 10,000 files into
    /// 10,000 events); `since` should lie a little before the read began,
    /// as file times may lag the clock by a tick.
    pub fn changed_since(&self, since: SystemTime) -> BTreeSet<Change> {
        let scope = self.scope();
        let mut changes = BTreeSet::new();
        let mut paths: Vec<PathBuf> = self.watched().into_iter().map(|(p, _)| p).collect();
        for git in &self.git {
            paths.extend(["HEAD", "packed-refs", "refs"].map(|name| git.join(name)));
        }
        while let Some(path) = paths.pop() {
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.modified().is_ok_and(|m| m >= since) {
                // The team folder's own time says an entry came or went.
                let change = match path == self.root {
                    true => Some(Change::Tree),
                    false => filter::classify(&path, meta.is_dir(), &scope),
                };
                changes.extend(change);
            }
            // Hidden folders (.git's objects) and the report hold no
            // records; the refs are watched paths of their own.
            let hidden = |p: &Path| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            };
            if meta.is_dir() && self.out.as_ref() != Some(&path) {
                let entries = std::fs::read_dir(&path).into_iter().flatten().flatten();
                paths.extend(
                    entries
                        .map(|e| e.path())
                        .filter(|p| !p.is_dir() || !hidden(p)),
                );
            }
        }
        changes
    }

    /// Where the feed looks, for [`filter::classify`].
    fn scope(&self) -> Scope<'_> {
        Scope {
            root: &self.root,
            out: self.out.as_deref(),
            config: self.config.as_deref(),
            templates: self.templates.as_deref(),
            git: &self.git,
        }
    }

    /// A handle that stops the feed.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// What to watch: the team folder, templates and configuration, and
    /// where HEAD and the refs live (HEAD's folder alone, not the objects
    /// below it) when the team folder does not hold them already.
    fn watched(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let outside = |path: &&PathBuf| !path.starts_with(&self.root);
        let mut watched = vec![(self.root.clone(), RecursiveMode::Recursive)];
        watched.extend(
            self.templates
                .iter()
                .map(|t| (t.clone(), RecursiveMode::Recursive)),
        );
        watched.extend(
            (self.config.iter().filter(outside)).map(|c| (c.clone(), RecursiveMode::NonRecursive)),
        );
        for git in self.git.iter().filter(outside) {
            watched.push((git.clone(), RecursiveMode::NonRecursive));
            let refs = git.join("refs");
            if refs.is_dir() {
                watched.push((refs, RecursiveMode::Recursive));
            }
        }
        watched
    }

    /// Wait for the next burst of changes: events keep joining it until
    /// the quiet time passes without one (or the longest wait, so that a
    /// file written without pause cannot hold it off).
    pub fn wait(&mut self) -> Batch {
        loop {
            let Ok(message) = self.receiver.recv() else {
                return Batch::Stopped;
            };
            let mut burst = Burst::default();
            burst.add(message);
            let first = Instant::now();
            while !burst.stop && first.elapsed() < LONGEST_BURST {
                match self.receiver.recv_timeout(self.options.debounce) {
                    Ok(message) => burst.add(message),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            for message in self.receiver.try_iter() {
                burst.add(message);
            }
            if burst.stop {
                return Batch::Stopped;
            }
            if !self.root.is_dir() {
                return Batch::RootGone;
            }
            let changes = burst.changes(&self.scope());
            if changes.is_empty() && !burst.lost && burst.notes.is_empty() {
                continue;
            }
            return Batch::Changes {
                changes,
                lost: burst.lost,
                notes: burst.notes,
            };
        }
    }

    /// After [`Batch::RootGone`]: stop watching, poll until the team folder
    /// exists again and watch it anew (true), or until stopped (false).
    pub fn wait_for_root(&mut self) -> anyhow::Result<bool> {
        self.backend = Box::new(());
        loop {
            match self.receiver.recv_timeout(Duration::from_millis(200)) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Ok(false),
                Ok(Message::Event(_)) | Err(RecvTimeoutError::Timeout) => {}
            }
            if self.root.is_dir() {
                self.backend = start_backend(&self.watched(), self.options, &self.sender)?.0;
                return Ok(true);
            }
        }
    }
}

/// How long a burst of events may grow before it is handed on regardless.
const LONGEST_BURST: Duration = Duration::from_secs(1);

/// The paths one burst of events touched.
#[derive(Default)]
struct Burst {
    /// Each path, and whether it came into being during the burst.
    paths: BTreeMap<PathBuf, bool>,
    /// Events were lost: everything is read again.
    lost: bool,
    /// What the watcher reported.
    notes: Vec<String>,
    stop: bool,
}

impl Burst {
    fn add(&mut self, message: Message) {
        match message {
            Message::Stop => self.stop = true,
            Message::Event(Ok(event)) if filter::changes_content(&event.kind) => {
                self.lost |= event.need_rescan();
                for (i, path) in event.paths.iter().enumerate() {
                    let appeared = match event.kind {
                        EventKind::Create(_) => true,
                        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
                        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => i == 1,
                        _ => false,
                    };
                    // The first event of a path tells whether it is new.
                    self.paths.entry(path.clone()).or_insert(appeared);
                }
            }
            Message::Event(Ok(_)) => {}
            Message::Event(Err(error)) => {
                self.notes
                    .push(format!("the file watcher reported: {error}"));
                self.lost = true;
            }
        }
    }

    /// What the burst changed, judged by how things are now. A path that
    /// came and went within the burst (an editor's or `sed -i`'s temporary
    /// file) changed nothing.
    fn changes(&self, scope: &Scope) -> BTreeSet<Change> {
        self.paths
            .iter()
            .filter_map(|(path, appeared)| {
                let now = std::fs::symlink_metadata(path).ok();
                if *appeared && now.is_none() {
                    return None;
                }
                filter::classify(path, path.is_dir(), scope)
            })
            .collect()
    }
}

/// The absolute, canonical form of a path the watcher reports events for.
fn fs_path(path: &Path) -> anyhow::Result<PathBuf> {
    std::fs::canonicalize(path).with_context(|| format!("cannot watch `{}`", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(changes: &[Change]) -> BTreeSet<Change> {
        changes.iter().cloned().collect()
    }

    #[test]
    fn what_changed_before_watching_began_is_found_by_its_time() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/.hidden")).unwrap();
        let files = [
            "vision.md",
            "a.md",
            "sub/b.md",
            "notes.txt",
            ".gitignore",
            "sub/.hidden/c.md",
        ];
        for file in files {
            std::fs::write(root.join(file), "x").unwrap();
        }
        let touch = |path: &str, at: SystemTime| {
            let file = std::fs::File::open(root.join(path)).unwrap();
            file.set_modified(at).unwrap();
        };
        let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
        for path in files.into_iter().chain(["", "sub", "sub/.hidden"]) {
            touch(path, long_ago);
        }
        let watched = Watched {
            root,
            out: None,
            config: None,
            templates: None,
        };
        let options = Options {
            debounce: Duration::from_millis(10),
            poll: false,
        };
        let feed = Feed::start(watched, options).unwrap();
        let since = long_ago + Duration::from_secs(60);
        assert_eq!(feed.changed_since(since), set(&[]));
        // A record edited, a file added to a folder, a hidden one and a
        // note: the record, and the folder's tree.
        for path in ["sub/b.md", "sub", "notes.txt", "sub/.hidden/c.md"] {
            touch(path, since);
        }
        let record = Change::Record("sub/b.md".into());
        assert_eq!(
            feed.changed_since(since),
            set(&[record.clone(), Change::Tree])
        );
        touch("sub", long_ago);
        touch(".gitignore", since);
        assert_eq!(feed.changed_since(since), set(&[record, Change::Tree]));
        touch(".gitignore", long_ago);
        touch("", since);
        let found = feed.changed_since(since + Duration::from_secs(1));
        assert_eq!(found, set(&[]), "only what is not before `since`");
        assert_eq!(feed.changed_since(since).len(), 2);
    }

    #[test]
    fn a_batch_asks_for_a_reload_a_reading_or_nothing() {
        let record = Change::Record("a.md".into());
        let changes = set(&[record.clone(), Change::Tree]);
        let a = "a.md".to_owned();
        assert_eq!(
            step(&changes, false, None),
            Step::Apply {
                paths: vec![&a],
                walk: true
            }
        );
        assert_eq!(step(&changes, true, None), Step::Reload);
        for reload in [Change::Config, Change::Templates, Change::Root] {
            assert_eq!(
                step(&set(&[record.clone(), reload]), false, None),
                Step::Reload
            );
        }
        // Outside a repository, a History change is one nobody can place.
        assert_eq!(step(&set(&[Change::History]), false, None), Step::Reload);
        let dir = tempfile::tempdir().unwrap();
        let head = HeadAt::now(dir.path());
        assert_eq!(
            step(&set(&[Change::History]), false, Some(&head)),
            Step::Nothing
        );
        assert_eq!(step(&set(&[]), false, Some(&head)), Step::Nothing);
    }
}
