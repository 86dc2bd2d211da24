//! The attacks that once lost or leaked data, replayed end to end: each
//! test failed before its fix.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{copy_dir, files, leftovers, mastery, run};

#[test]
fn an_out_through_a_missing_folder_never_deletes_the_team() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("sample-team"), &dir.path().join("team"));
    fs::write(dir.path().join("team/keep.txt"), "mine").unwrap();
    fs::create_dir(dir.path().join("victim")).unwrap();
    fs::write(dir.path().join("victim/keep.txt"), "mine").unwrap();
    let before = files(dir.path());
    for (command, out) in [
        ("build", "typo/../team"),
        ("build", "team/."),
        ("build", "./team/"),
        ("build", "a/b/../../team"),
        ("build", "nx/../victim"),
        ("watch", "typo/../team"),
    ] {
        let (code, _, stderr) = run(&[command, "team", "-o", out], dir.path());
        assert_eq!(code, 2, "{command} -o {out}: {stderr}");
        assert!(stderr.contains("refusing"), "{command} -o {out}: {stderr}");
        assert_eq!(
            files(dir.path()),
            before,
            "{command} -o {out} changed files"
        );
        for folder in ["typo", "nx", "a"] {
            assert!(
                !dir.path().join(folder).exists(),
                "{command} -o {out} created {folder}"
            );
        }
    }
}

/// A team large enough that builds overlap.
fn big_team(root: &Path, members: usize) {
    fs::create_dir_all(root).unwrap();
    fs::write(
        root.join("vision.md"),
        "---\nteam: Org\nstatement: S\n---\n",
    )
    .unwrap();
    for i in 0..members {
        fs::write(
            root.join(format!("p{i}.md")),
            format!("---\nname: Person {i}\nstrengths: [a]\ngrowth_areas: [b]\n---\nNotes.\n"),
        )
        .unwrap();
    }
}

/// `mastery build --quiet --as-of AS_OF -o OUT TEAM`, to spawn.
fn build_command(team: &Path, out: &Path, as_of: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mastery"));
    command
        .args(["build", "--quiet", "--as-of", as_of, "-o"])
        .arg(out)
        .arg(team);
    command
}

#[test]
fn builds_into_one_out_at_once_never_mix() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    big_team(&team, 400);
    let out = dir.path().join("report");
    for round in 0..6 {
        let children: Vec<_> = ["2026-11-27", "2026-12-31"]
            .iter()
            .map(|as_of| build_command(&team, &out, as_of).spawn().unwrap())
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success(), "round {round}");
        }
        let pages = files(&out);
        // The members', the overview, the style, the manifest, the one
        // sub-team's page and the page of all sub-teams.
        assert_eq!(pages.len(), 400 + 5, "round {round}: a whole report");
        let dates: std::collections::BTreeSet<&str> = pages
            .iter()
            .filter(|(name, _)| name.ends_with(".html"))
            .map(|(_, bytes)| {
                let text = std::str::from_utf8(bytes).unwrap();
                let at = text.find("As of <time datetime=\"").unwrap() + 22;
                &text[at..at + 10]
            })
            .collect();
        assert_eq!(
            dates.len(),
            1,
            "round {round}: pages of two builds: {dates:?}"
        );
    }
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn readers_never_find_the_report_missing_while_it_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    big_team(&team, 200);
    let out = dir.path().join("report");
    let build = || {
        let status = build_command(&team, &out, "2026-11-27").status().unwrap();
        assert!(status.success());
    };
    build();
    let done = std::sync::atomic::AtomicBool::new(false);
    let (reads, misses) = std::thread::scope(|scope| {
        let poller = scope.spawn(|| {
            let (mut reads, mut misses) = (0, 0);
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                reads += 1;
                if fs::read(out.join("index.html")).is_err() {
                    misses += 1;
                }
            }
            (reads, misses)
        });
        for _ in 0..8 {
            build();
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        poller.join().unwrap()
    });
    assert!(reads > 100, "the poller ran ({reads} reads)");
    assert_eq!(
        misses, 0,
        "index.html missing {misses} times in {reads} reads"
    );
}

#[cfg(unix)]
#[test]
fn files_linked_out_of_the_team_are_not_read() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    // A .gitignore that never ends, and one outside the team: not read.
    symlink("/dev/zero", team.join(".gitignore")).unwrap();
    symlink("/dev/zero", team.join("platform/.gitignore")).unwrap();
    let output = mastery()
        .args(["check", "--as-of", "2026-11-27"])
        .arg(&team)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("note: skipped `.gitignore`"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("7 members"), "{stdout}");

    // A configuration linked to the environment (tokens included) or to
    // /dev/zero: refused, nothing of it printed.
    for target in ["/proc/self/environ", "/dev/zero"] {
        let _ = fs::remove_file(team.join("mastery.toml"));
        symlink(target, team.join("mastery.toml")).unwrap();
        let output = mastery()
            .args(["check", "--as-of", "2026-11-27"])
            .arg(&team)
            .env("MASTERY_TEST_TOKEN", "hunter2-secret")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{target}");
        let all = [output.stdout, output.stderr].concat();
        let all = String::from_utf8_lossy(&all);
        assert!(!all.contains("hunter2-secret"), "{all}");
        assert!(all.contains("symlink"), "{all}");
    }
    // Given with --config, it must still be a small regular file.
    for target in ["/dev/zero", "/proc/self/environ"] {
        let output = mastery()
            .args(["check", "--config", target])
            .arg(&team)
            .env("MASTERY_TEST_TOKEN", "hunter2-secret")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{target}");
        let all = [output.stdout, output.stderr].concat();
        assert!(!String::from_utf8_lossy(&all).contains("hunter2-secret"));
    }
    // A vision.md linked out of the team is not read either.
    let outside = dir.path().join("vision.md");
    fs::rename(team.join("vision.md"), &outside).unwrap();
    symlink(&outside, team.join("vision.md")).unwrap();
    fs::remove_file(team.join("mastery.toml")).unwrap();
    let output = mastery()
        .args(["check", "--format", "json"])
        .arg(&team)
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(json.contains("\"missing-vision\""), "{json}");
}

#[test]
fn a_toml_error_quotes_one_line_at_most() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let secret = "token = \"SECRET-ON-ANOTHER-LINE\"";
    fs::write(
        team.join("mastery.toml"),
        format!(
            "{secret}\n[thresholds]\nfeedback_days = \"{}\n",
            "x".repeat(500)
        ),
    )
    .unwrap();
    let (code, _, stderr) = run(&["check", "team"], dir.path());
    assert_eq!(code, 2);
    assert!(!stderr.contains("SECRET-ON-ANOTHER-LINE"), "{stderr}");
    assert!(stderr.len() < 600, "{stderr}");
}

#[test]
fn the_largest_file_limit_does_not_wrap_to_zero() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("sample-team"), &dir.path().join("team"));
    let (_, before, _) = run(
        &["check", "--as-of", "2026-11-27", "--format", "json", "team"],
        dir.path(),
    );
    fs::write(
        dir.path().join("team/mastery.toml"),
        "[limits]\nmax_file_bytes = 18446744073709551615\n",
    )
    .unwrap();
    let (code, after, stderr) = run(
        &["check", "--as-of", "2026-11-27", "--format", "json", "team"],
        dir.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(after, before);
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_distinct_and_escape_free() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    for name in [&b"jos\xe9.md"[..], b"jos\xe8.md", b"x\x1b[31my.md"] {
        fs::write(
            team.join(std::ffi::OsStr::from_bytes(name)),
            "---\nname: [\n---\n",
        )
        .unwrap();
    }
    let (_, json, _) = run(
        &["check", "--as-of", "2026-11-27", "--format", "json", "team"],
        dir.path(),
    );
    assert!(!json.contains("duplicate-id"), "{json}");
    assert!(json.contains(r#""path": "jos\\xE9.md""#), "{json}");
    assert!(json.contains(r#""path": "jos\\xE8.md""#), "{json}");
    let (_, human, _) = run(&["check", "--as-of", "2026-11-27", "team"], dir.path());
    assert!(
        !human.contains('\u{1b}'),
        "a raw escape reached the terminal"
    );
    assert!(human.contains("x\\u{1b}[31my.md"), "{human}");
}

#[cfg(target_os = "linux")]
#[test]
#[ignore = "switches to the user nobody: needs root"]
fn an_unreadable_folder_is_a_finding() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let binary = dir.path().join("mastery");
    fs::copy(env!("CARGO_BIN_EXE_mastery"), &binary).unwrap();
    fs::set_permissions(team.join("checkout"), fs::Permissions::from_mode(0o000)).unwrap();
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&binary)
        .args(["check", "--as-of", "2026-11-27", "--format", "json"])
        .arg(&team)
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{json}");
    assert!(json.contains(r#""path": "checkout""#), "{json}");
    assert!(json.contains("the folder cannot be read"), "{json}");
}

/// Record text never reaches the terminal raw: a name, a goal title and
/// a note holding terminal escapes are escaped by every command that
/// prints them, and Markdown in them reads as text in the agenda.
#[test]
fn record_text_with_terminal_escapes_is_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    fs::write(
        team.join("eve.md"),
        "---\nname: \"Eve\\e]0;pwned\\a\\e[2J <img src=x>\"\nlearning:\n  - goal: \"Go\\e[31m\"\n    updated: 2026-11-01\nfeedback:\n  - date: 2026-11-20\n    note: \"[click](http://x) \\e[5m\"\n---\nTODO: ask about \\e[?25l\n",
    )
    .unwrap();
    for args in [
        vec!["1on1", "eve", "--as-of", "2026-11-27"],
        vec![
            "goal",
            "eve",
            "Go",
            "--progress",
            "50",
            "--as-of",
            "2026-11-27",
        ],
        vec!["export", "--as-of", "2026-11-27"],
        vec!["check", "--as-of", "2026-11-27"],
    ] {
        let (code, out, err) = run(&args, team);
        assert!(code < 2, "{args:?}: {err}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{args:?}: {out:?}"
        );
        assert!(!err.contains('\u{1b}'), "{args:?}: {err:?}");
    }
    let (_, agenda, _) = run(&["1on1", "eve", "--as-of", "2026-11-27"], team);
    assert!(agenda.contains("\\<img src=x\\>"), "{agenda}");
    assert!(agenda.contains("\\[click\\](http://x)"), "{agenda}");
}
