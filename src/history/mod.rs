//! Growth over time, from the repository's history (docs/history.md).
//!
//! [`read`] walks every commit of HEAD's history (or a revision's), diffs
//! the team folder's tree against the parent's and parses only the record
//! files that changed. Each commit gives a [`Step`]: the changes it made to
//! members, the entries it was first to hold, the learning goals it
//! changed. Steps depend on nothing but the commit, so they are computed
//! side by side and cached under the git directory by commit id
//! ([`cache`]); the next run parses only new commits. Folding the steps
//! oldest first gives the [`History`]: the dates git vouches for (read by
//! the `backdated-entry` and `stale-learning-goal` rules) and each member's
//! timeline. [`months`] checks the team at the end of each past month for
//! the overview's trend charts.

mod cache;
pub mod changes;
mod exposed;
mod fold;
pub mod months;
pub mod purge;

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use std::sync::Arc;

use crate::config::Config;
use crate::load::RecordSource;
use crate::load::git::log::{Changed, Commit};
use crate::load::git::{ObjectId, Repo};
use crate::load::{self, walk::is_record_path};
use crate::model::{Committed, Member, Record};
use crate::project::{Opened, Project};
use crate::source::Source;
use exposed::{in_clear_before, privatized};
use fold::fold;

/// The kinds of change a member's timeline shows (docs/history.md's kinds,
/// plus `joined` and `left`); the others are left out of the cache.
pub const TIMELINE_KINDS: &[&str] = &[
    "joined",
    "left",
    "learning-started",
    "learning-done",
    "learning-paused",
    "learning-dropped",
    "objective-added",
    "objective-done",
    "objective-dropped",
    "ownership-added",
    "ownership-removed",
    "autonomy-changed",
    "role-changed",
    "manager-changed",
    "status-changed",
    "level-changed",
];

/// A change to a member's record, on the day a commit made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The commit's committer day (UTC).
    pub date: Date,
    /// The member's id (the latest, when the file was renamed since).
    pub member: String,
    /// One of [`TIMELINE_KINDS`].
    pub kind: String,
    /// The entry it is about.
    pub what: String,
    /// The value before, when the kind has one.
    pub from: Value,
    /// The value after.
    pub to: Value,
}

/// What one commit did to the team's records.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Step {
    /// The commit's committer day (UTC).
    pub date: Option<Date>,
    /// A shallow clone's boundary: what it holds was first committed
    /// earlier, on a day unknown here.
    pub boundary: bool,
    /// Changes to members.
    pub events: Vec<Event>,
    /// Entries (member, key) a record held after the commit and not before.
    pub added: Vec<(String, String)>,
    /// Learning goals (member, goal key) whose entry the commit changed.
    pub goals: Vec<(String, String)>,
    /// Member files renamed (earlier id, later id).
    pub renamed: Vec<(String, String)>,
    /// Members who joined naming in `former_ids` an id not seen leaving in
    /// the same commit (earlier id, later id): the same member, when that
    /// id left earlier (a rename committed in two steps).
    #[serde(default)]
    pub formerly: Vec<(String, String)>,
    /// Entries made private by the commit (member, private key, the key it
    /// had in public): its first date carries over.
    #[serde(default)]
    pub privatized: Vec<(String, String, String)>,
    /// For each entry made private by the commit (member, private key),
    /// the earlier commits that wrote its note in clear while it was
    /// public, oldest first: `private-in-history` names them too.
    #[serde(default)]
    pub exposed_before: Vec<(String, String, Vec<String>)>,
    /// Private entries (member, entry key) whose note (support: what was
    /// given) the commit wrote in clear: what `private-in-history` names. Only the key
    /// (list and date) is kept, never what the entry says.
    #[serde(default)]
    pub exposed: Vec<(String, String)>,
}

/// A team's history.
#[derive(Debug, Default)]
pub struct History {
    /// The dates git vouches for.
    pub committed: Committed,
    /// Each member's changes, oldest first, by member id.
    pub events: BTreeMap<String, Vec<Event>>,
    /// The commits read (of HEAD's history, or the revision's), newest
    /// first.
    log: Vec<Commit>,
    /// Commits whose steps were computed now (the others were cached).
    pub computed: usize,
    /// Commits whose committer time is out of range (short ids): read,
    /// but dating nothing.
    pub undated: Vec<String>,
    /// The cache as read, and as it will be written.
    kept: cache::Cache,
}

/// What the report shows from the team's history.
#[derive(Debug, Default)]
pub struct Trend {
    /// Each member's changes, oldest first, by member id.
    pub events: BTreeMap<String, Vec<Event>>,
    /// The team figures at the end of each past month.
    pub months: Vec<months::Point>,
}

/// A project opened with its history.
pub struct Dated {
    /// The project, checked with the dates its history vouches for.
    pub project: Project,
    /// What opening it read.
    pub opened: Opened,
    /// The history, when there is one; or why it could not be read.
    pub history: anyhow::Result<Option<History>>,
}

/// Open the team from `source` with the history of `repo` up to `tip`
/// (else HEAD). A history that
/// cannot be read leaves the project without it (and says why in
/// [`Dated::history`]).
pub fn open(
    source: &dyn RecordSource,
    repo: Option<&Repo>,
    tip: Option<ObjectId>,
    config: Config,
    as_of: Option<Date>,
) -> anyhow::Result<Dated> {
    let mut history = match repo {
        Some(repo) => read(repo, tip, &config),
        None => Ok(None),
    };
    let committed = match &mut history {
        Ok(Some(history)) => Some(Arc::new(std::mem::take(&mut history.committed))),
        _ => None,
    };
    let (project, opened) = Project::open_with(source, config, as_of, &|_| None, committed)?;
    Ok(Dated {
        project,
        opened,
        history,
    })
}

/// The cache's key of a month-end point: the commit, the day and the
/// configuration it was checked with.
fn month_key(commit: &ObjectId, end: Date, fingerprint: &str) -> String {
    format!(
        "{commit}\0{end}\0{:016x}",
        cache::fnv(fingerprint.as_bytes())
    )
}

impl History {
    /// Keep what was read and worked out for the next run.
    fn keep(&self, repo: &Repo) {
        cache::save(repo, &self.kept);
    }

    /// How many commits were read.
    pub fn commits(&self) -> usize {
        self.log.len()
    }

    /// What the report shows of it for `project` (the team as reported).
    pub fn trend(mut self, repo: &Arc<Repo>, project: &Project) -> anyhow::Result<Trend> {
        let months = self.months(repo, project)?;
        Ok(Trend {
            events: self.events,
            months,
        })
    }
}

/// The history of the team in `repo` up to `tip` (else HEAD). Record
/// files are read as `config` reads them (its size limit, what it excludes,
/// where its frameworks are). `None` when the repository has no commits
/// yet.
pub fn read(
    repo: &Repo,
    tip: Option<ObjectId>,
    config: &Config,
) -> anyhow::Result<Option<History>> {
    let commits = repo.commits(tip)?;
    if commits.is_empty() {
        return Ok(None);
    }
    let mut kept = cache::load(repo, config);
    let cached = &mut kept.steps;
    let missing: Vec<&Commit> = commits
        .iter()
        .filter(|c| !cached.contains_key(&c.id.to_string()))
        .collect();
    let versions = Versions::default();
    let computed: Vec<(String, Step)> = missing
        .par_iter()
        .map(|commit| {
            let step = step(repo, commit, config, &versions)?;
            Ok((commit.id.to_string(), step))
        })
        .collect::<anyhow::Result<_>>()?;
    let fresh = computed.len();
    cached.extend(computed);
    // Steps of other histories (another branch or work tree, an older
    // `--at`) stay while they are fewer than this one's and their commits
    // are still in the repository, so runs on each do not rebuild the
    // other's; a purged commit's step goes at once, and beyond that size
    // only this history's stay.
    let ids: HashSet<String> = commits.iter().map(|c| c.id.to_string()).collect();
    let before = cached.len();
    let crowded = cached.len() > 2 * commits.len();
    cached.retain(|id, _| ids.contains(id) || (!crowded && repo.has(id)));
    let dropped = before - cached.len();
    let cached = &kept.steps;
    if fresh > 0 || dropped > 0 {
        cache::save(repo, &kept);
    }
    let oldest_first = commits.iter().rev().map(|c| {
        let id = c.id.to_string();
        let step = &cached[&id];
        (id, step)
    });
    let mut history = fold(oldest_first);
    history.computed = fresh;
    let undated = commits.iter().filter(|c| c.date.is_none());
    history.undated = undated
        .map(|c| c.id.to_hex_with_len(7).to_string())
        .collect();
    history.kept = kept;
    history.log = commits;
    Ok(Some(history))
}

/// A version of a record as read: a member, or `Err(())` when it is there
/// but cannot be read (a YAML error, over the size limit).
type Version = Result<Arc<Member>, ()>;

/// Record versions read for one step and kept for the other that needs
/// them: the commit that wrote a version reads it after, the next commit
/// that changes the file reads it before. A version leaves at its second
/// reading, so what stays is about one team's worth, whatever the order
/// the steps run in. (A version read a third time, after a revert, is
/// read again.)
#[derive(Default)]
struct Versions(std::sync::Mutex<HashMap<(ObjectId, String), Version>>);

impl Versions {
    /// The version of `path` in `blob`, read with `read` unless a step
    /// read it before.
    fn get(
        &self,
        path: &str,
        blob: ObjectId,
        read: impl FnOnce() -> anyhow::Result<Version>,
    ) -> anyhow::Result<Version> {
        let key = (blob, path.to_owned());
        if let Some(version) = self.lock().remove(&key) {
            return Ok(version);
        }
        let version = read()?;
        self.lock().insert(key, version.clone());
        Ok(version)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(ObjectId, String), Version>> {
        // A panic while holding it cannot leave the map half-changed.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What `commit` did to the team's records, against its first parent. A
/// merge's changes were made, and are read, on the branches it joins.
fn step(
    repo: &Repo,
    commit: &Commit,
    config: &Config,
    versions: &Versions,
) -> anyhow::Result<Step> {
    let mut step = Step {
        date: commit.date,
        boundary: commit.boundary,
        ..Step::default()
    };
    if commit.parents.len() > 1 {
        return Ok(step);
    }
    let after = repo.team_tree(commit.id)?;
    let before = match commit.parents.first() {
        Some(&parent) => repo.team_tree(parent)?,
        None => None,
    };
    let changed: Vec<Changed> = repo
        .changed(before, after)?
        .into_iter()
        .filter(|c| {
            let layout = &config.layout;
            is_record_path(&c.path) && !layout.excludes(&c.path) && layout.is_member(&c.path)
        })
        .collect();
    // A version that is there but cannot be read (a YAML error, over the
    // size limit) is not compared: `Err(())`.
    let read =
        |path: &str, blob: Option<ObjectId>| -> anyhow::Result<Result<Option<Arc<Member>>, ()>> {
            let Some(blob) = blob else {
                return Ok(Ok(None));
            };
            let version = versions.get(path, blob, || {
                let bytes = repo.bytes(blob, config.limits.max_file_bytes)?;
                Ok(bytes
                    .and_then(|bytes| member(path, bytes, &config.layout))
                    .ok_or(()))
            })?;
            Ok(version.map(Some))
        };
    let mut old = BTreeMap::new();
    let mut new = BTreeMap::new();
    // Members read after the commit whose earlier version could not be:
    // what they hold is new to the history only where it was not before.
    let mut mended = BTreeMap::new();
    // Members whose unreadable record the commit removed: they left.
    let mut gone = Vec::new();
    // Where each member's earlier version was, to look back along it.
    let mut paths_before: HashMap<String, String> = HashMap::new();
    for change in &changed {
        let id = load::member_id(&change.path);
        if change.before.is_some() {
            paths_before.insert(id.clone(), change.path.clone());
        }
        match (
            read(&change.path, change.before)?,
            read(&change.path, change.after)?,
        ) {
            (Ok(before), Ok(after)) => {
                old.extend(before.map(|m| (id.clone(), m)));
                new.extend(after.map(|m| (id, m)));
            }
            (Err(()), Ok(Some(after))) => {
                mended.insert(id, after);
            }
            (Err(()), Ok(None)) => gone.push(id),
            // Broken by the commit, or broken on both sides: no change.
            _ => {}
        }
    }
    for (id, after) in &mended {
        let empty = Member::empty(String::new(), Record::new(Source::new(String::new(), "")));
        entries_added(id, &empty, after, &[], &mut step);
        let told = after.private_entries().filter(|e| e.tells);
        step.exposed.extend(told.map(|e| (id.clone(), e.key())));
    }
    fn by_ref(map: &BTreeMap<String, Arc<Member>>) -> BTreeMap<String, &Member> {
        map.iter().map(|(id, m)| (id.clone(), &**m)).collect()
    }
    let moves = changes::moves(&by_ref(&old), &by_ref(&new));
    let mut found = Vec::new();
    let moved = |id: &String, kind, member: &Member| changes::Change {
        member: id.clone(),
        kind,
        what: member.display_name().to_owned(),
        ..changes::Change::default()
    };
    let empty = Member::empty(String::new(), Record::new(Source::new(String::new(), "")));
    for (id, after) in &new {
        let told = after.private_entries().filter(|e| e.tells);
        step.exposed.extend(told.map(|e| (id.clone(), e.key())));
        // A member who joined has the one event; what their first record
        // held is where they started, not a change.
        if moves.joined.contains(id) {
            if !commit.boundary {
                found.push(moved(id, "joined", after));
            }
            entries_added(id, &empty, after, &[], &mut step);
            continue;
        }
        let renamed = moves.renamed.iter().find(|(_, to)| to == id);
        let was = renamed.map_or(id, |(from, _)| from);
        let before = &old[was];
        changes::member_changes(id, before, after, &moves.renamed, &mut found);
        entries_added(id, before, after, &moves.renamed, &mut step);
        for (private, public) in privatized(before, after) {
            let path = &paths_before[was];
            let earlier = in_clear_before(repo, commit, path, &public, config)?;
            step.exposed_before
                .push((id.clone(), private.clone(), earlier));
            step.privatized.push((id.clone(), private, public));
        }
    }
    for id in &moves.left {
        found.push(moved(id, "left", &old[id]));
    }
    for id in &gone {
        let unread = Member::empty(id.clone(), Record::new(Source::new(String::new(), "")));
        found.push(moved(id, "left", &unread));
    }
    // A record that says it was someone not leaving in this commit: the
    // fold links them when that id left earlier.
    for id in &moves.joined {
        let former = new[id]
            .former_ids
            .iter()
            .map(|f| (f.value.clone(), id.clone()));
        step.formerly.extend(former);
    }
    step.renamed = moves.renamed;
    // The first commit is when a record came into the repository; its
    // `joined` (when not later) is when the person joined.
    // An undated commit dates no event.
    let Some(date) = commit.date else {
        return Ok(step);
    };
    let joined = |id: &str| {
        (new.get(id)?.joined.as_ref())
            .map(|d| d.value)
            .filter(|&d| d <= date)
    };
    step.events = found
        .into_iter()
        .filter(|c| TIMELINE_KINDS.contains(&c.kind))
        .map(|c| Event {
            date: match c.kind {
                "joined" => joined(&c.member).unwrap_or(date),
                _ => date,
            },
            member: c.member,
            kind: c.kind.to_owned(),
            what: c.what,
            from: c.from,
            to: c.to,
        })
        .collect();
    Ok(step)
}

/// A member file's bytes as a member (`None` when it does not parse as one:
/// its entries are not known).
fn member(path: &str, bytes: Vec<u8>, layout: &load::Layout) -> Option<Arc<Member>> {
    let (record, node) = load::parse_record(path.to_owned(), bytes);
    match load::Entry::new(record, node, layout) {
        load::Entry::Member(member) if !member.record.front_matter_failed() => Some(member),
        _ => None,
    }
}

/// The dated entries of `after` that `before` lacks, and its learning
/// goals that are new or changed, into `step`; an author `renamed` in the
/// commit names the same entry.
fn entries_added(
    id: &str,
    before: &Member,
    after: &Member,
    renamed: &[(String, String)],
    step: &mut Step,
) {
    let keys = |member: &Member| -> HashSet<String> {
        let feedback = member.feedback.items.iter().map(|f| f.key_renamed(renamed));
        let support = member.support.items.iter().map(|s| s.key());
        let updated = member
            .learning
            .items
            .iter()
            .filter(|g| g.updated.is_some())
            .map(|g| g.updated_key());
        let level = member.level_key();
        feedback
            .chain(support)
            .chain(updated)
            .chain(level)
            .collect()
    };
    let earlier = keys(before);
    let mut added: Vec<String> = keys(after)
        .into_iter()
        .filter(|k| !earlier.contains(k))
        .collect();
    added.sort();
    step.added
        .extend(added.into_iter().map(|k| (id.to_owned(), k)));
    let states: HashMap<String, String> = before
        .learning
        .items
        .iter()
        .map(|g| (g.key(), g.state()))
        .collect();
    for goal in &after.learning.items {
        let key = goal.key();
        if states.get(&key) != Some(&goal.state()) {
            step.goals.push((id.to_owned(), key));
        }
    }
}

#[cfg(test)]
mod tests;
