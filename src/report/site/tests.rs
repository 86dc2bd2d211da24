//! Tests of `site`.

use super::*;

fn write(out: &Path, pages: &[Page]) -> anyhow::Result<()> {
    let staging = Staging::new(out)?;
    for page in pages {
        staging.add(page)?;
    }
    staging.commit(pages.iter().map(|p| p.path.as_str()))
}

fn page(path: &str, contents: &str) -> Page {
    Page {
        path: path.into(),
        contents: contents.into(),
    }
}

#[test]
fn replaces_its_own_report_and_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    let out = dir.path().join("report");
    write(
        &out,
        &[page("index.html", "one"), page("members/a.html", "a")],
    )
    .unwrap();
    check_out(&out, &team).unwrap();
    write(&out, &[page("index.html", "two")]).unwrap();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
    assert!(!out.join("members/a.html").exists());
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["report", "team"],
        "no staging folder left, and no lock file"
    );
}

#[test]
fn refuses_the_team_folder_its_parents_and_foreign_folders() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(team.join("sub")).unwrap();
    assert!(check_out(&team, &team).is_err());
    assert!(check_out(dir.path(), &team).is_err());
    assert!(check_out(&team.join("sub/.."), &team).is_err());
    // Inside the team folder is fine.
    check_out(&team.join("report"), &team).unwrap();
    // A folder with someone else's files is not ours to replace.
    let foreign = dir.path().join("docs");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let error = check_out(&foreign, &team).unwrap_err().to_string();
    assert!(error.contains("`keep.txt`"), "{error}");
    // An empty folder is fine.
    fs::remove_file(foreign.join("keep.txt")).unwrap();
    check_out(&foreign, &team).unwrap();
}

#[test]
fn every_spelling_of_the_team_folder_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(team.join("sub")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&team, dir.path().join("link")).unwrap();
    let spellings = [
        "typo/../team",
        "a/b/../../team",
        "team/.",
        "./team/",
        "team/sub/..",
        "team/sub/../../team",
        "typo/../team/../team",
        #[cfg(unix)]
        "link",
        #[cfg(unix)]
        "link/sub/..",
    ];
    for spelling in spellings {
        let out = dir.path().join(spelling);
        let error = check_out(&out, &team).expect_err(spelling).to_string();
        assert!(
            error.contains("is (or contains) the team folder"),
            "{spelling}: {error}"
        );
        assert_eq!(
            resolved(&out).unwrap(),
            fs::canonicalize(&team).unwrap(),
            "{spelling}"
        );
    }
    // The refusals created nothing.
    assert!(!dir.path().join("typo").exists() && !dir.path().join("a").exists());
    // The parent of the team folder, however spelled, is refused too.
    assert!(check_out(&dir.path().join("typo/.."), &team).is_err());
}

#[test]
fn one_writer_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let held = Lock::acquire(&out).unwrap();
    // flock locks belong to an open file, so a second open in this
    // process stands for another process.
    let file = fs::File::open(dir.path()).unwrap();
    assert!(matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock)));
    drop(held);
    file.try_lock().unwrap();
}

#[test]
fn a_failed_build_leaves_no_staging_folder_and_the_old_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    write(&out, &[page("index.html", "one")]).unwrap();
    let staging = Staging::new(&out).unwrap();
    staging.add(&page("a", "file")).unwrap();
    // `a` is a file, so nothing can go below it.
    assert!(staging.add(&page("a/b", "x")).is_err());
    drop(staging);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["report"]);
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
}

#[test]
fn a_report_left_aside_by_a_killed_swap_is_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    write(&out, &[page("index.html", "old")]).unwrap();
    // Killed between the two renames of a swap: no OUT, the old aside,
    // and a half-written staging folder.
    fs::rename(&out, dir.path().join(".report.mastery-old")).unwrap();
    fs::create_dir(dir.path().join(".report.mastery-new-4242")).unwrap();
    let staging = Staging::new(&out).unwrap();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert!(!dir.path().join(".report.mastery-new-4242").exists());
    assert!(!dir.path().join(".report.mastery-old").exists());
    drop(staging);
}

/// On Linux the previous report is exchanged, never moved aside: a
/// swap by two renames would need `.OUT.mastery-old`, blocked here.
#[cfg(target_os = "linux")]
#[test]
fn the_swap_is_one_exchange() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    write(&out, &[page("index.html", "old")]).unwrap();
    let place = Place::of(&out).unwrap();
    let new = place.beside(".mastery-new-test");
    fs::create_dir(&new).unwrap();
    fs::write(new.join("index.html"), "new").unwrap();
    fs::create_dir(place.retired()).unwrap();
    fs::write(place.retired().join("keep"), "in the way").unwrap();
    swap(&new, &place).unwrap();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
    assert_eq!(fs::read_to_string(new.join("index.html")).unwrap(), "old");
}

#[test]
fn a_temporary_file_of_an_interrupted_page_write_does_not_block_builds() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    let out = dir.path().join("report");
    write(&out, &[page("members/a.html", "a")]).unwrap();
    fs::write(out.join("members/.a.html.mastery-new"), "").unwrap();
    check_out(&out, &team).unwrap();
}

#[test]
fn a_file_added_to_the_report_is_protected() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    let out = dir.path().join("report");
    write(&out, &[page("index.html", "one")]).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    assert!(check_out(&out, &team).is_err());
}
