//! `mastery watch`: build, then rebuild on every relevant change until
//! stopped. Events are gathered into bursts (one editor save is one burst),
//! filtered ([`filter`]) and applied to a [`Session`] that re-reads and
//! re-renders only what changed.

pub mod filter;
mod session;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::event::{ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::load::git::Repo;

pub use filter::{Change, Scope};
pub use session::{Rebuilt, Session, Settings};

/// What the watch loop waits for.
enum Message {
    /// A file-system event, or the watcher's error.
    Event(notify::Result<notify::Event>),
    /// Ctrl-C (or a test) asked to stop.
    Stop,
}

/// Asks a running watch loop to stop after its current rebuild.
#[derive(Clone)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    /// Stop the loop.
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// How to watch.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Quiet time after the last event of a burst before rebuilding.
    pub debounce: Duration,
    /// Poll the file system instead of using native events.
    pub poll: bool,
}

/// The native or polling watcher, whichever is running; dropping it stops
/// the watching.
type Backend = Box<dyn std::any::Any>;

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

/// The watch loop: events in, rebuilds out.
pub struct Watcher {
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    backend: Backend,
    settings: Settings,
    options: Options,
    /// Canonical paths: the team folder, the report folder, `--config`,
    /// `--templates`.
    root: PathBuf,
    out: PathBuf,
    config: Option<PathBuf>,
    templates: Option<PathBuf>,
    /// The repository's folders holding HEAD and the refs, when the team
    /// is in one.
    git: Vec<PathBuf>,
    /// A note to show (the watcher fell back to polling).
    pub note: Option<String>,
}

impl Watcher {
    /// Start watching now, before the first build, so no change made
    /// during that build is missed.
    pub fn start(settings: &Settings, options: Options) -> anyhow::Result<Watcher> {
        let (sender, receiver) = channel();
        let root = fs_path(&settings.root)?;
        let out = crate::report::site::resolved(&settings.out)?;
        let config = settings.config.as_deref().map(fs_path).transpose()?;
        let templates = settings.templates.as_deref().map(fs_path).transpose()?;
        // A repository that cannot be opened has no history to follow (the
        // build says why).
        let git = Repo::open(&settings.root)
            .map(|repo| repo.ref_folders())
            .unwrap_or_default();
        let git = git.iter().filter_map(|f| fs_path(f).ok()).collect();
        let mut watcher = Watcher {
            backend: Box::new(()),
            sender,
            receiver,
            settings: settings.clone(),
            options,
            root,
            out,
            config,
            templates,
            git,
            note: None,
        };
        let (backend, note) = start_backend(&watcher.watched(), options, &watcher.sender)?;
        watcher.backend = backend;
        watcher.note = note;
        Ok(watcher)
    }

    /// A handle that stops [`Watcher::run`].
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

    /// Watch until stopped, rebuilding `session` on every relevant change.
    /// `log` gets status lines; `rebuilt` is called after every rebuild with
    /// its outcome (an error message when the build failed).
    pub fn run(
        mut self,
        mut session: Session,
        log: &mut dyn Write,
        mut rebuilt: impl FnMut(Result<&Rebuilt, &str>),
    ) -> anyhow::Result<()> {
        loop {
            let Ok(message) = self.receiver.recv() else {
                return Ok(());
            };
            let scope = Scope {
                root: &self.root,
                out: &self.out,
                config: self.config.as_deref(),
                templates: self.templates.as_deref(),
                git: &self.git,
            };
            let mut burst = Burst::default();
            burst.add(message, log)?;
            // One burst is one rebuild: events keep joining it until the
            // quiet time passes without one (or the longest wait, so that a
            // file written without pause cannot hold rebuilds off).
            let first = Instant::now();
            while !burst.stop && first.elapsed() < LONGEST_BURST {
                match self.receiver.recv_timeout(self.options.debounce) {
                    Ok(message) => burst.add(message, log)?,
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            for message in self.receiver.try_iter() {
                burst.add(message, log)?;
            }
            if burst.stop {
                return Ok(());
            }
            let (mut changes, lost) = (burst.changes(&scope), burst.lost);
            // A ref moved that HEAD does not follow (a fetch, a tag): the
            // history read is the same.
            if changes.contains(&Change::History) && !session.history_moved() {
                changes.remove(&Change::History);
            }
            let outcome = if !self.root.is_dir() {
                writeln!(
                    log,
                    "{} the team folder `{}` is gone; waiting for it to come back",
                    clock(),
                    self.settings.root.display()
                )?;
                self.backend = Box::new(());
                if !self.wait_for_root()? {
                    return Ok(());
                }
                self.backend = start_backend(&self.watched(), self.options, &self.sender)?.0;
                session.restart()
            } else if changes.contains(&Change::Root) || changes.contains(&Change::History) || lost
            {
                session.restart()
            } else if changes.is_empty() {
                continue;
            } else {
                session.apply(&changes)
            };
            match &outcome {
                Ok(result) => report(log, result)?,
                Err(error) => writeln!(log, "{} build failed: {error:#}", clock())?,
            }
            match &outcome {
                Ok(result) => rebuilt(Ok(result)),
                Err(error) => rebuilt(Err(&format!("{error:#}"))),
            }
        }
    }

    /// Poll until the team folder exists again (true) or a stop arrives
    /// (false).
    fn wait_for_root(&self) -> anyhow::Result<bool> {
        let root = &self.settings.root;
        loop {
            match self.receiver.recv_timeout(Duration::from_millis(200)) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Ok(false),
                Ok(Message::Event(_)) | Err(RecvTimeoutError::Timeout) => {}
            }
            if root.is_dir() {
                return Ok(true);
            }
        }
    }
}

/// How long a burst of events may grow before it is rebuilt regardless.
const LONGEST_BURST: Duration = Duration::from_secs(1);

/// The paths one burst of events touched.
#[derive(Default)]
struct Burst {
    /// Each path, and whether it came into being during the burst.
    paths: BTreeMap<PathBuf, bool>,
    /// Events were lost (the kernel's queue overflowed, the watcher
    /// failed): everything is reloaded.
    lost: bool,
    stop: bool,
}

impl Burst {
    fn add(&mut self, message: Message, log: &mut dyn Write) -> anyhow::Result<()> {
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
                writeln!(log, "note: the file watcher reported: {error}")?;
                self.lost = true;
            }
        }
        Ok(())
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

/// `[14:03:12]`, local time.
fn clock() -> String {
    let now = jiff::ZonedDateTime::now();
    format!(
        "[{:02}:{:02}:{:02}]",
        now.hour(),
        now.minute(),
        now.second()
    )
}

/// One status line, then the findings that appeared and went away.
pub fn report(log: &mut dyn Write, result: &Rebuilt) -> anyhow::Result<()> {
    let findings = &result.findings;
    writeln!(
        log,
        "{} rebuilt in {} ms: {}; {} read, {} written",
        clock(),
        result.elapsed.as_millis(),
        crate::check::render::summary_line(findings),
        crate::words::plural(result.read as i64, "file"),
        crate::words::plural(result.written as i64, "page"),
    )?;
    for warning in &result.warnings {
        writeln!(log, "  warning: {warning}")?;
    }
    for d in &result.new {
        let place = d
            .position
            .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
        writeln!(
            log,
            "  new      {}[{}] {}{place}: {}",
            d.level.as_str(),
            d.rule.id,
            d.path,
            d.message
        )?;
    }
    for d in &result.resolved {
        writeln!(
            log,
            "  resolved {}[{}] {}: {}",
            d.level.as_str(),
            d.rule.id,
            d.path,
            d.message
        )?;
    }
    Ok(())
}
