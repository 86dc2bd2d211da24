//! The rules on the fixture teams, and how checking again compares with
//! checking from scratch.

use std::path::Path;

use super::*;
use crate::load;

/// The fixture teams every rule fires in, loaded with their own
/// configuration.
fn fixtures() -> impl Iterator<Item = (&'static str, Team, Config)> {
    ["tests/fixtures/every-rule", "sample-team"]
        .into_iter()
        .map(|dir| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let tree = load::WorkTree::new(&root, None);
            let config = Config::load(&tree, None).unwrap();
            let team = load::load(&tree, load::MAX_FILE_BYTES).unwrap().team;
            (dir, team, config)
        })
}

/// A rule not marked `dated` finds the same whatever the day: "coming
/// up" may leave it out.
#[test]
fn only_dated_rules_move_with_the_date() {
    for (dir, team, config) in fixtures() {
        let undated = |as_of| {
            check(&team, &config, as_of)
                .diagnostics
                .into_iter()
                .filter(|d| !d.rule.dated)
                .map(|d| format!("{}:{:?}:{}", d.path, d.span, d.message))
                .collect::<Vec<_>>()
        };
        let (early, late) = (jiff::civil::date(2020, 1, 1), jiff::civil::date(2031, 6, 1));
        assert_eq!(undated(early), undated(late), "{dir}");
        assert!(!undated(late).is_empty(), "{dir} has undated findings");
    }
}

/// Feedback 20 days old and a goal moved 50 days ago are fine today and
/// findings within 14 days, each from the day its limit passes, worded
/// as that day will read it; what is already a finding is not "coming".
#[test]
fn coming_up_is_what_the_next_fortnight_adds() {
    let member = "---
name: Ada
status: active
feedback:
  - date: 2026-11-07
    from: bob
    kind: praise
learning:
  - goal: Learn Rust
    started: 2026-01-05
    updated: 2026-10-08
  - goal: Learn Go
    started: 2026-01-05
    updated: 2026-06-01
---
";
    let team = testing::team(&[("vision.md", testing::VISION), ("ada.md", member)]);
    let config = Config::default();
    let now = check(&team, &config, testing::AS_OF);
    let rules = |f: &Findings| f.diagnostics.iter().map(|d| d.rule.id).collect::<Vec<_>>();
    assert!(
        rules(&now).contains(&"stale-learning-goal"),
        "Learn Go already"
    );
    let coming: Vec<String> = (now.coming.iter())
        .map(|d| format!("{} {:?}: {}", d.rule.id, d.due, d.message))
        .collect();
    assert_eq!(
        coming,
        [
            "missing-feedback Some(2026-12-08): Ada has had no feedback for 31 days \
                 (last on 2026-11-07; the limit is 30)",
            "stale-learning-goal Some(2026-12-08): learning goal `Learn Rust` has not moved \
                 for 61 days (last on 2026-10-08; the limit is 60)",
        ]
    );
    assert_eq!(
        coming_until(testing::AS_OF),
        jiff::civil::date(2026, 12, 11)
    );
}

/// Every member file replaced by each other member's text, or by text
/// that fails or is nearly empty: re-checking that one file gives what a
/// full check gives, and the same findings new and gone.
#[test]
fn recheck_after_an_edit_equals_a_full_check() {
    for (dir, team, config) in fixtures() {
        let before = check(&team, &config, testing::AS_OF);
        let mut texts: Vec<String> = team
            .members
            .iter()
            .map(|m| m.record.source.text.clone())
            .collect();
        texts.extend([
            "---\nname: [\n---\n".into(),
            "---\nname: Solo\n---\n".into(),
        ]);
        for member in &team.members {
            let path = &member.record.source.path;
            for text in &texts {
                let mut edited = team.clone();
                let (record, node) = load::parse_record(path.clone(), text.clone().into());
                load::put(&mut edited, record, node, &load::Layout::default());
                // New keys or a new name are read by other files'
                // rules: the caller checks the whole team again
                // (`Project::apply`).
                let of = |team: &Team| {
                    let member = &team.members[team.member_at(path).unwrap()];
                    let keys = member.keys.items.iter().map(|k| k.value.clone());
                    (keys.collect::<Vec<_>>(), member.display_name().to_owned())
                };
                let ((keys, name), (keys_after, name_after)) = (of(&team), of(&edited));
                let mut shared = crate::depends::SharedSet::default();
                if keys != keys_after {
                    shared.insert(crate::depends::Shared::Keys);
                }
                if name != name_after {
                    shared.insert(crate::depends::Shared::Names);
                }
                if reads_any(&config, shared) {
                    continue;
                }
                let changed = HashSet::from([path.clone()]);
                let rechecked = recheck(&edited, &config, testing::AS_OF, before.clone(), &changed);
                let full = check(&edited, &config, testing::AS_OF);
                let what = format!("{dir}: {path} replaced by {text:?}");
                assert_eq!(rechecked.findings.diagnostics, full.diagnostics, "{what}");
                assert_eq!(rechecked.findings.coming, full.coming, "{what}");
                // What changed is what a comparison of the whole lists finds.
                let (new, resolved) = difference(&before.diagnostics, &full.diagnostics);
                assert_eq!(
                    (rechecked.new, rechecked.resolved),
                    (new, resolved),
                    "{what}"
                );
            }
        }
    }
}
