//! `unsealed-private`: a private entry is in clear though it could be sealed.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::depends::Shared;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unsealed-private",
    summary: "a private feedback or support entry is in clear while every reader has a key",
    explanation: "\
What it checks: each feedback or support entry marked private that is
written in clear (it has no `sealed:`) while every one of its readers has
`keys:` in their member file. Its readers are the entry's `readers`, else
its author (`from`, when a member) and the member's manager; the keys of
`[private] recipients` in mastery.toml read every entry besides.

Why: `private: true` keeps an entry out of the report, but anyone who can
clone the repository reads it in clear, and git keeps it forever. Sealed,
only its readers can open it, so the team can share the repository with
every member.

How to fix: run `mastery seal` on the team folder: it seals every such
entry for its readers, keeping every other byte of the file, and lists
`readers:` beside it. Then commit. If the entry was committed in clear
before, `private-in-history` says how to purge it (docs/private.md).",
    fix: "run `mastery seal` on the team folder, then commit",
    check,
    reads: &[
        (&schema::MEMBER, "keys"),
        (&schema::FEEDBACK, "private"),
        (&schema::SUPPORT, "private"),
    ],
    shared: &[Shared::Roster, Shared::Keys],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        for entry in member.private_entries().filter(|e| e.privacy.in_clear()) {
            let readers = member.readers(&entry, |id| cx.is_member(id));
            if readers.is_empty() && cx.private.recipients.is_empty() {
                continue;
            }
            if readers.iter().all(|id| cx.has_keys(id)) {
                // Never who the readers are: the author is one of them.
                out.at(
                    &member.record,
                    entry.first_key,
                    format!(
                        "{} is in clear, though every reader has a key to seal it for",
                        entry.describe()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    pub const KEY: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    fn team(manager_keys: &str, entry: &str) -> Vec<String> {
        let bob = format!("---\nname: Bob\n{manager_keys}---\n");
        let alice = format!("---\nname: Alice\nmanager: bob\nfeedback:\n{entry}---\n");
        findings(
            "unsealed-private",
            &[
                ("vision.md", VISION),
                ("bob.md", &bob),
                ("alice.md", &alice),
            ],
        )
    }

    #[test]
    fn a_clear_entry_whose_readers_have_keys_points_at_its_first_key() {
        let keys = format!("keys: [{KEY}]\n");
        let entry =
            "  - date: 2026-11-02\n    from: Dana\n    note: SECRETNOTE\n    private: true\n";
        assert_eq!(
            team(&keys, entry),
            [
                "alice.md:5:5: private feedback dated 2026-11-02 is in clear, though every reader has a key to seal it for"
            ]
        );
    }

    #[test]
    fn silent_without_keys_when_sealed_or_when_public() {
        let clear = "  - date: 2026-11-02\n    private: true\n    note: x\n";
        assert!(team("", clear).is_empty());
        let keys = format!("keys: [{KEY}]\n");
        let public = "  - date: 2026-11-02\n    note: x\n";
        assert!(team(&keys, public).is_empty());
        let sealed = "  - date: 2026-11-02\n    private: true\n    readers: [bob]\n    sealed: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdl\n      -----END AGE ENCRYPTED FILE-----\n";
        assert!(team(&keys, sealed).is_empty());
    }
}
