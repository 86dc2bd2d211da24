//! `mastery watch`: build, then rebuild on every relevant change until
//! stopped. A [`Feed`] gathers events into bursts (one editor save is one
//! burst) and classifies them ([`filter`]); a [`Session`] re-reads and
//! re-renders only what changed.

pub mod feed;
pub mod filter;
mod session;

use std::io::Write;

pub use feed::{Batch, Feed, Options, Stopper, Watched};
pub use filter::{Change, Scope};
pub use session::{Rebuilt, Session, Settings};

/// The watch loop: a feed of changes in, rebuilds out.
pub struct Watcher {
    feed: Feed,
    /// A note to show (the watcher fell back to polling).
    pub note: Option<String>,
}

impl Watcher {
    /// Start watching now, before the first build, so no change made
    /// during that build is missed.
    pub fn start(settings: &Settings, options: Options) -> anyhow::Result<Watcher> {
        let watched = Watched {
            root: &settings.root,
            out: Some(&settings.out),
            config: settings.config.as_deref(),
            templates: settings.templates.as_deref(),
        };
        let feed = Feed::start(watched, options)?;
        let note = feed.note.clone();
        Ok(Watcher { feed, note })
    }

    /// A handle that stops [`Watcher::run`].
    pub fn stopper(&self) -> Stopper {
        self.feed.stopper()
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
            let outcome = match self.feed.wait() {
                Batch::Stopped => return Ok(()),
                Batch::RootGone => {
                    writeln!(
                        log,
                        "{} the team folder `{}` is gone; waiting for it to come back",
                        clock(),
                        session.settings().root.display()
                    )?;
                    if !self.feed.wait_for_root()? {
                        return Ok(());
                    }
                    session.restart()
                }
                Batch::Changes {
                    changes,
                    lost,
                    notes,
                } => {
                    for note in notes {
                        writeln!(log, "note: {note}")?;
                    }
                    match session.apply(&changes, lost) {
                        Some(outcome) => outcome,
                        None => continue,
                    }
                }
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
