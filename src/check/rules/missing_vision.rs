//! `missing-vision`: the team root has no `vision.md`.

use super::Rule;
use crate::check::{Context, Emitter, Level};

/// The rule.
pub const RULE: Rule = Rule {
    id: "missing-vision",
    level: Level::Error,
    team_wide: true,
    summary: "there is no vision.md at the team root",
    explanation: "\
What it checks: the team folder has a `vision.md` at its root, with the
team's name, statement and outcomes.

Why: alignment is measured against the vision. Without it no objective can be
checked against an outcome, and the report has nothing to lead with.

How to fix: create `vision.md` at the root of the team folder:

    ---
    team: Payments Platform
    statement: Every customer pays in one tap.
    outcomes:
      - id: fast-checkout
        title: Checkout feels instant
    ---

(`mastery init` writes a starter one.)",
    fix: "create vision.md at the team root with `team`, `statement` and `outcomes`",
    check,
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    if cx.team().vision.is_none() {
        out.nowhere("vision.md", "no vision.md at the team root");
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn has_no_position() {
        assert_eq!(
            findings("missing-vision", &[("a.md", "---\nname: A\n---\n")]),
            ["vision.md: no vision.md at the team root"]
        );
        assert!(findings("missing-vision", &[("vision.md", VISION)]).is_empty());
        // A vision.md in a sub-folder is a member file, not the vision.
        assert_eq!(
            findings("missing-vision", &[("sub/vision.md", VISION)]).len(),
            1
        );
    }
}
