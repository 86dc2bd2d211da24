//! What SECURITY.md promises, each held by a test: no secret key is ever
//! printed, private text stays out of the repository and of files others
//! can read, and what mastery writes gets the mode the umask gives.

use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;

use crate::{commit_all, git, mastery};

/// Every file below `dir`, read as text (lossily).
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                found.push((path, text));
            }
        }
    }
    found
}

/// The first line of an OpenSSH private key's body, and one from its
/// middle: neither may be printed.
const PEM: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBQKvUSEPzdiQUcSTQlnKJZLoDpKSOQxGOZVYbmFvEXAMPLEMIDDLE=\n-----END OPENSSH PRIVATE KEY-----\n";
const PEM_MIDDLE: &str = "QyNTUxOQAAACBQKvUSEPzdiQUcSTQlnKJZLoDpKSOQxGOZVYbmFvEXAMPLEMIDDLE";

/// A secret key pasted in each place a hurried person pastes one, and
/// every command's output (streams and files) searched for it.
#[test]
fn a_secret_key_is_never_printed_wherever_it_was_pasted() {
    let identity = age::x25519::Identity::generate();
    let secret = identity.to_string().expose_secret().to_owned();
    let public = identity.to_public().to_string();
    // What gives a key away: its data, in either case.
    let data = secret.strip_prefix("AGE-SECRET-KEY-1").unwrap().to_owned();
    let lower = secret.to_lowercase();
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("team");
    std::fs::create_dir(&dir).unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    write("vision.md", "---\nteam: T\nstatement: S\n---\n".into());
    // Not a list.
    write("lead.md", format!("---\nname: Lead\nkeys: {secret}\n---\n"));
    // Under a misspelt key.
    write("eve.md", format!("---\nname: Eve\nkey: [{secret}]\n---\n"));
    // Lowercase, in a list.
    write(
        "zed.md",
        format!("---\nname: Zed\nkeys: [{public}, {lower}]\n---\n"),
    );
    // On a line the YAML parser stops at.
    write(
        "ann.md",
        format!("---\nname: Ann\nmanager: lead\nnote: [{secret}\n---\n"),
    );
    // A private key block in the notes, and one pasted as a value.
    let indented = PEM.lines().map(|l| format!("  {l}\n")).collect::<String>();
    write(
        "bo.md",
        format!(
            "---\nname: Bo\nmanager: lead\nkeys: |\n{indented}---\nMy key, for safe keeping:\n\n{PEM}"
        ),
    );
    // In a value every output shows, and as a file's name.
    write(
        "cy.md",
        format!("---\nname: Cy\nrole: Staff {secret}\n---\n"),
    );
    write(
        &format!("{lower}.md"),
        "---\nname: Named after a key\n---\n".into(),
    );
    git(&dir, &["init", "-q"]);
    commit_all(&dir, "2026-11-01T10:00:00Z", "Team");
    let report = scratch.path().join("report");
    let export = scratch.path().join("export.json");
    let key_file = scratch.path().join("key.txt");
    std::fs::write(
        &key_file,
        format!("# created: 2026-11-01\n# public key: {public}\n{secret}\n"),
    )
    .unwrap();
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    let report_arg = report.display().to_string();
    let export_arg = export.display().to_string();
    let csv_arg = scratch.path().join("export.csv").display().to_string();
    let runs: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["check", "."], None),
        (vec!["check", ".", "--format", "json"], None),
        (vec!["check", ".", "--format", "github"], None),
        (vec!["check", ".", "--format", "sarif"], None),
        (vec!["check", ".", "--fix", "--diff"], None),
        (vec!["build", ".", "-o", &report_arg], None),
        (
            vec!["export", ".", "--format", "json", "-o", &export_arg],
            None,
        ),
        (vec!["export", "."], None),
        (vec!["export", ".", "-o", &csv_arg], None),
        (vec!["check", ".", "--as-of", &secret], None),
        (vec![&secret], None),
        (vec!["1on1", "bo"], None),
        (vec!["diff", "HEAD"], None),
        (vec!["unseal", "bo"], Some(&key_text)),
        (vec!["unseal", "bo"], Some(&lower)),
        (vec!["unseal", "bo"], Some("AGE-SECRET-KEY-1QQQQQQ")),
        (
            vec!["build", ".", "-o", &report_arg, "--include-private"],
            Some(&key_text),
        ),
        (vec!["reseal", "."], Some(&lower)),
        (vec!["seal", "."], None),
    ];
    for (args, environment) in runs {
        let mut command = mastery()
            .current_dir(&dir)
            .env("HOME", scratch.path())
            .env_remove("MASTERY_IDENTITY")
            .args(&args);
        if let Some(value) = environment {
            command = command.env("MASTERY_IDENTITY", value);
        }
        let output = command.output().unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !printed.to_uppercase().contains(&data.to_uppercase())
                && !printed.contains(PEM_MIDDLE)
                && !printed.contains("b3BlbnNzaC1rZXktdjE"),
            "mastery {args:?} printed a secret key:\n{printed}"
        );
        for (path, text) in texts(scratch.path())
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&dir) && *p != key_file)
        {
            let named = path.to_string_lossy().to_uppercase();
            assert!(
                !text.to_uppercase().contains(&data.to_uppercase())
                    && !text.contains(PEM_MIDDLE)
                    && !named.contains(&data.to_uppercase()),
                "mastery {args:?} wrote a secret key into {}",
                path.display()
            );
        }
    }
    // MASTERY_IDENTITY holding a key file's text or a lowercase key is
    // read as the key it is; one that is neither a key nor a file is
    // refused without being quoted.
    let unseal = |value: &str| {
        let output = (mastery().current_dir(&dir))
            .env("MASTERY_IDENTITY", value)
            .args(["unseal", "bo"])
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert_eq!(unseal(&key_text).0, Some(0));
    assert_eq!(unseal(&lower).0, Some(0));
    let (code, err) = unseal("AGE-SECRET-KEY-1QQQQQQ");
    assert!(
        code == Some(2) && err.contains("MASTERY_IDENTITY") && !err.contains("QQQQQQ"),
        "{err}"
    );
    // The configuration.
    write(
        "mastery.toml",
        format!("[private]\nrecipients = [\"{secret}\"]\n"),
    );
    let output = mastery()
        .current_dir(&dir)
        .args(["check", "."])
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(2), "{printed}");
    assert!(
        !printed.to_uppercase().contains(&data.to_uppercase()),
        "{printed}"
    );
}

/// `mastery ARGS` in `dir` under umask 022: (exit code, stdout, stderr).
fn under_umask(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let binary = snapbox::cmd::cargo_bin!("mastery");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(binary)
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("MASTERY_IDENTITY")
        .env("HOME", dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What mastery writes others may read as the umask says; what holds
/// private text, only its owner.
#[cfg(unix)]
#[test]
fn files_get_the_umask_s_mode_and_private_ones_their_owner_s() {
    let scratch = tempfile::tempdir().unwrap();
    let team = scratch.path().join("team");
    crate::copy_dir(Path::new("sample-team"), &team);
    let out = |name: &str| scratch.path().join(name).display().to_string();
    let run = |args: &[&str]| {
        let (code, stdout, stderr) = under_umask(&team, args);
        assert!(code <= 1, "{args:?}: {stdout}{stderr}");
    };
    run(&["build", ".", "-o", &out("report"), "--no-history"]);
    run(&["export", ".", "-o", &out("team.csv")]);
    run(&["1on1", "alice-chen", "-o", &out("agenda.md")]);
    run(&["new", "sam-lee", "--dir", "."]);
    assert_eq!(mode(&scratch.path().join("report/index.html")), 0o644);
    assert_eq!(
        mode(&scratch.path().join("report/members/alice-chen.html")),
        0o644
    );
    assert_eq!(mode(&scratch.path().join("report")), 0o755);
    assert_eq!(mode(&scratch.path().join("team.csv")), 0o644);
    assert_eq!(mode(&scratch.path().join("agenda.md")), 0o644);
    assert_eq!(mode(&team.join("sam-lee.md")), 0o644);
    // With private entries: the owner's alone.
    run(&[
        "export",
        ".",
        "--format",
        "json",
        "--include-private",
        "-o",
        &out("private.json"),
    ]);
    run(&[
        "1on1",
        "alice-chen",
        "--include-private",
        "-o",
        &out("private.md"),
    ]);
    run(&[
        "build",
        ".",
        "-o",
        &out("private"),
        "--include-private",
        "--no-history",
    ]);
    assert_eq!(mode(&scratch.path().join("private.json")), 0o600);
    assert_eq!(mode(&scratch.path().join("private.md")), 0o600);
    assert_eq!(mode(&scratch.path().join("private")), 0o700);
}

/// Private text never lands where a commit takes it, and a report that
/// shows it says so, with what it could and could not open.
#[test]
fn private_outputs_stay_out_of_the_team_and_say_what_they_hold() {
    let scratch = tempfile::tempdir().unwrap();
    let team = scratch.path().join("team");
    crate::copy_dir(Path::new("sample-team"), &team);
    git(&team, &["init", "-q"]);
    for args in [
        vec!["1on1", "alice-chen", "--include-private", "-o", "agenda.md"],
        vec!["1on1", "alice-chen", "-o", "agenda.md"],
        vec!["build", ".", "--include-private"],
        vec!["build", ".", "--include-private", "-o", "../team/x"],
        vec![
            "export",
            ".",
            "--format",
            "json",
            "--include-private",
            "-o",
            "x.json",
        ],
    ] {
        let (code, _, err) = under_umask(&team, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("refusing to write"), "{err}");
    }
    assert!(!team.join("agenda.md").exists() && !team.join("report").exists());
    // A long-running process never shows private entries.
    for command in ["watch", "serve"] {
        let (code, _, err) = under_umask(&team, &[command, ".", "--include-private"]);
        assert_eq!(code, 2, "{err}");
    }
    // Outside: every page opens with what it shows.
    let report = scratch.path().join("private");
    let (code, _, err) = under_umask(
        &team,
        &[
            "build",
            ".",
            "-o",
            &report.display().to_string(),
            "--include-private",
            "--no-history",
        ],
    );
    assert!(code <= 1, "{err}");
    for (path, page) in texts(&report)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "html"))
    {
        let notice = page
            .find("class=\"private-notice\"")
            .unwrap_or_else(|| panic!("{}", path.display()));
        assert!(
            notice < page.find("<main").unwrap(),
            "at the top: {}",
            path.display()
        );
        assert!(
            page.contains("0 opened from their seals"),
            "no identity opens none: {}",
            path.display()
        );
    }
}

/// `check --fix` names what it fixed, never the author or words of a
/// private entry it fixed.
#[test]
fn fixes_inside_a_private_entry_say_nothing_of_it() {
    let scratch = tempfile::tempdir().unwrap();
    let team = scratch.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    std::fs::write(team.join("zed.md"), "---\nname: Zed Quill\n---\n").unwrap();
    std::fs::write(
        team.join("ann.md"),
        "---\nname: Ann\nfeedback:\n  - from: Zed Quill\n    readers: [Zed Quill]\n    date: 2026-11-02\n    nte: SECRETWORDS\n    private: true\n---\n",
    )
    .unwrap();
    // What the fixes print (the findings after them quote Zed's own file).
    let said = |out: String, err: String| -> String {
        let lines = format!("{out}{err}");
        let fixes = lines.lines().filter(|l| {
            ["fixed ", "would fix ", "-", "+", "@@"]
                .iter()
                .any(|p| l.starts_with(p))
        });
        fixes.collect::<Vec<_>>().join("\n")
    };
    let (_, out, err) = under_umask(&team, &["check", ".", "--fix", "--diff"]);
    let printed = said(out, err);
    assert!(
        printed.contains("-(a line of a private entry, not shown)"),
        "{printed}"
    );
    assert!(
        !printed.contains("Zed Quill")
            && !printed.contains("SECRETWORDS")
            && !printed.contains("from:"),
        "{printed}"
    );
    let (_, out, err) = under_umask(&team, &["check", ".", "--fix"]);
    let printed = said(out, err);
    assert!(
        printed.contains("made a certain fix inside a private entry (not shown)"),
        "{printed}"
    );
    assert!(
        !printed.contains("Zed Quill") && !printed.contains("SECRETWORDS"),
        "{printed}"
    );
    let fixed = std::fs::read_to_string(team.join("ann.md")).unwrap();
    assert!(
        fixed.contains("    readers: [zed]\n") && fixed.contains("from: Zed Quill"),
        "{fixed}"
    );
}
