//! Tests of `scaffold`.

use super::*;

fn named(name: &str) -> Starter {
    Starter {
        name: Some(name.to_owned()),
        ..Starter::default()
    }
}

/// The starter `mastery.toml` shows every setting with its default and
/// every rule with its level, and reads back as the defaults.
#[test]
fn the_starter_configuration_is_every_setting() {
    let text = config("Crew");
    for setting in crate::config::SETTINGS {
        let set = format!("\n{} = ", setting.key);
        let shown = format!("\n# {} = ", setting.key);
        assert!(
            text.contains(&set) || text.contains(&shown),
            "{}: {text}",
            setting.key
        );
    }
    assert!(text.contains("\nbackdate_days = 14\n"), "{text}");
    for rule in crate::check::rules::ALL {
        assert!(text.contains(&format!("\n{} = \"", rule.id)), "{}", rule.id);
    }
    let read = crate::config::Config::parse(&text).unwrap();
    let defaults = crate::config::Config::default();
    assert_eq!(
        format!("{:?}", read.thresholds),
        format!("{:?}", defaults.thresholds)
    );
    assert_eq!(read.limits.max_file_bytes, defaults.limits.max_file_bytes);
    assert_eq!(read.report.title, None);
}

const TODAY: Date = jiff::civil::date(2026, 11, 27);

/// The member file `new` writes for `name`, read back.
fn written_name(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = new_member("alex", dir.path(), named(name), TODAY)
        .unwrap()
        .path;
    let text = fs::read_to_string(path).unwrap();
    let (record, node) = load::parse_record("alex.md".into(), text.into_bytes());
    let member = crate::model::Member::from_front_matter("alex".into(), record, &node.unwrap());
    member.name.unwrap().value
}

#[test]
fn names_are_written_whole_or_refused() {
    assert_eq!(written_name("a # comment"), "a # comment");
    assert_eq!(written_name("Zoë \"Z\" O'Neil"), "Zoë \"Z\" O'Neil");
    let dir = tempfile::tempdir().unwrap();
    for bad in ["", "   ", "\u{200b}", "two\nlines", "bell\u{1}"] {
        assert!(
            new_member("alex", dir.path(), named(bad), TODAY).is_err(),
            "{bad:?} was accepted"
        );
    }
    for id in ["README", "readme", "vision"] {
        let error = new_member(id, dir.path(), Starter::default(), TODAY).unwrap_err();
        assert!(
            error.to_string().contains("is not read as a member file"),
            "{error}"
        );
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn init_refuses_a_taken_id_and_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/team-lead.md"), "---\nname: X\n---\n").unwrap();
    let error = init(dir.path(), None, false, TODAY)
        .unwrap_err()
        .to_string();
    assert!(error.contains("`team-lead` already exists"), "{error}");

    #[cfg(unix)]
    {
        let team = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("written.md");
        std::os::unix::fs::symlink(&target, team.path().join("vision.md")).unwrap();
        assert!(init(team.path(), None, false, TODAY).is_err());
        assert!(!target.exists(), "written through a dangling link");
    }
}
