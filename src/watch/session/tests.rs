//! Tests of `session`.

use std::fs;
use std::path::Path;

use super::*;

/// What changed, how, and the events a watcher would report.
type Edit<'a> = (&'static str, Box<dyn Fn() + 'a>, BTreeSet<Change>);

/// `rare` is served by no one: only its owner's name changes its page.
const VISION: &str = "---\nteam: Org\noutcomes:\n  - id: fast\n    title: Fast\n    owner: m1\n  - id: safe\n    title: Safe\n  - id: rare\n    title: Rare\n    owner: m1\n---\n";

/// A growth framework: topic `craft`, levels 1 to 2.
const FRAMEWORK: &str = "---\nlevels: 2\ntopics:\n  - name: craft\n    content:\n      - level: 2\n        criteria: [Reviews others' designs]\n---\n";

/// Sub-team `a`'s vision: one outcome, serving the root's `fast`.
const SUB_VISION: &str = "---\nteam: A\nstatement: S\noutcomes:\n  - id: a-quick\n    title: Quick\n    serves: [fast]\n---\n";

fn member(name: &str, role: &str) -> String {
    format!(
        "---\nname: {name}\nrole: {role}\nmanager: m0\nstrengths: [Go]\ngrowth_areas: [Rust]\n\
         feedback:\n  - date: 2026-11-01\n    from: m1\nobjectives:\n  - objective: Ship\n    outcome: fast\n---\n"
    )
}

fn finding(path: &str, line: usize, message: &str) -> Diagnostic {
    Diagnostic {
        rule: crate::check::find_rule("missing-feedback").unwrap(),
        level: crate::check::Level::Warning,
        path: path.into(),
        span: None,
        position: Some(crate::source::Position { line, column: 1 }),
        message: message.into(),
        help: None,
        due: None,
        fix: None,
    }
}

#[test]
fn new_and_resolved_findings_ignore_moved_lines() {
    let before = [
        finding("a.md", 1, "same"),
        finding("b.md", 2, "moves"),
        finding("b.md", 3, "goes"),
        finding("c.md", 1, "same"),
    ];
    let after = [
        finding("a.md", 1, "same"),
        finding("b.md", 1, "comes"),
        finding("b.md", 5, "moves"),
        finding("c.md", 1, "same"),
    ];
    let (new, resolved) = difference(&before, &after);
    assert_eq!(new, [finding("b.md", 1, "comes")]);
    assert_eq!(resolved, [finding("b.md", 3, "goes")]);
    assert_eq!(difference(&before, &before), (vec![], vec![]));
    assert_eq!(difference(&[], &before).0.len(), 4);
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in ignore::WalkBuilder::new(dir).hidden(false).build() {
        let entry = entry.unwrap();
        if entry.file_type().is_some_and(|t| t.is_file()) {
            let path = entry.path().strip_prefix(dir).unwrap();
            files.insert(
                path.to_string_lossy().into_owned(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

/// After each edit, the report watch keeps up to date is the report a
/// fresh `mastery build` writes, page for page, for a team large enough
/// to get one page per sub-team.
#[test]
fn incremental_rebuilds_equal_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team");
    fs::create_dir_all(root.join("a")).unwrap();
    fs::create_dir_all(root.join("b")).unwrap();
    fs::write(root.join("vision.md"), VISION).unwrap();
    let members = crate::report::SPLIT_ABOVE + 10;
    for i in 0..members {
        let folder = if i % 2 == 0 { "a" } else { "b" };
        fs::write(
            root.join(format!("{folder}/m{i}.md")),
            member(&format!("M {i}"), "Dev"),
        )
        .unwrap();
    }
    // The manager, whose page every edit renders, serves another
    // outcome than the rest: a page rendered for them proves nothing.
    let manager = member("M 0", "Dev").replace("outcome: fast", "outcome: safe");
    fs::write(root.join("a/m0.md"), manager).unwrap();
    let settings = test_settings(&root, dir.path(), None);
    let (mut session, _) = Session::start(settings.clone()).unwrap();
    let record = |path: &str| Change::Record(path.to_owned());
    let edits: Vec<Edit> = vec![
        (
            "private feedback in clear for a member",
            Box::new(|| {
                let text = member("M 6", "Dev").replace(
                    "feedback:\n",
                    "feedback:\n  - date: 2026-11-20\n    from: m0\n    private: true\n",
                );
                fs::write(root.join("a/m6.md"), text).unwrap()
            }),
            [record("a/m6.md")].into(),
        ),
        (
            "the manager adds a key: another member's entry can be sealed",
            Box::new(|| {
                let text = fs::read_to_string(root.join("a/m0.md")).unwrap().replacen(
                    "\nname:",
                    "\nkeys: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]\nname:",
                    1,
                );
                fs::write(root.join("a/m0.md"), text).unwrap()
            }),
            [record("a/m0.md")].into(),
        ),
        (
            "one member's role",
            Box::new(|| fs::write(root.join("a/m4.md"), member("M 4", "Lead")).unwrap()),
            [record("a/m4.md")].into(),
        ),
        (
            "a referenced member's name",
            Box::new(|| fs::write(root.join("b/m1.md"), member("Renamed", "Dev")).unwrap()),
            [record("b/m1.md")].into(),
        ),
        (
            "a member's manager, to one who had no reports",
            Box::new(|| {
                let text = member("M 5", "Dev").replace("manager: m0", "manager: m2");
                fs::write(root.join("b/m5.md"), text).unwrap()
            }),
            [record("b/m5.md")].into(),
        ),
        (
            "recent feedback: nothing coming up for that member",
            Box::new(|| {
                let text = member("M 7", "Dev").replace("2026-11-01", "2026-11-26");
                fs::write(root.join("b/m7.md"), text).unwrap()
            }),
            [record("b/m7.md")].into(),
        ),
        (
            "that manager's only report moved back",
            Box::new(|| fs::write(root.join("b/m5.md"), member("M 5", "Dev")).unwrap()),
            [record("b/m5.md")].into(),
        ),
        (
            "an objective at risk: its outcome's page reorders",
            Box::new(|| {
                let text = member("M 9", "Dev").replace("fast\n", "fast\n    status: at-risk\n");
                fs::write(root.join("b/m9.md"), text).unwrap()
            }),
            [record("b/m9.md")].into(),
        ),
        (
            "an objective re-pointed to another outcome",
            Box::new(|| {
                let text = member("M 9", "Dev").replace("outcome: fast", "outcome: safe");
                fs::write(root.join("b/m9.md"), text).unwrap()
            }),
            [record("b/m9.md")].into(),
        ),
        (
            "a broken record",
            Box::new(|| fs::write(root.join("a/m6.md"), "---\nname: [\n---\n").unwrap()),
            [record("a/m6.md")].into(),
        ),
        (
            "a new folder and member",
            Box::new(|| {
                fs::create_dir_all(root.join("c")).unwrap();
                fs::write(root.join("c/new.md"), member("New", "Dev")).unwrap();
            }),
            [Change::Tree].into(),
        ),
        (
            "a member moved to the new folder",
            Box::new(|| fs::rename(root.join("a/m8.md"), root.join("c/m8.md")).unwrap()),
            [record("a/m8.md"), Change::Tree].into(),
        ),
        (
            "a folder emptied",
            Box::new(|| {
                fs::remove_file(root.join("c/new.md")).unwrap();
                fs::remove_file(root.join("c/m8.md")).unwrap();
            }),
            [record("c/new.md"), record("c/m8.md")].into(),
        ),
        (
            "a member whose id differs from another's only in case",
            Box::new(|| fs::write(root.join("a/M1.md"), member("Other", "Dev")).unwrap()),
            [record("a/M1.md")].into(),
        ),
        (
            "the member with the clashing id gone",
            Box::new(|| fs::remove_file(root.join("a/M1.md")).unwrap()),
            [record("a/M1.md")].into(),
        ),
        (
            "the vision",
            Box::new(|| {
                fs::write(root.join("vision.md"), VISION.replace("Org", "Company")).unwrap()
            }),
            [record("vision.md")].into(),
        ),
        (
            "a sub-team's vision added",
            Box::new(|| fs::write(root.join("a/vision.md"), SUB_VISION).unwrap()),
            [record("a/vision.md")].into(),
        ),
        (
            "a member's objective on the sub-team's outcome",
            Box::new(|| {
                let text = member("M 4", "Dev").replace("outcome: fast", "outcome: a-quick");
                fs::write(root.join("a/m4.md"), text).unwrap()
            }),
            [record("a/m4.md")].into(),
        ),
        (
            "the sub-team's outcome renamed and re-pointed",
            Box::new(|| {
                let text = SUB_VISION
                    .replace("a-quick", "a-fast")
                    .replace("[fast]", "[safe]");
                fs::write(root.join("a/vision.md"), text).unwrap()
            }),
            [record("a/vision.md")].into(),
        ),
        (
            // Every member of `a` names `fast`: theirs now, not the
            // root's, so each of their pages links another outcome.
            "the sub-team's vision defines an id its members name",
            Box::new(|| {
                let text = SUB_VISION.replace(
                    "  - id: a-quick",
                    "  - id: fast\n    title: Ours\n    serves: [safe]\n  - id: a-quick",
                );
                fs::write(root.join("a/vision.md"), text).unwrap()
            }),
            [record("a/vision.md")].into(),
        ),
        (
            "the sub-team's vision removed",
            Box::new(|| fs::remove_file(root.join("a/vision.md")).unwrap()),
            [record("a/vision.md")].into(),
        ),
        (
            "a growth framework added",
            Box::new(|| {
                fs::create_dir_all(root.join("frameworks")).unwrap();
                fs::write(root.join("frameworks/eng.md"), FRAMEWORK).unwrap()
            }),
            [Change::Tree].into(),
        ),
        (
            "a member's level and evidence",
            Box::new(|| {
                let text = member("M 3", "Dev").replacen(
                    "\nname:",
                    "\nlevel: 1\nevidence:\n  - date: 2026-11-01\n    topic: craft\n    level: 2\n    criterion: Reviews\nname:",
                    1,
                );
                fs::write(root.join("b/m3.md"), text).unwrap()
            }),
            [record("b/m3.md")].into(),
        ),
        (
            "the framework's criterion reworded: every page of its members",
            Box::new(|| {
                let text = FRAMEWORK.replace("Reviews others", "Reviews the");
                fs::write(root.join("frameworks/eng.md"), text).unwrap()
            }),
            [record("frameworks/eng.md")].into(),
        ),
    ];
    for (what, edit, changes) in edits {
        edit();
        session.apply(&changes, false).unwrap().unwrap();
        assert_equals_a_fresh_build(&settings, what);
    }

    // A rebuild that fails part way (a page cannot be written) leaves
    // the session to rebuild everything on the next change.
    let page = settings.out.join("members/m4.html");
    fs::remove_file(&page).unwrap();
    fs::create_dir(&page).unwrap();
    fs::create_dir(page.join("blocker")).unwrap();
    fs::write(root.join("a/m4.md"), member("M 4", "Principal")).unwrap();
    assert!(
        session
            .apply(&[record("a/m4.md")].into(), false)
            .unwrap()
            .is_err()
    );
    assert!(
        !settings.out.join("members/.m4.html.mastery-new").exists(),
        "no temporary file is left"
    );
    fs::remove_dir_all(&page).unwrap();
    fs::write(root.join("b/m3.md"), member("M 3", "Lead")).unwrap();
    session
        .apply(&[record("b/m3.md")].into(), false)
        .unwrap()
        .unwrap();
    assert_equals_a_fresh_build(&settings, "a failed write, then another edit");

    // OUT deleted while watching: the next change writes it whole.
    fs::remove_dir_all(&settings.out).unwrap();
    fs::write(root.join("b/m3.md"), member("M 3", "Dev")).unwrap();
    session
        .apply(&[record("b/m3.md")].into(), false)
        .unwrap()
        .unwrap();
    assert_equals_a_fresh_build(&settings, "OUT deleted");
}

/// After each configuration or template edit, the watched report is a
/// fresh build's: a lower `[limits]` re-reads every record, and raising
/// it back leaves no "larger than" finding behind.
#[test]
fn configuration_and_template_edits_equal_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team");
    let templates = dir.path().join("templates");
    fs::create_dir_all(&root).unwrap();
    fs::create_dir_all(&templates).unwrap();
    fs::write(root.join("vision.md"), VISION).unwrap();
    for i in 0..5 {
        fs::write(
            root.join(format!("m{i}.md")),
            member(&format!("M {i}"), "Dev"),
        )
        .unwrap();
    }
    let settings = test_settings(&root, dir.path(), Some(templates.clone()));
    let (mut session, _) = Session::start(settings.clone()).unwrap();
    let toml = root.join(crate::config::FILE_NAME);
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, Change);
    let steps: [Step; 6] = [
        (
            "an excluded file",
            Box::new(|| fs::write(&toml, "[team]\nexclude = [\"notes.md\"]\n").unwrap()),
            Change::Config,
        ),
        (
            "that file written: never read",
            Box::new(|| fs::write(root.join("notes.md"), "# Notes, no front matter\n").unwrap()),
            Change::Tree,
        ),
        (
            "a lower file size limit",
            Box::new(|| fs::write(&toml, "[limits]\nmax_file_bytes = 100\n").unwrap()),
            Change::Config,
        ),
        (
            "the limit raised back",
            Box::new(|| fs::write(&toml, "[limits]\nmax_file_bytes = 100000\n").unwrap()),
            Change::Config,
        ),
        (
            "a threshold",
            Box::new(|| fs::write(&toml, "[thresholds]\nfeedback_days = 1\n").unwrap()),
            Change::Config,
        ),
        (
            "a replaced stylesheet",
            Box::new(|| fs::write(templates.join("style.css"), "body { color: red }").unwrap()),
            Change::Templates,
        ),
    ];
    for (what, edit, change) in steps {
        edit();
        session.apply(&[change].into(), false).unwrap().unwrap();
        assert_equals_a_fresh_build(&settings, what);
        if what.starts_with("that file") {
            let index = fs::read_to_string(settings.out.join("index.html")).unwrap();
            assert!(
                !index.contains("notes.md"),
                "the excluded file is read: {index}"
            );
        }
    }
    let index = fs::read_to_string(settings.out.join("index.html")).unwrap();
    assert!(!index.contains("larger than"), "{index}");
}

/// A repository that is there but cannot be read is said in the log,
/// as `build` says it; never a silent change of findings.
#[test]
fn an_unreadable_repository_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("vision.md"), VISION).unwrap();
    let status = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    fs::write(dir.path().join(".git/config"), "[core\nbroken").unwrap();
    let settings = test_settings(&root, dir.path(), None);
    let (_, first) = Session::start(settings).unwrap();
    assert_eq!(first.warnings.len(), 1, "{:?}", first.warnings);
    assert!(
        first.warnings[0].starts_with("going on without the repository's history")
            && first.warnings[0].contains("configuration could not be loaded"),
        "{:?}",
        first.warnings
    );
}

/// An edit to a member whose file name is not UTF-8 is re-read (its
/// path is the escaped text), not taken for a removal.
#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_utf8_is_followed() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("vision.md"), VISION).unwrap();
    let file = root.join(std::ffi::OsStr::from_bytes(b"jos\xe9.md"));
    fs::write(&file, member("Jose", "Dev")).unwrap();
    let settings = test_settings(&root, dir.path(), None);
    let (mut session, _) = Session::start(settings.clone()).unwrap();
    fs::write(&file, member("Jose", "Principal")).unwrap();
    let change = Change::Record(crate::paths::text(Path::new(std::ffi::OsStr::from_bytes(
        b"jos\xe9.md",
    ))));
    session.apply(&[change].into(), false).unwrap().unwrap();
    assert_equals_a_fresh_build(&settings, "an edit to jos\\xe9.md");
    assert_eq!(session.team().members.len(), 1);
}

/// Watching `root` into `dir/out` as of 2026-11-27.
fn test_settings(root: &Path, dir: &Path, templates: Option<PathBuf>) -> Settings {
    Settings {
        root: root.to_path_buf(),
        out: dir.join("out"),
        config: None,
        as_of: Some(jiff::civil::date(2026, 11, 27)),
        templates,
    }
}

/// The report in `settings.out` is, file for file, what a fresh build
/// of the team writes.
fn assert_equals_a_fresh_build(settings: &Settings, what: &str) {
    let fresh = settings.out.with_file_name("fresh");
    let root = &settings.root;
    let (project, _) = Project::open(&WorkTree::new(root, None), None, settings.as_of).unwrap();
    report::build(root, &fresh, &project, &options(settings, None), |_| ()).unwrap();
    let (watched, built) = (files(&settings.out), files(&fresh));
    assert_eq!(
        watched.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>(),
        "after {what}: the same pages"
    );
    for (path, bytes) in &built {
        assert!(watched[path] == *bytes, "after {what}: {path} differs");
    }
}
