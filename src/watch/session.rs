//! The state kept between rebuilds, so that an edit to one member re-reads
//! one file and re-renders only the pages that can have changed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use jiff::civil::Date;

use super::filter::Change;
use crate::check::{Diagnostic, Findings, difference};
use crate::history::Trend;
use crate::load::git::ObjectId;
use crate::load::{Repo, WorkTree, walk};
use crate::model::alignment::{folder_of, is_vision, within};
use crate::model::{Alignment, Team};
use crate::project::{Opened, Project};
use crate::report::{self, Pages, Renderer, ServedBy, Written, site};

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
    /// Each member's page stem as of the last build, in team order, and
    /// by member file.
    stems: Vec<String>,
    stem_of: HashMap<String, String>,
    /// Path and content hash of every page in OUT.
    pages: BTreeMap<String, u64>,
    /// What the history adds to the report, as read at the last (re)load.
    trend: Option<Arc<Trend>>,
    /// The commit HEAD named at the last (re)load: the history read.
    head: Option<ObjectId>,
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
            stem_of: HashMap::new(),
            pages: BTreeMap::new(),
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

    /// Whether HEAD names another commit than at the last (re)load (a
    /// checkout, commit, pull or reset): the history to read is another.
    pub fn history_moved(&self) -> bool {
        let now = Repo::open(&self.settings.root).ok().and_then(|r| r.head());
        now != self.head
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
            Written::of,
        )?;
        self.pages = written.into_iter().map(|w| (w.path, w.hash)).collect();
        (self.stems, self.stem_of) = stems(&self.project.team);
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

    /// Apply a batch of changes: re-read what changed, re-check the team,
    /// re-render what depends on it, write the pages whose bytes changed.
    /// The configuration or templates changed (a new `[limits]` changes how
    /// every record reads), OUT went away or the last rebuild failed: then
    /// everything is reloaded and rebuilt, as a fresh `build` would.
    pub fn apply(&mut self, changes: &BTreeSet<Change>) -> anyhow::Result<Rebuilt> {
        if self.stale
            || changes.contains(&Change::Config)
            || changes.contains(&Change::Templates)
            || !self.settings.out.join(site::MANIFEST).is_file()
        {
            return self.restart();
        }
        let result = self.apply_records(changes);
        self.stale = result.is_err();
        result
    }

    fn apply_records(&mut self, changes: &BTreeSet<Change>) -> anyhow::Result<Rebuilt> {
        let started = Instant::now();
        let paths: Vec<&String> = changes
            .iter()
            .filter_map(|change| match change {
                Change::Record(path) => Some(path),
                _ => None,
            })
            .collect();
        // A changed `manager:` changes the pages of the managers before and
        // after (their reports, the count on their own page), and may give
        // a manager a first report or take their last: pages come or go.
        // Outcomes an objective no longer serves lose a row on their page.
        // Either way every such page is rendered again. (Records that came
        // or went reshape the report anyway.)
        let team = &self.project.team;
        let manager_of = |team: &Team, path: &str| {
            let member = &team.members[team.member_at(path)?];
            Some(member.manager.as_ref()?.value.clone())
        };
        let named = |team: &Team| -> Vec<(Option<String>, Vec<String>)> {
            paths
                .iter()
                .map(|path| {
                    let served = team.member_at(path).map(|i| {
                        let objectives = &team.members[i].objectives.items;
                        let ids = objectives.iter().flat_map(|o| &o.outcomes);
                        ids.map(|id| id.value.clone()).collect()
                    });
                    (manager_of(team, path), served.unwrap_or_default())
                })
                .collect()
        };
        let named_before = named(team);
        // What outcome pages show of each touched member.
        let served_by = |team: &Team| -> Vec<Option<ServedBy>> {
            let member = |path: &str| Some(ServedBy::of(&team.members[team.member_at(path)?]));
            paths.iter().map(|path| member(path)).collect()
        };
        let served_before = served_by(team);
        // Outcome page names, when a vision may come, go or change.
        let visions_may_change =
            changes.contains(&Change::Tree) || paths.iter().any(|p| is_vision(p));
        let outcome_stems_before = visions_may_change.then(|| outcome_stems(team));
        let applied = self.project.apply(
            &self.tree,
            paths.iter().copied(),
            changes.contains(&Change::Tree),
        );
        let team = &self.project.team;
        let pages_changed = named_before != named(team);
        // Touched members whose outcome pages cannot have changed: they
        // show the same and no finding of theirs came or went.
        let news_in: HashSet<&str> = (applied.new.iter().chain(&applied.resolved))
            .map(|d| d.path.as_str())
            .collect();
        let unserved: HashSet<usize> = (paths.iter().zip(served_before).zip(served_by(team)))
            .filter(|((path, before), after)| before == after && !news_in.contains(path.as_str()))
            .filter_map(|((path, _), _)| team.member_at(path))
            .collect();
        // A record that came names its manager too.
        let came = applied
            .touched
            .iter()
            .filter_map(|path| manager_of(team, path));
        let managed: BTreeSet<String> = named_before
            .into_iter()
            .filter_map(|(manager, _)| manager)
            .chain(came)
            .collect();
        let mut everything = false;
        if applied.reshaped {
            // Ids that clash get suffixed page names, so a member coming or
            // going can rename others' pages (and every link to them).
            let (stems, stem_of) = stems(&self.project.team);
            everything |= stem_of
                .iter()
                .any(|(path, stem)| self.stem_of.get(path).is_some_and(|before| before != stem));
            (self.stems, self.stem_of) = (stems, stem_of);
        }
        // The root's vision shows on every page; a framework on the pages
        // of everyone progressing in it.
        everything |= applied.touched.contains("vision.md")
            || applied
                .touched
                .iter()
                .any(|p| self.project.config.layout.kind(p) == crate::load::Kind::Framework);
        // A sub-team's vision: the outcomes its members' objectives resolve
        // to, the outcome tree and sub-team pages. Outcome page names move
        // only when ids clash; then every link may.
        let sub_visions: Vec<&str> = (applied.touched.iter())
            .filter(|p| is_vision(p))
            .map(|p| folder_of(p))
            .collect();
        let team = &self.project.team;
        if !sub_visions.is_empty() {
            let after = outcome_stems(team);
            // (Not known before: everything, to be safe.)
            everything |= outcome_stems_before.as_ref().is_none_or(|before| {
                before
                    .iter()
                    .any(|(id, stem)| after.get(id).is_some_and(|s| s != stem))
            });
        }
        let news = (applied.new, applied.resolved);
        let members = if everything {
            (0..team.members.len()).collect()
        } else {
            let mut members = self.dependents(&applied.touched, &applied.renamed, &news);
            let team = &self.project.team;
            members
                .extend((0..team.members.len()).filter(|&i| managed.contains(&team.members[i].id)));
            members.extend((0..team.members.len()).filter(|&i| {
                let folder = team.members[i].folder();
                sub_visions.iter().any(|f| within(folder, f))
            }));
            members.sort_unstable();
            members.dedup();
            members
        };
        let reshaped = applied.reshaped || pages_changed || everything || !sub_visions.is_empty();
        let serving: Vec<usize> = (members.iter().copied())
            .filter(|i| !unserved.contains(i))
            .collect();
        let written = self.write_pages(&members, &serving, reshaped)?;
        Ok(self.finish(news, written, applied.read, started))
    }

    /// Members whose page can differ: the touched ones, those with a
    /// finding new or gone (a finding of an untouched file cannot move, and
    /// pages do not show its help line), and those whose page names a
    /// member whose name changed or who came or went.
    fn dependents(
        &self,
        touched: &BTreeSet<String>,
        renamed: &BTreeSet<String>,
        (new, resolved): &News,
    ) -> Vec<usize> {
        let changed: HashSet<&str> = new
            .iter()
            .chain(resolved)
            .map(|d| d.path.as_str())
            .collect();
        self.project
            .team
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                let path = m.record.source.path.as_str();
                touched.contains(path)
                    || changed.contains(path)
                    || (!renamed.is_empty()
                        && report::people_named(m).any(|id| renamed.contains(id)))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Render the overview, sub-team pages and `members`; write each page
    /// whose bytes changed. When pages may have come or gone (`reshaped`:
    /// files added, removed or moved, or everything re-rendered), remove
    /// the pages the report no longer has.
    fn write_pages(
        &mut self,
        members: &[usize],
        serving: &[usize],
        reshaped: bool,
    ) -> anyhow::Result<usize> {
        let out = &self.settings.out;
        let _lock = site::Lock::acquire(out)?;
        let previous = &self.pages;
        let changed = Mutex::new(Vec::new());
        let project = &self.project;
        self.renderer.render(
            project,
            &self.stems,
            if reshaped {
                Pages::MembersAndTeams(members)
            } else {
                Pages::Members {
                    pages: members,
                    serving,
                }
            },
            |page| {
                let written = Written::of(&page);
                if previous.get(&written.path) != Some(&written.hash) {
                    site::replace_page(out, &page)?;
                }
                changed
                    .lock()
                    .expect("no panic holds the lock")
                    .push(written);
                Ok(())
            },
        )?;
        let (mut written, mut added) = (0, false);
        for Written { path, hash } in changed.into_inner().expect("no panic holds the lock") {
            match self.pages.insert(path, hash) {
                Some(before) if before == hash => {}
                Some(_) => written += 1,
                None => (written, added) = (written + 1, true),
            }
        }
        let mut stale = Vec::new();
        if reshaped {
            let current: HashSet<String> = report::page_paths(project, &self.stems)
                .into_iter()
                .collect();
            stale.extend(self.pages.keys().filter(|p| !current.contains(*p)).cloned());
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
        ..report::Options::default()
    }
}

/// A team opened for watching.
struct Loaded {
    project: Project,
    opened: Opened,
    trend: Option<Arc<Trend>>,
    /// The commit HEAD named.
    head: Option<ObjectId>,
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
    let opened = crate::open::open(&request)?;
    let (trend, head) = match opened.history {
        Some((history, repo)) => (
            Some(Arc::new(history.trend(&repo, &opened.project)?)),
            repo.head(),
        ),
        None => (None, Repo::open(&settings.root).ok().and_then(|r| r.head())),
    };
    Ok(Loaded {
        project: opened.project,
        opened: opened.read,
        trend,
        head,
        warnings: opened.warnings,
    })
}

/// Each member's page stem in team order, and by member file.
/// Each outcome id's page stem (the first outcome's, when ids clash).
fn outcome_stems(team: &Team) -> HashMap<String, String> {
    let alignment = Alignment::new(team);
    let stems = report::outcome_stems(&alignment);
    let ids = (alignment.outcomes().iter()).map(|(_, o)| crate::model::text(&o.id).unwrap_or(""));
    let mut of = HashMap::with_capacity(stems.len());
    for (id, stem) in ids.zip(stems) {
        of.entry(id.to_owned()).or_insert(stem);
    }
    of
}

fn stems(team: &Team) -> (Vec<String>, HashMap<String, String>) {
    let stems = report::member_stems(team);
    let paths = team.members.iter().map(|m| m.record.source.path.clone());
    let stem_of = paths.zip(stems.iter().cloned()).collect();
    (stems, stem_of)
}

#[cfg(test)]
mod tests;
