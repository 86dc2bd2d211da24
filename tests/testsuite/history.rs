//! History from git: `--at REV` reads the team as committed, never the
//! work tree, and checks exactly as a checkout of REV would.

use std::fs;
use std::path::Path;

use crate::{commit_all, copy_dir, files, git, run};

/// A detached work tree of `commit` at `checkout`.
fn check_out(repo: &Path, checkout: &Path, commit: &str) {
    let at = checkout.to_str().unwrap();
    git(repo, &["worktree", "add", "-q", "--detach", at, commit]);
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has {from:?}", file.display());
    fs::write(file, text.replace(from, to)).unwrap();
}

/// A repository whose `team/` (the sample team) changes over three
/// commits, each exercising a walking rule; returns the commit ids, oldest
/// first, with their dates.
fn repository(repo: &Path) -> Vec<(String, &'static str)> {
    git(repo, &["init", "-q"]);
    let team = repo.join("team");
    copy_dir(Path::new("sample-team"), &team);
    let mut commits = Vec::new();
    let mut commit = |message: &str, date: &'static str| {
        commits.push((commit_all(repo, date, message), &date[..10]));
    };
    commit("the sample team", "2026-06-30T12:00:00Z");

    // Records edited, added, removed and broken; files the walk must pass
    // over (ignored, hidden, README, links out of the team or looping).
    edit(
        &team.join("platform/grace-kim.md"),
        "date: 2026-09-15",
        "date: 2026-09-29",
    );
    fs::write(
        team.join("platform/hana.md"),
        "---\nname: Hana Sato\nmanager: bob-okafor\nstrengths: [Statistics]\n---\n",
    )
    .unwrap();
    fs::remove_file(team.join("checkout/dev-patel.md")).unwrap();
    fs::write(team.join("checkout/broken.md"), "---\nname: [\n---\n").unwrap();
    fs::write(team.join(".gitignore"), "drafts/\n*.draft.md\n").unwrap();
    fs::create_dir_all(team.join("drafts")).unwrap();
    fs::write(team.join("drafts/x.md"), "---\nname: X\n---\n").unwrap();
    fs::write(team.join("idea.draft.md"), "---\nname: [\n---\n").unwrap();
    fs::create_dir_all(team.join(".archive")).unwrap();
    fs::write(team.join(".archive/old.md"), "---\nname: Old\n---\n").unwrap();
    fs::write(team.join("checkout/README.md"), "not a record\n").unwrap();
    fs::write(repo.join("outside.md"), "---\nname: Outside\n---\n").unwrap();
    std::os::unix::fs::symlink("../outside.md", team.join("escape.md")).unwrap();
    std::os::unix::fs::symlink("loop-b.md", team.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", team.join("loop-b.md")).unwrap();
    std::os::unix::fs::symlink("platform/hana.md", team.join("alias.md")).unwrap();
    fs::write(
        team.join("mastery.toml"),
        "[thresholds]\nfeedback_days = 20\n",
    )
    .unwrap();
    commit("edits", "2026-09-30T23:30:00Z");

    // The ignore rules change: what they hid is read again.
    fs::write(team.join(".gitignore"), "*.draft.md\n").unwrap();
    commit("drafts are records again", "2026-10-15T08:00:00Z");
    commits
}

/// `check --at REV` prints, finding for finding and byte for byte, what
/// `check` prints on a checkout of REV with the same as-of, in every
/// format; as-of defaults to REV's commit date; uncommitted edits and the
/// files of the work tree are never read.
#[test]
fn check_at_a_revision_equals_check_on_its_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let commits = repository(&repo);
    // The work tree moves on, uncommitted: none of this may be seen.
    edit(
        &repo.join("team/vision.md"),
        "team: Payments Platform",
        "team: Uncommitted",
    );
    fs::write(repo.join("team/late.md"), "---\nname: [\n---\n").unwrap();
    // `backdated-entry` included: entries REV itself added are judged as
    // a checkout of REV judges them (SPEC section 8).
    let config = dir.path().join("config.toml");
    let sample = fs::read_to_string("sample-team/mastery.toml").unwrap();
    let on = sample.replace("backdated-entry = \"allow\"", "backdated-entry = \"note\"");
    assert_ne!(on, sample, "the sample switches it off");
    fs::write(&config, on).unwrap();
    let config = config.to_str().unwrap();

    for (i, (commit, date)) in commits.iter().enumerate() {
        let checkout = dir.path().join(format!("checkout-{i}"));
        check_out(&repo, &checkout, commit);
        for format in ["human", "json", "github", "sarif"] {
            let at = run(
                &[
                    "check", "team", "--at", commit, "--format", format, "--config", config,
                ],
                &repo,
            );
            let there = run(
                &[
                    "check", "team", "--as-of", date, "--format", format, "--config", config,
                ],
                &checkout,
            );
            if i == 0 && format == "json" {
                // The first commit added the whole team, much of it dated
                // earlier: judged under `--at` as on the checkout.
                assert!(at.1.contains("\"backdated-entry\""), "{}", at.1);
            }
            assert_eq!(at.0, there.0, "exit code at commit {i}, {format}");
            assert_eq!(at.1, there.1, "output at commit {i}, {format}");
            assert_eq!(at.2, there.2, "messages at commit {i}, {format}");
        }
        let (_, json, _) = run(
            &["check", "team", "--at", commit, "--format", "json"],
            &repo,
        );
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["as_of"], *date, "as-of is the commit's date (UTC)");
        assert!(!json.to_string().contains("late.md"));
    }
    // The second commit's walk: what git has, by the work tree's rules.
    let second = ["check", "team", "--at", &commits[1].0, "--format", "json"];
    let (_, json, stderr) = run(&second, &repo);
    let paths: Vec<String> =
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_owned())
            .collect();
    for passed_over in [
        "drafts/x.md",
        "idea.draft.md",
        ".archive/old.md",
        "escape.md",
        "loop-a.md",
    ] {
        assert!(
            !paths.iter().any(|p| p == passed_over),
            "{passed_over} read: {paths:?}"
        );
    }
    assert!(paths.iter().any(|p| p == "checkout/broken.md"), "{paths:?}");
    assert!(
        stderr.contains("`escape.md`") && stderr.contains("outside the team folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`loop-a.md`") && stderr.contains("symlink loop"),
        "{stderr}"
    );
    // The third commit reads what the first ignored.
    let third = ["check", "team", "--at", &commits[2].0, "--format", "json"];
    let (_, json, _) = run(&third, &repo);
    assert!(json.contains("\"drafts/x.md\""), "{json}");
}

/// `build --at REV` writes the report a build of REV's checkout writes.
#[test]
fn build_at_a_revision_equals_build_of_its_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let commits = repository(&repo);
    let (commit, date) = &commits[1];
    let checkout = dir.path().join("checkout");
    check_out(&repo, &checkout, commit);
    let (at, there) = (dir.path().join("at"), dir.path().join("there"));
    let built = run(
        &["build", "team", "--at", commit, "-o", at.to_str().unwrap()],
        &repo,
    );
    let expected = run(
        &[
            "build",
            "team",
            "--as-of",
            date,
            "-o",
            there.to_str().unwrap(),
        ],
        &checkout,
    );
    assert_eq!(built.0, expected.0, "{}", built.2);
    assert_eq!(files(&at), files(&there));
}

#[test]
fn a_revision_outside_git_or_unknown_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("sample-team"), &dir.path().join("team"));
    let (code, _, stderr) = run(&["check", "team", "--at", "HEAD"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("is not in a git repository"), "{stderr}");

    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "team"]);
    let (code, _, stderr) = run(&["check", "team", "--at", "no-such-branch"], dir.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`no-such-branch` is not a revision"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", "nowhere", "--at", "HEAD"], dir.path());
    assert_eq!(code, 2, "{stderr}");
}

/// `--at` takes a date as `diff` does (the last commit by the end of that
/// day, checked as of that day), and `1on1` and `export` take it too.
#[test]
fn at_takes_a_date_and_every_reading_command_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let commits = repository(&repo);
    // 2026-09-30 ends with the "edits" commit, made at 23:30 that day.
    let (edits, day) = &commits[1];
    assert_eq!(*day, "2026-09-30");
    let by_date = run(
        &["check", "team", "--at", "2026-09-30", "--format", "json"],
        &repo,
    );
    let by_rev = run(
        &[
            "check",
            "team",
            "--at",
            edits,
            "--as-of",
            "2026-09-30",
            "--format",
            "json",
        ],
        &repo,
    );
    assert_eq!(by_date, by_rev);
    assert!(
        by_date.1.contains("\"as_of\": \"2026-09-30\""),
        "{}",
        by_date.1
    );
    // dev-patel left in that commit: still there a day before.
    let (code, csv, err) = run(&["export", "team", "--at", "2026-09-29"], &repo);
    assert_eq!(code, 0, "{err}");
    assert!(csv.contains("dev-patel"), "{csv}");
    let (_, csv, _) = run(&["export", "team", "--at", "2026-09-30"], &repo);
    assert!(!csv.contains("dev-patel"), "{csv}");
    let (code, agenda, err) = run(
        &["1on1", "dev-patel", "--dir", "team", "--at", "2026-09-29"],
        &repo,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        agenda.starts_with("# 1:1 with Dev Patel, 2026-09-29\n"),
        "{agenda}"
    );
    // Before the first commit there is nothing to read.
    let (code, _, err) = run(&["check", "team", "--at", "2026-01-01"], &repo);
    assert_eq!(code, 2);
    assert!(err.contains("2026-01-01"), "{err}");
}

/// Only "no repository" means no history; a repository that is there but
/// cannot be read is a warning naming the cause, never a silent change of
/// findings.
#[test]
fn an_unreadable_repository_is_a_warning_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    let repo = &dir.path().join("repo");
    one_member(repo);
    let check = ["check", "team", "--as-of", "2026-11-27"];
    let (_, out, err) = run(&check, repo);
    assert!(
        out.contains("note[backdated-entry]") && !err.contains("warning"),
        "{out}{err}"
    );
    // Outside any repository: no history, and nothing to warn about.
    let outside = dir.path().join("outside");
    copy_dir(&repo.join("team"), &outside);
    let (_, _, err) = run(&["check", "outside", "--as-of", "2026-11-27"], dir.path());
    assert!(err.is_empty(), "{err}");
    // A configuration git cannot parse: said, with the cause.
    fs::write(repo.join(".git/config"), "[core\nbroken").unwrap();
    let (code, out, err) = run(&check, repo);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("backdated-entry"), "{out}");
    assert!(
        err.starts_with("warning: going on without the repository's history")
            && err.contains("configuration could not be loaded"),
        "{err}"
    );
}

/// A commit whose committer time no calendar holds (written by a broken
/// tool) is read but dates nothing, the same way in every command, with
/// one warning; the rest of the history stays.
#[test]
fn a_commit_with_a_date_out_of_range_dates_nothing_and_is_said_once() {
    // Past any calendar, and past what git's own parser reads (u64::MAX).
    for time in ["99999999999999999", "18446744073709551615"] {
        a_commit_dated(time);
    }
}

fn a_commit_dated(time: &str) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    one_member(repo);
    let tree = crate::git_dated(repo, None, &["rev-parse", "HEAD^{tree}"]);
    let parent = crate::git_dated(repo, None, &["rev-parse", "HEAD"]);
    let object = format!(
        "tree {}\nparent {}\nauthor T <t@x> 1700000000 +0000\ncommitter T <t@x> {time} +0000\n\nfrom the future\n",
        tree.trim(),
        parent.trim()
    );
    let bad = {
        use std::io::Write as _;
        let mut child = std::process::Command::new("git")
            .args([
                "hash-object",
                "-t",
                "commit",
                "-w",
                "--stdin",
                "--literally",
            ])
            .current_dir(repo)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(object.as_bytes())
            .unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    git(repo, &["update-ref", "HEAD", bad.trim()]);
    fs::write(repo.join("team/b.md"), "---\nname: B\n---\n").unwrap();
    commit_all(repo, "2026-11-20T09:00:00Z", "b");
    for args in [
        vec!["check", "team", "--as-of", "2026-11-27"],
        vec!["build", "team", "--as-of", "2026-11-27", "-o", "out"],
    ] {
        let (code, out, err) = run(&args, repo);
        assert!(code < 2, "{args:?}: {err}");
        let warning = format!(
            "warning: 1 commit has a committer date out of any calendar's range ({}",
            &bad[..7]
        );
        assert_eq!(err.matches(&warning).count(), 1, "{args:?}: {err}");
        if args[0] == "check" {
            // The history before it still dates its entries.
            assert!(out.contains("feedback dated 2026-01-01 is 305 days before the commit that first held it, on 2026-11-02"), "{out}");
        }
    }
    // It is no day's commit: a date before every dated one names none.
    let (code, _, err) = run(&["check", "team", "--at", "1999-01-01"], repo);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no commit in HEAD's history is as old as 1999-01-01"),
        "{err}"
    );
    // Compared as a side of `diff`, it says so.
    let (code, _, err) = run(
        &[
            "diff",
            "--dir",
            "team",
            "HEAD~2",
            "HEAD~1",
            "--as-of",
            "2026-11-27",
        ],
        repo,
    );
    assert_eq!(code, 0, "{err}");
    let warning = format!("committer date out of any calendar's range ({}", &bad[..7]);
    assert_eq!(err.matches(&warning).count(), 1, "{err}");
}

/// A pack index cut short (`git log` says "index file … is too small"):
/// the history cannot be read, and every command says so, never as "no
/// commits yet" in silence.
#[test]
fn a_damaged_pack_is_a_warning_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    one_member(repo);
    git(repo, &["gc", "-q"]);
    let pack = repo.join(".git/objects/pack");
    let index = (fs::read_dir(&pack).unwrap().map(|e| e.unwrap().path()))
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .unwrap();
    let file = fs::OpenOptions::new().write(true).open(&index).unwrap();
    file.set_len(100).unwrap();
    for args in [
        vec!["check", "team", "--as-of", "2026-11-27"],
        vec!["build", "team", "--as-of", "2026-11-27", "-o", "out"],
    ] {
        let (code, _, err) = run(&args, repo);
        assert!(code < 2, "{args:?}: {err}");
        assert!(
            err.starts_with("warning: going on without the repository's history")
                && err.contains("cannot read the commit HEAD names"),
            "{args:?}: {err}"
        );
    }
    // A revision asked for by name: its objects cannot be read, which is
    // not the same as a name the repository lacks.
    for args in [
        vec!["check", "team", "--at", "HEAD"],
        vec!["diff", "--dir", "team", "HEAD"],
    ] {
        let (code, _, err) = run(&args, repo);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.starts_with(
                "error: cannot read `HEAD` from the repository, which may be damaged (`git fsck`"
            ),
            "{args:?}: {err}"
        );
    }
    let (_, _, err) = run(&["check", "team", "--at", "no-such-branch"], repo);
    assert!(
        err.starts_with("error: `no-such-branch` is not a revision"),
        "{err}"
    );
}

/// A repository at `repo` whose `team/` has one member, `a`, with
/// feedback of 2026-01-01 first committed on 2026-11-02.
pub fn one_member(repo: &Path) {
    fs::create_dir_all(repo.join("team")).unwrap();
    git(repo, &["init", "-q"]);
    fs::write(
        repo.join("team/vision.md"),
        "---\nteam: T\nstatement: S\noutcomes:\n  - id: o\n    title: O\n---\n",
    )
    .unwrap();
    fs::write(
        repo.join("team/a.md"),
        "---\nname: A\nfeedback:\n  - date: 2026-01-01\n---\n",
    )
    .unwrap();
    commit_all(repo, "2026-11-02T09:00:00Z", "a");
}

/// A file name that is not UTF-8 keeps its history, and two such names
/// that differ only in those bytes keep their own: history names files as
/// the work tree does.
#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_keep_their_history() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    one_member(repo);
    for (name, day) in [(&b"jos\xe9.md"[..], "03"), (b"jos\xe8.md", "05")] {
        fs::write(
            repo.join("team").join(std::ffi::OsStr::from_bytes(name)),
            format!("---\nname: J\nfeedback:\n  - date: 2026-01-{day}\n---\n"),
        )
        .unwrap();
    }
    commit_all(repo, "2026-11-10T09:00:00Z", "j");
    let (_, json, err) = run(
        &["check", "team", "--as-of", "2026-11-27", "--format", "json"],
        repo,
    );
    let document: serde_json::Value = serde_json::from_str(&json).expect(&err);
    let backdated: Vec<(String, String)> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "backdated-entry")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (path, day) in [("jos\\xE9.md", "03"), ("jos\\xE8.md", "05")] {
        let expected = format!(
            "feedback dated 2026-01-{day} is {} days before the commit that first held it, on 2026-11-10",
            if day == "03" { 311 } else { 309 }
        );
        assert!(
            backdated
                .iter()
                .any(|(p, m)| p == path && m.starts_with(&expected)),
            "{path}: {backdated:?}"
        );
    }
    // The timeline of each says when its record came in.
    let (code, _, err) = run(
        &["build", "team", "--as-of", "2026-11-27", "-o", "out"],
        repo,
    );
    assert!(code < 2, "{err}");
    let page = fs::read_to_string(repo.join("out/members/jos-xE9.html")).unwrap();
    assert!(
        page.contains(r#"<time datetime="2026-11-10">2026-11-10</time> Joined the team"#),
        "no timeline on the page"
    );
}
