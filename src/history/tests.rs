//! Tests of `history`.

use super::*;

/// A version is read once for the two steps that need it, and again
/// when a third asks (after a revert): none is lost, none kept for ever.
#[test]
fn a_version_is_read_once_for_two_readings() {
    let versions = Versions::default();
    let blob = ObjectId::null(gix::hash::Kind::Sha1);
    let reads = std::sync::atomic::AtomicUsize::new(0);
    let read = || {
        reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Err(()))
    };
    for _ in 0..3 {
        assert!(versions.get("a.md", blob, read).unwrap().is_err());
    }
    assert_eq!(reads.into_inner(), 2);
    // Another path with the same bytes is another member's version.
    let _ = versions.get("b.md", blob, || Ok(Err(()))).unwrap();
    assert_eq!(versions.lock().len(), 2);
}

/// Files read as frameworks or excluded are no members in the history
/// either, and a cache written with another layout is not reused.
#[test]
fn history_reads_files_as_the_configuration_says() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(root)
            .env("GIT_COMMITTER_DATE", "2026-07-01T12:00:00Z")
            .env("GIT_AUTHOR_DATE", "2026-07-01T12:00:00Z")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::create_dir(root.join("ladders")).unwrap();
    let framework = "---\nlevels: 2\ntopics: []\n---\n";
    std::fs::write(root.join("ladders/eng.md"), framework).unwrap();
    std::fs::write(root.join("notes.md"), "---\ntitle: Notes\n---\n").unwrap();
    std::fs::write(root.join("ana.md"), "---\nname: Ana\n---\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "records"]);
    let repo = Repo::open(root).unwrap();
    let members = |config: &Config| -> Vec<String> {
        let history = read(&repo, None, config).unwrap().unwrap();
        history.events.into_keys().collect()
    };
    assert_eq!(members(&Config::default()), ["ana", "eng", "notes"]);
    let config = Config::parse(
        "[team]\nexclude = [\"notes.md\"]\n[frameworks]\npaths = [\"ladders/*.md\"]\n",
    )
    .unwrap();
    assert_eq!(members(&config), ["ana"]);
}
