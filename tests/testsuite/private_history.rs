//! Private entries and the repository's history (docs/private.md): a note
//! committed in clear before it was marked private is named, the purge
//! recipe leaves every commit parsing and the rule silent, a rename keeps
//! a member's history, and who can read is reviewable.

use std::path::Path;

use crate::private::{NOTE, Team};
use crate::{commit_all, git, git_dated};

/// Run Debian's `git filter-repo` in `repo`.
fn filter_repo(repo: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .arg("filter-repo")
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git filter-repo {args:?} (Debian's git-filter-repo, which .ci/run installs): {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Ann's record with one feedback entry written `entry`, and her role.
fn ann(role: &str, entry: &str) -> String {
    format!(
        "---\nname: Ann\nrole: {role}\nmanager: lead\nfeedback:\n  - date: 2026-10-01\n    from: zed\n    kind: growth\n{entry}---\nNotes.\n"
    )
}

#[test]
#[ignore = "needs Debian's git-filter-repo (.ci/run installs it)"]
fn a_note_in_clear_before_it_was_private_is_named_and_the_purge_silences_it() {
    let team = Team::new();
    git(&team.dir, &["init", "-q"]);
    let write = |text: String| std::fs::write(team.dir.join("ann.md"), text).unwrap();
    write(ann("Engineer", &format!("    note: {NOTE}\n")));
    let public = commit_all(&team.dir, "2026-10-01T10:00:00Z", "Feedback, in public");
    write(ann("Staff engineer", &format!("    note: {NOTE}\n")));
    let edited = commit_all(&team.dir, "2026-10-05T10:00:00Z", "Role");
    write(ann(
        "Staff engineer",
        &format!("    note: {NOTE}\n    private: true\n"),
    ));
    let marked = commit_all(&team.dir, "2026-11-01T10:00:00Z", "Private now");
    let (_, out, _) = team.run(&["seal", "."]);
    assert!(out.starts_with("sealed 1 private entry"), "{out}");
    commit_all(&team.dir, "2026-11-02T10:00:00Z", "Sealed");
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    let short = |c: &str| c[..7].to_owned();
    let expected = format!(
        "private feedback dated 2026-10-01 was committed in clear in 3 commits ({}, {}, {}): its text is in the history",
        short(&public),
        short(&edited),
        short(&marked)
    );
    assert!(out.contains(&expected), "{out}");
    assert!(
        !out.contains("backdated-entry"),
        "an entry made private keeps the date it was first committed: {out}"
    );

    // The recipe of docs/private.md, in a fresh clone.
    let scratch = team.dir.parent().unwrap();
    let expressions = scratch.join("purge.txt");
    let inside = team.run(&["purge-text", ".", "-o", "purge.txt"]);
    assert_eq!(inside.0, 2, "never inside the repository: {inside:?}");
    let (code, out, err) = team.run(&["purge-text", ".", "-o", &expressions.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote 2 expressions (from 3 commits)"),
        "{out}"
    );
    let purged = scratch.join("purged");
    git_dated(
        scratch,
        None,
        &["clone", "-q", "--no-local", "team", "purged"],
    );
    filter_repo(
        &purged,
        &["--replace-text", &expressions.display().to_string()],
    );
    let history = git_dated(&purged, None, &["log", "-p", "--all"]);
    assert!(!history.contains(NOTE), "{history}");
    assert!(
        !history.contains("from: zed"),
        "the author goes with the note"
    );
    let run = |args: &[&str]| team.run_in(team.command().current_dir(&purged), args);
    let (code, out, _) = run(&["check", "--as-of", "2026-11-27", "."]);
    assert!(code != 2 && !out.contains("private-in-history"), "{out}");
    assert!(!out.contains("backdated-entry"), "{out}");
    // Every rewritten commit still reads as a team.
    let commits = git_dated(&purged, None, &["rev-list", "--all"]);
    // The commit that marked it private now changes nothing: filter-repo
    // drops it.
    assert_eq!(commits.lines().count(), 3);
    for commit in commits.lines() {
        let (code, json, err) = run(&["check", "--at", commit, "--format", "json", "."]);
        assert!(code != 2, "{err}");
        assert!(
            !json.contains("invalid-front-matter") && !json.contains("invalid-field"),
            "{commit}: {json}"
        );
    }
    // The seal is untouched: its readers still open it.
    let (_, out, _) = run(&["unseal", "ann", "--identity", &team.key("lead.txt")]);
    assert!(out.contains(NOTE), "{out}");
}

#[test]
fn a_rename_is_committed_as_a_move_and_keeps_the_member_s_history() {
    let team = Team::new();
    git(&team.dir, &["init", "-q"]);
    team.log_private();
    // Feedback Ann gave, in another member's file: a rename rewrites its
    // `from`, and it is still the same entry.
    let zed = team.record("zed").replace(
        "\n---\n",
        "\nfeedback:\n  - date: 2026-11-19\n    from: ann\n    kind: praise\n    note: Thanks\n---\n",
    );
    std::fs::write(team.dir.join("zed.md"), zed).unwrap();
    commit_all(&team.dir, "2026-11-20T10:00:00Z", "Feedback");
    let backdated = |out: &str| out.matches("backdated-entry").count();
    let (_, out, _) = team.run(&["check", "--as-of", "2026-12-27", "."]);
    let before_rename = backdated(&out);
    // A file git ignores where the new name would go: refused before any
    // reference is rewritten.
    std::fs::write(team.dir.join(".gitignore"), "annie.md\n").unwrap();
    std::fs::write(team.dir.join("annie.md"), "notes\n").unwrap();
    let before = crate::files(&team.dir);
    let (code, _, err) = team.run(&["rename", "ann", "annie"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(crate::files(&team.dir), before, "nothing was rewritten");
    std::fs::remove_file(team.dir.join("annie.md")).unwrap();

    let (code, out, err) = team.run(&["rename", "ann", "anna"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("the move is staged (`git mv`)"), "{out}");
    assert!(team.record("anna").contains("former_ids: [ann]\n"));
    // What `git commit -am` commits: the member stays in the repository.
    git_dated(
        &team.dir,
        Some("2026-12-20T10:00:00Z"),
        &["commit", "-q", "-am", "Rename"],
    );
    let tracked = git_dated(&team.dir, None, &["ls-files"]);
    assert!(tracked.lines().any(|l| l == "anna.md"), "{tracked}");
    assert!(!tracked.lines().any(|l| l == "ann.md"), "{tracked}");
    let (_, out, _) = team.run(&["check", "--as-of", "2026-12-27", "."]);
    assert_eq!(
        backdated(&out),
        before_rename,
        "the moved entries keep their dates: {out}"
    );
    assert!(team.record("zed").contains("from: anna"));
    let (_, out, _) = team.run(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = (document["changes"].as_array().unwrap().iter())
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"feedback"), "no feedback is new: {out}");
    assert_eq!(document["joined"], serde_json::json!([]), "{out}");
    // The entry sealed for `ann` opens in anna's record, and reseal seals
    // it again for its place now, without --all.
    let (_, out, _) = team.run(&["unseal", "anna", "--identity", &team.key("lead.txt")]);
    assert!(
        out.contains(NOTE) && !out.contains("another place"),
        "{out}"
    );
    let (_, out, _) = team.run(&["reseal", ".", "--identity", &team.key("lead.txt")]);
    assert_eq!(out, "sealed 1 entry again in 1 file\n");
    let (_, out, _) = team.run(&["reseal", ".", "--identity", &team.key("lead.txt")]);
    assert_eq!(
        out, "sealed 0 entries again in 0 files\n",
        "nothing left to do"
    );
}

#[test]
fn a_rename_committed_in_two_steps_keeps_the_history_through_former_ids() {
    let team = Team::new();
    git(&team.dir, &["init", "-q"]);
    std::fs::write(
        team.dir.join("ann.md"),
        "---\nname: Ann\nfeedback:\n  - date: 2026-06-01\n    from: lead\n    note: Old praise\n---\n",
    )
    .unwrap();
    commit_all(&team.dir, "2026-06-01T10:00:00Z", "Ann");
    // Renamed without git: `git commit -am` records only the deletion.
    std::fs::rename(team.dir.join("ann.md"), team.dir.join("anna.md")).unwrap();
    let text = std::fs::read_to_string(team.dir.join("anna.md")).unwrap();
    let text = text.replace("name: Ann\n", "name: Anna Lee\nformer_ids: [ann]\n");
    std::fs::write(team.dir.join("anna.md"), text).unwrap();
    git_dated(
        &team.dir,
        Some("2026-09-01T10:00:00Z"),
        &["commit", "-q", "-am", "Gone?"],
    );
    commit_all(&team.dir, "2026-09-02T10:00:00Z", "Back, as anna");
    let (_, out, _) = team.run(&["check", "--as-of", "2026-09-10", "."]);
    assert!(!out.contains("backdated-entry"), "{out}");
}

#[test]
fn a_pull_request_that_gives_read_access_says_so() {
    let team = Team::new();
    git(&team.dir, &["init", "-q"]);
    commit_all(&team.dir, "2026-11-01T10:00:00Z", "Team");
    git(&team.dir, &["checkout", "-q", "-b", "move-ann"]);
    let ann = team.record("ann").replace("manager: lead", "manager: eve");
    std::fs::write(team.dir.join("ann.md"), ann).unwrap();
    let eve = team.record("eve").replace("keys: [", "keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ58BySZARYNbIT4ZoPBLwd59zmmsBBeDpIeEIYBByV8 eve@laptop, ");
    std::fs::write(team.dir.join("eve.md"), eve).unwrap();
    std::fs::write(
        team.dir.join("mastery.toml"),
        "[private]\nrecipients = [\"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\"]\n",
    )
    .unwrap();
    let (_, out, _) = team.run(&["check", "--changed-since", "main", "--format", "json", "."]);
    let document: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes: Vec<(String, String)> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "reader-change")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(changes.len(), 3, "{changes:#?}");
    assert!(
        changes[0].0 == "ann.md" && changes[0].1.contains("`eve` gains read access"),
        "{changes:?}"
    );
    assert!(
        changes[1].0 == "eve.md" && changes[1].1.contains("1 added"),
        "{changes:?}"
    );
    assert!(
        changes[2].0 == "mastery.toml" && changes[2].1.contains("recipients"),
        "{changes:?}"
    );
    // Without a comparison, nothing to say.
    let (_, out, _) = team.run(&["check", "."]);
    assert!(!out.contains("reader-change"), "{out}");
    // `diff` lists them with its new findings.
    let (_, out, _) = team.run(&["diff", "main", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&out).unwrap();
    let new = document["findings"]["new"].as_array().unwrap();
    assert_eq!(
        new.iter().filter(|d| d["rule"] == "reader-change").count(),
        3,
        "{out}"
    );
}
