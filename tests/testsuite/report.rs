//! `mastery build`: the report's pages, safety and refusals.

use std::fs;
use std::path::Path;

use crate::{files, leftovers, mastery};

const AS_OF: &str = "2026-11-27";

/// Build `team` into `out`; returns (exit code, stdout, stderr).
fn build(team: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = mastery()
        .args(["build", "--as-of", AS_OF, "-o"])
        .arg(out)
        .arg(team)
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn text(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap()
}

#[test]
fn pages_match_their_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let (code, stdout, stderr) = build(Path::new("tests/fixtures/small-team"), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("wrote the report (5 files) to "),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning[incomplete-self-awareness]"),
        "findings go to stderr: {stderr}"
    );
    let names: Vec<String> = files(&out).into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            ".mastery-report",
            "index.html",
            "members/ada.html",
            "members/ben.html",
            "members/cy.html",
            "style.css"
        ]
    );
    insta::assert_snapshot!("index", text(&out, "index.html"));
    insta::assert_snapshot!("member_ada", text(&out, "members/ada.html"));
    insta::assert_snapshot!("member_ben", text(&out, "members/ben.html"));
}

#[test]
fn private_feedback_appears_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let team = Path::new("tests/fixtures/small-team");
    let out = dir.path().join("report");
    build(team, &out, &[]);
    for (name, contents) in files(&out) {
        let contents = String::from_utf8_lossy(&contents);
        assert!(
            !contents.contains("SECRET-PRIVATE-NOTE"),
            "{name} leaks the note"
        );
    }
    // Its date counts, and shows as "private feedback" with nothing else.
    let ada = text(&out, "members/ada.html");
    assert!(
        ada.contains("2026-11-25</time> <span class=\"status\">private</span> feedback"),
        "{ada}"
    );
    build(team, &out, &["--include-private"]);
    assert!(text(&out, "members/ada.html").contains("SECRET-PRIVATE-NOTE"));
}

/// Every way of writing `private` other than absent or `false`, and a
/// misspelt key, keeps the entry's note, author and kind out of every
/// output: the report and `check` in each format.
#[test]
fn private_entries_fail_closed_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    let spellings = [
        "private: true",
        "private: yes",
        "private: on",
        "private: 1",
        "private: 'true '",
        "private:",
        "private: [true]",
        "Private: true",
        "privat: true",
        "PRIVATE: false",
    ];
    for (i, spelling) in spellings.iter().enumerate() {
        fs::write(
            team.join(format!("p{i}.md")),
            format!(
                "---\nname: P{i}\nfeedback:\n  - date: 2026-11-{:02}\n    from: SECRET-AUTHOR-{i}\n    \
                 kind: SECRETKIND{i}\n    note: SECRET-NOTE-{i}\n    {spelling}\n  - date: 2026-13-0{i}\n    \
                 {spelling}\n---\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let out = dir.path().join("report");
    let (_, _, stderr) = build(&team, &out, &[]);
    let mut outputs: Vec<(String, String)> = files(&out)
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    outputs.push(("build's findings".into(), stderr));
    for format in ["human", "json", "github", "sarif"] {
        let output = mastery()
            .args(["check", "--as-of", AS_OF, "--format", format])
            .arg(&team)
            .output()
            .unwrap();
        let all = [output.stdout, output.stderr].concat();
        outputs.push((format.into(), String::from_utf8_lossy(&all).into_owned()));
    }
    for (name, text) in &outputs {
        for secret in ["SECRET-AUTHOR", "SECRETKIND", "SECRET-NOTE", "2026-13-0"] {
            assert!(!text.contains(secret), "{name} shows {secret}:\n{text}");
        }
    }
    // The findings still say what is wrong, without the values.
    let (_, human) = &outputs[outputs.len() - 4];
    assert!(human.contains("the entry is private"), "{human}");
    assert!(human.contains("treated as `private: true`"), "{human}");
}

#[test]
fn a_build_killed_halfway_leaves_the_previous_report_intact() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("org");
    fs::create_dir_all(&team).unwrap();
    fs::write(
        team.join("vision.md"),
        "---\nteam: Org\nstatement: S\n---\n",
    )
    .unwrap();
    for i in 0..50 {
        fs::write(
            team.join(format!("p{i}.md")),
            format!("---\nname: Person {i}\nstrengths: [a]\ngrowth_areas: [b]\n---\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    let before = files(&out);

    // Change every page, and stop the next build dead (no clean-up, as
    // SIGKILL) once 10 pages are staged: a known point, not a race.
    fs::write(
        team.join("vision.md"),
        "---\nteam: Renamed\nstatement: S\n---\n",
    )
    .unwrap();
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_mastery"))
        .args(["build", "--quiet", "--as-of", AS_OF, "-o"])
        .arg(&out)
        .arg(&team)
        .env("MASTERY_ABORT_AFTER_PAGES", "10")
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the build was stopped");
    let leftover = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with(".report.mastery-new-"))
        .expect("the stopped build left its staging folder");
    // Pages are written from several threads: at least the 10th is there.
    assert!(files(&dir.path().join(&leftover)).len() >= 10);

    assert_eq!(files(&out), before, "the previous report is untouched");
    // The next build clears the leftover and succeeds.
    let (code, _, stderr) = build(&team, &out, &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text(&out, "index.html").contains("Renamed"));
    assert!(!dir.path().join(leftover).exists());
}

#[test]
fn files_over_the_size_limit_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    fs::write(
        team.join("big.md"),
        format!("---\nname: Big\n---\n{}", "x".repeat(5000)),
    )
    .unwrap();
    fs::write(
        team.join("mastery.toml"),
        "[limits]\nmax_file_bytes = 4096\n",
    )
    .unwrap();
    let output = mastery()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .arg(&team)
        .output()
        .unwrap();
    let json = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        json.contains("the file is larger than 4096 bytes"),
        "{json}"
    );
}

#[test]
fn huge_and_deeply_nested_records_render_safely() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    // A 100,000-entry list, a 1 MB line, and Markdown nested 10,000 deep.
    let strengths: Vec<String> = (0..100_000).map(|i| format!("s{i}")).collect();
    let list = format!(
        "---\nname: Many\nstrengths: [{}]\n---\n",
        strengths.join(", ")
    );
    fs::write(team.join("many.md"), list).unwrap();
    let long = format!(
        "---\nname: Long\nrole: {}\n---\n{}\n",
        "r".repeat(1_000_000),
        "word ".repeat(200_000)
    );
    fs::write(team.join("long.md"), long).unwrap();
    let nested = format!(
        "---\nname: Nested\n---\n{}deep\n\n{}item\n\n{}x{}\n",
        "> ".repeat(10_000),
        "- ".repeat(10_000),
        "*".repeat(10_000),
        "*".repeat(10_000)
    );
    fs::write(team.join("nested.md"), nested).unwrap();
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &["--quiet"]);
    assert!(code <= 1, "{stderr}");
    assert!(text(&out, "members/many.html").contains("s99999"));
    assert!(text(&out, "members/long.html").len() > 1_000_000);
    let nested = text(&out, "members/nested.html");
    assert!(nested.contains("deep") && nested.contains("item"));
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    fn new(at: &Path, size: &str) -> Mount {
        fs::create_dir_all(at).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(status.success(), "mounting a tmpfs needs root");
        Mount(at.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[ignore = "mounts a tmpfs: needs root"]
fn a_mount_point_is_replaced_file_by_file_and_a_full_disk_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    crate::copy_dir(Path::new("sample-team"), &team);
    // OUT is a mount point (a container volume): it cannot be renamed.
    let out = dir.path().join("report");
    let _volume = Mount::new(&out, "16m");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    fs::remove_file(team.join("checkout/dev-patel.md")).unwrap();
    let vision = fs::read_to_string(team.join("vision.md")).unwrap();
    fs::write(
        team.join("vision.md"),
        vision.replace("team: Payments Platform", "team: Payments Crew"),
    )
    .unwrap();
    let (code, _, stderr) = build(&team, &out, &[]);
    // Others name Dev Patel, so there are errors; the report is written.
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !out.join("members/dev-patel.html").exists(),
        "a page that went is removed"
    );
    assert!(text(&out, "index.html").contains("Payments Crew"));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    assert_eq!(leftovers(&out.join("members")), Vec::<String>::new());

    // A disk too small for the report: the build fails and removes what it
    // staged.
    let small = dir.path().join("small");
    let _disk = Mount::new(&small, "24k");
    let (code, _, stderr) = build(&team, &small.join("report"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("No space left"), "{stderr}");
    assert_eq!(leftovers(&small), Vec::<String>::new());
    assert!(!small.join("report").exists());
}
