//! `no-ownership`: an active member owns no area.

use super::{Element, Rule};
use crate::check::{Context, Emitter, Level};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "no-ownership",
    level: Level::Note,
    cadence: true,
    element: Some(Element::Empowerment),
    summary: "an active member's `ownership` is empty",
    explanation: "\
What it checks: each active member owns at least one area under
`ownership:` (a service, a process, a decision space).

Why: empowerment means people decide things, not only do them. Owning an area
builds judgement and accountability; someone who owns nothing has no room to
practise either. New joiners often own nothing at first, so this is a note.

How to fix: agree an area the person decides on (or recommends on) and add
it: `ownership: [{area: Release process, autonomy: decides}]`. For someone
whose role has no ownership by design, add `allow: [no-ownership]`.",
    fix: "agree an area the person owns and add it under `ownership:`",
    check,
    reads: &[(&schema::MEMBER, "status"), (&schema::MEMBER, "ownership")],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.active_members() {
        if member.ownership.is_empty() {
            out.at(
                &member.record,
                member.list_anchor(member.ownership.key),
                format!("{} owns no area", member.display_name()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    fn one(text: &str) -> Vec<String> {
        findings("no-ownership", &[("vision.md", VISION), ("a.md", text)])
    }

    #[test]
    fn at_the_list_key_or_name_unless_allowed() {
        assert_eq!(one("---\nname: A\n---\n"), ["a.md:2:1: A owns no area"]);
        assert_eq!(
            one("---\nname: A\nownership: []\n---\n"),
            ["a.md:3:1: A owns no area"]
        );
        assert!(one("---\nname: A\nownership:\n  - area: CI\n---\n").is_empty());
        assert!(one("---\nname: A\nallow: [no-ownership]\n---\n").is_empty());
        assert!(one("---\nname: A\nstatus: departed\n---\n").is_empty());
    }
}
