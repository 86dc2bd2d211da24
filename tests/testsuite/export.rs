//! `mastery export`: a CSV row per member for spreadsheets, JSON with each
//! record for HR tools; private feedback only when asked; no cell a
//! spreadsheet would run as a formula.

use std::fs;
use std::path::Path;

use crate::{copy_dir, run};

fn export(dir: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(&[&["export", "--as-of", "2026-11-27"], args].concat(), dir);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn csv_has_a_row_per_member_and_no_formula() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    fs::write(
        team.join("mallory.md"),
        "---\nname: \"=HYPERLINK(\\\"http://x\\\", \\\"Click\\\")\"\nrole: \"Lead, \\\"ops\\\"\"\nstatus: leave\n---\n",
    )
    .unwrap();
    let csv = export(&team, &["."]);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "id,path,name,role,manager,status,self_awareness,continuous_learning,empowerment,\
         feedback_and_support,alignment,days_since_feedback,active_learning_goals,open_objectives,\
         errors,warnings,notes"
    );
    assert_eq!(lines.len(), 1 + 8, "a header and a row per member");
    assert!(
        lines.contains(&"alice-chen,checkout/alice-chen.md,Alice Chen,Staff Engineer,bob-okafor,active,ok,ok,ok,ok,ok,25,1,2,0,0,0"),
        "{csv}"
    );
    let mallory = lines.iter().find(|l| l.starts_with("mallory,")).unwrap();
    assert!(
        mallory.starts_with("mallory,mallory.md,\"'=HYPERLINK(\"\"http://x\"\", \"\"Click\"\")\",\"Lead, \"\"ops\"\"\",,leave,"),
        "{mallory}"
    );
    assert!(
        mallory.contains(",inactive,inactive,inactive,"),
        "on leave: not assessed: {mallory}"
    );
}

#[test]
fn json_carries_records_and_private_feedback_only_when_asked() {
    let sample = Path::new("sample-team");
    let json: serde_json::Value = serde_json::from_str(&export(
        Path::new("."),
        &[sample.to_str().unwrap(), "--format", "json"],
    ))
    .unwrap();
    let members = json["members"].as_array().unwrap();
    assert_eq!(members.len(), 7);
    let bob = members.iter().find(|m| m["id"] == "bob-okafor").unwrap();
    assert_eq!(bob["record"]["strengths"][0], "Hiring");
    let private = |m: &serde_json::Value| {
        m["record"]["feedback"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["private"] == true)
            .count()
    };
    assert_eq!(
        members.iter().map(private).sum::<usize>(),
        0,
        "private feedback left out"
    );
    let with: serde_json::Value = serde_json::from_str(&export(
        Path::new("."),
        &[
            sample.to_str().unwrap(),
            "--format",
            "json",
            "--include-private",
        ],
    ))
    .unwrap();
    assert_eq!(
        with["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(private)
            .sum::<usize>(),
        2
    );
    // The figures are the same either way: private entries count by date.
    assert_eq!(
        with["members"][0]["days_since_feedback"],
        json["members"][0]["days_since_feedback"]
    );

    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(
        &[
            "export",
            "--format",
            "json",
            "-o",
            "alice.md",
            sample.canonicalize().unwrap().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("a `.md` file may be a record"), "{stderr}");
    assert!(!dir.path().join("alice.md").exists());
}

/// `-o` never writes through a link (here to a member's record), and a
/// write that fails leaves no file, empty or partial, behind.
#[cfg(unix)]
#[test]
fn an_export_never_writes_through_a_link_nor_leaves_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let record = team.join("checkout/alice-chen.md");
    let before = fs::read(&record).unwrap();
    fs::create_dir(dir.path().join("exports")).unwrap();
    std::os::unix::fs::symlink(&record, dir.path().join("exports/latest.csv")).unwrap();
    let args = [
        "export",
        "team",
        "-o",
        "exports/latest.csv",
        "--as-of",
        "2026-11-27",
    ];
    let (code, _, stderr) = run(&args, dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(fs::read(&record).unwrap(), before);
    // A folder mastery may not write into: nothing is left there.
    let folder = dir.path().join("missing/latest.csv");
    let args = [
        "export",
        "team",
        "-o",
        folder.to_str().unwrap(),
        "--as-of",
        "2026-11-27",
    ];
    let (code, _, stderr) = run(&args, dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(!folder.exists());
    // A plain file is replaced whole.
    fs::write(dir.path().join("exports/old.csv"), "old").unwrap();
    let args = [
        "export",
        "team",
        "-o",
        "exports/old.csv",
        "--as-of",
        "2026-11-27",
    ];
    let (code, _, stderr) = run(&args, dir.path());
    assert_eq!(code, 0, "{stderr}");
    let csv = fs::read_to_string(dir.path().join("exports/old.csv")).unwrap();
    assert!(csv.starts_with("id,path,name,"), "{csv}");
    let names: Vec<_> = fs::read_dir(dir.path().join("exports")).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}
