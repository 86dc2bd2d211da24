//! The record commands (`log feedback`, `log support`, `goal`,
//! `objective`): each adds or changes exactly what it says, every other
//! byte of the file stays (comments, order, quoting, CRLF, flow lists, the
//! body), and the file checks as it did, less what the entry resolves.

use std::fs;
use std::path::Path;

use crate::{copy_dir, run};

const VISION: &str = "---\nteam: T\nstatement: S\noutcomes:\n  - id: fast\n    title: Fast\n---\n";

/// A member file with comments, odd quoting, a flow list and a body.
const ANN: &str = "---
# Ann's record
name: 'Ann Lee'            # quoted with single quotes
strengths: [Listening]     # flow list
growth_areas: [\"Public speaking\"]
learning:
  - goal: \"Give a talk\"    # the big one
    area: Public speaking
    started: 2026-09-01
    updated: 2026-09-01
    progress: 10
  - goal: Give a workshop
    started: 2026-10-01
    updated: 2026-10-01
feedback: [{date: 2026-11-01, from: bob, kind: praise}]
objectives:
  - objective: Cut checkout latency   # by 30%
    outcome: fast
    status: on-track
---
# Notes

Keep this *exactly*.
";

/// A team folder with the vision and `ann.md` holding `text`.
fn team(dir: &Path, text: &str) -> std::path::PathBuf {
    let team = dir.join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), VISION).unwrap();
    fs::write(team.join("ann.md"), text).unwrap();
    team
}

/// Run a record command in `team` (as of 2026-11-27); it must succeed.
fn record(team: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(&[args, &["--as-of", "2026-11-27"]].concat(), team);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// Each command, on LF and CRLF files alike, changes exactly the lines it
/// says; the expected file is written out whole.
#[test]
fn each_command_keeps_every_other_byte() {
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &[
                "log",
                "feedback",
                "ann",
                "--from",
                "bob-okafor",
                "--kind",
                "one-on-one",
                "Ran the review: well",
            ],
            "feedback: [{date: 2026-11-01, from: bob, kind: praise}]",
            "feedback: [{date: 2026-11-27, from: bob-okafor, kind: one-on-one, note: \"Ran the review: well\"}, {date: 2026-11-01, from: bob, kind: praise}]",
        ),
        (
            &[
                "log",
                "support",
                "ann",
                "Conference ticket",
                "--date",
                "2026-11-20",
            ],
            "---\n# Notes",
            "support:\n  - what: Conference ticket\n    date: 2026-11-20\n---\n# Notes",
        ),
        (
            &["goal", "ann", "give a t", "--progress", "60"],
            "    updated: 2026-09-01\n    progress: 10\n",
            "    updated: 2026-11-27\n    progress: 60\n",
        ),
        (
            &["goal", "ann", "Give a workshop", "--status", "done"],
            "    updated: 2026-10-01\n",
            // Done is all the way: progress 100.
            "    updated: 2026-11-27\n    progress: 100\n    status: done\n",
        ),
        (
            &[
                "goal",
                "ann",
                "Learn Rust",
                "--new",
                "--kind",
                "course",
                "--target",
                "2027-03-01",
            ],
            "    updated: 2026-10-01\n",
            "    updated: 2026-10-01\n  - goal: Learn Rust\n    kind: course\n    status: active\n    started: 2026-11-27\n    target: 2027-03-01\n    updated: 2026-11-27\n    progress: 0\n",
        ),
        (
            &[
                "objective",
                "ann",
                "Cut",
                "--status",
                "done",
                "--progress",
                "100",
            ],
            "    status: on-track\n",
            "    status: done\n    progress: 100\n",
        ),
    ];
    for crlf in [false, true] {
        let eol = |text: &str| {
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text.to_owned()
            }
        };
        for (args, before, after) in cases {
            let dir = tempfile::tempdir().unwrap();
            let team = team(dir.path(), &eol(ANN));
            record(&team, args);
            let text = fs::read_to_string(team.join("ann.md")).unwrap();
            assert!(ANN.contains(before), "{before}");
            let expected = eol(&ANN.replacen(before, after, 1));
            assert_eq!(text, expected, "{args:?}, CRLF {crlf}");
        }
    }
}

/// Recording on the sample team adds no finding to the file; logging
/// feedback resolves the missing one.
#[test]
fn the_edited_file_checks_as_before_less_what_it_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let findings = |team: &Path| {
        let (_, json, _) = run(
            &["check", "--as-of", "2026-11-27", "--format", "json", "."],
            team,
        );
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut found: Vec<(String, String)> = document["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == "platform/grace-kim.md")
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let before = findings(&team);
    assert!(
        before.iter().any(|(rule, _)| rule == "missing-feedback"),
        "{before:?}"
    );
    let said = record(
        &team,
        &[
            "log",
            "feedback",
            "grace-kim",
            "--from",
            "bob-okafor",
            "--kind",
            "growth",
            "Clear design doc",
        ],
    );
    assert_eq!(
        said,
        "added feedback from bob-okafor (2026-11-27) to platform/grace-kim.md\n"
    );
    record(
        &team,
        &["goal", "grace-kim", "Lead the ledger", "--progress", "40"],
    );
    record(
        &team,
        &["objective", "grace-kim", "Migrate", "--progress", "50"],
    );
    record(
        &team,
        &["log", "support", "grace-kim", "Design review time"],
    );
    let after = findings(&team);
    for finding in &after {
        assert!(before.contains(finding), "new: {finding:?}");
    }
    assert!(
        !after
            .iter()
            .any(|(rule, _)| rule == "missing-feedback" || rule == "stale-learning-goal"),
        "{after:?}"
    );
}

/// A name that begins two entries is refused, both named; so are unknown
/// members and words outside a field's set. Nothing is written.
#[test]
fn ambiguous_or_unknown_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path(), ANN);
    for (args, why) in [
        (
            &["goal", "ann", "Give a", "--progress", "50"][..],
            "“Give a” begins 2 learning goals: “Give a talk” and “Give a workshop”",
        ),
        (&["goal", "ann", "Give a talk"], "say what changed"),
        (
            &["goal", "ann", "Giv a talk", "--status", "done"],
            "no learning goal of `ann` begins “Giv a talk”; it has “Give a talk”, “Give a workshop”; to start it, add --new",
        ),
        (
            &["goal", "ann", "give a talk", "--new"],
            "`ann` already has the learning goal “Give a talk”; move it without --new",
        ),
        (
            &["objective", "ann", "Grow", "--status", "done"],
            "no objective of `ann` begins “Grow”; it has “Cut checkout latency”",
        ),
        (
            &["objective", "ann", "Cut", "--status", "finished"],
            "--status must be one of on-track, at-risk, off-track, done, dropped",
        ),
        (
            &["log", "feedback", "an", "--from", "bob"],
            "no member `an` in `.`; did you mean `ann`?",
        ),
        (
            &[
                "log", "feedback", "ann", "--from", "bob", "--kind", "Praise",
            ],
            "did you mean `praise`?",
        ),
    ] {
        let (code, _, stderr) = run(args, &team);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    }
    assert_eq!(
        fs::read_to_string(team.join("ann.md")).unwrap(),
        ANN,
        "nothing written"
    );
    let leftovers: Vec<_> = fs::read_dir(&team)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left: {leftovers:?}");
}

/// `1on1 ID`: the feedback since the last one-on-one, what is stale, at
/// risk or due, the open findings and the notes' open items; private
/// feedback only when asked, and the header says which.
#[test]
fn a_one_on_one_agenda_from_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let text = ANN
        .replace(
            "feedback: [{date: 2026-11-01, from: bob, kind: praise}]",
            "feedback:\n  - {date: 2026-10-01, from: bob, kind: one-on-one, note: Last talk}\n  \
         - {date: 2026-11-01, from: bob, kind: praise, note: Great demo}\n  \
         - {date: 2026-11-10, from: cy, kind: growth, note: Secret, private: true}",
        )
        .replace(
            "    status: on-track\n",
            "    status: at-risk\n    due: 2026-12-05\n",
        )
        .replace(
            "Keep this *exactly*.",
            "- TODO: book the conference\n- DONE: old item\nDISCUSS: on-call load",
        );
    let team = team(dir.path(), &text);
    let agenda = record(&team, &["1on1", "ann"]);
    assert!(
        agenda.starts_with("# 1:1 with Ann Lee, 2026-11-27\n"),
        "{agenda}"
    );
    assert!(agenda.contains("Private feedback is left out"), "{agenda}");
    assert!(agenda.contains("## Feedback since the last one-on-one (2026-10-01)\n\n- 2026-11-01 from bob (praise): Great demo\n\n"), "{agenda}");
    assert!(!agenda.contains("Secret"), "{agenda}");
    assert!(
        agenda.contains("“Cut checkout latency” is at-risk, due 2026-12-05"),
        "{agenda}"
    );
    assert!(
        agenda.contains("Goal “Give a talk”, 10%, last moved 2026-09-01"),
        "{agenda}"
    );
    assert!(
        agenda.contains("has not moved for 87 days"),
        "a stale goal: {agenda}"
    );
    assert!(
        agenda.contains(
            "## Still open from last time\n\n- TODO: book the conference\n- DISCUSS: on-call load\n"
        ),
        "{agenda}"
    );
    let private = record(&team, &["1on1", "ann", "--include-private"]);
    assert!(
        private.contains("2026-11-10 from cy (growth) [private]: Secret"),
        "{private}"
    );
    assert!(
        private.contains("included: do not share this agenda"),
        "{private}"
    );
}

/// `1on1 -o FILE` writes a new file only: never over a file, never through
/// a link, even one that leads nowhere yet.
#[cfg(unix)]
#[test]
fn a_one_on_one_agenda_file_is_always_new() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path(), ANN);
    record(&team, &["1on1", "ann", "-o", "../agenda.md"]);
    assert!(
        fs::read_to_string(dir.path().join("agenda.md"))
            .unwrap()
            .starts_with("# 1:1 with Ann Lee")
    );
    let outside = dir.path().join("elsewhere.md");
    std::os::unix::fs::symlink(&outside, dir.path().join("link.md")).unwrap();
    for existing in ["../agenda.md", "../link.md"] {
        let args = ["1on1", "ann", "-o", existing, "--as-of", "2026-11-27"];
        let (code, _, stderr) = run(&args, &team);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("mastery 1on1 never overwrites a file"),
            "{stderr}"
        );
    }
    assert!(!outside.exists(), "nothing written through the link");
}

/// A link planted in the team under the name of the temporary file a
/// record command writes (`.ann.md.mastery-new`, say in a hostile
/// repository) never leads the write out of the team folder.
#[cfg(unix)]
#[test]
fn a_planted_link_never_leads_the_write_out() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path(), ANN);
    let outside = dir.path().join("outside.txt");
    fs::write(&outside, "precious\n").unwrap();
    std::os::unix::fs::symlink(&outside, team.join(".ann.md.mastery-new")).unwrap();
    record(&team, &["log", "support", "ann", "Books"]);
    assert_eq!(fs::read_to_string(&outside).unwrap(), "precious\n");
    assert!(
        fs::read_to_string(team.join("ann.md"))
            .unwrap()
            .contains("what: Books")
    );
    // The planted link is left as it was, and nothing of mastery's.
    let names: Vec<String> = fs::read_dir(&team)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut expected = vec![".ann.md.mastery-new", "ann.md", "vision.md"];
    expected.sort();
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, expected);
}

/// Fifty record commands at once on one file: each that exits 0 has its
/// entry in the file (the team is locked for each read-modify-write, and
/// each writes a temporary file of its own).
#[test]
fn parallel_record_commands_lose_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path(), ANN);
    let children: Vec<_> = (0..50)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_mastery"))
                .args(["log", "feedback", "ann", "--from", &format!("p{i}")])
                .args(["--as-of", "2026-11-27"])
                .current_dir(&team)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut succeeded = Vec::new();
    for (i, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().unwrap();
        if output.status.success() {
            succeeded.push(i);
        } else {
            // Only a clear refusal, never a silent loss.
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{stderr}");
        }
    }
    let text = fs::read_to_string(team.join("ann.md")).unwrap();
    for i in &succeeded {
        // ANN's feedback is a flow list, so each entry ends in `}`.
        assert!(
            text.contains(&format!("from: p{i}}}")),
            "p{i} lost:\n{text}"
        );
    }
    assert_eq!(succeeded.len(), 50, "every run waits its turn");
    assert!(
        fs::read_dir(&team).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".mastery-new")),
        "a temporary file was left behind"
    );
}

/// A record an editor changed while a command was editing it is not
/// replaced, a read-only record is refused, and a byte-order mark stays.
#[cfg(unix)]
#[test]
fn a_read_only_record_is_refused_and_a_bom_is_kept() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path(), &format!("\u{feff}{ANN}"));
    record(&team, &["log", "support", "ann", "Books"]);
    let text = fs::read_to_string(team.join("ann.md")).unwrap();
    assert!(text.starts_with("\u{feff}---\n"), "the BOM was lost");
    assert!(text.contains("what: Books"));
    let ann = team.join("ann.md");
    fs::set_permissions(&ann, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, stderr) = run(
        &["log", "support", "ann", "Mentor", "--as-of", "2026-11-27"],
        &team,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("ann.md` is read-only"), "{stderr}");
    assert_eq!(fs::read_to_string(&ann).unwrap(), text);
    assert_eq!(
        fs::metadata(&ann).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

/// `rename OLD NEW` moves the member's file and changes every id that
/// names them, nothing else; the team checks as before; a taken or unsafe
/// id is refused and nothing changes.
#[test]
fn rename_moves_the_file_and_every_reference() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    // The findings, in any order (a new file name sorts elsewhere).
    let check = |team: &Path| {
        let (_, json, _) = run(
            &["check", ".", "--as-of", "2026-11-27", "--format", "json"],
            team,
        );
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        let diagnostics = document["diagnostics"].as_array().unwrap().iter();
        let mut lines: Vec<String> = diagnostics.map(|d| d.to_string()).collect();
        lines.sort();
        lines
    };
    let before_files = crate::files(&team);
    let before = check(&team);
    for (new, why) in [
        ("alice-chen", "a member with id `alice-chen` already exists"),
        ("bob/../x", "is not a safe member id"),
    ] {
        let (code, _, err) = run(&["rename", "bob-okafor", new], &team);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(why), "{err}");
    }
    let (code, _, err) = run(&["rename", "bob-okafr", "robert"], &team);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `bob-okafor`?"), "{err}");
    assert_eq!(crate::files(&team), before_files, "nothing changed");

    let out = record(&team, &["rename", "bob-okafor", "robert-okafor"]);
    assert!(
        out.starts_with(
            "renamed `bob-okafor` to `robert-okafor`: bob-okafor.md is now robert-okafor.md, with `former_ids: [bob-okafor]`;"
        ),
        "{out}"
    );
    let after_files = crate::files(&team);
    let expected: Vec<(String, Vec<u8>)> = before_files
        .iter()
        .map(|(path, bytes)| {
            let mut text = String::from_utf8(bytes.clone()).unwrap();
            text = text.replace("bob-okafor", "robert-okafor");
            // The renamed record keeps its old id, last in its front matter.
            if path == "bob-okafor.md" {
                text = text.replacen("\n---\n", "\nformer_ids: [bob-okafor]\n---\n", 1);
            }
            (
                path.replace("bob-okafor", "robert-okafor"),
                text.into_bytes(),
            )
        })
        .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(after_files, expected);
    let renamed: Vec<String> = (before.iter())
        .map(|d| d.replace("bob-okafor", "robert-okafor"))
        .collect();
    let mut renamed = renamed;
    renamed.sort();
    assert_eq!(check(&team), renamed);
}

/// `check --fix` makes the certain fixes and keeps every other byte (LF
/// and CRLF alike); `--fix --diff` shows them, writes nothing and exits 1.
#[test]
fn check_fix_makes_only_certain_fixes() {
    for nl in ["\n", "\r\n"] {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path();
        fs::write(team.join("vision.md"), VISION).unwrap();
        fs::write(team.join("bob.md"), "---\nname: Bob Okafor\n---\n").unwrap();
        // Two members called Sam: a name that is not certain stays.
        fs::write(team.join("sam-a.md"), "---\nname: Sam\n---\n").unwrap();
        fs::write(team.join("sam-b.md"), "---\nname: Sam\n---\n").unwrap();
        let before = "---\nname: Ann  # c\nmanagr: Bob Okafor   # typo and a name\nmentor: Sam\nlearning:\n  - goal: G\n    status: done\n    progress: 50   # old\n  - goal: H\n    progress: 50\nhobby: chess\n---\nnotes: Bob Okafor\n".replace('\n', nl);
        fs::write(team.join("ann.md"), &before).unwrap();
        let args = ["check", "--fix", "--diff", "--as-of", "2026-11-27"];
        let (code, out, err) = run(&args, team);
        assert_eq!(code, 1, "{err}");
        assert!(
            out.contains("--- ann.md\n+++ ann.md\n@@ -3 +3 @@\n-managr: Bob Okafor"),
            "{out}"
        );
        assert!(
            err.contains("would make 2 certain fixes in 1 file"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(team.join("ann.md")).unwrap(),
            before,
            "--diff wrote"
        );
        let (code, _, err) = run(&["check", "--fix", "--as-of", "2026-11-27"], team);
        assert!(code < 2, "{err}");
        assert!(err.contains("made 3 certain fixes in 1 file"), "{err}");
        // The key first, then its value once it reads as `manager`.
        let after = fs::read_to_string(team.join("ann.md")).unwrap();
        assert_eq!(
            after,
            before
                .replace("managr: Bob Okafor", "manager: bob")
                .replace("progress: 50   # old", "progress: 100   # old")
        );
        // Nothing left that is certain.
        let (code, _, err) = run(&["check", "--fix", "--diff", "--as-of", "2026-11-27"], team);
        assert_eq!(code, 0, "{err}");
    }
}

/// The agenda groups findings by the element their rule is about: an
/// objective serving an outcome the vision lacks is an objective to
/// discuss, as the matrix counts it.
#[test]
fn the_agenda_lists_every_alignment_finding_with_the_objectives() {
    let dir = tempfile::tempdir().unwrap();
    let text = ANN.replace("outcome: fast", "outcome: fsat");
    let team = team(dir.path(), &text);
    let agenda = record(&team, &["1on1", "ann"]);
    let objectives = agenda
        .split("## Objectives at risk or due")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    assert!(
        objectives.contains("serves unknown outcome `fsat`"),
        "{agenda}"
    );
}

/// A framework with levels 1 to 3: `communication` has two criteria at
/// level 2 that begin alike.
const FRAMEWORK: &str = "---\ntitle: Backend\nlevels: 3\nextra: kept and ignored\ntopics:\n  - name: communication\n    content:\n      - level: 2\n        criteria:\n          - Accepts feedback graciously\n          - Accepts responsibility for mistakes\n---\n";

#[test]
fn evidence_is_recorded_against_a_criterion_by_its_beginning() {
    let dir = tempfile::tempdir().unwrap();
    let team = team(dir.path(), ANN);
    fs::create_dir_all(team.join("frameworks")).unwrap();
    fs::write(team.join("frameworks/backend.md"), FRAMEWORK).unwrap();
    let said = record(
        &team,
        &[
            "evidence",
            "ann",
            "--topic",
            "communication",
            "--level",
            "2",
            "--criterion",
            "Accepts resp",
            "--link",
            "https://example.org/pr/1",
            "--date",
            "2026-11-20",
            "Owned the outage write-up",
        ],
    );
    assert_eq!(
        said,
        "added evidence for `communication` at level 2 (2026-11-20) to ann.md\n"
    );
    let text = fs::read_to_string(team.join("ann.md")).unwrap();
    let added = "evidence:\n  - date: 2026-11-20\n    topic: communication\n    level: 2\n    \
                 criterion: Accepts responsibility for mistakes\n    note: Owned the outage write-up\n    \
                 link: \"https://example.org/pr/1\"\n";
    // Every other byte kept: the entry (and its key) inserted at one place.
    let at = text.find("evidence:").unwrap();
    assert_eq!(format!("{}{}", &text[..at], &text[at + added.len()..]), ANN);
    assert_eq!(&text[at..at + added.len()], added);
    let (code, stdout, _) = run(
        &["check", "--format", "json", "--as-of", "2026-11-27", "."],
        &team,
    );
    assert!(
        !stdout.contains("unknown-topic") && !stdout.contains("level-out-of-range"),
        "{code} {stdout}"
    );

    // Refused, and nothing written: a beginning two criteria share, a
    // misspelt topic, a level the framework lacks.
    let cases = [
        (
            &[
                "--topic",
                "communication",
                "--level",
                "2",
                "--criterion",
                "Accepts",
            ][..],
            "“Accepts” begins 2 criteria of topic `communication` at level 2 (“Accepts feedback graciously”, “Accepts responsibility for mistakes”); give more of the one meant",
        ),
        (
            &[
                "--topic",
                "comunication",
                "--level",
                "2",
                "--criterion",
                "Accepts f",
            ][..],
            "framework `backend` has no topic `comunication`; did you mean `communication`?",
        ),
        (
            &[
                "--topic",
                "communication",
                "--level",
                "4",
                "--criterion",
                "Accepts f",
            ][..],
            "framework `backend` has 3 levels; --level 4 is above them",
        ),
    ];
    for (args, error) in cases {
        let (code, _, stderr) = run(&[&["evidence", "ann"][..], args, &["note"]].concat(), &team);
        assert_eq!(
            (code, stderr.trim()),
            (2, format!("error: {error}").as_str())
        );
        assert_eq!(fs::read_to_string(team.join("ann.md")).unwrap(), text);
    }
}

#[test]
fn a_promotion_packet_from_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let framework = "---\ntitle: Backend 🛠️\nlevels: 3\ntopics:\n  - name: communication\n    title: Communication\n    content:\n      - level: 2\n        criteria: [Leads the weekly review]\n      - level: 3\n        criteria:\n          - Proactively gives timely feedback\n          - Writes the team's decision records\n  - name: delivery\n    title: Delivery\n    content:\n      - level: 3\n        criteria: [Plans a quarter of work]\n---\n";
    let ann = "---\nname: Ann Lee\nlevel: 2\nfeedback:\n  - date: 2026-11-01\n    from: bob\n    note: Her communication in the outage review was clear\n  - date: 2026-11-02\n    from: bob\n    note: Private words on communication\n    private: true\n  - date: 2026-03-01\n    from: bob\n    note: Old communication praise\nevidence:\n  - date: 2026-10-14\n    topic: communication\n    level: 3\n    criterion: Proactively\n    note: Ran the incident review; three teams changed their runbooks.\n    link: https://example.org/pr/123\n  - date: 2026-10-20\n    topic: communication\n    level: 3\n    note: Mentored two new hires\n  - date: 2026-09-01\n    topic: communication\n    level: 2\n    criterion: Leads\n---\n";
    let team = team(dir.path(), ann);
    fs::create_dir_all(team.join("frameworks")).unwrap();
    fs::write(team.join("frameworks/backend.md"), framework).unwrap();
    let packet = record(&team, &["packet", "ann", "--since", "2026-06-01"]);
    insta::assert_snapshot!("promotion_packet", packet);
    assert!(!packet.contains("Private words") && !packet.contains("Old communication"));
    // Written to a new file only, outside the team folder (where a `.md`
    // file would be read as a member).
    record(&team, &["packet", "ann", "-o", "../packet.md"]);
    assert!(
        fs::read_to_string(team.join("../packet.md"))
            .unwrap()
            .starts_with("# Promotion packet: Ann Lee")
    );
    let (code, _, stderr) = run(&["packet", "ann", "-o", "../packet.md"], &team);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&["packet", "ann", "-o", "packet.md"], &team);
    assert!(
        code == 2 && stderr.contains("inside the team folder") && !team.join("packet.md").exists(),
        "{stderr}"
    );
    // A level past any framework's (it would wrap to 0 as a u32) is
    // refused with the reason.
    let ann = fs::read_to_string(team.join("ann.md")).unwrap();
    fs::write(
        team.join("ann.md"),
        ann.replace("level: 2\n", "level: 4294967295\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["packet", "ann"], &team);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains("level 4294967295 is above the 3 levels of `backend`"),
        "{stderr}"
    );
    fs::write(team.join("ann.md"), ann).unwrap();
    // A member without a framework gets the reason.
    fs::remove_file(team.join("frameworks/backend.md")).unwrap();
    let (code, _, stderr) = run(&["packet", "ann"], &team);
    assert_eq!(
        (code, stderr.trim()),
        (
            2,
            "error: no packet for `ann`: the team has no `frameworks/ID.md`"
        )
    );
}
