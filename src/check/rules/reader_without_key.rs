//! `reader-without-key`: a private entry cannot be sealed, for a reader has
//! no key.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::depends::Shared;
use crate::model::lacking;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "reader-without-key",
    summary: "a private entry in clear cannot be sealed: a reader has no `keys:`, or it has no reader",
    explanation: "\
What it checks: once a team seals private entries (a member has `keys:`, or
mastery.toml sets `[private] recipients`), each private feedback or support
entry in clear whose readers cannot all be sealed for: a reader whose member
file has no `keys:`, or no reader at all (no `readers`, no author who is a
member, no manager, no recipients). Readers are the entry's `readers`, else
its author (`from`, when a member) and the member's manager.

Why: an entry is sealed for all of its readers or not at all; leaving one
out in silence would lock them out of feedback they gave or must act on.
Until every reader has a key, the entry stays in clear for anyone who can
read the repository.

How to fix: add the reader's public key to their member file, under
`keys:` (an age key from `age-keygen -y`, or the line of
`~/.ssh/id_ed25519.pub`), then run `mastery seal`. Or name who should read
it with `readers: [ids]` on the entry.",
    fix: "add the reader's public key under `keys:` in their member file, then run `mastery seal`",
    check,
    reads: &[
        (&schema::MEMBER, "keys"),
        (&schema::FEEDBACK, "private"),
        (&schema::FEEDBACK, "readers"),
        (&schema::SUPPORT, "private"),
        (&schema::SUPPORT, "readers"),
    ],
    shared: &[Shared::Roster, Shared::Keys, Shared::Names],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    if !cx.seals() {
        return;
    }
    for member in cx.members() {
        for entry in member.private_entries().filter(|e| e.privacy.in_clear()) {
            let readers = member.readers(&entry, |id| cx.is_member(id));
            if readers.is_empty() {
                if cx.private.recipients.is_empty() {
                    let diagnostic = out.at(
                        &member.record,
                        entry.first_key,
                        format!("{} has no reader to seal it for", entry.describe()),
                    );
                    diagnostic.help(
                        "set the member's `manager`, list `readers: [ids]` on the entry, or add `[private] recipients` to mastery.toml",
                    );
                }
                continue;
            }
            let listed = entry.privacy.readers.key.is_some();
            let manager = member.manager.as_ref().map(|m| m.value.as_str());
            for id in readers.into_iter().filter(|id| !cx.has_keys(id)) {
                // A reader named in clear elsewhere (listed, or the
                // manager) is named; the author alone never is.
                let (who, why) = if listed || Some(id) == manager {
                    let reader = cx.member(id);
                    (format!("`{id}`"), lacking(id, reader))
                } else {
                    (
                        "its author".to_owned(),
                        "its author has no `keys:`".to_owned(),
                    )
                };
                let diagnostic = out.at(
                    &member.record,
                    entry.first_key,
                    format!("{} cannot be sealed: {why}", entry.describe()),
                );
                diagnostic.help(format!(
                    "add {who}'s public key under `keys:` in their member file (`age-keygen -y`, or the line of ~/.ssh/id_ed25519.pub), then run `mastery seal`"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings, helps};

    const KEY: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    fn files(entry: &str) -> Vec<(&'static str, String)> {
        vec![
            ("vision.md", VISION.to_owned()),
            ("bob.md", "---\nname: Bob\n---\n".to_owned()),
            (
                "carol.md",
                format!("---\nname: Carol\nkeys: [{KEY}]\n---\n"),
            ),
            (
                "alice.md",
                format!("---\nname: Alice\nmanager: bob\nfeedback:\n{entry}---\n"),
            ),
        ]
    }

    fn found(entry: &str) -> (Vec<String>, Vec<String>) {
        let files = files(entry);
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        (
            findings("reader-without-key", &files),
            helps("reader-without-key", &files),
        )
    }

    #[test]
    fn names_the_manager_but_never_the_author() {
        let (first, help) = found("  - date: 2026-11-02\n    from: carol\n    private: true\n");
        assert_eq!(
            first,
            [
                "alice.md:5:5: private feedback dated 2026-11-02 cannot be sealed: `bob` has no `keys:`"
            ]
        );
        assert!(
            help[0].contains("`bob`'s public key under `keys:`"),
            "{help:?}"
        );
        // The author (a member without keys) is not named.
        let (second, _) = found("  - date: 2026-11-02\n    from: alice\n    private: true\n");
        assert_eq!(
            second,
            [
                "alice.md:5:5: private feedback dated 2026-11-02 cannot be sealed: its author has no `keys:`",
                "alice.md:5:5: private feedback dated 2026-11-02 cannot be sealed: `bob` has no `keys:`"
            ]
        );
    }

    #[test]
    fn a_reader_whose_only_key_is_rsa_is_told_so() {
        let files = [
            ("vision.md", VISION.to_owned()),
            ("bob.md", "---\nname: Bob\nkeys: [ssh-rsa AAAAB3NzaC1yc2E bob@host]\n---\n".to_owned()),
            ("carol.md", format!("---\nname: Carol\nkeys: [{KEY}]\n---\n")),
            ("alice.md", "---\nname: Alice\nmanager: bob\nfeedback:\n  - date: 2026-11-02\n    from: carol\n    private: true\n---\n".to_owned()),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        assert_eq!(
            findings("reader-without-key", &files),
            [
                "alice.md:5:5: private feedback dated 2026-11-02 cannot be sealed: `bob` has only an RSA key, which mastery cannot seal to (add an `ssh-ed25519` or age key)"
            ]
        );
    }

    #[test]
    fn listed_readers_with_keys_are_enough() {
        let entry =
            "  - date: 2026-11-02\n    from: bob\n    readers: [carol]\n    private: true\n";
        assert!(found(entry).0.is_empty());
    }
}
