//! `mastery diff`: a scripted quarter of a small team, in every format.

use std::fs;
use std::path::Path;

use crate::{commit_all, git, git_dated, run};

const VISION: &str = "---\nteam: Crew\nstatement: Ship calmly.\noutcomes:\n  - id: fast\n    title: Fast\n  - id: calm\n    title: Calm\n---\n";

const ANA_JULY: &str = "---
name: Ana
role: Engineer
manager: bo
strengths: [Rust, Testing]
growth_areas: [Writing]
learning:
  - id: talk
    goal: Give a talk
    area: Writing
    started: 2026-06-01
    updated: 2026-06-20
    progress: 10
  - goal: Read a book
    started: 2026-05-01
    updated: 2026-06-25
ownership:
  - area: CI
    autonomy: recommends
feedback:
  - date: 2026-06-20
    from: bo
    kind: one-on-one
objectives:
  - objective: Faster builds
    outcome: fast
  - objective: Old plan
    outcome: calm
---
";

const ANA_SEPTEMBER: &str = "---
name: Ana
role: Senior Engineer
manager: cy
strengths: [Rust, Mentoring]
growth_areas: [Writing, Public speaking]
learning:
  - id: talk
    goal: Give a talk at the meetup
    area: Writing
    started: 2026-06-01
    updated: 2026-09-10
    progress: 60
  - goal: Read a book
    status: done
    started: 2026-05-01
    updated: 2026-08-01
  - goal: Learn Go
    started: 2026-09-01
    updated: 2026-09-01
ownership:
  - area: CI
    autonomy: decides
  - area: Releases
feedback:
  - date: 2026-06-20
    from: bo
    kind: one-on-one
  - date: 2026-08-14
    from: cy
    kind: review
    note: Strong quarter.
  - date: 2026-09-02
    from: cy
    kind: growth
    private: true
    note: SECRET-NOTE
support:
  - what: Conference ticket
    date: 2026-09-05
objectives:
  - objective: Faster builds
    outcome: [fast, calm]
    status: done
  - objective: Write the runbook
    outcome: calm
---
";

const BO: &str =
    "---\nname: Bo\nstatus: active\nstrengths: [People]\ngrowth_areas: [Delegation]\n---\n";
const CY: &str = "---\nname: Cy\nstrengths: [Ops]\ngrowth_areas: [Rust]\n---\n";

/// A team over a quarter: `v1` on 2026-06-30, then edits committed on
/// 2026-09-30, then an uncommitted edit in the work tree.
fn quarter(repo: &Path) {
    git(repo, &["init", "-q"]);
    let team = repo.join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), VISION).unwrap();
    fs::write(team.join("ana.md"), ANA_JULY).unwrap();
    fs::write(team.join("bo.md"), BO).unwrap();
    commit_all(repo, "2026-06-30T12:00:00Z", "July");
    git(repo, &["tag", "v1"]);
    fs::write(team.join("ana.md"), ANA_SEPTEMBER).unwrap();
    fs::remove_file(team.join("bo.md")).unwrap();
    fs::write(team.join("cy.md"), CY).unwrap();
    commit_all(repo, "2026-09-30T12:00:00Z", "September");
    git(repo, &["tag", "v2"]);
    // Not committed: the work tree is TO by default.
    fs::write(
        team.join("cy.md"),
        CY.replace("name: Cy", "name: Cy\nrole: Lead"),
    )
    .unwrap();
}

#[test]
fn a_quarter_in_json_human_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    quarter(dir.path());
    let (code, json, stderr) = run(
        &["diff", "v1", "v2", "--dir", "team", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut shown = json.clone();
    for side in ["from", "to"] {
        let commit = document[side]["commit"].as_str().unwrap();
        assert_eq!(commit.len(), 40, "{commit}");
        shown = shown.replace(commit, "[commit]");
    }
    insta::assert_snapshot!("quarter", shown);
    for (code, text, _) in [
        run(&["diff", "v1", "v2", "--dir", "team"], dir.path()),
        run(
            &["diff", "v1", "v2", "--dir", "team", "--format", "markdown"],
            dir.path(),
        ),
    ] {
        assert_eq!(code, 0);
        assert!(text.contains("Give a talk at the meetup"), "{text}");
        assert!(
            !text.contains("SECRET-NOTE") && !text.contains("growth from cy"),
            "{text}"
        );
    }
    assert!(!json.contains("SECRET-NOTE"));
}

/// Dates name the last commit by the end of the day; TO defaults to the
/// work tree, uncommitted edits included, checked as of `--as-of`.
#[test]
fn dates_and_the_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    quarter(dir.path());
    let (code, json, stderr) = run(
        &[
            "diff",
            "2026-07-15",
            "--dir",
            "team",
            "--as-of",
            "2026-10-01",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["from"]["date"], "2026-07-15");
    assert_eq!(document["to"]["rev"], serde_json::Value::Null);
    assert_eq!(document["to"]["date"], "2026-10-01");
    // The July commit: the one before the end of 2026-07-15.
    let (_, at_v1, _) = run(
        &["diff", "v1", "v1", "--dir", "team", "--format", "json"],
        dir.path(),
    );
    let at_v1: serde_json::Value = serde_json::from_str(&at_v1).unwrap();
    assert_eq!(document["from"]["commit"], at_v1["from"]["commit"]);
    assert_eq!(
        at_v1["changes"],
        serde_json::json!([]),
        "a state compared with itself"
    );
    // The uncommitted role shows.
    assert!(json.contains("\"role-changed\""), "{json}");
    let (code, _, stderr) = run(&["diff", "2026-01-01", "--dir", "team"], dir.path());
    assert_eq!(code, 2, "before the first commit");
    assert!(stderr.contains("no commit"), "{stderr}");
}

#[test]
fn diff_outside_git_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("team")).unwrap();
    fs::write(dir.path().join("team/vision.md"), VISION).unwrap();
    let (code, _, stderr) = run(&["diff", "v1", "--dir", "team"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("not in a git repository"), "{stderr}");
}

/// Record text reaches a terminal with its control characters escaped and
/// a Markdown document with its markup disarmed.
#[test]
fn record_text_is_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let team = repo.join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), VISION).unwrap();
    fs::write(team.join("ana.md"), BO).unwrap();
    commit_all(repo, "2026-06-30T12:00:00Z", "one");
    let hostile = "\"\\e[31mRed\\e]0;title\\a <script>alert(1)</script> [x](javascript:y)\"";
    let record = BO.replace(
        "growth_areas: [Delegation]",
        &format!("growth_areas: [Delegation]\nlearning:\n  - goal: {hostile}"),
    );
    fs::write(team.join("ana.md"), record).unwrap();
    let (code, human, stderr) = run(&["diff", "HEAD", "--dir", "team"], repo);
    assert_eq!(code, 0, "{stderr}");
    assert!(human.contains("Learning started"), "{human}");
    assert!(
        !human.contains('\u{1b}') && !human.contains('\u{7}'),
        "{human:?}"
    );
    let (_, markdown, _) = run(
        &["diff", "HEAD", "--dir", "team", "--format", "markdown"],
        repo,
    );
    assert!(!markdown.contains('\u{1b}'), "{markdown:?}");
    assert!(
        !markdown.contains("<script>") && !markdown.contains(" [x]("),
        "{markdown}"
    );
}

/// A merge brings both branches' changes; a shallow clone reads what it
/// has and says why the rest is missing.
#[test]
fn merges_and_shallow_clones() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    quarter(&repo);
    git(&repo, &["checkout", "-q", "--", "."]);
    git(&repo, &["checkout", "-q", "-b", "side", "v1"]);
    fs::write(
        repo.join("team/dee.md"),
        BO.replace("name: Bo", "name: Dee"),
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "side"]);
    git(&repo, &["checkout", "-q", "main"]);
    git_dated(
        &repo,
        Some("2026-10-01T12:00:00Z"),
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    let (code, json, stderr) = run(
        &["diff", "v2", "HEAD", "--dir", "team", "--format", "json"],
        &repo,
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        json.contains("\"joined\": [\n    \"dee\""),
        "dee, from the side branch: {json}"
    );

    let clone = dir.path().join("clone");
    let url = format!("file://{}", repo.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let (code, _, stderr) = run(&["check", "team", "--at", "HEAD"], &clone);
    assert!(code == 0 || code == 1, "{stderr}");
    let (code, _, stderr) = run(&["diff", "HEAD~1", "--dir", "team"], &clone);
    assert_eq!(code, 2);
    assert!(stderr.contains("shallow"), "{stderr}");
}

/// A renamed member file (most of its lines kept, as git's rename
/// detection judges) is the same member: not one who left and one who
/// joined.
#[test]
fn a_renamed_file_keeps_its_member() {
    let dir = tempfile::tempdir().unwrap();
    quarter(dir.path());
    let team = dir.path().join("team");
    git(dir.path(), &["checkout", "-q", "--", "."]);
    fs::remove_file(team.join("ana.md")).unwrap();
    let renamed = ANA_SEPTEMBER.replace("role: Senior Engineer", "role: Staff Engineer");
    fs::write(team.join("ana-lee.md"), renamed).unwrap();
    let (code, json, stderr) = run(
        &["diff", "v2", "--dir", "team", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["joined"], serde_json::json!([]), "{json}");
    assert_eq!(document["left"], serde_json::json!([]), "{json}");
    let changes = document["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json}");
    assert_eq!(changes[0]["member"], "ana-lee");
    assert_eq!(changes[0]["kind"], "role-changed");
}

/// A level raised and evidence recorded between two commits: `diff` says
/// so, and the member's timeline shows the level change on its day; with
/// the framework in `frameworks/` and where `[frameworks] paths` says.
#[test]
fn levels_and_evidence_in_a_diff_and_a_timeline() {
    levels_and_evidence("frameworks/eng.md", None);
    levels_and_evidence(
        "ladders/2026/eng.md",
        Some("[frameworks]\npaths = [\"ladders/\"]\n"),
    );
}

fn levels_and_evidence(framework: &str, config: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let framework = repo.join("team").join(framework);
    fs::create_dir_all(framework.parent().unwrap()).unwrap();
    fs::write(repo.join("team/vision.md"), VISION).unwrap();
    fs::write(
        &framework,
        "---\nlevels: 3\ntopics:\n  - name: craft\n    content:\n      - level: 2\n        criteria: [Reviews others' designs]\n---\n",
    )
    .unwrap();
    if let Some(config) = config {
        fs::write(repo.join("team/mastery.toml"), config).unwrap();
    }
    let ana = "---\nname: Ana\nlevel: 1\n---\n";
    fs::write(repo.join("team/ana.md"), ana).unwrap();
    commit_all(repo, "2026-07-01T12:00:00Z", "July");
    let raised = "---\nname: Ana\nlevel: 2\nevidence:\n  - date: 2026-08-20\n    topic: craft\n    level: 2\n    criterion: Reviews\n---\n";
    fs::write(repo.join("team/ana.md"), raised).unwrap();
    commit_all(repo, "2026-09-01T12:00:00Z", "September");
    let (code, json, stderr) = run(
        &[
            "diff", "HEAD~1", "HEAD", "--dir", "team", "--format", "json",
        ],
        repo,
    );
    assert_eq!(code, 0, "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changes: Vec<(String, String, String, String)> =
        (document["changes"].as_array().unwrap().iter())
            .map(|c| {
                let s = |k: &str| c[k].to_string();
                (s("kind"), s("what"), s("from"), s("to"))
            })
            .collect();
    assert_eq!(
        changes,
        [
            (
                "\"evidence-added\"".into(),
                "\"2026-08-20 craft level 2: Reviews\"".into(),
                "null".into(),
                "null".into()
            ),
            (
                "\"level-changed\"".into(),
                "\"level\"".into(),
                "1".into(),
                "2".into()
            ),
        ]
    );
    let (code, _, stderr) = run(
        &["build", "team", "-o", "out", "--as-of", "2026-11-27"],
        repo,
    );
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(repo.join("out/members/ana.html")).unwrap();
    assert!(page.contains("Level: 1 → 2"), "the timeline");
    assert!(repo.join("out/frameworks/eng.html").is_file());
    // The framework is read as one: no finding on it, the evidence found.
    let (_, json, _) = run(
        &["check", "team", "--format", "json", "--as-of", "2026-11-27"],
        repo,
    );
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let paths: Vec<&str> = (document["diagnostics"].as_array().unwrap().iter())
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(
        paths.iter().all(|p| ["ana.md", "vision.md"].contains(p)),
        "{json}"
    );
}

/// What a manager reads `diff` for (issue of a new user's quarter): an
/// objective's status and progress from → to in every format; objectives
/// added and finished inside the range counted done; a member renamed with
/// `mastery rename` followed, not left and joined; a finding that only
/// counts more days still open, neither new nor resolved.
#[test]
fn a_manager_s_quarter_reads_as_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let team = repo.join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), VISION).unwrap();
    fs::write(team.join("bo.md"), BO).unwrap();
    fs::write(
        team.join("ana.md"),
        "---\nname: Ana\nmanager: bo\nfeedback:\n  - date: 2026-05-01\n    from: bo\n    note: Good start\nobjectives:\n  - objective: Cut search p95 by half\n    outcome: fast\n---\n",
    )
    .unwrap();
    commit_all(repo, "2026-06-30T12:00:00Z", "July");
    let ana = "---\nname: Ana\nmanager: bo\nfeedback:\n  - date: 2026-05-01\n    from: bo\n    note: Good start\nobjectives:\n  - objective: Cut search p95 by half\n    outcome: fast\n    status: at-risk\n    progress: 40\n  - objective: Ship the importer\n    outcome: calm\n    status: done\n  - objective: Retire the old queue\n    outcome: calm\n    status: done\n---\n";
    fs::write(team.join("ana.md"), ana).unwrap();
    commit_all(repo, "2026-08-01T12:00:00Z", "Progress");
    let (code, _, err) = run(&["rename", "ana", "ana-lee", "--dir", "team"], repo);
    assert_eq!(code, 0, "{err}");
    git_dated(
        repo,
        Some("2026-09-30T12:00:00Z"),
        &["commit", "-q", "-am", "Rename"],
    );
    let diff = |format: &str| {
        let (code, out, err) = run(
            &[
                "diff", "HEAD~2", "HEAD", "--dir", "team", "--format", format,
            ],
            repo,
        );
        assert_eq!(code, 0, "{err}");
        out
    };
    let json: serde_json::Value = serde_json::from_str(&diff("json")).unwrap();
    assert_eq!(json["joined"], serde_json::json!([]), "{json:#}");
    assert_eq!(json["left"], serde_json::json!([]), "{json:#}");
    let changes = json["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .all(|c| c["member"] == "ana-lee" || c["member"] == "vision.md"),
        "{json:#}"
    );
    assert!(
        !changes.iter().any(|c| c["kind"] == "feedback"),
        "old feedback is not new: {json:#}"
    );
    let progress = changes
        .iter()
        .find(|c| c["kind"] == "objective-progress")
        .unwrap();
    assert_eq!(progress["from"], serde_json::Value::Null);
    assert_eq!(progress["to"], 40);
    assert_eq!(
        progress["status"],
        serde_json::json!({"from": "on-track", "to": "at-risk"})
    );
    assert_eq!(json["summary"]["objectives_done"], 2, "{json:#}");
    // The findings are compared a quarter apart: missing-feedback counts
    // more days on the later side, and is still the same finding.
    let open = |list: &str| -> Vec<String> {
        json["findings"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        !open("new").contains(&"missing-feedback".to_owned()),
        "{json:#}"
    );
    assert!(
        !open("resolved").contains(&"missing-feedback".to_owned()),
        "{json:#}"
    );
    for format in ["human", "markdown"] {
        let text = diff(format);
        assert!(
            text.contains(
                "Objective progress: Cut search p95 by half (on-track → at-risk; none → 40%)"
            ),
            "{format}: {text}"
        );
        assert!(text.contains("Objective done: Ship the importer"), "{text}");
        assert!(!text.contains("Joined") && !text.contains("Left"), "{text}");
    }
}
