//! `unreadable-sealed`: a sealed entry's readers leave out the member's
//! current manager.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::depends::Shared;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unreadable-sealed",
    summary: "a sealed entry's `readers` leave out the member's current manager",
    explanation: "\
What it checks: each sealed feedback or support entry (one with `sealed:`)
whose `readers` do not include the member's current `manager`.

Why: a sealed entry opens only for the readers it was sealed for. When a
member changes manager, the new manager cannot read the feedback and
support that came before, which they need for one-on-ones and reviews.

How to fix: someone who can open the entry (a reader, or a holder of a
`[private] recipients` key) runs `mastery reseal` on the team folder with
their identity: it seals the entry again for its readers and the current
manager, keeping every other byte of the file.",
    fix: "run `mastery reseal` with the identity of one of its readers",
    check,
    reads: &[
        (&schema::FEEDBACK, "readers"),
        (&schema::FEEDBACK, "sealed"),
        (&schema::SUPPORT, "readers"),
        (&schema::SUPPORT, "sealed"),
    ],
    shared: &[Shared::Roster, Shared::Keys],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        let Some(manager) = member.manager.as_ref().filter(|m| cx.is_member(&m.value)) else {
            continue;
        };
        for entry in member.private_entries() {
            let privacy = entry.privacy;
            let Some(sealed) = &privacy.sealed else {
                continue;
            };
            if privacy
                .readers
                .items
                .iter()
                .any(|r| r.value == manager.value)
            {
                continue;
            }
            let anchor = privacy.readers.key.unwrap_or(*sealed);
            out.at(
                &member.record,
                anchor,
                format!(
                    "{} is sealed for readers that leave out the manager `{}`, who cannot open it",
                    entry.describe(),
                    manager.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    const SEALED: &str = "    sealed: |\n      -----BEGIN AGE ENCRYPTED FILE-----\n      YWdl\n      -----END AGE ENCRYPTED FILE-----\n";

    fn found(readers: &str) -> Vec<String> {
        let alice = format!(
            "---\nname: Alice\nmanager: carol\nfeedback:\n  - date: 2026-11-02\n    private: true\n{readers}{SEALED}---\n"
        );
        findings(
            "unreadable-sealed",
            &[
                ("vision.md", VISION),
                ("bob.md", "---\nname: Bob\n---\n"),
                ("carol.md", "---\nname: Carol\n---\n"),
                ("alice.md", &alice),
            ],
        )
    }

    #[test]
    fn a_new_manager_missing_from_the_readers_points_at_readers() {
        assert_eq!(
            found("    readers: [bob]\n"),
            [
                "alice.md:7:5: private feedback dated 2026-11-02 is sealed for readers that leave out the manager `carol`, who cannot open it"
            ]
        );
        // No `readers:` at all: at `sealed:`.
        assert_eq!(found("").len(), 1);
        assert!(found("    readers: [bob, carol]\n").is_empty());
    }
}
