//! The state kept between rebuilds, so that an edit to one member re-reads
//! one file and re-renders only the pages that can have changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use jiff::civil::Date;

use super::filter::Change;
use crate::check::{self, Diagnostic, Findings};
use crate::config::Config;
use crate::load::{self, walk};
use crate::model::Team;
use crate::report::{self, Members, Renderer, Written, site};

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
    /// `--include-private`.
    pub include_private: bool,
}

/// The outcome of one build.
#[derive(Debug)]
pub struct Rebuilt {
    /// Every finding of this build.
    pub findings: Findings,
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
}

/// A team being watched and its report.
pub struct Session {
    settings: Settings,
    config: Config,
    renderer: Renderer,
    team: Team,
    findings: Option<Findings>,
    /// Path and content hash of every page in OUT.
    pages: BTreeMap<String, u64>,
}

impl Session {
    /// Load, check and build everything, as `mastery build` does.
    pub fn start(settings: Settings) -> anyhow::Result<(Self, Rebuilt)> {
        let started = Instant::now();
        let config = Config::load(&settings.root, settings.config.as_deref())?;
        let renderer = Renderer::new(&options(&settings))?;
        let loaded = load::load(
            &settings.root,
            Some(&settings.out),
            config.limits.max_file_bytes,
        )?;
        let mut session = Self {
            settings,
            config,
            renderer,
            team: loaded.team,
            findings: None,
            pages: BTreeMap::new(),
        };
        let read = session.team.files();
        let mut rebuilt = session.full_build(started)?;
        rebuilt.read = read;
        rebuilt.skipped = loaded.skipped;
        Ok((session, rebuilt))
    }

    /// The team as last loaded.
    pub fn team(&self) -> &Team {
        &self.team
    }

    /// Reload everything (the team folder came back, or events were lost).
    pub fn restart(&mut self) -> anyhow::Result<Rebuilt> {
        let started = Instant::now();
        self.config = Config::load(&self.settings.root, self.settings.config.as_deref())?;
        let loaded = load::load(
            &self.settings.root,
            Some(&self.settings.out),
            self.config.limits.max_file_bytes,
        )?;
        self.team = loaded.team;
        let mut rebuilt = self.full_build(started)?;
        rebuilt.read = self.team.files();
        rebuilt.skipped = loaded.skipped;
        Ok(rebuilt)
    }

    fn full_build(&mut self, started: Instant) -> anyhow::Result<Rebuilt> {
        let findings = self.check();
        let written = report::build(
            &self.settings.root,
            &self.settings.out,
            &self.team,
            &findings,
            &self.config,
            &options(&self.settings),
            Written::of,
        )?;
        self.pages = written.into_iter().map(|w| (w.path, w.hash)).collect();
        Ok(self.finish(findings, self.pages.len(), 0, started))
    }

    fn check(&self) -> Findings {
        let as_of = self
            .settings
            .as_of
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
        check::check(&self.team, &self.config, as_of)
    }

    fn finish(
        &mut self,
        findings: Findings,
        written: usize,
        read: usize,
        started: Instant,
    ) -> Rebuilt {
        let (new, resolved) = match &self.findings {
            Some(before) => difference(&before.diagnostics, &findings.diagnostics),
            None => (findings.diagnostics.clone(), Vec::new()),
        };
        self.findings = Some(findings.clone());
        Rebuilt {
            findings,
            new,
            resolved,
            read,
            written,
            elapsed: started.elapsed(),
            skipped: Vec::new(),
        }
    }

    /// Apply a batch of changes: re-read what changed, re-check the team,
    /// re-render what depends on it, write the pages whose bytes changed.
    pub fn apply(&mut self, changes: &BTreeSet<Change>) -> anyhow::Result<Rebuilt> {
        let started = Instant::now();
        let mut everything = false;
        if changes.contains(&Change::Config) {
            self.config = Config::load(&self.settings.root, self.settings.config.as_deref())?;
            everything = true;
        }
        if changes.contains(&Change::Templates) {
            self.renderer = Renderer::new(&options(&self.settings))?;
            everything = true;
        }

        let before_ids: Vec<String> = self.team.members.iter().map(|m| m.id.clone()).collect();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut walk_again = changes.contains(&Change::Tree);
        for change in changes {
            let Change::Record(path) = change else {
                continue;
            };
            let file = self.settings.root.join(path);
            let known = self.knows(path);
            match std::fs::symlink_metadata(&file) {
                Ok(meta) if meta.is_file() && known => {
                    let (record, node) =
                        load::read_record(path.clone(), &file, self.config.limits.max_file_bytes);
                    load::put(&mut self.team, record, node);
                    touched.insert(path.clone());
                }
                // New files, symlinks and odd entries: the walk decides.
                Ok(_) => walk_again = true,
                Err(_) => {
                    if load::remove(&mut self.team, path) {
                        touched.insert(path.clone());
                    }
                }
            }
        }
        if walk_again {
            touched.extend(self.walk_again());
        }
        let read = touched.iter().filter(|p| self.knows(p)).count();

        let findings = self.check();
        let after_ids: Vec<String> = self.team.members.iter().map(|m| m.id.clone()).collect();
        // Page names depend on every id (clashes get suffixes), and the vision
        // shows on every page.
        everything |= (before_ids != after_ids && !same_stems(&before_ids, &after_ids))
            || touched.contains("vision.md");
        let members = if everything {
            (0..self.team.members.len()).collect()
        } else {
            self.dependents(&touched, &findings)
        };
        let written = self.write_pages(&findings, &members)?;
        Ok(self.finish(findings, written, read, started))
    }

    fn knows(&self, path: &str) -> bool {
        if path == "vision.md" {
            return self.team.vision.is_some();
        }
        self.team
            .members
            .binary_search_by(|m| m.record.source.path.as_str().cmp(path))
            .is_ok()
    }

    /// Walk the tree to learn which files are records now; read the new
    /// ones, drop the ones that went away. Returns the paths that changed.
    fn walk_again(&mut self) -> Vec<String> {
        let (found, _) = walk::record_files(&self.settings.root, Some(&self.settings.out));
        let now: BTreeSet<&str> = found.iter().map(|f| f.path.as_str()).collect();
        let mut before: Vec<String> = self
            .team
            .members
            .iter()
            .map(|m| m.record.source.path.clone())
            .collect();
        if self.team.vision.is_some() {
            before.push("vision.md".into());
        }
        let mut changed = Vec::new();
        for gone in before.iter().filter(|p| !now.contains(p.as_str())) {
            load::remove(&mut self.team, gone);
            changed.push(gone.clone());
        }
        let new: Vec<&walk::Found> = found.iter().filter(|f| !self.knows(&f.path)).collect();
        for file in new {
            let (record, node) = load::read_record(
                file.path.clone(),
                &file.file,
                self.config.limits.max_file_bytes,
            );
            load::put(&mut self.team, record, node);
            changed.push(file.path.clone());
        }
        changed
    }

    /// Members whose page can differ: the touched ones, those whose
    /// findings changed, and those whose page names a touched member.
    fn dependents(&self, touched: &BTreeSet<String>, findings: &Findings) -> Vec<usize> {
        let before = self.findings.as_ref().map(by_path).unwrap_or_default();
        let after = by_path(findings);
        let touched_ids: BTreeSet<String> = touched.iter().map(|p| load::member_id(p)).collect();
        self.team
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                let path = m.record.source.path.as_str();
                touched.contains(path)
                    || before.get(path) != after.get(path)
                    || [&m.manager, &m.mentor]
                        .into_iter()
                        .flatten()
                        .chain(m.feedback.items.iter().filter_map(|f| f.from.as_ref()))
                        .any(|r| touched_ids.contains(&r.value))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Render the overview, sub-team pages and `members`; write each page
    /// whose bytes changed, remove pages of members who left.
    fn write_pages(&mut self, findings: &Findings, members: &[usize]) -> anyhow::Result<usize> {
        let out = &self.settings.out;
        let mut current: BTreeSet<String> =
            ["index.html".to_owned(), "style.css".to_owned()].into();
        current.extend(report::member_pages(&self.team));
        let previous = &self.pages;
        let changed = Mutex::new(Vec::new());
        self.renderer.render(
            &self.team,
            findings,
            &self.config,
            Members::Only(members),
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
        let mut written = 0;
        for Written { path, hash } in changed.into_inner().expect("no panic holds the lock") {
            current.insert(path.clone());
            if self.pages.insert(path, hash) != Some(hash) {
                written += 1;
            }
        }
        let stale: Vec<String> = self
            .pages
            .keys()
            .filter(|p| !current.contains(*p))
            .cloned()
            .collect();
        for page in &stale {
            site::remove_page(out, page)?;
            self.pages.remove(page);
        }
        if written > 0 || !stale.is_empty() {
            site::write_manifest(out, self.pages.keys().map(String::as_str))
                .context("cannot update the report manifest")?;
        }
        Ok(written + stale.len())
    }
}

/// Each file's findings, for telling whose changed.
fn by_path(findings: &Findings) -> HashMap<&str, Vec<&Diagnostic>> {
    let mut map: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in &findings.diagnostics {
        map.entry(d.path.as_str()).or_default().push(d);
    }
    map
}

fn options(settings: &Settings) -> report::Options<'_> {
    report::Options {
        templates: settings.templates.as_deref(),
        include_private: settings.include_private,
    }
}

/// Whether adding or removing members leaves every other page name alone:
/// true unless ids clash (only then do names get suffixes).
fn same_stems(before: &[String], after: &[String]) -> bool {
    let unique = |ids: &[String]| ids.iter().collect::<BTreeSet<_>>().len() == ids.len();
    unique(before) && unique(after)
}

/// Findings in `after` but not `before`, and the other way round, ignoring
/// positions (a finding whose line moved is neither new nor resolved).
fn difference(before: &[Diagnostic], after: &[Diagnostic]) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    (minus(after, before), minus(before, after))
}

/// The findings of `a` left after taking out one match from `b` for each.
fn minus(a: &[Diagnostic], b: &[Diagnostic]) -> Vec<Diagnostic> {
    let key = |d: &Diagnostic| (d.path.clone(), d.rule, d.message.clone());
    let mut available: BTreeMap<_, usize> = BTreeMap::new();
    for d in b {
        *available.entry(key(d)).or_default() += 1;
    }
    a.iter()
        .filter(|d| match available.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}
