//! `private-in-history`: a private entry was committed in clear.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::depends::Shared;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "private-in-history",
    summary: "a private entry was committed in clear: its text is in the repository's history",
    explanation: "\
What it checks: inside a git repository, each commit of the history that
wrote a private feedback entry's note, or what a private support entry
gave, in clear. The finding names the commits
and the entry's date, never what it says. Outside a git repository, or with
`--no-history`, the rule is silent.

Why: sealing an entry today does not take it out of the commits that held
it in clear: anyone who can clone the repository can read them with `git
log -p`. The team can share the repository only once those commits are
rewritten.

How to fix: seal the entry (`mastery seal`), commit, then rewrite the
history without the clear text, for example with `git filter-repo
--replace-text` or by dropping those versions of the file (docs/private.md
shows the commands), and have everyone clone again. Until then, keep the
repository to the entry's readers.",
    fix: "seal it (`mastery seal`), then purge the commits with `git filter-repo` (docs/private.md)",
    check,
    reads: &[(&schema::FEEDBACK, "sealed"), (&schema::SUPPORT, "sealed")],
    shared: &[Shared::History],
    ..Rule::DEFAULT
};

/// Commits named in a message before "and N more".
const NAMED: usize = 3;

fn check(cx: &Context, out: &mut Emitter) {
    let Some(committed) = cx.committed() else {
        return;
    };
    for member in cx.members() {
        let Some(exposed) = committed.exposed.get(&member.id) else {
            continue;
        };
        for (key, commits) in exposed {
            let entry = member.private_entries().find(|e| e.key() == *key);
            let (anchor, what) = match &entry {
                Some(entry) => (entry.first_key, entry.describe()),
                None => (
                    member.list_anchor(member.feedback.key),
                    "a private entry no longer in the record".to_owned(),
                ),
            };
            let short: Vec<&str> = commits
                .iter()
                .take(NAMED)
                .map(|c| &c[..c.len().min(7)])
                .collect();
            let more = match commits.len().saturating_sub(NAMED) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            out.at(
                &member.record,
                anchor,
                format!(
                    "{what} was committed in clear in {} ({}{more}): its text is in the history",
                    crate::words::plural(commits.len() as i64, "commit"),
                    short.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};
    use std::sync::Arc;

    use crate::check::testing::{VISION, findings_of, team};
    use crate::model::Committed;

    #[test]
    fn names_the_commits_never_the_text() {
        let alice = "---\nname: Alice\nfeedback:\n  - date: 2026-11-02\n    private: true\n    sealed: x\n---\n";
        let mut team = team(&[("vision.md", VISION), ("alice.md", alice)]);
        let commits: Vec<String> = ["a", "b", "c", "d"].iter().map(|c| c.repeat(40)).collect();
        let entries = BTreeMap::from([
            ("feedback\u{0}private\u{0}2026-11-02".to_owned(), commits),
            (
                "support\u{0}private\u{0}2026-01-05".to_owned(),
                vec!["e".repeat(40)],
            ),
        ]);
        team.committed = Some(Arc::new(Committed {
            exposed: HashMap::from([("alice".to_owned(), entries)]),
            ..Committed::default()
        }));
        assert_eq!(
            findings_of(&team, "private-in-history"),
            [
                "alice.md:3:1: a private entry no longer in the record was committed in clear in 1 commit (eeeeeee): its text is in the history",
                "alice.md:4:5: private feedback dated 2026-11-02 was committed in clear in 4 commits (aaaaaaa, bbbbbbb, ccccccc and 1 more): its text is in the history",
            ]
        );
    }
}
