//! `unknown-growth-area`: a learning goal's area is not a named growth area.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unknown-growth-area",
    level: Level::Note,
    summary: "a learning goal's `area` is not one of the member's `growth_areas`",
    explanation: "\
What it checks: when a learning goal names an `area`, it is written exactly
as one of the member's `growth_areas`.

Why: learning works best when it serves the growth the person said they want.
A goal for an area they never named may be fine, but it is worth a word, and
often it is just spelt differently.

How to fix: write the area exactly as in `growth_areas`, or add it there if
it is a new growth area.",
    fix: "write the area exactly as in `growth_areas:`, or add it there",
    check,
    reads: &[
        (&schema::MEMBER, "growth_areas"),
        (&schema::LEARNING_GOAL, "area"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        let areas = &member.growth_areas.items;
        for goal in &member.learning.items {
            let Some(area) = &goal.area else { continue };
            if areas.iter().any(|a| a.value == area.value) {
                continue;
            }
            let diagnostic = out.at(
                &member.record,
                area.span,
                format!(
                    "learning goal `{}` works on `{}`, which is not one of {}'s growth areas",
                    goal.title(),
                    area.value,
                    member.display_name()
                ),
            );
            if let Some(same) = areas
                .iter()
                .find(|a| a.value.eq_ignore_ascii_case(&area.value))
            {
                diagnostic.help(format!("the growth area is written `{}`", same.value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn points_at_the_area_value() {
        let member = "---
name: A
growth_areas: [Public speaking]
learning:
  - goal: Talk
    area: Public speaking
  - goal: Rust
    area: Rust
---
";
        assert_eq!(
            findings(
                "unknown-growth-area",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:8:11: learning goal `Rust` works on `Rust`, which is not one of A's growth areas"
            ]
        );
    }
}
