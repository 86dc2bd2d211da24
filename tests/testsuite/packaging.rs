//! The ways mastery ships without compiling (docs/install.md): the wheel in
//! a fresh virtual environment with no Rust toolchain on PATH, the GitHub
//! Action's script in a simulated runner against a local package index,
//! and the documented pre-commit hook run by the `pre-commit` tool. They
//! need maturin and pre-commit (`pip install maturin pre-commit`): ignored
//! by default, required by `.ci/run`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::{commit_all, copy_dir, git};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A PATH with Python, git and the usual tools, and no Rust toolchain.
fn path_without_rust() -> String {
    let python = python();
    let python_dir = python.parent().unwrap().to_str().unwrap();
    let path = format!("{python_dir}:/usr/local/bin:/usr/bin:/bin");
    for dir in path.split(':') {
        assert!(
            !Path::new(dir).join("cargo").exists() && !Path::new(dir).join("rustc").exists(),
            "{dir} holds a Rust toolchain"
        );
    }
    path
}

/// The Python that has maturin and pre-commit, by its real path (a pyenv
/// shim's folder would hold cargo's neighbours too).
fn python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let output = Command::new("python3")
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .expect("python3 on PATH");
            PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
        })
        .clone()
}

/// The folder holding the wheel built from this crate, built once for all
/// the tests here: a simple package index (PEP 503) with it,
/// `<index>/mastery-cli/<wheel>`.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("packaging");
        let _ = fs::remove_dir_all(&root);
        let wheels = root.join("wheels");
        // The test profile's binary is the one `cargo test` just built; the
        // release workflow builds with --release.
        let output = Command::new(python())
            .args([
                "-m",
                "maturin",
                "build",
                "--profile",
                "dev",
                "--locked",
                "--out",
            ])
            .arg(&wheels)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("python3 -m maturin (pip install maturin)");
        assert!(
            output.status.success(),
            "maturin build: {}",
            text(&output.stderr)
        );
        let wheel = fs::read_dir(&wheels)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let name = wheel.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(
            name.starts_with(&format!("mastery_cli-{VERSION}-")) && name.ends_with(".whl"),
            "{name}"
        );
        let project = root.join("simple/mastery-cli");
        fs::create_dir_all(&project).unwrap();
        fs::copy(&wheel, project.join(&name)).unwrap();
        fs::write(
            project.join("index.html"),
            format!("<!DOCTYPE html><html><body><a href=\"{name}\">{name}</a></body></html>\n"),
        )
        .unwrap();
        root.join("simple")
    })
}

fn index_url() -> String {
    format!("file://{}", index().display())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A command with only the environment named here, a PATH without Rust,
/// and pip reading the local index alone.
fn isolated(program: impl AsRef<std::ffi::OsStr>, home: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", path_without_rust())
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env("PIP_INDEX_URL", index_url())
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("GIT_CEILING_DIRECTORIES", env!("CARGO_MANIFEST_DIR"));
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    (status.code().unwrap_or(-1), text(&stdout), text(&stderr))
}

/// A fresh virtual environment gets a working `mastery` from the wheel,
/// with no Rust toolchain anywhere on PATH.
#[test]
#[ignore = "needs maturin (pip install maturin); CI runs it"]
fn the_wheel_installs_a_working_mastery() {
    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    let (code, _, stderr) = run(isolated(python(), dir.path())
        .arg("-m")
        .arg("venv")
        .arg(&venv));
    assert_eq!(code, 0, "{stderr}");
    let pip = venv.join("bin/pip");
    let (code, _, stderr) = run(isolated(&pip, dir.path()).args(["install", "mastery-cli"]));
    assert_eq!(code, 0, "{stderr}");
    let mastery = venv.join("bin/mastery");
    let (code, version, _) = run(isolated(&mastery, dir.path()).arg("--version"));
    assert_eq!(
        (code, version.trim()),
        (0, format!("mastery {VERSION}").as_str())
    );
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let (code, out, stderr) = run(isolated(&mastery, dir.path())
        .args(["build", "team", "-o", "out", "--as-of", "2026-11-27"])
        .current_dir(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("3 warnings, 2 notes in 10 files"),
        "{out}{stderr}"
    );
    assert!(dir.path().join("out/index.html").is_file());
}

/// A repository with the sample team in `team/`, committed.
fn workspace(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    copy_dir(Path::new("sample-team"), &repo.join("team"));
    commit_all(&repo, "2026-11-20T09:00:00Z", "team");
    repo
}

/// Give Alice a manager who is not a member: an error-level finding in
/// `team/checkout/alice-chen.md`.
fn break_a_record(repo: &Path) {
    let alice = repo.join("team/checkout/alice-chen.md");
    let record = fs::read_to_string(&alice).unwrap();
    let broken = record.replacen("manager: bob-okafor", "manager: nobody", 1);
    assert_ne!(broken, record);
    fs::write(&alice, broken).unwrap();
}

/// The action's script as a runner runs it: the inputs and GitHub's
/// variables in the environment, the package index the runner's pip reads.
fn action(dir: &Path, repo: &Path, inputs: &[(&str, &str)]) -> (i32, String, String) {
    action_with(isolated("bash", dir), dir, repo, inputs)
}

/// [`action`] run by `command` (bash, with or without an index).
fn action_with(
    mut command: Command,
    dir: &Path,
    repo: &Path,
    inputs: &[(&str, &str)],
) -> (i32, String, String) {
    let runner = dir.join("runner-temp");
    let _ = fs::remove_dir_all(&runner);
    fs::create_dir_all(&runner).unwrap();
    command
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh"))
        .current_dir(dir)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", repo)
        .env("RUNNER_TEMP", &runner)
        .env("GITHUB_STEP_SUMMARY", dir.join("summary.md"))
        .env("GITHUB_OUTPUT", dir.join("output.txt"));
    for (name, value) in inputs {
        command.env(format!("INPUT_{name}"), value);
    }
    run(&mut command)
}

/// The action installs the wheel from the index, annotates, summarises,
/// builds the report when asked and fails as the configuration says.
#[test]
#[ignore = "needs maturin (pip install maturin); CI runs it"]
fn the_action_checks_summarises_and_fails_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let repo = workspace(dir.path());
    let (code, stdout, stderr) = action(
        dir.path(),
        &repo,
        &[
            ("TEAM", "team"),
            ("VERSION", VERSION),
            ("ARGS", "--as-of 2026-11-27"),
            ("REPORT", "true"),
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("::warning file=team/platform/grace-kim.md,line=25"),
        "annotations with paths from the workspace: {stdout}"
    );
    let summary = fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(summary.contains("missing-feedback"), "{summary}");
    let output = fs::read_to_string(dir.path().join("output.txt")).unwrap();
    let report = output.trim().strip_prefix("report-path=").unwrap();
    assert!(Path::new(report).join("index.html").is_file(), "{output}");

    // Warnings fail the step when the arguments say so (over two lines, as
    // a `|` block in a workflow writes them).
    let deny = [
        ("TEAM", "team"),
        ("ARGS", "--as-of 2026-11-27\n--deny warnings\n"),
    ];
    let (code, ..) = action(dir.path(), &repo, &deny);
    assert_eq!(code, 1);

    // An error-level finding fails it, on the file a pull request changed.
    break_a_record(&repo);
    let changed = [("TEAM", "team"), ("CHANGED_SINCE", "HEAD")];
    let (code, stdout, _) = action(dir.path(), &repo, &changed);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("::error file=team/checkout/alice-chen.md"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("grace-kim.md"),
        "only the changed files: {stdout}"
    );

    // A version the index does not have: a clear error, exit 2.
    let (code, stdout, _) = action(dir.path(), &repo, &[("VERSION", "0.0.0-none")]);
    assert_eq!(code, 2);
    assert!(stdout.contains("::error title=mastery::cannot install mastery-cli==0.0.0-none"));
}

/// A report name that would leave RUNNER_TEMP or add a step output is
/// refused before anything is installed or written.
#[test]
fn the_action_refuses_a_report_name_that_is_not_a_plain_name() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    for name in ["../../escaped", "report\nextra=1", "a/b", ".."] {
        let inputs = [("REPORT", "true"), ("REPORT_NAME", name)];
        // No index: nothing is to be installed.
        let bash = Command::new("bash");
        let (code, stdout, _) = action_with(bash, dir.path(), &repo, &inputs);
        assert_eq!(code, 2, "{name:?}: {stdout}");
        assert!(
            stdout.contains("::error title=mastery::the report-name input must be a plain name"),
            "{stdout}"
        );
        assert!(
            !dir.path().join("output.txt").exists(),
            "{name:?}: no step output"
        );
    }
    assert!(!dir.path().join("escaped").exists());
    let runner: Vec<_> = fs::read_dir(dir.path().join("runner-temp"))
        .unwrap()
        .collect();
    assert!(runner.is_empty(), "nothing written: {runner:?}");
}

/// The `.pre-commit-config.yaml` block of docs/install.md that uses
/// `language`, as written there.
fn documented_hook(language: &str) -> String {
    let docs = fs::read_to_string("docs/install.md").unwrap();
    let blocks = docs.split("```yaml\n").skip(1);
    let blocks = blocks.filter_map(|block| block.split("```").next());
    let mut found = blocks.filter(|block| block.contains(language));
    found
        .next()
        .unwrap_or_else(|| panic!("docs/install.md shows a hook with {language}"))
        .to_owned()
}

/// The hook a clone uses (docs/install.md), run by the pre-commit tool as
/// written: it runs the `mastery` on `PATH` (as `cargo install --path .`
/// puts it), fails a commit that would bring an error-level finding and
/// passes a clean one.
#[test]
#[ignore = "needs pre-commit (pip install pre-commit); CI runs it"]
fn the_pre_commit_hook_from_a_clone_runs_the_installed_mastery() {
    let dir = tempfile::tempdir().unwrap();
    let repo = workspace(dir.path());
    fs::write(
        repo.join(".pre-commit-config.yaml"),
        documented_hook("language: system"),
    )
    .unwrap();
    commit_all(&repo, "2026-11-21T09:00:00Z", "hook");
    let binary = snapbox::cmd::cargo_bin!("mastery");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        path_without_rust()
    );
    let pre_commit = |repo: &Path| {
        run(isolated(python(), dir.path())
            .args(["-m", "pre_commit", "run", "--all-files"])
            .current_dir(repo)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", dir.path().join("cache")))
    };
    let (code, stdout, stderr) = pre_commit(&repo);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("mastery check") && stdout.contains("Passed"),
        "{stdout}"
    );
    break_a_record(&repo);
    let (code, stdout, _) = pre_commit(&repo);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("Failed") && stdout.contains("unknown-member"),
        "{stdout}"
    );
}

/// The documented `language: python` hook (docs/install.md), run by the
/// pre-commit tool: it installs the wheel, fails a commit that would bring
/// an error-level finding and passes a clean one.
#[test]
#[ignore = "needs maturin and pre-commit (pip install maturin pre-commit); CI runs it"]
fn the_pre_commit_hook_needs_no_toolchain() {
    let dir = tempfile::tempdir().unwrap();
    let repo = workspace(dir.path());
    let config = documented_hook("language: python");
    let config = config.replace("mastery-cli==0.1.0", &format!("mastery-cli=={VERSION}"));
    fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    commit_all(&repo, "2026-11-21T09:00:00Z", "hook");
    let pre_commit = |repo: &Path| {
        run(isolated(python(), dir.path())
            .args(["-m", "pre_commit", "run", "--all-files"])
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", dir.path().join("cache"))
            // pre-commit installs a placeholder package beside the hook's
            // dependencies; its build tools come from the environment
            // (seeded by virtualenv), as the local index has only the wheel.
            .env("PIP_NO_BUILD_ISOLATION", "0"))
    };
    let (code, stdout, stderr) = pre_commit(&repo);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("mastery check") && stdout.contains("Passed"),
        "{stdout}"
    );
    break_a_record(&repo);
    let (code, stdout, _) = pre_commit(&repo);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("Failed") && stdout.contains("unknown-member"),
        "{stdout}"
    );
}
