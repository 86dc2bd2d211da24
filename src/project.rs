//! One pipeline for every command: a team's configuration, records and
//! findings, and the day they are for. `check` and `build` open one;
//! `watch` keeps one open and applies each batch of changes to it.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::check::{self, Diagnostic, Findings};
use crate::config::Config;
use crate::depends::{Shared, SharedSet};
use crate::load::{self, Found, RecordSource, Skipped, WorkTree, source::Entry};
use crate::model::{Committed, Team};

/// A loaded and checked team.
#[derive(Debug)]
pub struct Project {
    /// `mastery.toml` (or `--config`), defaults filled in.
    pub config: Config,
    /// The records.
    pub team: Team,
    /// The findings of the last check.
    pub findings: Arc<Findings>,
    /// `--as-of`; today (at each check) when absent.
    fixed_as_of: Option<Date>,
}

/// What opening a project read and how long it took.
#[derive(Debug, Default)]
pub struct Opened {
    /// `*.md` entries passed over (symlinks out of the tree, FIFOs...).
    pub skipped: Vec<Skipped>,
    /// Reading the configuration and the records.
    pub read: Duration,
    /// Running the rules.
    pub checked: Duration,
}

/// What applying a batch of changes did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Record files (and folders) whose contents or presence changed.
    pub touched: BTreeSet<String>,
    /// Records came or went: pages may come, go or change names.
    pub reshaped: bool,
    /// Record files read again.
    pub read: usize,
    /// Members whose name as other pages show it changed, or who came or
    /// went (by id).
    pub renamed: BTreeSet<String>,
    /// Findings that were not there before.
    pub new: Vec<Diagnostic>,
    /// Findings that went away.
    pub resolved: Vec<Diagnostic>,
    /// The files whose findings (today's or coming) changed.
    pub findings_changed: BTreeSet<String>,
}

/// A batch of changes as it is applied.
#[derive(Default)]
struct Change {
    applied: Applied,
    /// What other files read of the files changed that changed.
    shared: SharedSet,
}

/// `as_of`, else today's date where mastery runs.
pub fn as_of_or_today(as_of: Option<Date>) -> Date {
    as_of.unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

impl Project {
    /// Read the configuration (`config`, else the team's own) and every
    /// record from `source`, and check them for `as_of` (else today).
    pub fn open(
        source: &dyn RecordSource,
        config: Option<&Path>,
        as_of: Option<Date>,
    ) -> anyhow::Result<(Project, Opened)> {
        let config = Config::load(source, config)?;
        Self::open_with(source, config, as_of, &|_| None, None)
    }

    /// [`Project::open`] with the configuration read, taking the records
    /// `reuse` already has (the same bytes read for another state), and
    /// checked with the dates git vouches for, when given.
    pub fn open_with(
        source: &dyn RecordSource,
        config: Config,
        as_of: Option<Date>,
        reuse: load::Reuse,
        committed: Option<Arc<Committed>>,
    ) -> anyhow::Result<(Project, Opened)> {
        let started = Instant::now();
        check::validate(&config)?;
        let limit = config.limits.max_file_bytes;
        let mut loaded = load::load_reusing(source, limit, &config.layout, reuse)?;
        loaded.team.committed = committed;
        let read = started.elapsed();
        let findings = check::check(&loaded.team, &config, as_of_or_today(as_of));
        let project = Project {
            config,
            team: loaded.team,
            findings: Arc::new(findings),
            fixed_as_of: as_of,
        };
        let opened = Opened {
            skipped: loaded.skipped,
            read,
            checked: started.elapsed() - read,
        };
        Ok((project, opened))
    }

    /// Open the sealed entries that `identities` can, for the commands
    /// that show private content (`--include-private`). A sealed entry
    /// counts by its date, opened or not; only one found sealed for
    /// another place adds a finding (`misplaced-sealed`).
    pub fn open_sealed(&mut self, identities: &crate::seal::Identities) -> crate::model::Opening {
        let mut opening = crate::model::Opening::default();
        let sealed: Vec<(usize, Vec<String>)> = (self.team.members.iter().enumerate())
            .filter(|(_, m)| m.has_sealed())
            .map(|(i, m)| (i, self.team.names_of(m)))
            .collect();
        for (index, names) in sealed {
            let member = Arc::make_mut(&mut self.team.members[index]);
            opening.add(member.open_sealed(identities, &names));
        }
        if opening.misplaced > 0 {
            let findings = check::check(&self.team, &self.config, self.as_of());
            self.findings = Arc::new(findings);
        }
        opening
    }

    /// Compare with `earlier` (the team where a pull request starts, or a
    /// `diff`'s earlier side): findings of who gains or loses read access
    /// are added (`reader-change`).
    pub fn compare_with(&mut self, earlier: &Project) {
        self.team.before = Some(Arc::new(crate::model::Before {
            // Records are shared, not copied.
            team: earlier.team.clone(),
            recipients: earlier.config.private.recipients.clone(),
        }));
        let rule = check::rules::find_rule("reader-change").expect("reader-change is a rule");
        check::add_rule(
            Arc::make_mut(&mut self.findings),
            &self.team,
            &self.config,
            rule,
        );
    }

    /// The day findings are for: `--as-of`, else today (which changes while
    /// watch runs for days).
    pub fn as_of(&self) -> Date {
        as_of_or_today(self.fixed_as_of)
    }

    /// The record at `path` as loaded, for reuse by another load.
    pub fn entry(&self, path: &str) -> Option<load::Entry> {
        Some(match self.config.layout.kind(path) {
            load::Kind::Framework => {
                let i = self.team.find_framework(path).ok()?;
                load::Entry::Framework(Box::new(self.team.frameworks[i].clone()))
            }
            load::Kind::Vision => load::Entry::Vision(Box::new(self.team.vision_at(path)?.clone())),
            load::Kind::Member => {
                load::Entry::Member(Arc::clone(&self.team.members[self.team.member_at(path)?]))
            }
        })
    }

    /// Whether the team has a record at `path`.
    pub fn knows(&self, path: &str) -> bool {
        self.team.record_at(path).is_some()
    }

    /// Apply edits in the work tree: re-read the record files at `paths`
    /// (those that are still regular files the team knows), walk the tree
    /// again when `walk` is set or a path is new or odd, and check again,
    /// per file where no record came or went and the vision is unchanged.
    pub fn apply<'a>(
        &mut self,
        tree: &WorkTree,
        paths: impl IntoIterator<Item = &'a String>,
        mut walk: bool,
    ) -> Applied {
        let max = self.config.limits.max_file_bytes;
        let mut change = Change::default();
        for path in paths {
            match tree.entry(path) {
                Entry::File(file) if self.knows(path) => {
                    let (record, node) = load::read_record(tree, &file, max);
                    self.replace(record, node, &mut change);
                }
                // New files, symlinks and odd entries: the walk decides.
                Entry::File(_) | Entry::Other => walk = true,
                Entry::Missing => {
                    if load::remove(&mut self.team, path) {
                        change.applied.renamed.insert(load::member_id(path));
                        change.applied.touched.insert(path.clone());
                        change.applied.reshaped = true;
                    }
                }
            }
        }
        if walk {
            let changed = self.walk_again(tree);
            let applied = &mut change.applied;
            applied.reshaped |= !changed.is_empty();
            applied
                .renamed
                .extend(changed.iter().map(|p| load::member_id(p)));
            applied.touched.extend(changed);
        }
        self.check_again(change)
    }

    /// Take `text` as the record at `path` (a record the team knows, as an
    /// editor holds it before it is saved) and check again, as
    /// [`Project::apply`] does.
    pub fn apply_text(&mut self, path: &str, text: &str) -> Applied {
        let mut change = Change::default();
        let (record, node) = load::record_of_text(path, text, self.config.limits.max_file_bytes);
        self.replace(record, node, &mut change);
        self.check_again(change)
    }

    /// Put a record read again in place of the team's, noting what that
    /// changes for other files.
    fn replace(
        &mut self,
        record: crate::model::Record,
        node: Option<crate::yaml::Node>,
        change: &mut Change,
    ) {
        let path = record.source.path.clone();
        let member = |team: &Team| team.member_at(&path).map(|i| Arc::clone(&team.members[i]));
        let keys = |member: &Option<Arc<crate::model::Member>>| {
            member.as_ref().map(|m| {
                m.keys
                    .items
                    .iter()
                    .map(|k| k.value.clone())
                    .collect::<Vec<_>>()
            })
        };
        let name = |member: &Option<Arc<crate::model::Member>>| {
            member.as_ref().map(|m| m.display_name().to_owned())
        };
        let before = member(&self.team);
        let known = self.knows(&path);
        load::put(&mut self.team, record, node, &self.config.layout);
        let after = member(&self.team);
        if !known {
            change.applied.reshaped = true;
        }
        if !known || name(&after) != name(&before) {
            change.applied.renamed.insert(load::member_id(&path));
            change.shared.insert(Shared::Names);
        }
        if keys(&after) != keys(&before) {
            change.shared.insert(Shared::Keys);
        }
        change.applied.touched.insert(path);
    }

    /// Check again after `change`: per file where only files' own contents
    /// changed, else in full.
    fn check_again(&mut self, change: Change) -> Applied {
        let Change {
            mut applied,
            mut shared,
        } = change;
        applied.read = applied.touched.iter().filter(|p| self.knows(p)).count();

        let as_of = self.as_of();
        // The previous findings are taken, not copied, when nothing else
        // holds them (thousands of findings in a large team).
        let previous = std::mem::replace(&mut self.findings, Arc::new(Findings::empty(as_of)));
        let previous = Arc::try_unwrap(previous).unwrap_or_else(|shared| (*shared).clone());
        // Per-file rules read of other files what they declare
        // (`Rule::shared`): when none of that changed, only the touched
        // files need their per-file rules run again.
        if applied.reshaped {
            shared.insert(Shared::Roster);
        }
        for path in &applied.touched {
            match self.config.layout.kind(path) {
                load::Kind::Vision => shared.insert(Shared::Visions),
                load::Kind::Framework => shared.insert(Shared::Frameworks),
                load::Kind::Member => {}
            }
        }
        let local = !check::reads_any(&self.config, shared);
        let changed: HashSet<String> = applied.touched.iter().cloned().collect();
        let findings = if local && previous.as_of == as_of {
            let rechecked = check::recheck(&self.team, &self.config, as_of, previous, &changed);
            (applied.new, applied.resolved) = (rechecked.new, rechecked.resolved);
            // Other files keep their per-file findings as they were; what
            // team-wide rules found of them is compared.
            let news = [
                &applied.new,
                &applied.resolved,
                &rechecked.came,
                &rechecked.went,
            ];
            applied.findings_changed = (news.into_iter().flatten())
                .map(|d| d.path.clone())
                .chain(changed)
                .collect();
            rechecked.findings
        } else {
            let findings = check::check(&self.team, &self.config, as_of);
            (applied.new, applied.resolved) =
                check::difference(&previous.diagnostics, &findings.diagnostics);
            applied.findings_changed = previous.files_differing(&findings);
            findings
        };
        self.findings = Arc::new(findings);
        applied
    }

    /// Walk the tree to learn which files are records now; read the new
    /// ones, drop the ones that went away. Returns the paths that changed.
    fn walk_again(&mut self, tree: &WorkTree) -> Vec<String> {
        let (found, skipped) = load::record_files(tree, &self.config.layout).unwrap_or_default();
        let (unreadable, _) = load::unreadable_folders(skipped);
        let mut changed: Vec<String> = Vec::new();
        // A folder that became readable, or stopped being: a change.
        if unreadable != self.team.unreadable {
            let folders = unreadable.iter().chain(&self.team.unreadable);
            changed.extend(folders.map(|(path, _)| path.clone()));
            self.team.unreadable = unreadable;
        }
        let now: BTreeSet<&str> = found.iter().map(|f| f.path.as_str()).collect();
        let before: Vec<String> = (self.team.records())
            .map(|r| r.source.path.clone())
            .collect();
        for gone in before.iter().filter(|p| !now.contains(p.as_str())) {
            load::remove(&mut self.team, gone);
            changed.push(gone.clone());
        }
        let max = self.config.limits.max_file_bytes;
        let new: Vec<&Found> = found.iter().filter(|f| !self.knows(&f.path)).collect();
        for file in new {
            let (record, node) = load::read_record(tree, file, max);
            load::put(&mut self.team, record, node, &self.config.layout);
            changed.push(file.path.clone());
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{AS_OF, FRAMEWORK, VISION};

    /// A team on disk, opened for `AS_OF`.
    fn opened(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let tree = WorkTree::new(dir.path(), None);
        let (project, _) = Project::open(&tree, None, Some(AS_OF)).unwrap();
        (dir, project)
    }

    #[test]
    fn an_edited_framework_checks_the_members_again() {
        let ann =
            "---\nname: Ann\nlevel: 1\nevidence:\n  - date: 2026-11-01\n    topic: delivery\n---\n";
        let (_dir, mut project) = opened(&[
            ("vision.md", VISION),
            ("frameworks/backend.md", FRAMEWORK),
            ("ann.md", ann),
        ]);
        let unknown = |p: &Project| {
            let found = p.findings.diagnostics.iter();
            found.filter(|d| d.rule.id == "unknown-topic").count()
        };
        assert_eq!(unknown(&project), 0);
        let renamed = FRAMEWORK.replace("name: delivery", "name: shipping");
        let applied = project.apply_text("frameworks/backend.md", &renamed);
        assert_eq!(unknown(&project), 1, "{:#?}", project.findings.diagnostics);
        assert!(applied.new.iter().any(|d| d.path == "ann.md"));
        let full = check::check(&project.team, &project.config, AS_OF);
        assert_eq!(project.findings.diagnostics, full.diagnostics);
    }
}
