//! The state kept between rebuilds, so that an edit to one member re-reads
//! one file and re-renders only the pages that can have changed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use jiff::civil::Date;

use super::feed::{self, HeadAt, Step};
use super::filter::Change;
use crate::check::{Diagnostic, Findings, difference};
use crate::depends::{Changed, Dependents, Input};
use crate::history::Trend;
use crate::load::Kind;
use crate::load::{WorkTree, walk};
use crate::model::Team;
use crate::project::{Opened, Project};
use crate::report::{self, PageNames, Pages, Planned, Rendered, Renderer, Written, site};

/// What the watcher needs to rebuild.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The team folder.
    pub root: PathBuf,
    /// The report folder.
    pub out: PathBuf,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--as-of`; today (at each rebuild) when absent.
    pub as_of: Option<Date>,
    /// `--templates`.
    pub templates: Option<PathBuf>,
}

/// The outcome of one build.
#[derive(Debug)]
pub struct Rebuilt {
    /// Every finding of this build.
    pub findings: Arc<Findings>,
    /// Findings that were not there before (all of them on the first build).
    pub new: Vec<Diagnostic>,
    /// Findings that went away.
    pub resolved: Vec<Diagnostic>,
    /// Record files re-read.
    pub read: usize,
    /// Pages written (only those whose contents changed).
    pub written: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// `*.md` entries passed over (symlinks out of the tree, FIFOs...).
    pub skipped: Vec<walk::Skipped>,
    /// What the (re)load could not read and went on without (a repository
    /// there but unreadable), for the log.
    pub warnings: Vec<String>,
}

/// Findings that appeared, and findings that went away.
type News = (Vec<Diagnostic>, Vec<Diagnostic>);

/// A team being watched and its report.
pub struct Session {
    settings: Settings,
    tree: WorkTree,
    project: Project,
    renderer: Renderer,
    /// Each member's page stem as of the last build, in team order.
    stems: Vec<String>,
    /// The names of the pages links point at, as of the last build.
    names: PageNames,
    /// Every page of the report and its path, as of the last build.
    plan: Vec<(Planned, String)>,
    /// Path and content hash of every page in OUT.
    pages: BTreeMap<String, u64>,
    /// What each page read when it was last rendered.
    dependents: Dependents,
    /// What the history adds to the report, as read at the last (re)load.
    trend: Option<Arc<Trend>>,
    /// HEAD as the last (re)load found it: the history read.
    head: HeadAt,
    /// A rebuild failed part way: the state above may not match OUT, so
    /// the next change rebuilds everything.
    stale: bool,
}

impl Session {
    /// Load, check and build everything, as `mastery build` does.
    pub fn start(settings: Settings) -> anyhow::Result<(Self, Rebuilt)> {
        let started = Instant::now();
        let tree = WorkTree::new(&settings.root, Some(&settings.out));
        let Loaded {
            project,
            opened,
            trend,
            head,
            warnings,
        } = open(&settings)?;
        let renderer = Renderer::new(&options(&settings, trend.clone()))?;
        let mut session = Self {
            settings,
            tree,
            project,
            renderer,
            trend,
            head,
            stems: Vec::new(),
            names: PageNames::default(),
            plan: Vec::new(),
            pages: BTreeMap::new(),
            dependents: Dependents::default(),
            stale: false,
        };
        let everything_new = (session.project.findings.diagnostics.clone(), Vec::new());
        let rebuilt = session.loaded_build(started, everything_new, opened, warnings)?;
        Ok((session, rebuilt))
    }

    /// The team as last loaded.
    pub fn team(&self) -> &Team {
        &self.project.team
    }

    /// What it watches and builds.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Reload everything (the team folder came back, events were lost, HEAD
    /// moved, or the last rebuild failed).
    pub fn restart(&mut self) -> anyhow::Result<Rebuilt> {
        let result = self.reload();
        self.stale = result.is_err();
        result
    }

    fn reload(&mut self) -> anyhow::Result<Rebuilt> {
        let started = Instant::now();
        let Loaded {
            project,
            opened,
            trend,
            head,
            warnings,
        } = open(&self.settings)?;
        self.renderer = Renderer::new(&options(&self.settings, trend.clone()))?;
        self.trend = trend;
        self.head = head;
        let before = std::mem::replace(&mut self.project, project);
        let news = difference(
            &before.findings.diagnostics,
            &self.project.findings.diagnostics,
        );
        self.loaded_build(started, news, opened, warnings)
    }

    /// The full build after a (re)load: every file was read, and what the
    /// load passed over or went without is said.
    fn loaded_build(
        &mut self,
        started: Instant,
        news: News,
        opened: Opened,
        warnings: Vec<String>,
    ) -> anyhow::Result<Rebuilt> {
        let mut rebuilt = self.full_build(started, news)?;
        rebuilt.read = self.project.team.files();
        rebuilt.skipped = opened.skipped;
        rebuilt.warnings = warnings;
        Ok(rebuilt)
    }

    fn full_build(&mut self, started: Instant, news: News) -> anyhow::Result<Rebuilt> {
        let project = &self.project;
        let written = report::build(
            &self.settings.root,
            &self.settings.out,
            project,
            &options(&self.settings, self.trend.clone()),
            |rendered| (Written::of(&rendered.page), rendered.reads.clone()),
        )?;
        self.dependents.clear();
        self.pages.clear();
        for (page, reads) in written {
            self.dependents.record(&page.path, reads);
            self.pages.insert(page.path, page.hash);
        }
        self.stems = report::member_stems(&self.project.team);
        self.names = PageNames::of(&self.project, &self.stems);
        self.plan = report::plan(&self.project, &self.stems);
        Ok(self.finish(news, self.pages.len(), 0, started))
    }

    fn finish(
        &mut self,
        (new, resolved): News,
        written: usize,
        read: usize,
        started: Instant,
    ) -> Rebuilt {
        let findings = Arc::clone(&self.project.findings);
        Rebuilt {
            findings,
            new,
            resolved,
            read,
            written,
            elapsed: started.elapsed(),
            skipped: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Apply a batch of changes ([`feed::step`]): re-read what changed,
    /// re-check the team, re-render what depends on it, write the pages
    /// whose bytes changed; `None` when nothing that matters changed. When
    /// the batch asks for it, OUT went away or the last rebuild failed,
    /// everything is reloaded and rebuilt, as a fresh `build` would.
    pub fn apply(
        &mut self,
        changes: &BTreeSet<Change>,
        lost: bool,
    ) -> Option<anyhow::Result<Rebuilt>> {
        let step = feed::step(changes, lost, Some(&self.head));
        if self.stale || step == Step::Reload || !self.settings.out.join(site::MANIFEST).is_file() {
            return Some(self.restart());
        }
        let Step::Apply { paths, walk } = step else {
            return None;
        };
        let result = self.apply_records(paths, walk);
        self.stale = result.is_err();
        Some(result)
    }

    fn apply_records(&mut self, paths: Vec<&String>, walk: bool) -> anyhow::Result<Rebuilt> {
        let started = Instant::now();
        let as_of = self.project.findings.as_of;
        // The records as they were, to tell what of them changed (shared,
        // not copied).
        let before = self.project.team.members.clone();
        let applied = self.project.apply(&self.tree, paths, walk);
        let team = &self.project.team;
        let mut changed = Changed::default();
        let facts = |members| report::facts(members, &applied.touched);
        changed.extend(facts(&before).changed(&facts(&team.members)));
        changed.extend(applied.touched.iter().cloned().map(Input::Record));
        changed.extend(
            applied
                .findings_changed
                .iter()
                .cloned()
                .map(Input::Findings),
        );
        let layout = &self.project.config.layout;
        changed.extend((applied.touched.iter()).map(|p| Input::Any(layout.kind(p))));
        if self.project.findings.as_of != as_of {
            changed.insert(Input::Everything);
        }
        // Which pages there are: records that came or went, a vision's
        // outcomes, a framework, a manager's first or last report. Pages
        // may then move, and every link to them.
        let kinds = applied.touched.iter().map(|p| layout.kind(p));
        let replan = applied.reshaped
            || kinds.into_iter().any(|k| k != Kind::Member)
            || changed.iter().any(|i| matches!(i, Input::Reports(_)));
        if replan {
            self.stems = report::member_stems(team);
            let names = PageNames::of(&self.project, &self.stems);
            changed.extend(self.names.moved(&names));
            self.names = names;
            self.plan = report::plan(&self.project, &self.stems);
        }
        let news = (applied.new, applied.resolved);
        let written = self.write_pages(&changed, replan)?;
        Ok(self.finish(news, written, applied.read, started))
    }

    /// Render the pages that read something in `changed` and those new
    /// since the last build; write each page whose bytes changed, and
    /// after a new plan remove the pages the report no longer has.
    fn write_pages(&mut self, changed: &Changed, replanned: bool) -> anyhow::Result<usize> {
        let out = &self.settings.out;
        let _lock = site::Lock::acquire(out)?;
        let previous = &self.pages;
        let affected = self.dependents.affected(changed);
        let chosen: Vec<Planned> = (self.plan.iter())
            .filter(|(_, path)| !previous.contains_key(path) || affected.contains(path.as_str()))
            .map(|(page, _)| *page)
            .collect();
        let rendered = Mutex::new(Vec::new());
        self.renderer.render(
            &self.project,
            &self.stems,
            Pages::These(&chosen),
            |Rendered { page, reads }| {
                let written = Written::of(&page);
                if previous.get(&written.path) != Some(&written.hash) {
                    site::replace_page(out, &page)?;
                }
                let mut rendered = rendered.lock().expect("no panic holds the lock");
                rendered.push((written, reads));
                Ok(())
            },
        )?;
        let (mut written, mut added) = (0, false);
        let rendered = rendered.into_inner().expect("no panic holds the lock");
        for (Written { path, hash }, reads) in rendered {
            self.dependents.record(&path, reads);
            match self.pages.insert(path, hash) {
                Some(before) if before == hash => {}
                Some(_) => written += 1,
                None => (written, added) = (written + 1, true),
            }
        }
        let mut stale: Vec<String> = Vec::new();
        if replanned {
            let current: HashSet<&str> = self.plan.iter().map(|(_, p)| p.as_str()).collect();
            let gone = self.pages.keys().filter(|p| !current.contains(p.as_str()));
            stale.extend(gone.cloned());
        }
        for page in &stale {
            site::remove_page(out, page)?;
            self.pages.remove(page);
        }
        // The manifest lists the pages: it changes only when pages come or go.
        if added || !stale.is_empty() {
            site::write_manifest(out, self.pages.keys().map(String::as_str))
                .context("cannot update the report manifest")?;
        }
        Ok(written + stale.len())
    }
}

fn options(settings: &Settings, trend: Option<Arc<Trend>>) -> report::Options<'_> {
    report::Options {
        templates: settings.templates.as_deref(),
        // A long-running process never shows private entries.
        private: None,
        trend,
        recording: true,
        ..report::Options::default()
    }
}

/// A team opened for watching.
struct Loaded {
    project: Project,
    opened: Opened,
    trend: Option<Arc<Trend>>,
    /// HEAD before the team was read.
    head: HeadAt,
    /// What it went on without, for the log.
    warnings: Vec<String>,
}

/// Open the team as `build` does ([`crate::open`]): with its history when
/// it is in a git repository (read again on each reload; between reloads
/// the timelines and past months stand as they were).
fn open(settings: &Settings) -> anyhow::Result<Loaded> {
    let request = crate::open::Request {
        dir: &settings.root,
        at: None,
        exclude: Some(&settings.out),
        config: settings.config.as_deref(),
        as_of: settings.as_of,
        history: true,
    };
    // HEAD first: a commit made while the team is read moves it again.
    let head = HeadAt::now(&settings.root);
    let opened = crate::open::open(&request)?;
    let trend = match opened.history {
        Some((history, repo)) => Some(Arc::new(history.trend(&repo, &opened.project)?)),
        None => None,
    };
    Ok(Loaded {
        project: opened.project,
        opened: opened.read,
        trend,
        head,
        warnings: opened.warnings,
    })
}

#[cfg(test)]
mod tests;
