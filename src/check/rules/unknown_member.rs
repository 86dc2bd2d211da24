//! `unknown-member`: `manager`, `mentor` or an outcome `owner` names no member.

use std::cell::OnceCell;

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;
use std::collections::HashMap;

use crate::depends::Shared;
use crate::model::{Record, Spanned};
use crate::suggest::Index;

/// Member ids by the full names they carry.
fn by_name<'t>(cx: &Context<'t>) -> HashMap<&'t str, Vec<&'t str>> {
    let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
    for member in cx.all_members() {
        if let Some(name) = &member.name {
            names
                .entry(name.value.as_str())
                .or_default()
                .push(&member.id);
        }
    }
    names
}

/// The rule.
pub const RULE: Rule = Rule {
    id: "unknown-member",
    level: Level::Error,
    summary: "`manager`, `mentor`, an outcome `owner` or a private entry's `readers` names no member",
    explanation: "\
What it checks: `manager` and `mentor` in member files, the `readers` of
their private entries, and `owner` of each outcome in vision.md, are member
ids: the file name of a member without `.md` (`platform/bob.md` is `bob`).

Why: support and ownership only show in the report when they point at a real
person; a typo or a departed member's deleted file leaves someone with no
manager or mentor on record.

How to fix: use the id of an existing member file (the message suggests a
close one), or add the missing member's file.",
    fix: "use the id of an existing member file (its file name without `.md`)",
    check,
    reads: &[
        (&schema::MEMBER, "manager"),
        (&schema::MEMBER, "mentor"),
        (&schema::OUTCOME, "owner"),
        (&schema::FEEDBACK, "readers"),
        (&schema::SUPPORT, "readers"),
    ],
    shared: &[Shared::Roster, Shared::Names],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    // Built at the first unknown id, once for all of them.
    let ids = OnceCell::new();
    let names = OnceCell::new();
    let mut check_ref = |record: &Record, what: &str, id: &Spanned<String>| {
        if cx.is_member(&id.value) {
            return;
        }
        let ids = ids.get_or_init(|| Index::new(cx.ids()));
        // A member written by their full name, when one member has it, is
        // certainly them; else the one id it can only mean; else a guess.
        // Names are looked up only for what looks like one (a space or a
        // capital): a typo in an id must not cost a map of every name.
        let like_a_name = id
            .value
            .chars()
            .any(|c| c.is_whitespace() || c.is_uppercase());
        let named = like_a_name.then(|| names.get_or_init(|| by_name(cx)));
        let meant = match named
            .and_then(|n| n.get(id.value.as_str()))
            .map(Vec::as_slice)
        {
            Some([one]) => Some((*one, true)),
            _ => match ids.certain(&id.value) {
                Some(one) => Some((one, true)),
                None => ids.suggest(&id.value).map(|guess| (guess, false)),
            },
        };
        let diagnostic = out.at(
            record,
            id.span,
            format!("{what} `{}` is not a member of the team", id.value),
        );
        if let Some((meant, safe)) = meant {
            diagnostic.help(format!("did you mean `{meant}`?"));
            diagnostic.replace_value(&record.source, id.span, &id.value, meant, safe);
        }
    };
    for member in cx.members() {
        for (what, id) in [("manager", &member.manager), ("mentor", &member.mentor)] {
            if let Some(id) = id {
                check_ref(&member.record, what, id);
            }
        }
        for entry in member.private_entries() {
            for reader in &entry.privacy.readers.items {
                check_ref(&member.record, "reader", reader);
            }
        }
    }
    for vision in cx.visions_in_scope() {
        for outcome in &vision.outcomes.items {
            if let Some(owner) = &outcome.owner {
                check_ref(&vision.record, "outcome owner", owner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings, helps};

    #[test]
    fn suggests_the_member_an_id_begins() {
        let files = [
            ("vision.md", VISION),
            ("jordan-reyes.md", "---\nname: Jordan Reyes\n---\n"),
            (
                "a.md",
                "---\nname: A\nmentor: jordan\nmanager: Jordan-Reyes\n---\n",
            ),
        ];
        assert_eq!(
            helps("unknown-member", &files),
            [
                "a.md:3:9: did you mean `jordan-reyes`?",
                "a.md:4:10: did you mean `jordan-reyes`?"
            ]
        );
    }

    #[test]
    fn points_at_the_value() {
        let alice = "---\nname: Alice\nmanager: bobb\nmentor: carol\n---\n";
        let vision = VISION.replace(
            "title: Safe payments",
            "title: Safe payments\n    owner: dave",
        );
        assert_eq!(
            findings(
                "unknown-member",
                &[
                    ("vision.md", &vision),
                    ("alice.md", alice),
                    ("sub/bob.md", "---\nname: Bob\n---\n")
                ]
            ),
            [
                "alice.md:3:10: manager `bobb` is not a member of the team",
                "alice.md:4:9: mentor `carol` is not a member of the team",
                "vision.md:9:12: outcome owner `dave` is not a member of the team",
            ]
        );
    }

    #[test]
    fn a_member_with_a_broken_file_still_exists() {
        let alice = "---\nname: Alice\nmanager: bob\n---\n";
        assert!(
            findings(
                "unknown-member",
                &[
                    ("vision.md", VISION),
                    ("alice.md", alice),
                    ("bob.md", "oops")
                ]
            )
            .is_empty()
        );
    }
}
