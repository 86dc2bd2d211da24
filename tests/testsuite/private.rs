//! Sealed private entries (SPEC section 10), end to end: what `mastery`
//! seals opens for its readers only, with the reference `age` tool too,
//! and no private note, author or kind is left readable in the tree, the
//! repository, the caches or any output.

use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use snapbox::cmd::Command;

use crate::{commit_all, git, mastery};

/// A note no output may hold.
pub(crate) const NOTE: &str = "PRIVATENOTE-quietly struggling";
/// An author and a kind no output may name for a private entry.
pub(crate) const AUTHOR: &str = "zed";

/// A scratch team: `lead` (age key) manages `ann` and `zed` (ssh-ed25519
/// key); `eve` has a key but reads nothing. Keys live outside the team.
pub(crate) struct Team {
    _scratch: tempfile::TempDir,
    pub(crate) dir: PathBuf,
    pub(crate) keys: PathBuf,
}

impl Team {
    pub(crate) fn new() -> Team {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().join("team");
        let keys = scratch.path().join("keys");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&keys).unwrap();
        let lead = age_identity(&keys.join("lead.txt"));
        let eve = age_identity(&keys.join("eve.txt"));
        let zed = ssh_identity(&keys.join("zed"));
        let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
        write(
            "vision.md",
            "---\nteam: T\nstatement: S\noutcomes:\n  - id: o\n    title: O\n---\n".to_owned(),
        );
        write("lead.md", format!("---\nname: Lead\nkeys: [{lead}]\n---\n"));
        write("eve.md", format!("---\nname: Eve\nkeys: [{eve}]\n---\n"));
        write(
            "zed.md",
            format!("---\nname: Zed\nmanager: lead\nkeys:\n  - {zed}\n---\n"),
        );
        write(
            "ann.md",
            "---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-10-01\n    from: lead\n    kind: praise\n    note: Public praise\n---\nAnn's notes.\n"
                .to_owned(),
        );
        Team {
            _scratch: scratch,
            dir,
            keys,
        }
    }

    /// `mastery ARGS` in the team folder, with no identity from the
    /// environment or a home folder: (exit code, stdout, stderr).
    pub(crate) fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_in(self.command(), args)
    }

    pub(crate) fn command(&self) -> Command {
        mastery()
            .current_dir(&self.dir)
            .env("HOME", self.keys.join("home"))
            .env_remove("MASTERY_IDENTITY")
    }

    pub(crate) fn run_in(&self, command: Command, args: &[&str]) -> (i32, String, String) {
        let output = command.args(args).output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    pub(crate) fn key(&self, name: &str) -> String {
        self.keys.join(name).display().to_string()
    }

    pub(crate) fn record(&self, id: &str) -> String {
        std::fs::read_to_string(self.dir.join(format!("{id}.md"))).unwrap()
    }

    /// Log the private feedback from `zed` for `ann`, the note on stdin.
    pub(crate) fn log_private(&self) {
        let command = self.command().stdin(format!("{NOTE}\n"));
        let (code, out, err) = self.run_in(
            command,
            &[
                "log",
                "feedback",
                "ann",
                "--from",
                AUTHOR,
                "--kind",
                "growth",
                "--private",
                "-",
                "--date",
                "2026-11-20",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.is_empty(), "sealed without a word: {err}");
    }
}

/// A new age identity written to `path`; its public key.
fn age_identity(path: &Path) -> String {
    let identity = age::x25519::Identity::generate();
    std::fs::write(path, format!("{}\n", identity.to_string().expose_secret())).unwrap();
    identity.to_public().to_string()
}

/// A new unencrypted OpenSSH ed25519 key at `path` (by ssh-keygen); its
/// public line.
fn ssh_identity(path: &Path) -> String {
    ssh_keygen(path, "ed25519", "");
    std::fs::read_to_string(path.with_extension("pub"))
        .unwrap()
        .trim()
        .to_owned()
}

/// A new OpenSSH key of `kind` at `path`, locked by `passphrase` unless
/// it is empty.
fn ssh_keygen(path: &Path, kind: &str, passphrase: &str) {
    let status = std::process::Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            kind,
            "-N",
            passphrase,
            "-C",
            "someone@laptop",
            "-f",
        ])
        .arg(path)
        .status()
        .expect("ssh-keygen (openssh-client) is installed");
    assert!(status.success());
}

/// The armored age file of the first sealed entry of `record`.
fn armor(record: &str) -> String {
    let lines: Vec<&str> = record
        .lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with("-----BEGIN AGE"))
        .collect();
    let end = lines
        .iter()
        .position(|l| l.starts_with("-----END AGE"))
        .unwrap();
    lines[..=end].join("\n") + "\n"
}

/// Run the reference `age` tool: (success, stdout).
fn age_tool(args: &[&str], input: &str) -> (bool, String) {
    use std::io::Write as _;
    let mut child = std::process::Command::new("age")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("Debian's age is installed (.ci/run installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn log_private_seals_for_the_readers_only() {
    let team = Team::new();
    team.log_private();
    let record = team.record("ann");
    assert!(
        !record.contains(NOTE) && !record.contains("growth"),
        "{record}"
    );
    assert!(
        record.contains("    private: true\n    readers: [zed, lead]\n    sealed: |\n"),
        "{record}"
    );
    // Every other byte stays.
    assert!(
        record.ends_with("    note: Public praise\n---\nAnn's notes.\n"),
        "{record}"
    );
    // The author and the manager open it; Eve, with a key, does not.
    for reader in ["lead.txt", "zed"] {
        let (code, out, err) = team.run(&["unseal", "ann", "--identity", &team.key(reader)]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains(&format!("- 2026-11-20 feedback (growth) from zed: {NOTE}")),
            "{reader}: {out}"
        );
    }
    let (_, out, err) = team.run(&["unseal", "ann", "--identity", &team.key("eve.txt")]);
    assert!(
        out.contains("- 2026-11-20 feedback: sealed for other readers") && !out.contains(NOTE),
        "{out}"
    );
    assert!(err.contains("1 is sealed for other readers"), "{err}");
    // Checking needs no identity and finds nothing to say about it.
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "--format", "json", "."]);
    for rule in [
        "unsealed-private",
        "reader-without-key",
        "unreadable-sealed",
    ] {
        assert!(!out.contains(rule), "{rule}: {out}");
    }
}

#[test]
fn log_support_private_seals_what_was_given() {
    let team = Team::new();
    let command = team.command().stdin("PRIVATENOTE leave of absence\n");
    let (code, out, err) = team.run_in(
        command,
        &[
            "log",
            "support",
            "ann",
            "-",
            "--private",
            "--date",
            "2026-11-21",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "added private support (2026-11-21) to ann.md\n");
    let record = team.record("ann");
    assert!(!record.contains("PRIVATENOTE"), "{record}");
    assert!(
        record.contains("support:\n  - date: 2026-11-21\n    private: true\n    readers: [lead]\n"),
        "{record}"
    );
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("lead.txt")]);
    assert!(
        out.contains("- 2026-11-21 support: PRIVATENOTE leave of absence"),
        "{out}"
    );
    // Support has no author: its readers are the manager's, nobody else's.
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("zed")]);
    assert!(
        out.contains("- 2026-11-21 support: sealed for other readers"),
        "{out}"
    );
}

#[test]
#[ignore = "needs Debian's age (.ci/run installs it)"]
fn the_reference_age_tool_opens_what_mastery_seals() {
    let team = Team::new();
    team.log_private();
    let sealed = armor(&team.record("ann"));
    for reader in ["lead.txt", "zed"] {
        let (opened, payload) = age_tool(&["-d", "-i", &team.key(reader)], &sealed);
        assert!(opened, "{reader}");
        assert_eq!(
            payload,
            format!(
                "readers: [zed, lead]\nmember: ann\nlist: feedback\ndate: 2026-11-20\n\
                 from: zed\nkind: growth\nnote: {NOTE}\n"
            )
        );
    }
    let (opened, payload) = age_tool(&["-d", "-i", &team.key("eve.txt")], &sealed);
    assert!(!opened && payload.is_empty());
}

#[test]
#[ignore = "needs Debian's age (.ci/run installs it)"]
fn mastery_opens_what_the_reference_age_tool_seals() {
    let team = Team::new();
    let zed = std::fs::read_to_string(team.keys.join("zed.pub")).unwrap();
    let lead = team.record("lead");
    let lead = lead
        .split("keys: [")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap()
        .to_owned();
    for (recipient, identity) in [(lead.as_str(), "lead.txt"), (zed.trim(), "zed")] {
        let (sealed, armored) = age_tool(
            &["-a", "-r", recipient],
            "from: lead\nkind: review\nnote: Sealed by age\n",
        );
        assert!(sealed);
        let indented: String = armored.lines().map(|l| format!("      {l}\n")).collect();
        std::fs::write(
            team.dir.join("ann.md"),
            format!("---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-11-02\n    private: true\n    readers: [lead, zed]\n    sealed: |\n{indented}---\n"),
        )
        .unwrap();
        let (code, out, err) = team.run(&["unseal", "ann", "--identity", &team.key(identity)]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("- 2026-11-02 feedback (review) from lead: Sealed by age"),
            "{identity}: {out}{err}"
        );
        // Sealed without its place, it could come from anywhere: never
        // sealed again, even for a new manager.
        let moved = team.record("ann").replace("manager: lead", "manager: eve");
        std::fs::write(team.dir.join("ann.md"), &moved).unwrap();
        let (_, out, _) = team.run(&["reseal", ".", "--all", "--identity", &team.key(identity)]);
        assert!(
            out.starts_with("sealed 0 entries again in 0 files; 1 entry left as they were"),
            "{out}"
        );
        assert_eq!(team.record("ann"), moved);
    }
}

#[test]
fn reseal_drops_departed_readers_and_adds_recipients_without_all() {
    let team = Team::new();
    team.log_private();
    assert!(team.record("ann").contains("readers: [zed, lead]"));
    // Zed leaves: without them, the entry could not be sealed again at all.
    std::fs::remove_file(team.dir.join("zed.md")).unwrap();
    // HR's key is configured to read every entry: Eve's, here.
    let eve = team.record("eve");
    let eve_key = eve
        .split("keys: [")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    std::fs::write(
        team.dir.join("mastery.toml"),
        format!("[private]\nrecipients = [\"{eve_key}\"]\n"),
    )
    .unwrap();
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("eve.txt")]);
    assert!(!out.contains(NOTE), "not yet a reader: {out}");
    let (code, out, err) = team.run(&["reseal", ".", "--identity", &team.key("lead.txt")]);
    assert_eq!(
        (code, out.as_str()),
        (0, "sealed 1 entry again in 1 file\n"),
        "{err}"
    );
    assert!(
        team.record("ann").contains("readers: [lead]"),
        "{}",
        team.record("ann")
    );
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("eve.txt")]);
    assert!(out.contains(NOTE), "the recipient reads it now: {out}");
}

#[test]
fn a_seal_copied_to_another_place_is_never_shown_or_sealed_again() {
    let team = Team::new();
    team.log_private();
    let ann = team.record("ann");
    let start = ann.find("  - date: 2026-11-20").unwrap();
    let end = ann.find("-----END AGE ENCRYPTED FILE-----").unwrap()
        + "-----END AGE ENCRYPTED FILE-----\n".len();
    let entry = &ann[start..end];
    let lead = |id: &str| team.run(&["unseal", id, "--identity", &team.key("lead.txt")]);
    assert!(lead("ann").1.contains(NOTE), "it opens where it was sealed");
    // A record with `list: entry` before its closing fence.
    let with = |id: &str, list: &str, entry: &str| {
        let record = team.record(id);
        let body = record.rfind("---\n").unwrap();
        format!("{}{list}:\n{entry}---\n", &record[..body])
    };
    std::fs::write(
        team.dir.join("ann.md"),
        "---\nname: Ann\nmanager: lead\n---\n",
    )
    .unwrap();
    let places = [
        // Into another member's file, whose manager is lead too.
        ("zed", with("zed", "feedback", entry)),
        // Into another list of the same file.
        ("ann", with("ann", "support", entry)),
        // To another date.
        (
            "ann",
            with(
                "ann",
                "feedback",
                &entry.replace("2026-11-20", "2026-11-25"),
            ),
        ),
    ];
    for (id, record) in &places {
        std::fs::write(team.dir.join(format!("{id}.md")), record).unwrap();
        let (code, out, err) = lead(id);
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains(NOTE), "{id}: {out}");
        assert!(out.contains("sealed for another place"), "{out}");
        assert!(
            err.contains("1 entry sealed for another place, not shown (misplaced-sealed)"),
            "{err}"
        );
        // Never sealed again for where it sits.
        let (_, said, _) = team.run(&["reseal", ".", "--all", "--identity", &team.key("lead.txt")]);
        assert!(
            said.starts_with("sealed 0 entries again in 0 files;")
                && said.contains("sealed for another place"),
            "{said}"
        );
        assert_eq!(
            std::fs::read_to_string(team.dir.join(format!("{id}.md"))).unwrap(),
            *record
        );
        // The report opened with lead's key says so, as an error, and
        // shows nothing of it.
        let report = team.keys.join("report");
        let (code, _, err) = team.run(&[
            "build",
            ".",
            "-o",
            &report.display().to_string(),
            "--include-private",
            "--identity",
            &team.key("lead.txt"),
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("error[misplaced-sealed]"), "{err}");
        let page = std::fs::read_to_string(report.join(format!("members/{id}.html"))).unwrap();
        assert!(!page.contains(NOTE));
        // `check` opens nothing, and cannot tell.
        let (_, out, _) = team.run(&["check", "."]);
        assert!(!out.contains("misplaced-sealed"), "{out}");
    }
}

#[test]
fn nothing_private_is_left_readable_anywhere() {
    let team = Team::new();
    git(&team.dir, &["init", "-q"]);
    commit_all(&team.dir, "2026-11-01T10:00:00Z", "Team");
    team.log_private();
    commit_all(&team.dir, "2026-11-20T10:00:00Z", "Private feedback");
    // Outputs of every command that reads the team, with as-of fixed.
    let out_dir = team.keys.join("report");
    let out = out_dir.display().to_string();
    let mut seen = String::new();
    for args in [
        vec!["check", "."],
        vec!["check", "--format", "json", "."],
        vec!["check", "--format", "sarif", "."],
        vec!["check", "--format", "github", "."],
        vec!["build", ".", "-o", &out],
        vec!["export", ".", "--format", "json"],
        vec!["export", ".", "--format", "csv"],
        vec!["1on1", "ann"],
        vec!["diff", "HEAD~1"],
        vec!["diff", "HEAD~1", "--format", "json"],
    ] {
        let args = [&["--as-of", "2026-11-27"][..], &args[..]].concat();
        let (code, stdout, stderr) = team.run(&args);
        assert!(code == 0 || code == 1, "{args:?}: {stderr}");
        seen.push_str(&stdout);
        seen.push_str(&stderr);
    }
    assert!(
        seen.contains("2026-11-20 private feedback"),
        "the diff says one came: {seen}"
    );
    for (path, bytes) in crate::files(&out_dir) {
        seen.push_str(&path);
        seen.push_str(&String::from_utf8_lossy(&bytes));
    }
    // The work tree, and every object of the repository, loose or packed,
    // inflated by git itself; the history cache besides.
    for (path, bytes) in crate::files(&team.dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git/"))
    {
        seen.push_str(&path);
        seen.push_str(&String::from_utf8_lossy(&bytes));
    }
    git(&team.dir, &["gc", "-q"]);
    let objects = std::process::Command::new("git")
        .args(["cat-file", "--batch-all-objects", "--batch"])
        .current_dir(&team.dir)
        .output()
        .unwrap();
    assert!(objects.status.success() && objects.stdout.len() > 1000);
    seen.push_str(&String::from_utf8_lossy(&objects.stdout));
    let caches = crate::files(&team.dir.join(".git/mastery"));
    assert!(!caches.is_empty(), "history was read and cached");
    for (_, bytes) in caches {
        seen.push_str(&String::from_utf8_lossy(&bytes));
    }
    assert!(!seen.contains("PRIVATENOTE"), "the note leaked");
    assert!(
        !seen.contains("growth\\u0000") && !seen.contains("zed\\u0000growth"),
        "the cache keeps the author or kind"
    );
    assert!(
        !seen.contains("from zed") && !seen.contains("growth from"),
        "an output names the author or kind"
    );
}

#[test]
fn seal_seals_what_it_can_and_keeps_every_other_byte() {
    let team = Team::new();
    let clear = "---\nname: Ann   # kept\nmanager: lead\nfeedback:\n  - date: 2026-11-20   # first\n    from: zed\n    kind: growth\n    note: |\n      PRIVATENOTE one\n      and two\n    private: true\n  - {date: 2026-11-21, note: \"PRIVATENOTE flow\", private: true}\n  - date: 2026-11-22\n    from: eve\n    note: Public\nsupport:\n  - what: PRIVATENOTE coaching\n    date: 2026-11-01\n    private: true\n---\nBody stays.\n";
    std::fs::write(team.dir.join("ann.md"), clear).unwrap();
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    assert_eq!(out.matches("warning[unsealed-private]").count(), 3, "{out}");
    let (code, out, err) = team.run(&["seal", "."]);
    assert_eq!(
        (code, out.as_str()),
        (0, "sealed 3 private entries in 1 file\n"),
        "{err}"
    );
    let record = team.record("ann");
    assert!(!record.contains("PRIVATENOTE"), "{record}");
    assert!(record.starts_with("---\nname: Ann   # kept\nmanager: lead\nfeedback:\n  - date: 2026-11-20\n    private: true\n    readers: [zed, lead]\n    sealed: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n"), "{record}");
    assert!(record.contains("\n  - {date: 2026-11-21, private: true, readers: [lead], sealed: \"-----BEGIN AGE ENCRYPTED FILE-----\\n"), "{record}");
    assert!(record.contains("  - date: 2026-11-22\n    from: eve\n    note: Public\nsupport:\n  - date: 2026-11-01\n    private: true\n    readers: [lead]\n"), "{record}");
    assert!(
        record.ends_with("-----END AGE ENCRYPTED FILE-----\n---\nBody stays.\n"),
        "{record}"
    );
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("lead.txt")]);
    assert_eq!(
        out,
        "ann.md: 3 private entries\n- 2026-11-20 feedback (growth) from zed: PRIVATENOTE one\n  and two\n- 2026-11-21 feedback: PRIVATENOTE flow\n- 2026-11-01 support: PRIVATENOTE coaching\n"
    );
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    assert!(
        !out.contains("unsealed-private") && !out.contains("invalid-field"),
        "{out}"
    );
    // Nothing left to seal: the file is not touched again.
    let (_, out, _) = team.run(&["seal", "."]);
    assert_eq!(out, "sealed 0 private entries in 0 files\n");
    assert_eq!(team.record("ann"), record);
}

#[test]
fn a_reader_without_a_key_is_refused_once_the_team_seals() {
    let team = Team::new();
    std::fs::write(team.dir.join("lead.md"), "---\nname: Lead\n---\n").unwrap();
    let before = team.record("ann");
    let log = |extra: &[&str]| {
        let command = team.command().stdin("PRIVATENOTE\n");
        let args = [
            &["log", "feedback", "ann", "--from", "zed", "--private", "-"],
            extra,
        ]
        .concat();
        team.run_in(command, &args)
    };
    // Zed and Eve have keys: the team seals, so a note in clear would leak.
    let (code, out, err) = log(&[]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("nothing was written")
            && err.contains("`lead` has no `keys:`")
            && err.contains("--in-clear"),
        "{err}"
    );
    assert_eq!(team.record("ann"), before);
    // On purpose, in clear.
    let (code, out, err) = log(&["--in-clear"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("added private feedback from zed"), "{out}");
    assert!(
        err.contains("written in clear, marked private: `lead` has no `keys:`"),
        "{err}"
    );
    assert!(
        team.record("ann")
            .contains("    note: PRIVATENOTE\n    private: true\n")
    );
    let (_, out, _) = team.run(&["check", "."]);
    assert!(
        out.contains("cannot be sealed: `lead` has no `keys:`"),
        "{out}"
    );
    let (_, out, _) = team.run(&["seal", "."]);
    assert!(
        out.starts_with("sealed 0 private entries in 0 files; 1 entry left in clear"),
        "{out}"
    );
    // A reader whose only key is RSA is told so.
    std::fs::write(
        team.dir.join("lead.md"),
        "---\nname: Lead\nkeys: [ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ lead@host]\n---\n",
    )
    .unwrap();
    let (code, _, err) = log(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`lead` has only an RSA key"), "{err}");
    // A team that seals nothing yet writes it in clear, with a note.
    let solo = tempfile::tempdir().unwrap();
    std::fs::write(
        solo.path().join("vision.md"),
        "---\nteam: T\nstatement: S\n---\n",
    )
    .unwrap();
    std::fs::write(solo.path().join("lead.md"), "---\nname: Lead\n---\n").unwrap();
    std::fs::write(
        solo.path().join("ann.md"),
        "---\nname: Ann\nmanager: lead\n---\n",
    )
    .unwrap();
    let command = team.command().current_dir(solo.path()).stdin("NOTE\n");
    let (code, _, err) = team.run_in(
        command,
        &["log", "feedback", "ann", "--from", "lead", "--private", "-"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("written in clear"), "{err}");
}

#[test]
fn reseal_adds_a_new_manager_with_a_readers_identity() {
    let team = Team::new();
    team.log_private();
    // Ann moves to Eve.
    let moved = team.record("ann").replace("manager: lead", "manager: eve");
    std::fs::write(team.dir.join("ann.md"), moved).unwrap();
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    assert!(
        out.contains("leave out the manager `eve`, who cannot open it"),
        "{out}"
    );
    let (code, _, err) = team.run(&["reseal", "."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no identity to open sealed entries with"),
        "{err}"
    );
    let (_, out, _) = team.run(&["reseal", ".", "--identity", &team.key("eve.txt")]);
    assert!(out.contains("1 entry could not be opened"), "{out}");
    let (code, out, _) = team.run(&["reseal", ".", "--identity", &team.key("lead.txt")]);
    assert_eq!(
        (code, out.as_str()),
        (0, "sealed 1 entry again in 1 file\n")
    );
    assert!(team.record("ann").contains("readers: [zed, lead, eve]"));
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("eve.txt")]);
    assert!(out.contains(NOTE), "{out}");
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    assert!(!out.contains("unreadable-sealed"), "{out}");
}

#[test]
fn include_private_opens_what_the_identity_can_and_says_the_rest() {
    let team = Team::new();
    team.log_private();
    let out = team.keys.join("report").display().to_string();
    let (_, _, err) = team.run(&["build", ".", "-o", &out, "--include-private"]);
    assert!(
        err.contains("sealed entries stay closed: no identity given"),
        "{err}"
    );
    let page = std::fs::read_to_string(team.keys.join("report/members/ann.html")).unwrap();
    assert!(page.contains("feedback (sealed for other readers)") && !page.contains(NOTE));
    let identity = team.key("lead.txt");
    let command = team.command().env("MASTERY_IDENTITY", &identity);
    let (_, _, err) = team.run_in(command, &["build", ".", "-o", &out, "--include-private"]);
    assert!(err.contains("note: opened 1 sealed entry"), "{err}");
    let page = std::fs::read_to_string(team.keys.join("report/members/ann.html")).unwrap();
    assert!(page.contains(NOTE), "opened with MASTERY_IDENTITY");
    // The key itself in MASTERY_IDENTITY, and the agenda.
    let secret = std::fs::read_to_string(team.keys.join("lead.txt")).unwrap();
    let command = team.command().env("MASTERY_IDENTITY", secret.trim());
    let (_, agenda, _) = team.run_in(command, &["1on1", "ann", "--include-private"]);
    assert!(agenda.contains(NOTE), "{agenda}");
    let (_, agenda, _) = team.run(&[
        "1on1",
        "ann",
        "--include-private",
        "--identity",
        &team.key("eve.txt"),
    ]);
    assert!(!agenda.contains(NOTE), "{agenda}");
}

#[test]
fn identities_that_would_need_a_prompt_are_refused_clearly() {
    let team = Team::new();
    team.log_private();
    let locked = team.keys.join("locked");
    ssh_keygen(&locked, "ed25519", "a passphrase");
    let (code, _, err) = team.run(&["unseal", "ann", "--identity", &locked.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is an OpenSSH key protected by a passphrase, and mastery never prompts"),
        "{err}"
    );
    // An RSA private key, and a public key given as an identity.
    let rsa = team.keys.join("rsa-identity");
    ssh_keygen(&rsa, "rsa", "");
    let (code, _, err) = team.run(&["unseal", "ann", "--identity", &rsa.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("is an RSA key: RSA is not supported"), "{err}");
    let lead = team.record("lead");
    let public_key = lead
        .split("keys: [")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    let public = team.keys.join("public.txt");
    std::fs::write(&public, public_key).unwrap();
    let (code, _, err) = team.run(&["unseal", "ann", "--identity", &public.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("(a public key: give the secret key it belongs to)"),
        "{err}"
    );
}

#[test]
fn rsa_keys_are_refused_with_a_clear_message() {
    let team = Team::new();
    let rsa = team.keys.join("rsa");
    ssh_keygen(&rsa, "rsa", "");
    let public = std::fs::read_to_string(rsa.with_extension("pub")).unwrap();
    std::fs::write(
        team.dir.join("eve.md"),
        format!("---\nname: Eve\nkeys:\n  - {}\n---\n", public.trim()),
    )
    .unwrap();
    let (code, out, _) = team.run(&["check", "."]);
    assert_eq!(code, 1);
    assert!(
        out.contains("`keys`: RSA keys are not supported: seal to an `ssh-ed25519` key"),
        "{out}"
    );
    std::fs::write(
        team.dir.join("mastery.toml"),
        format!("[private]\nrecipients = [\"{}\"]\n", public.trim()),
    )
    .unwrap();
    let (code, _, err) = team.run(&["check", "."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("[private] recipients, entry 1: RSA keys are not supported"),
        "{err}"
    );
}

#[test]
fn history_names_commits_that_held_a_note_in_clear_and_forgets_purged_ones() {
    let team = Team::new();
    git(&team.dir, &["init", "-q"]);
    let clear = "---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-11-02\n    from: zed\n    kind: growth\n    note: PRIVATENOTE in clear\n    private: true\n---\n";
    std::fs::write(team.dir.join("ann.md"), clear).unwrap();
    let first = commit_all(&team.dir, "2026-11-02T10:00:00Z", "Clear");
    let (_, out, _) = team.run(&["seal", "."]);
    assert!(out.starts_with("sealed 1 private entry"), "{out}");
    commit_all(&team.dir, "2026-11-03T10:00:00Z", "Sealed");
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    let expected = format!(
        "private feedback dated 2026-11-02 was committed in clear in 1 commit ({}): its text is in the history",
        &first[..7]
    );
    assert!(out.contains(&expected), "{out}");
    assert!(
        !out.contains("PRIVATENOTE") && !out.contains("backdated-entry"),
        "sealing keeps the entry's history: {out}"
    );
    let cache = std::fs::read_to_string(team.dir.join(".git/mastery/history.json")).unwrap();
    assert!(cache.contains(&first), "the clear commit's step is cached");
    // Purge: the history rewritten without the clear version.
    git(&team.dir, &["checkout", "-q", "--orphan", "clean"]);
    commit_all(&team.dir, "2026-11-03T10:00:00Z", "Sealed, from the start");
    git(&team.dir, &["branch", "-q", "-D", "main"]);
    git(&team.dir, &["reflog", "expire", "--expire=now", "--all"]);
    git(&team.dir, &["gc", "-q", "--prune=now"]);
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "."]);
    assert!(!out.contains("private-in-history"), "{out}");
    let cache = std::fs::read_to_string(team.dir.join(".git/mastery/history.json")).unwrap();
    assert!(
        !cache.contains(&first),
        "the purged commit's step is dropped"
    );
}

#[test]
fn hidden_entries_tell_nothing_by_their_shape() {
    let team = Team::new();
    let ann = "---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-11-10\n    from: lead\n    kind: one-on-one\n    private: true\n    PRIVATEKEY: x\n  - date: 2026-11-01\n    from: lead\n    kind: one-on-one\n    note: Public 1:1\n  - date: 2026-11-05\n    from: lead\n    kind: praise\n    note: Public praise after it\n---\n";
    std::fs::write(team.dir.join("ann.md"), ann).unwrap();
    // The agenda's "since the last one-on-one" is the public one.
    let (_, agenda, _) = team.run(&["--as-of", "2026-11-27", "1on1", "ann"]);
    assert!(
        agenda.contains("Feedback since the last one-on-one (2026-11-01)"),
        "{agenda}"
    );
    // An unknown key of a private entry is not named.
    let (_, out, _) = team.run(&["check", "--as-of", "2026-11-27", "--format", "json", "."]);
    assert!(
        out.contains(
            "an unknown field in a feedback entry that is private (its name is not shown)"
        ),
        "{out}"
    );
    assert!(!out.contains("PRIVATEKEY"), "{out}");
    // The one-person page shows no private entry, not even its date.
    let out_dir = team.keys.join("one");
    team.run(&[
        "--as-of",
        "2026-11-27",
        "build",
        ".",
        "--member",
        "ann",
        "-o",
        &out_dir.display().to_string(),
    ]);
    let page = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(
        page.contains("2026-11-05") && !page.contains("2026-11-10"),
        "{page}"
    );
    // Nor does the feedback cell, which counts it.
    assert!(
        page.contains("it counts private feedback, kept off this page")
            && !page.contains("recent feedback"),
        "{page}"
    );
}

#[test]
fn reseal_trusts_the_readers_sealed_inside_never_the_clear_list() {
    let team = Team::new();
    team.log_private();
    // Eve, who can edit the record, lists herself as a reader.
    let tampered = team
        .record("ann")
        .replace("readers: [zed, lead]", "readers: [zed, eve]");
    std::fs::write(team.dir.join("ann.md"), tampered).unwrap();
    let (code, out, _) = team.run(&["reseal", ".", "--identity", &team.key("lead.txt")]);
    assert_eq!(
        (code, out.as_str()),
        (0, "sealed 1 entry again in 1 file\n")
    );
    assert!(
        team.record("ann").contains("readers: [zed, lead]"),
        "{}",
        team.record("ann")
    );
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("eve.txt")]);
    assert!(
        !out.contains(NOTE) && out.contains("sealed for other readers"),
        "{out}"
    );
}

#[test]
fn reseal_takes_every_entry_of_an_indented_list_and_leaves_clear_keys_alone() {
    let team = Team::new();
    let ann = "---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-11-02\n    from: zed\n    note: PRIVATENOTE A\n    private: true\n  - date: 2026-11-03\n    from: zed\n    note: PRIVATENOTE B\n    private: true\n---\n";
    std::fs::write(team.dir.join("ann.md"), ann).unwrap();
    team.run(&["seal", "."]);
    let (code, out, err) = team.run(&["reseal", ".", "--all", "--identity", &team.key("lead.txt")]);
    assert_eq!(
        (code, out.as_str()),
        (0, "sealed 2 entries again in 1 file\n"),
        "{err}"
    );
    let (_, out, _) = team.run(&["unseal", "ann", "--identity", &team.key("zed")]);
    assert!(
        out.contains("PRIVATENOTE A") && out.contains("PRIVATENOTE B"),
        "{out}"
    );
    // A key in clear beside the seal: reseal leaves the entry as it is.
    let beside = team.record("ann").replacen(
        "    private: true\n",
        "    private: true\n    note: in clear\n",
        1,
    );
    std::fs::write(team.dir.join("ann.md"), &beside).unwrap();
    let (_, out, _) = team.run(&["reseal", ".", "--all", "--identity", &team.key("lead.txt")]);
    assert!(
        out.contains("sealed 1 entry again in 1 file; 1 entry left as they were"),
        "{out}"
    );
    assert!(team.record("ann").contains("    note: in clear\n"));
}

#[test]
fn seal_never_drops_a_damaged_seal_and_broken_records_quote_nothing_private() {
    let team = Team::new();
    let damaged = "---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-11-02\n    from: zed\n    private: true\n    sealed: [a, b]\n---\n";
    std::fs::write(team.dir.join("ann.md"), damaged).unwrap();
    let (_, out, _) = team.run(&["seal", "."]);
    assert!(out.starts_with("sealed 0 private entries"), "{out}");
    assert_eq!(team.record("ann"), damaged);
    // A YAML error inside a private entry: the finding has no snippet.
    let broken = "---\nname: Ann\nfeedback:\n  - date: 2026-11-02\n    private: true\n    note: PRIVATENOTE: bad\n---\n";
    std::fs::write(team.dir.join("ann.md"), broken).unwrap();
    let (_, out, _) = team.run(&["check", "."]);
    assert!(
        out.contains("error[invalid-front-matter]") && !out.contains("PRIVATENOTE"),
        "{out}"
    );
    // A secret key pasted into `keys:` is refused and never quoted.
    let secret = std::fs::read_to_string(team.keys.join("eve.txt")).unwrap();
    let secret = secret
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY"))
        .unwrap();
    std::fs::write(
        team.dir.join("eve.md"),
        format!("---\nname: Eve\nkeys: [\"{secret}\"]\n---\n"),
    )
    .unwrap();
    let (_, out, _) = team.run(&["check", "."]);
    assert!(
        out.contains("this is a secret key") && !out.contains(secret),
        "{out}"
    );
}
