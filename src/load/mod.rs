//! Loading a team directory: walk it, read each record file, split off the
//! front matter and parse it into the typed model. Nothing here fails on a
//! bad record: problems are recorded on the record and checked later.

pub mod front_matter;
pub mod git;
pub mod layout;
pub mod source;
pub mod walk;

use rayon::iter::Either;
use rayon::prelude::*;
use std::sync::Arc;

use crate::model::{Framework, Member, Problem, ProblemKind, Record, Team, Vision};
use crate::source::{Source, Span};
use crate::yaml::{self, Node, Value};

pub use git::{GitTree, Repo};
pub use layout::{Kind, Layout};
pub use source::{RecordSource, WorkTree};
pub use walk::{Found, Skipped};

/// Largest record file read by default (`[limits] max_file_bytes`); a
/// larger one is a finding, not read whole.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A loaded team and the entries that were passed over.
#[derive(Debug)]
pub struct Loaded {
    /// The team.
    pub team: Team,
    /// `*.md` entries that were not read, and why.
    pub skipped: Vec<Skipped>,
}

/// Load the team from `source`, reading files of at most `max_bytes`.
/// Fails only when the team itself cannot be read.
pub fn load(source: &dyn RecordSource, max_bytes: u64) -> anyhow::Result<Loaded> {
    load_reusing(source, max_bytes, &Layout::default(), &|_| None)
}

/// The record files of `source` that are read: what the walk lists, less
/// what `layout` excludes. `load`, `watch` and every command that looks for a
/// member go by it.
pub fn record_files(
    source: &dyn RecordSource,
    layout: &Layout,
) -> anyhow::Result<(Vec<Found>, Vec<Skipped>)> {
    let (mut found, skipped) = source.list()?;
    found.retain(|f| !layout.excludes(&f.path));
    Ok((found, skipped))
}

/// The member files of `source` (its record files but the visions and
/// frameworks).
pub fn member_files(source: &dyn RecordSource, layout: &Layout) -> anyhow::Result<Vec<Found>> {
    let (mut found, _) = record_files(source, layout)?;
    found.retain(|f| layout.is_member(&f.path));
    Ok(found)
}

/// Records already read from the same bytes elsewhere (an earlier commit's
/// blob), used instead of reading the file again.
pub type Reuse<'a> = &'a (dyn Fn(&Found) -> Option<Entry> + Sync);

/// [`load`] as `layout` reads the team, taking from `reuse` the records
/// it already has.
pub fn load_reusing(
    source: &dyn RecordSource,
    max_bytes: u64,
    layout: &Layout,
    reuse: Reuse,
) -> anyhow::Result<Loaded> {
    let (found, skipped) = record_files(source, layout)?;
    // Reading and parsing dominate a check; files are independent. Each is
    // turned into its model at once, so YAML trees never pile up, and the
    // members land in their list in path order (the walk's), moved once.
    let (others, members): (Vec<Entry>, Vec<Arc<Member>>) =
        found.into_par_iter().partition_map(|file| {
            // A record reused from a load with another layout may have
            // been read as something else.
            let reused = reuse(&file).filter(|e| e.kind() == layout.kind(&file.path));
            let entry = reused.unwrap_or_else(|| {
                let (record, node) = read_record(source, &file, max_bytes);
                Entry::new(record, node, layout)
            });
            match entry {
                Entry::Member(member) => Either::Right(member),
                other => Either::Left(other),
            }
        });
    let (mut visions, mut frameworks) = (Vec::new(), Vec::new());
    for entry in others {
        match entry {
            Entry::Vision(vision) => visions.push(*vision),
            Entry::Framework(framework) => frameworks.push(*framework),
            Entry::Member(_) => unreachable!("members are partitioned out"),
        }
    }
    let (unreadable, skipped) = unreadable_folders(skipped);
    // In path order, as walked; the root's sorts after any folder's.
    let root = visions
        .iter()
        .position(|v| v.record.source.path == "vision.md")
        .map(|i| visions.remove(i));
    let team = Team {
        vision: root,
        sub_visions: visions,
        members,
        frameworks,
        unreadable,
        committed: None,
        before: None,
    };
    Ok(Loaded { team, skipped })
}

/// The folders that could not be listed (path, why), which the team
/// records for a finding, apart from the entries that only get a note.
pub fn unreadable_folders(skipped: Vec<Skipped>) -> (Vec<(String, String)>, Vec<Skipped>) {
    let (unreadable, skipped): (Vec<Skipped>, Vec<Skipped>) =
        skipped.into_iter().partition(|s| s.unreadable);
    let unreadable = unreadable.into_iter().map(|s| (s.path, s.reason)).collect();
    (unreadable, skipped)
}

/// One record file in model form: a vision or a member.
pub enum Entry {
    /// A `vision.md`, at the root or a sub-team's.
    Vision(Box<Vision>),
    /// A framework, `frameworks/*.md` or as `[frameworks] paths` says.
    Framework(Box<Framework>),
    /// Any other record file.
    Member(Arc<Member>),
}

impl Entry {
    /// The model of a record (and its YAML, when it parsed), read as
    /// `layout` says its path is read.
    pub fn new(record: Record, node: Option<Node>, layout: &Layout) -> Entry {
        let kind = layout.kind(&record.source.path);
        let id = || member_id(&record.source.path);
        match kind {
            Kind::Vision => Entry::Vision(Box::new(match node {
                Some(node) => Vision::from_front_matter(record, &node),
                None => Vision::empty(record),
            })),
            Kind::Framework => {
                let id = id();
                Entry::Framework(Box::new(match node {
                    Some(node) => Framework::from_front_matter(id, record, &node),
                    None => Framework::empty(id, record),
                }))
            }
            Kind::Member => {
                let id = id();
                Entry::Member(Arc::new(match node {
                    Some(node) => Member::from_front_matter(id, record, &node),
                    None => Member::empty(id, record),
                }))
            }
        }
    }

    /// What it was read as.
    pub fn kind(&self) -> Kind {
        match self {
            Entry::Vision(_) => Kind::Vision,
            Entry::Framework(_) => Kind::Framework,
            Entry::Member(_) => Kind::Member,
        }
    }

    /// Add it to the team, replacing the one with the same path; members
    /// stay in path order.
    pub fn put(self, team: &mut Team) {
        match self {
            Entry::Vision(vision) if vision.record.source.path == "vision.md" => {
                team.vision = Some(*vision);
            }
            Entry::Vision(vision) => match team.find_vision(&vision.record.source.path) {
                Ok(i) => team.sub_visions[i] = *vision,
                Err(i) => team.sub_visions.insert(i, *vision),
            },
            Entry::Framework(framework) => match team.find_framework(&framework.record.source.path)
            {
                Ok(i) => team.frameworks[i] = *framework,
                Err(i) => team.frameworks.insert(i, *framework),
            },
            Entry::Member(member) => match team.find(&member.record.source.path) {
                Ok(i) => team.members[i] = member,
                Err(i) => team.members.insert(i, member),
            },
        }
    }
}

/// Build the team from records (each with its YAML, when it parsed), read
/// as the default layout reads them.
pub fn assemble(records: impl IntoIterator<Item = (Record, Option<Node>)>) -> Team {
    let mut team = Team::default();
    for (record, node) in records {
        put(&mut team, record, node, &Layout::default());
    }
    team
}

/// Add a record to the team, or replace the one with the same path.
pub fn put(team: &mut Team, record: Record, node: Option<Node>, layout: &Layout) {
    Entry::new(record, node, layout).put(team);
}

/// Take the record with this path out of the team, whatever it was read
/// as; false if there was none.
pub fn remove(team: &mut Team, path: &str) -> bool {
    if team
        .vision
        .as_ref()
        .is_some_and(|v| v.record.source.path == path)
    {
        return team.vision.take().is_some();
    }
    if let Ok(i) = team.find_framework(path) {
        team.frameworks.remove(i);
        return true;
    }
    if let Ok(i) = team.find_vision(path) {
        team.sub_visions.remove(i);
        return true;
    }
    match team.find(path) {
        Ok(i) => {
            team.members.remove(i);
            true
        }
        Err(_) => false,
    }
}

/// A member's id: the file name without `.md`.
pub fn member_id(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_owned()
}

/// Read one listed file (at most `max_bytes`) into a record and, when its
/// front matter is a mapping (or empty), the YAML tree.
pub fn read_record(
    source: &dyn RecordSource,
    file: &Found,
    max_bytes: u64,
) -> (Record, Option<Node>) {
    let bytes = source
        .read(file, max_bytes)
        .map_err(|e| format!("the file cannot be read: {e}"))
        .and_then(|bytes| bytes.ok_or_else(|| too_large(max_bytes)));
    match bytes {
        Ok(bytes) => parse_record(file.path.clone(), bytes),
        Err(why) => (
            failed(Source::new(file.path.clone(), ""), Span::FILE_START, why),
            None,
        ),
    }
}

/// The record at `path` from `text` (a file as an editor holds it), as
/// [`read_record`] reads a file: no more than `max_bytes` of it.
pub fn record_of_text(path: &str, text: &str, max_bytes: u64) -> (Record, Option<Node>) {
    if u64::try_from(text.len()).unwrap_or(u64::MAX) > max_bytes {
        let why = too_large(max_bytes);
        return (failed(Source::new(path, ""), Span::FILE_START, why), None);
    }
    parse_record(path.to_owned(), text.as_bytes().to_vec())
}

fn too_large(max_bytes: u64) -> String {
    format!(
        "the file is larger than {} (`[limits] max_file_bytes`); a record should be a few KB",
        crate::words::plural(i64::try_from(max_bytes).unwrap_or(i64::MAX), "byte")
    )
}

/// The YAML tree of a loaded record's front matter, parsed again from its
/// text (the model keeps no tree), for edits placed by spans; `None` when
/// its front matter failed.
pub fn front_matter(record: &Record) -> Option<Node> {
    if record.front_matter_failed() {
        return None;
    }
    let source = &record.source;
    let parts = front_matter::split(&source.text).ok()?;
    yaml::parse(source, parts.yaml_start, parts.yaml_end).ok()
}

/// Decode, split and parse a record file's bytes.
pub fn parse_record(path: String, bytes: Vec<u8>) -> (Record, Option<Node>) {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let why = format!(
                "the file is not valid UTF-8 (byte {at} cannot be decoded); save it as UTF-8"
            );
            return (
                failed(Source::new(path, lossy), Span::FILE_START, why),
                None,
            );
        }
    };
    let source = Source::new(path, text);
    let parts = match front_matter::split(&source.text) {
        Ok(parts) => parts,
        Err(error) => {
            return (
                failed(source, Span::FILE_START, error.message().into()),
                None,
            );
        }
    };
    let node = match yaml::parse(&source, parts.yaml_start, parts.yaml_end) {
        Ok(node) => node,
        Err(error) => return (failed(source, error.span, error.message), None),
    };
    if !matches!(node.value, Value::Map(_) | Value::Null) {
        let why = format!(
            "the front matter must be a mapping of `key: value` lines, found {}",
            node.value.kind()
        );
        return (failed(source, Span::FILE_START, why), None);
    }
    let mut record = Record::new(source);
    record.body_start = parts.body_start;
    (record, Some(node))
}

fn failed(source: Source, span: Span, message: String) -> Record {
    let mut record = Record::new(source);
    record.problems.push(Problem {
        kind: ProblemKind::FrontMatter,
        span,
        message,
        help: None,
        fix: None,
    });
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `file` read as the record `x.md` of the work tree it is in.
    fn read_one(file: &std::path::Path, max: u64) -> (Record, Option<Node>) {
        let found = Found {
            path: "x.md".into(),
            file: file.to_path_buf(),
        };
        let tree = WorkTree::new(file.parent().unwrap(), None);
        read_record(&tree, &found, max)
    }

    /// A record reused from a load with another layout (a configuration
    /// edit under watch) is read again when it is something else now.
    #[test]
    fn a_record_reused_across_layouts_is_read_as_the_new_one_says() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ladders")).unwrap();
        let framework = "---\nlevels: 2\ntopics: []\n---\n";
        std::fs::write(dir.path().join("ladders/eng.md"), framework).unwrap();
        let tree = WorkTree::new(dir.path(), None);
        let before = load(&tree, MAX_FILE_BYTES).unwrap().team;
        assert_eq!((before.members.len(), before.frameworks.len()), (1, 0));
        let paths = ["ladders/*.md".to_owned()];
        let layout = Layout::new(&[], Some(&paths)).unwrap();
        let reuse = |found: &Found| {
            let i = before.member_at(&found.path)?;
            Some(Entry::Member(Arc::clone(&before.members[i])))
        };
        let after = load_reusing(&tree, MAX_FILE_BYTES, &layout, &reuse)
            .unwrap()
            .team;
        assert_eq!((after.members.len(), after.frameworks.len()), (0, 1));
    }

    #[test]
    fn an_unreadable_file_is_a_finding_not_an_abort() {
        // A folder stands in for a file that cannot be read (root can read
        // any file, so permissions cannot be used in a test).
        let dir = tempfile::tempdir().unwrap();
        let (record, node) = read_one(dir.path(), MAX_FILE_BYTES);
        assert!(node.is_none());
        assert_eq!(record.problems.len(), 1);
        assert_eq!(record.problems[0].kind, ProblemKind::FrontMatter);
        assert!(
            record.problems[0]
                .message
                .starts_with("the file cannot be read")
        );
    }

    #[test]
    fn files_over_the_limit_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.md");
        std::fs::write(&file, "---\nname: A\n---\n".repeat(10)).unwrap();
        let (record, node) = read_one(&file, 20);
        assert!(node.is_none());
        assert!(record.problems[0].message.contains("larger than 20 bytes"));
        // The largest limit there is reads the file (it once wrapped to 0).
        let (record, node) = read_one(&file, u64::MAX);
        assert!(
            node.is_some() && record.problems.is_empty(),
            "{:?}",
            record.problems
        );
    }
}
