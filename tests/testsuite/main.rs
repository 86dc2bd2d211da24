//! End-to-end tests of the `mastery` binary, all in one test binary.

mod attacks;
mod browser;
mod ci;
mod cli;
mod diff;
mod export;
mod guarantees;
mod history;
mod lsp;
mod output;
mod packaging;
mod private;
mod private_history;
mod readme;
mod record;
mod report;
mod sub_teams;
mod timeline;
mod watch;

use std::path::Path;

use snapbox::cmd::{Command, cargo_bin};

/// The binary, with a clean colour environment, and the fixtures kept out
/// of this project's own repository (whose history would otherwise be
/// theirs); tests that want history make repositories of their own.
pub fn mastery() -> Command {
    Command::new(cargo_bin!("mastery"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env(
            "GIT_CEILING_DIRECTORIES",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
        )
}

/// `mastery ARGS` run in `dir`: (exit code, stdout, stderr).
pub fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let output = mastery().args(args).current_dir(dir).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file under `dir` (relative path, contents), sorted.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// mastery's staging and set-aside folders left in `dir`.
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".mastery-new") || n.contains(".mastery-old"))
        .collect()
}

/// An organisation in `dir/org`: a vision with the one outcome `o`, and
/// `count` members, `member(i)` giving each one's folder and record text
/// (written as `FOLDER/p{i}.md`). Returns the team folder.
pub fn organisation(
    dir: &Path,
    count: usize,
    member: impl Fn(usize) -> (String, String),
) -> std::path::PathBuf {
    let team = dir.join("org");
    std::fs::create_dir_all(&team).unwrap();
    std::fs::write(
        team.join("vision.md"),
        "---\nteam: Org\nstatement: S\noutcomes:\n  - id: o\n    title: O\n---\n",
    )
    .unwrap();
    for i in 0..count {
        let (folder, text) = member(i);
        std::fs::create_dir_all(team.join(&folder)).unwrap();
        std::fs::write(team.join(folder).join(format!("p{i}.md")), text).unwrap();
    }
    team
}

/// Copy a folder tree (a team) to a scratch place.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Run git in `repo` with a fixed identity; commits are dated `date`
/// (RFC 3339) when given.
pub fn git_dated(repo: &Path, date: Option<&str>, args: &[&str]) -> String {
    let mut command = std::process::Command::new("git");
    command
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(repo);
    if let Some(date) = date {
        command
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Commit everything in `repo`, dated `date` (RFC 3339); returns the
/// commit's id.
pub fn commit_all(repo: &Path, date: &str, message: &str) -> String {
    git(repo, &["add", "-A"]);
    git_dated(repo, Some(date), &["commit", "-q", "-m", message]);
    git_dated(repo, None, &["rev-parse", "HEAD"])
        .trim()
        .to_owned()
}

/// Run git in `repo` with a fixed identity.
pub fn git(repo: &Path, args: &[&str]) {
    git_dated(repo, None, args);
}

/// The `(path, rule)` of each finding of a `check --format json` document.
pub fn paths_and_rules(document: &serde_json::Value) -> Vec<(String, String)> {
    document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
