//! Tests of `record`.

use clap::Parser as _;

use super::*;

/// A record an editor saved after the command read it is not replaced:
/// the editor's change would be lost.
#[test]
fn a_record_changed_since_it_was_read_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path();
    std::fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    std::fs::write(team.join("ann.md"), "---\nname: Ann\n---\n").unwrap();
    let cli = Cli::parse_from(["mastery", "check"]);
    let record = Record::open(&cli, team, "ann").unwrap();
    let changes = edit::add_entry(
        &record.text,
        &record.root,
        "support",
        &[("what", "Books".into())],
        true,
    )
    .unwrap();
    let saved = "---\nname: Ann Lee\n---\n";
    std::fs::write(team.join("ann.md"), saved).unwrap();
    let error = record.write(changes).unwrap_err().to_string();
    assert!(
        error.contains("`ann.md` changed while mastery was editing it"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(team.join("ann.md")).unwrap(), saved);
}
