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
            "    updated: 2026-11-27\n    status: done\n",
        ),
        (
            &[
                "goal",
                "ann",
                "Learn Rust",
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
    assert!(
        !team.join(".ann.md.mastery-new").exists(),
        "nothing left behind"
    );
}
