//! The change model held from both ends: random sequences of edits
//! (members, visions, frameworks, the configuration, `.gitignore`,
//! commits, checkouts), each reported as a feed reports it (the files whose
//! bytes changed, classified; HEAD moved after git), go through watch's
//! session and through the language server; after each, the report is the
//! one a fresh `build` writes, page for page, and the findings published
//! are those of a fresh `check`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use super::Server;
use crate::watch::{Change, Scope, Session, Settings, filter};

const AS_OF: jiff::civil::Date = jiff::civil::date(2026, 11, 27);

/// Member files, by slot.
const MEMBERS: [&str; 6] = [
    "ann.md", "bo.md", "a/cy.md", "a/di.md", "b/ed.md", "b/fay.md",
];

/// One edit of the team.
#[derive(Debug, Clone)]
enum Op {
    /// Write a member file (text `variant` of [`member`]).
    Member(usize, usize),
    /// Remove a member file.
    Remove(usize),
    /// Write (or remove, variant 0) the root vision or `a/`'s.
    Vision(bool, usize),
    /// Write (or remove, variant 0) the framework.
    Framework(usize),
    /// Write (or remove, variant 0) `mastery.toml`.
    Config(usize),
    /// Write (or remove, variant 0) `.gitignore`.
    Ignore(usize),
    /// Commit everything.
    Commit,
    /// Check out an earlier commit (by position), discarding edits.
    Checkout(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..MEMBERS.len(), 0..MEMBER_VARIANTS).prop_map(|(s, v)| Op::Member(s, v)),
        1 => (0..MEMBERS.len()).prop_map(Op::Remove),
        2 => (any::<bool>(), 0..3usize).prop_map(|(sub, v)| Op::Vision(sub, v)),
        1 => (0..3usize).prop_map(Op::Framework),
        1 => (0..3usize).prop_map(Op::Config),
        1 => (0..3usize).prop_map(Op::Ignore),
        2 => Just(Op::Commit),
        1 => (0..4usize).prop_map(Op::Checkout),
    ]
}

const MEMBER_VARIANTS: usize = 8;

/// A member file's text: a plain member, renamed, another manager, serving
/// another or an unknown outcome, with keys and private feedback, making
/// progress in the framework, unreadable, without recent feedback.
fn member(id: &str, variant: usize) -> String {
    let manager = if id == "ann" { "bo" } else { "ann" };
    let base = |name: &str, manager: &str, outcome: &str, extra: &str| {
        format!(
            "---\nname: {name}\nrole: Dev\nmanager: {manager}\nstatus: active\n\
             strengths: [Go]\ngrowth_areas: [Rust]\n{extra}\
             feedback:\n  - date: 2026-11-01\n    from: bo\n\
             objectives:\n  - objective: Ship {id}\n    outcome: {outcome}\n    \
             status: at-risk\n    due: 2026-12-20\n---\n# Notes\n\n{name} notes.\n"
        )
    };
    let name = format!("N {id}");
    match variant {
        0 => base(&name, manager, "fast", ""),
        1 => base(&format!("Renamed {id}"), manager, "fast", ""),
        2 => base(&name, if id == "bo" { "zed" } else { "bo" }, "fast", ""),
        3 => base(&name, manager, "quick", ""),
        4 => base(
            &name,
            manager,
            "nope",
            "keys: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]\n\
             support:\n  - what: Coaching\n    date: 2026-11-02\n    private: true\n",
        ),
        5 => base(
            &name,
            manager,
            "safe",
            "track: backend\nlevel: 2\nevidence:\n  - date: 2026-11-03\n    topic: craft\n    \
             criterion: Reviews\n",
        ),
        6 => "---\nname: [\n---\n".to_owned(),
        _ => format!(
            "---\nname: {name}\nmanager: {manager}\nfeedback:\n  - date: 2026-01-05\n    \
             from: ann\nlearning:\n  - goal: Learn Rust\n    status: active\n    \
             started: 2026-06-01\n---\n"
        ),
    }
}

fn vision(sub: bool, variant: usize) -> Option<String> {
    Some(match (sub, variant) {
        (_, 0) if sub => return None,
        (false, 0) => "---\nteam: Org\noutcomes:\n  - id: fast\n    title: Fast\n    owner: ann\n  \
                       - id: safe\n    title: Safe\n---\n"
            .to_owned(),
        (false, 1) => "---\nteam: Renamed Org\nstatement: S\noutcomes:\n  - id: fast\n    \
                       title: Faster\n    owner: bo\n  - id: safe\n    title: Safe\n  - id: rare\n    \
                       title: Rare\n---\n"
            .to_owned(),
        (false, _) => "---\nteam: Org\noutcomes:\n  - id: speedy\n    title: Speedy\n---\n".to_owned(),
        (true, 1) => "---\nteam: A\nstatement: S\noutcomes:\n  - id: quick\n    title: Quick\n    \
                      serves: [fast]\n---\n"
            .to_owned(),
        (true, _) => "---\nteam: A\nstatement: S\noutcomes:\n  - id: quick\n    title: Quicker\n    \
                      serves: [safe]\n    owner: cy\n---\n"
            .to_owned(),
    })
}

fn framework(variant: usize) -> Option<String> {
    let (topic, levels) = match variant {
        0 => return None,
        1 => ("craft", 2),
        _ => ("design", 3),
    };
    Some(format!(
        "---\nname: backend\nlevels: {levels}\ntopics:\n  - name: {topic}\n    content:\n      \
         - level: 2\n        criteria: [Reviews others' designs]\n---\n"
    ))
}

fn config(variant: usize) -> Option<&'static str> {
    match variant {
        0 => None,
        1 => Some("[thresholds]\nfeedback_days = 10\n"),
        _ => Some("[rules]\nmissing-feedback = \"allow\"\n\n[report]\ntitle = \"T\"\n"),
    }
}

fn ignore(variant: usize) -> Option<&'static str> {
    match variant {
        0 => None,
        1 => Some("b/\n"),
        _ => Some("a/cy.md\n"),
    }
}

/// Write `text` at `path` under `root`, or remove the file.
fn put(root: &Path, path: &str, text: Option<&str>) {
    let file = root.join(path);
    match text {
        Some(text) => {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        None => {
            let _ = std::fs::remove_file(file);
        }
    }
}

fn git(root: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(root)
        .env("GIT_CEILING_DIRECTORIES", root.parent().unwrap())
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

/// Every file under `dir` but git's, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let walk = walkdir(dir);
    for path in walk {
        let rel = crate::paths::text(path.strip_prefix(dir).unwrap());
        files.insert(rel, std::fs::read(&path).unwrap());
    }
    files
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// The team as the test keeps it: the folder, the report watch keeps,
/// the commits made.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    fresh: PathBuf,
    commits: Vec<String>,
    day: u8,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        let root = base.join("team");
        for (slot, path) in MEMBERS.iter().enumerate() {
            put(&root, path, Some(&member(id(slot), 0)));
        }
        put(&root, "vision.md", vision(false, 0).as_deref());
        put(&root, "a/vision.md", vision(true, 1).as_deref());
        put(&root, "frameworks/backend.md", framework(1).as_deref());
        git(&root, &["init", "-q"]);
        let mut fixture = Fixture {
            _dir: dir,
            root,
            out: base.join("out"),
            fresh: base.join("fresh"),
            commits: Vec::new(),
            day: 1,
        };
        fixture.commit();
        fixture
    }

    fn commit(&mut self) {
        let date = format!("2026-11-{:02}T10:00:00Z", self.day.min(26));
        self.day += 1;
        git(&self.root, &["add", "-A"]);
        let output = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(["commit", "-q", "--allow-empty", "-m", "edit"])
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_AUTHOR_DATE", &date)
            .current_dir(&self.root)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let head = std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(&self.root)
            .output()
            .unwrap();
        self.commits
            .push(String::from_utf8(head.stdout).unwrap().trim().to_owned());
    }

    /// Make `op`; returns whether HEAD may have moved.
    fn apply(&mut self, op: &Op) -> bool {
        let root = self.root.clone();
        match *op {
            Op::Member(slot, variant) => {
                put(&root, MEMBERS[slot], Some(&member(id(slot), variant)))
            }
            Op::Remove(slot) => put(&root, MEMBERS[slot], None),
            Op::Vision(sub, variant) => {
                let path = if sub { "a/vision.md" } else { "vision.md" };
                put(&root, path, vision(sub, variant).as_deref());
            }
            Op::Framework(variant) => put(
                &root,
                "frameworks/backend.md",
                framework(variant).as_deref(),
            ),
            Op::Config(variant) => put(&root, "mastery.toml", config(variant)),
            Op::Ignore(variant) => put(&root, ".gitignore", ignore(variant)),
            Op::Commit => {
                self.commit();
                return true;
            }
            Op::Checkout(back) => {
                let commit = self.commits[back % self.commits.len()].clone();
                git(&root, &["checkout", "-q", "-f", &commit]);
                return true;
            }
        }
        false
    }

    /// What a feed reports of going from `before` to now.
    fn changes(&self, before: &BTreeMap<String, Vec<u8>>, moved: bool) -> BTreeSet<Change> {
        let now = files(&self.root);
        let paths = before.keys().chain(now.keys());
        let changed = paths.filter(|p| before.get(*p) != now.get(*p));
        let scope = Scope {
            root: &self.root,
            out: Some(&self.out),
            config: None,
            templates: None,
            git: &[],
        };
        let mut changes: BTreeSet<Change> = changed
            .filter_map(|p| filter::classify(&self.root.join(p), false, &scope))
            .collect();
        if moved {
            changes.insert(Change::History);
        }
        changes
    }

    /// The report and the findings of a fresh `build` and `check`.
    fn fresh(&self) -> (BTreeMap<String, Vec<u8>>, BTreeSet<String>) {
        let request = crate::open::Request {
            dir: &self.root,
            at: None,
            exclude: Some(&self.out),
            config: None,
            as_of: Some(AS_OF),
            history: true,
        };
        let opened = crate::open::open(&request).unwrap();
        let trend = opened.history.map(|(history, repo)| {
            std::sync::Arc::new(history.trend(&repo, &opened.project).unwrap())
        });
        let options = crate::report::Options {
            trend,
            ..Default::default()
        };
        let project = &opened.project;
        crate::report::build(&self.root, &self.fresh, project, &options, |_| ()).unwrap();
        let findings = (project.findings.diagnostics.iter())
            .map(|d| {
                let (line, column) = d.position.map_or((1, 1), |p| (p.line, p.column));
                format!("{}:{line}:{column} {}: {}", d.path, d.rule.id, d.message)
            })
            .collect();
        (files(&self.fresh), findings)
    }
}

fn id(slot: usize) -> &'static str {
    let file = MEMBERS[slot].rsplit('/').next().unwrap();
    file.strip_suffix(".md").unwrap()
}

/// The findings the server published last for each file of the team at
/// `root`, written as [`Fixture::fresh`] writes a check's.
fn published(messages: &[u8], root: &Path) -> BTreeSet<String> {
    let mut last: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut rest = messages;
    while let Some(at) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = std::str::from_utf8(&rest[..at]).unwrap();
        let length: usize = header
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        let body = &rest[at + 4..at + 4 + length];
        rest = &rest[at + 4 + length..];
        let message: Value = serde_json::from_slice(body).unwrap();
        if message["method"] == "textDocument/publishDiagnostics" {
            let params = &message["params"];
            let uri = lsp_types::Url::parse(params["uri"].as_str().unwrap()).unwrap();
            let file = uri.to_file_path().unwrap();
            let path = crate::paths::text(file.strip_prefix(root).unwrap());
            last.insert(path, params["diagnostics"].as_array().unwrap().clone());
        }
    }
    let mut found = BTreeSet::new();
    for (path, diagnostics) in last {
        for d in diagnostics {
            let start = &d["range"]["start"];
            found.insert(format!(
                "{path}:{}:{} {}: {}",
                start["line"].as_u64().unwrap() + 1,
                start["character"].as_u64().unwrap() + 1,
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            ));
        }
    }
    found
}

/// What the server writes, readable while it writes.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn watch_and_the_server_follow_any_edits_as_a_fresh_build_and_check(
        ops in proptest::collection::vec(op(), 1..10)
    ) {
        let mut fixture = Fixture::new();
        let settings = Settings {
            root: fixture.root.clone(),
            out: fixture.out.clone(),
            config: None,
            as_of: Some(AS_OF),
            templates: None,
        };
        let (mut session, _) = Session::start(settings).unwrap();
        let messages = Shared::default();
        let mut writer = messages.clone();
        let (events, _unused) = std::sync::mpsc::channel();
        let mut server = Server::new(&mut writer, events);
        server.as_of = Some(AS_OF);
        server.initialized = true;
        // The test reports the changes itself, as a feed would.
        server.followed.insert(fixture.root.clone());
        server.team_at(&fixture.root).unwrap().unwrap();
        for (step, op) in ops.iter().enumerate() {
            let before = files(&fixture.root);
            let moved = fixture.apply(op);
            let changes = fixture.changes(&before, moved);
            if let Some(rebuilt) = session.apply(&changes, false) {
                rebuilt.unwrap();
            }
            server.files_changed(&fixture.root, &changes, false).unwrap();
            let what = format!("step {step} ({op:?}) of {ops:?}, changes {changes:?}");
            let (report, findings) = fixture.fresh();
            let watched = files(&fixture.out);
            prop_assert_eq!(
                watched.keys().collect::<Vec<_>>(),
                report.keys().collect::<Vec<_>>(),
                "the same pages after {}", what
            );
            for (path, bytes) in &report {
                prop_assert!(watched[path] == *bytes, "{} differs after {}", path, what);
            }
            let sent = published(&messages.0.borrow(), &fixture.root);
            prop_assert_eq!(sent, findings, "after {}", what);
        }
    }
}
