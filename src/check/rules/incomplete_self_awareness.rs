//! `incomplete-self-awareness`: strengths or growth areas are not named.

use super::{Element, Rule};
use crate::check::{Context, Emitter};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "incomplete-self-awareness",
    element: Some(Element::SelfAwareness),
    summary: "`strengths` or `growth_areas` is empty",
    explanation: "\
What it checks: each member names at least one strength and at least one
growth area. One finding per member, at the first of the two lists that is
empty (or at `name:` when that list is absent).

Why: self-awareness is the first element of mastery: knowing what you are
good at lets you lead with it, knowing where you want to grow gives learning
goals a direction (`unknown-growth-area` checks goals against it).

How to fix: ask the person, and write what they say under `strengths:` and
`growth_areas:`, a few words each.",
    fix: "name at least one item under both `strengths:` and `growth_areas:`",
    check,
    reads: &[
        (&schema::MEMBER, "strengths"),
        (&schema::MEMBER, "growth_areas"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        let (strengths, growth) = (&member.strengths, &member.growth_areas);
        let (what, list) = match (strengths.is_empty(), growth.is_empty()) {
            (false, false) => continue,
            (true, true) => ("neither strengths nor growth areas", strengths),
            (true, false) => ("no strengths", strengths),
            (false, true) => ("no growth areas", growth),
        };
        out.at(
            &member.record,
            member.list_anchor(list.key),
            format!("{} names {what}", member.display_name()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    fn one(text: &str) -> Vec<String> {
        findings(
            "incomplete-self-awareness",
            &[("vision.md", VISION), ("a.md", text)],
        )
    }

    #[test]
    fn one_finding_at_the_first_empty_list() {
        assert_eq!(
            one("---\nrole: R\nname: A\n---\n"),
            ["a.md:3:1: A names neither strengths nor growth areas"]
        );
        assert_eq!(
            one("---\nname: A\ngrowth_areas: []\nstrengths: []\n---\n"),
            ["a.md:4:1: A names neither strengths nor growth areas"]
        );
        assert_eq!(
            one("---\nname: A\nstrengths: [Rust]\n---\n"),
            ["a.md:2:1: A names no growth areas"]
        );
        assert_eq!(
            one("---\nname: A\nstrengths: [Rust]\ngrowth_areas:\n---\n"),
            ["a.md:4:1: A names no growth areas"]
        );
        assert!(
            one("---\nname: A\nstrengths: [a]\ngrowth_areas: [b]\nstatus: leave\n---\n").is_empty()
        );
    }
}
