//! `reader-change`: a change that gives or takes read access to private
//! entries, since the state compared with (`--changed-since`, `diff`).

use std::collections::BTreeSet;

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;
use crate::model::{Member, PrivateEntry};

/// The rule.
pub const RULE: Rule = Rule {
    id: "reader-change",
    level: Level::Note,
    // Kept by `--changed-since` wherever it points: it is about the change.
    team_wide: true,
    summary: "a change gives or takes read access to private entries: a manager, keys, readers or recipients",
    explanation: "\
What it checks: with `check --changed-since REV` and in `diff`, each change
since the state compared with that decides who can read private entries:
a member's `manager` (who reads their new private entries; said when the
team keeps private entries or seals), a member's
`keys` (which secret keys open what is sealed for them), an entry's
`readers`, and `[private] recipients` in mastery.toml (keys that read
every sealed entry). Each finding names who gains or loses read access.
Without a state to compare with, the rule is silent.

Why: whoever can write to the repository can add a manager, a key or a
recipient, and from the next seal on that key reads people's private
feedback. A pull request that does so should say it where reviewers look.

How to fix: nothing to fix when the change is meant: review it, and
merge. When it is not, revert the change before anyone seals with it.",
    fix: "review who gains read access before merging; revert the change if it is not meant",
    check,
    reads: &[
        (&schema::MEMBER, "manager"),
        (&schema::MEMBER, "keys"),
        (&schema::FEEDBACK, "readers"),
        (&schema::SUPPORT, "readers"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let Some(before) = cx.team().before.as_deref() else {
        return;
    };
    // A manager reads private entries only where there are some, or will
    // be sealed ones: a team that keeps none hears nothing of its managers.
    let keeps = |m: &&std::sync::Arc<Member>| m.private_entries().next().is_some();
    let private = cx.seals() || cx.team().members.iter().any(|m| keeps(&m));
    for member in cx.members() {
        let Some(earlier) = before.team.named(&member.id) else {
            continue;
        };
        if private {
            manager(member, earlier, out);
        }
        keys(member, earlier, out);
        for entry in member.private_entries() {
            readers(member, earlier, &entry, out);
        }
    }
    let (was, now) = (texts(&before.recipients), texts(&cx.private.recipients));
    if was != now {
        let (added, removed) = (now.difference(&was).count(), was.difference(&now).count());
        out.nowhere(
            "mastery.toml",
            format!(
                "`[private] recipients` change ({added} added, {removed} removed): {}",
                gains(added, removed, "the private entries")
            ),
        );
    }
}

/// Key texts as a set, blanks trimmed.
fn texts<'a>(keys: impl IntoIterator<Item = &'a String>) -> BTreeSet<&'a str> {
    keys.into_iter().map(|k| k.trim()).collect()
}

/// Who gains and who loses, said of keys added and removed: `what` is
/// what they open ("every sealed entry").
fn gains(added: usize, removed: usize, what: &str) -> String {
    let mut said = Vec::new();
    if added > 0 {
        said.push(format!(
            "whoever holds an added key opens {what} from the next seal on"
        ));
    }
    if removed > 0 {
        said.push(format!(
            "a removed key opens none of {what} sealed from now on (what was sealed to it stays open to it)"
        ));
    }
    said.join("; ")
}

fn manager(member: &Member, earlier: &Member, out: &mut Emitter) {
    let id = |m: &Member| m.manager.as_ref().map(|m| m.value.clone());
    let (was, now) = (id(earlier), id(member));
    if was == now {
        return;
    }
    let whose = format!("`{}`'s private entries", member.id);
    let message = match (&was, &now) {
        (Some(was), Some(now)) => format!(
            "the manager of `{}` changes from `{was}` to `{now}`: `{now}` gains read access to {whose} (new ones now, sealed ones once resealed); `{was}` reads no new ones",
            member.id
        ),
        (None, Some(now)) => format!(
            "`{now}` becomes the manager of `{}`: gains read access to {whose} (new ones now, sealed ones once resealed)",
            member.id
        ),
        (Some(was), None) => format!(
            "`{was}` is no longer the manager of `{}`: reads none of {whose} written from now on",
            member.id
        ),
        (None, None) => return,
    };
    let at = member.manager.as_ref().map(|m| m.span);
    out.at(
        &member.record,
        at.unwrap_or(member.list_anchor(None)),
        message,
    );
}

fn keys(member: &Member, earlier: &Member, out: &mut Emitter) {
    let all = |m: &Member| -> BTreeSet<String> {
        m.keys
            .items
            .iter()
            .map(|k| k.value.trim().to_owned())
            .collect()
    };
    let (was, now) = (all(earlier), all(member));
    if was == now {
        return;
    }
    let (added, removed) = (now.difference(&was).count(), was.difference(&now).count());
    let what = format!("the entries sealed for `{}`", member.id);
    out.at(
        &member.record,
        member.list_anchor(member.keys.key),
        format!(
            "the keys of `{}` change ({added} added, {removed} removed): {}",
            member.id,
            gains(added, removed, &what)
        ),
    );
}

fn readers(member: &Member, earlier: &Member, entry: &PrivateEntry, out: &mut Emitter) {
    let listed = |e: &PrivateEntry| -> BTreeSet<String> {
        (e.privacy.readers.items.iter())
            .map(|r| r.value.clone())
            .collect()
    };
    let Some(was) = earlier
        .private_entries()
        .find(|e| e.kind == entry.kind && e.date == entry.date)
    else {
        return;
    };
    let (then, now) = (listed(&was), listed(entry));
    if then == now || entry.privacy.readers.key.is_none() {
        return;
    }
    let name = |ids: Vec<&String>| -> String {
        let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        ids.join(", ")
    };
    let mut said = Vec::new();
    let gained: Vec<&String> = now.difference(&then).collect();
    if !gained.is_empty() {
        let verb = if gained.len() == 1 { "gains" } else { "gain" };
        said.push(format!(
            "{} {verb} read access (once sealed for them)",
            name(gained)
        ));
    }
    let lost: Vec<&String> = then.difference(&now).collect();
    if !lost.is_empty() {
        let verb = if lost.len() == 1 { "loses" } else { "lose" };
        said.push(format!("{} {verb} it (once sealed again)", name(lost)));
    }
    out.at(
        &member.record,
        member.list_anchor(entry.privacy.readers.key),
        format!(
            "the readers of {} change: {}",
            entry.describe(),
            said.join("; ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::check::testing::{VISION, findings_of, team};
    use crate::model::Before;

    const KEY: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    #[test]
    fn names_who_gains_and_who_loses_read_access() {
        let lead = format!("---\nname: Lead\nkeys: [{KEY}]\n---\n");
        let was = team(&[
            ("vision.md", VISION),
            ("lead.md", &lead),
            ("eve.md", "---\nname: Eve\n---\n"),
            (
                "ann.md",
                "---\nname: Ann\nmanager: lead\nfeedback:\n  - date: 2026-11-02\n    private: true\n    readers: [lead]\n    sealed: x\n---\n",
            ),
        ]);
        let mut now = team(&[
            ("vision.md", VISION),
            (
                "lead.md",
                "---\nname: Lead\nkeys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ58BySZARYNbIT4ZoPBLwd59zmmsBBeDpIeEIYBByV8 x]\n---\n",
            ),
            ("eve.md", "---\nname: Eve\n---\n"),
            (
                "ann.md",
                "---\nname: Ann\nmanager: eve\nfeedback:\n  - date: 2026-11-02\n    private: true\n    readers: [lead, eve]\n    sealed: x\n---\n",
            ),
        ]);
        assert!(
            findings_of(&now, "reader-change").is_empty(),
            "silent alone"
        );
        now.before = Some(Arc::new(Before {
            team: was,
            recipients: Vec::new(),
        }));
        assert_eq!(
            findings_of(&now, "reader-change"),
            [
                "ann.md:3:10: the manager of `ann` changes from `lead` to `eve`: `eve` gains read access to `ann`'s private entries (new ones now, sealed ones once resealed); `lead` reads no new ones",
                "ann.md:7:5: the readers of private feedback dated 2026-11-02 change: `eve` gains read access (once sealed for them)",
                "lead.md:3:1: the keys of `lead` change (1 added, 1 removed): whoever holds an added key opens the entries sealed for `lead` from the next seal on; a removed key opens none of the entries sealed for `lead` sealed from now on (what was sealed to it stays open to it)",
            ]
        );
    }
}
