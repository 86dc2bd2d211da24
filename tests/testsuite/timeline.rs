//! What history adds to `check` and `build`: backdated entries, goals
//! dated by their last commit, member timelines and monthly trends, read
//! through renames, merges and shallow clones.

use std::fs;
use std::path::Path;

use crate::{commit_all, git, git_dated, run};

const VISION: &str = "---\nteam: T\nstatement: S\noutcomes:\n  - id: o\n    title: O\n---\n";

fn member(feedback: &[&str]) -> String {
    let mut text = String::from(
        "---\nname: Ada\nstatus: active\nlearning:\n  - goal: Learn Rust\n    started: 2026-01-05\n",
    );
    text.push_str("feedback:\n");
    for date in feedback {
        text.push_str(&format!(
            "  - date: {date}\n    from: bob\n    kind: praise\n"
        ));
    }
    text.push_str("---\n");
    text
}

/// A repository with `team/`: Ada's record gains an entry per commit.
fn repository(repo: &Path) {
    git(repo, &["init", "-q"]);
    fs::create_dir_all(repo.join("team")).unwrap();
    fs::write(repo.join("team/vision.md"), VISION).unwrap();
    fs::write(repo.join("team/ada.md"), member(&["2026-01-10"])).unwrap();
    commit_all(repo, "2026-01-12T09:00:00Z", "ada joins");
    // Feedback from January written up in March: backdated.
    fs::write(
        repo.join("team/ada.md"),
        member(&["2026-01-10", "2026-01-20"]),
    )
    .unwrap();
    commit_all(repo, "2026-03-02T09:00:00Z", "late write-up");
    let text = member(&["2026-01-10", "2026-01-20"]).replace(
        "started: 2026-01-05\n",
        "started: 2026-01-05\n    progress: 40\n",
    );
    fs::write(repo.join("team/ada.md"), text).unwrap();
    commit_all(repo, "2026-10-01T09:00:00Z", "progress");
}

fn notes(stdout: &str, rule: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn backdated_entries_and_goals_dated_by_git() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    repository(repo);
    // An uncommitted entry dated long before as-of.
    let text = fs::read_to_string(repo.join("team/ada.md")).unwrap();
    let text = text.replace(
        "feedback:\n",
        "feedback:\n  - date: 2026-09-01\n    from: bob\n    kind: praise\n",
    );
    fs::write(repo.join("team/ada.md"), text).unwrap();
    let args = ["check", "team", "--as-of", "2026-11-27", "--format", "json"];
    let (_, stdout, stderr) = run(&args, repo);
    let backdated = notes(&stdout, "backdated-entry");
    assert_eq!(backdated.len(), 2, "{backdated:?} {stderr}");
    assert!(backdated.iter().any(|n| n.contains("feedback dated 2026-01-20 is 41 days before the commit that first held it, on 2026-03-02")), "{backdated:?}");
    assert!(
        backdated
            .iter()
            .any(|n| n.contains("2026-09-01 is 87 days before it was written, not yet committed")),
        "{backdated:?}"
    );
    // The goal has no `updated`: its last commit (2026-10-01) counts.
    let stale = notes(&stdout, "stale-learning-goal");
    assert!(
        stale.is_empty(),
        "moved on 2026-10-01, 57 days before: {stale:?}"
    );
    let later = ["check", "team", "--as-of", "2026-12-15", "--format", "json"];
    let stale = notes(&run(&later, repo).1, "stale-learning-goal");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].contains("no `updated`; last changed in git on 2026-10-01"),
        "{stale:?}"
    );
    // --no-history: silent, and `started` counts again.
    let without = [
        "check",
        "team",
        "--as-of",
        "2026-11-27",
        "--format",
        "json",
        "--no-history",
    ];
    let (_, stdout, _) = run(&without, repo);
    assert!(notes(&stdout, "backdated-entry").is_empty());
    assert!(notes(&stdout, "stale-learning-goal")[0].contains("last on 2026-01-05"));
    // The cache lives in the git directory, never in the work tree.
    assert!(repo.join(".git/mastery").is_dir());
    let status = git_dated(repo, None, &["status", "--porcelain"]);
    assert_eq!(status.trim(), "M team/ada.md", "{status}");
    // A second run computes nothing again and says the same.
    let first = run(&args, repo).1;
    let verbose: Vec<&str> = args.iter().copied().chain(["-v"]).collect();
    let (_, again, stderr) = run(&verbose, repo);
    assert_eq!(first, again);
    assert!(
        stderr.contains("read 3 commits of history (0 new)"),
        "{stderr}"
    );
    // A cache that does not read is rebuilt, not trusted.
    for cache in fs::read_dir(repo.join(".git/mastery")).unwrap() {
        fs::write(cache.unwrap().path(), "{\"format\": 1, \"steps\": 7").unwrap();
    }
    let (_, rebuilt, stderr) = run(&verbose, repo);
    assert_eq!(first, rebuilt);
    assert!(
        stderr.contains("read 3 commits of history (3 new)"),
        "{stderr}"
    );
    // A branch in a linked work tree shares the cache without evicting
    // this branch's steps.
    let other = dir.path().join("other");
    let other_arg = other.to_str().unwrap();
    git(
        repo,
        &["worktree", "add", "-q", "-b", "side", other_arg, "HEAD~1"],
    );
    fs::write(other.join("team/ada.md"), member(&["2026-04-01"])).unwrap();
    commit_all(&other, "2026-04-02T09:00:00Z", "on a branch");
    let (_, _, stderr) = run(&verbose, &other);
    assert!(
        stderr.contains("read 3 commits of history (1 new)"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&verbose, repo);
    assert!(
        stderr.contains("read 3 commits of history (0 new)"),
        "{stderr}"
    );
}

#[test]
fn outside_git_or_before_the_first_commit_history_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), VISION).unwrap();
    fs::write(team.join("ada.md"), member(&["2025-01-10"])).unwrap();
    let build = ["build", "team", "--as-of", "2026-11-27", "-o", "out", "-v"];
    let (code, _, stderr) = run(&build, dir.path());
    assert!(code < 2, "{stderr}");
    assert!(
        stderr.contains("is not in a git repository: no history"),
        "{stderr}"
    );
    let page = fs::read_to_string(dir.path().join("out/members/ada.html")).unwrap();
    assert!(!page.contains("timeline-heading"));
    git(dir.path(), &["init", "-q"]);
    let (code, _, stderr) = run(&build, dir.path());
    assert!(code < 2, "{stderr}");
    assert!(
        stderr.contains("the repository has no commits yet"),
        "{stderr}"
    );
}

#[test]
fn the_report_shows_timelines_and_trends_through_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    repository(repo);
    git(repo, &["mv", "team/ada.md", "team/ada-lovelace.md"]);
    commit_all(repo, "2026-10-15T09:00:00Z", "rename");
    let text = fs::read_to_string(repo.join("team/ada-lovelace.md")).unwrap();
    fs::write(
        repo.join("team/ada-lovelace.md"),
        text.replace(
            "  - goal: Learn Rust\n",
            "  - goal: Learn Rust\n    status: done\n",
        ),
    )
    .unwrap();
    commit_all(repo, "2026-11-02T09:00:00Z", "done");
    let build = ["build", "team", "--as-of", "2026-11-27", "-o", "out"];
    let (code, _, stderr) = run(&build, repo);
    assert!(code < 2, "{stderr}");
    let page = fs::read_to_string(repo.join("out/members/ada-lovelace.html")).unwrap();
    assert!(page.contains("timeline-heading"), "{page}");
    assert!(
        page.contains("2026-11-02</time> Finished learning goal “Learn Rust”"),
        "{page}"
    );
    // The rename kept what came before it.
    assert!(page.contains("2026-01-12</time> Joined the team"), "{page}");
    let overview = fs::read_to_string(repo.join("out/index.html")).unwrap();
    assert!(overview.contains("trend-heading"));
    assert!(overview.contains("<h3>Errors and warnings</h3>"));
    assert!(
        overview.contains("Jan 2026"),
        "the first month with a commit"
    );
    assert!(
        !overview.contains("Dec 2025"),
        "no month before the first commit"
    );
    // --no-history leaves both out.
    let (_, _, stderr) = run(
        &[
            "build",
            "team",
            "--as-of",
            "2026-11-27",
            "-o",
            "plain",
            "--no-history",
        ],
        repo,
    );
    let page = fs::read_to_string(repo.join("plain/members/ada-lovelace.html")).unwrap();
    assert!(!page.contains("timeline-heading"), "{stderr}");
    assert!(
        !fs::read_to_string(repo.join("plain/index.html"))
            .unwrap()
            .contains("trend-heading")
    );
    // Feedback in one month only is no pattern: no monthly chart. Given in
    // a second month, the chart shows.
    assert!(!page.contains("Feedback per month"));
    let text = fs::read_to_string(repo.join("team/ada-lovelace.md")).unwrap();
    let text = text.replace(
        "feedback:\n",
        "feedback:\n  - date: 2026-11-20\n    from: bob\n    kind: praise\n",
    );
    fs::write(repo.join("team/ada-lovelace.md"), text).unwrap();
    let (code, _, stderr) = run(&build, repo);
    assert!(code < 2, "{stderr}");
    let page = fs::read_to_string(repo.join("out/members/ada-lovelace.html")).unwrap();
    assert!(page.contains("Feedback per month"), "{page}");
}

#[test]
fn merges_and_shallow_clones_give_no_false_backdating() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    repository(&repo);
    // A branch adds feedback on time; it is merged three weeks later.
    git(&repo, &["checkout", "-q", "-b", "side"]);
    let text = fs::read_to_string(repo.join("team/ada.md")).unwrap();
    fs::write(
        repo.join("team/ada.md"),
        text.replace(
            "feedback:\n",
            "feedback:\n  - date: 2026-10-05\n    from: cy\n    kind: one-on-one\n",
        ),
    )
    .unwrap();
    commit_all(&repo, "2026-10-06T09:00:00Z", "feedback on a branch");
    git(&repo, &["checkout", "-q", "-"]);
    fs::write(
        repo.join("team/vision.md"),
        VISION.replace("team: T", "team: Team"),
    )
    .unwrap();
    commit_all(&repo, "2026-10-20T09:00:00Z", "vision");
    git_dated(
        &repo,
        Some("2026-10-28T09:00:00Z"),
        &["merge", "-q", "--no-ff", "side", "-m", "merge"],
    );
    let args = ["check", "team", "--as-of", "2026-11-27", "--format", "json"];
    let backdated = notes(&run(&args, &repo).1, "backdated-entry");
    assert_eq!(backdated.len(), 1, "only the March write-up: {backdated:?}");
    assert!(backdated[0].contains("2026-01-20"), "{backdated:?}");

    // A shallow clone of the last commit: what it holds has no known first
    // commit, so nothing is judged; the hint says how to get the rest.
    let shallow = dir.path().join("shallow");
    let url = format!("file://{}", repo.display());
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    let (code, stdout, stderr) = run(&args, &shallow);
    assert!(code < 2, "{stderr}");
    assert!(notes(&stdout, "backdated-entry").is_empty(), "{stdout}");
}

/// "Joined the team" is dated by the record's `joined`, not by the commit
/// that brought the record into the repository.
#[test]
fn joining_is_dated_by_joined_not_by_the_first_commit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    fs::create_dir_all(repo.join("team")).unwrap();
    fs::write(repo.join("team/vision.md"), VISION).unwrap();
    let ada = member(&["2026-03-10"]).replace("name: Ada\n", "name: Ada\njoined: 2026-02-02\n");
    fs::write(repo.join("team/ada.md"), ada).unwrap();
    // Joined later than the commit (a start date set ahead): the commit.
    let bo = member(&["2026-03-10"]).replace("name: Ada\n", "name: Bo\njoined: 2026-12-01\n");
    fs::write(repo.join("team/bo.md"), bo).unwrap();
    commit_all(
        repo,
        "2026-03-12T09:00:00Z",
        "records come into the repository",
    );
    let (code, _, stderr) = run(
        &["build", "team", "--as-of", "2026-11-27", "-o", "out"],
        repo,
    );
    assert!(code < 2, "{stderr}");
    let page = fs::read_to_string(repo.join("out/members/ada.html")).unwrap();
    assert!(page.contains("2026-02-02</time> Joined the team"), "{page}");
    assert!(!page.contains("2026-03-12</time> Joined"), "{page}");
    let page = fs::read_to_string(repo.join("out/members/bo.html")).unwrap();
    assert!(page.contains("2026-03-12</time> Joined the team"), "{page}");
}

/// A commit that leaves a record unreadable, fixed in the next, is not the
/// member leaving and joining: neither the timeline, nor `diff`, nor the
/// dates git vouches for read it so (SPEC section 8).
#[test]
fn an_unreadable_version_is_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    fs::create_dir_all(repo.join("team")).unwrap();
    fs::write(repo.join("team/vision.md"), VISION).unwrap();
    let ada = repo.join("team/ada.md");
    fs::write(&ada, member(&["2026-01-10"])).unwrap();
    commit_all(repo, "2026-01-12T09:00:00Z", "ada joins");
    fs::write(&ada, "---\nname: [Ada\n---\n").unwrap();
    commit_all(repo, "2026-02-02T09:00:00Z", "broken");
    fs::write(&ada, member(&["2026-01-10", "2026-03-01"])).unwrap();
    commit_all(repo, "2026-03-02T09:00:00Z", "fixed, with new feedback");

    let diff = |from: &str, to: &str| {
        let (code, json, err) = run(
            &["diff", from, to, "--dir", "team", "--format", "json"],
            repo,
        );
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&json).unwrap()
    };
    for (from, to) in [("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD")] {
        let review = diff(from, to);
        assert_eq!(
            review["joined"],
            serde_json::json!([]),
            "{from}..{to}: {review}"
        );
        assert_eq!(
            review["left"],
            serde_json::json!([]),
            "{from}..{to}: {review}"
        );
        assert_eq!(
            review["changes"],
            serde_json::json!([]),
            "{from}..{to}: {review}"
        );
    }
    let review = diff("HEAD~2", "HEAD");
    let kinds: Vec<&str> = (review["changes"].as_array().unwrap().iter())
        .map(|c| c["what"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["2026-03-01 praise from bob"], "{review}");

    let (code, _, stderr) = run(
        &["build", "team", "--as-of", "2026-03-27", "-o", "out"],
        repo,
    );
    assert!(code < 2, "{stderr}");
    let page = fs::read_to_string(repo.join("out/members/ada.html")).unwrap();
    assert!(!page.contains("Left the team"), "{page}");
    assert_eq!(page.matches("Joined the team").count(), 1, "{page}");
    // The January entry was first committed in January: not backdated.
    let (_, json, _) = run(
        &["check", "team", "--as-of", "2026-03-27", "--format", "json"],
        repo,
    );
    assert!(notes(&json, "backdated-entry").is_empty(), "{json}");
}

/// The 12-month feedback chart counts only months since a member joined,
/// and a member whose feedback falls in one month is told so, not that
/// they had none.
#[test]
fn the_feedback_months_start_when_a_member_joined() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    fs::create_dir_all(repo.join("team")).unwrap();
    fs::write(repo.join("team/vision.md"), VISION).unwrap();
    let newcomer = |name: &str, dates: &[&str]| {
        let mut text = format!("---\nname: {name}\njoined: 2026-09-01\nfeedback:\n");
        for date in dates {
            text.push_str(&format!(
                "  - date: {date}\n    from: bo\n    kind: praise\n"
            ));
        }
        text + "---\n"
    };
    fs::write(
        repo.join("team/cy.md"),
        newcomer("Cy", &["2026-10-02", "2026-10-20"]),
    )
    .unwrap();
    fs::write(
        repo.join("team/dee.md"),
        newcomer("Dee", &["2026-10-02", "2026-11-20"]),
    )
    .unwrap();
    commit_all(repo, "2026-11-21T09:00:00Z", "newcomers");
    let out = repo.join("report");
    let (code, _, err) = run(
        &[
            "build",
            "team",
            "-o",
            &out.display().to_string(),
            "--as-of",
            "2026-11-27",
        ],
        repo,
    );
    assert!(code <= 1, "{err}");
    let cy = fs::read_to_string(out.join("members/cy.html")).unwrap();
    assert!(
        cy.contains("Feedback in one month of the last 12: 2 entries in Oct 2026."),
        "{cy}"
    );
    assert!(!cy.contains("No feedback dated in the last 12 months"));
    let dee = fs::read_to_string(out.join("members/dee.html")).unwrap();
    let chart = &dee[dee.find("timeline-").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    // September to November: three months, none before she joined.
    assert!(
        chart.contains("Sep 2026") && chart.contains("Nov 2026"),
        "{chart}"
    );
    assert!(
        !chart.contains("Aug 2026") && !chart.contains("Dec 2025"),
        "{chart}"
    );
}
