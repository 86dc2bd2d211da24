//! `unlinked-outcome`: a sub-team's outcome that serves nothing above it.

use super::Rule;
use crate::check::{Context, Emitter};
use crate::depends::Shared;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unlinked-outcome",
    summary: "an outcome of a sub-team's vision with no `serves`",
    explanation: "\
What it checks: every outcome in a sub-team's vision.md (one in a folder
below the root) names, in `serves`, the outcomes of the vision above that it
serves. The root's vision has nothing above it and is not checked.

Why: a sub-team's vision refines the organisation's. An outcome that serves
nothing above may be worth doing, but nobody can see which part of the
organisation's vision it moves, and its coverage does not count toward any
outcome above.

How to fix: add `serves: [<id>]` with the ids of the outcomes above it
serves (the message lists those of the nearest vision above), or move the
outcome up if it is the organisation's own.",
    fix: "add `serves: [<id>]` naming the outcomes above that it serves",
    check,
    reads: &[(&schema::OUTCOME, "serves")],
    shared: &[Shared::Visions],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let visions = cx.visions();
    for (v, vision) in visions.visions().iter().enumerate() {
        let Some(above) = visions.parent(v) else {
            continue;
        };
        if !visions.is_sub_team(v) || !cx.in_scope(&vision.record) {
            continue;
        }
        let parent = visions.visions()[above];
        let mut ids: Vec<String> = Vec::new();
        for id in parent.outcomes.items.iter().filter_map(|o| o.id.as_ref()) {
            let id = format!("`{}`", id.value);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        for outcome in &vision.outcomes.items {
            if !outcome.serves.is_empty() {
                continue;
            }
            let name = crate::model::text(&outcome.id).unwrap_or("outcome");
            let at = outcome.id_key.unwrap_or(outcome.first_key);
            let diagnostic = out.at(
                &vision.record,
                at,
                format!("sub-team outcome `{name}` serves no outcome above it"),
            );
            if !ids.is_empty() {
                diagnostic.help(format!(
                    "`{}` defines {}; add `serves: [<id>]`",
                    parent.record.source.path,
                    ids.join(", ")
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings, helps};

    const SUB: &str = "---\nteam: Checkout\nstatement: S\noutcomes:\n  - title: One tap\n    id: tap\n    serves: fast\n  - id: lonely\n    title: Alone\n---\n";

    #[test]
    fn points_at_the_id_key_of_each_sub_team_outcome_without_serves() {
        let files = [("vision.md", VISION), ("checkout/vision.md", SUB)];
        assert_eq!(
            findings("unlinked-outcome", &files),
            ["checkout/vision.md:8:5: sub-team outcome `lonely` serves no outcome above it"]
        );
        assert_eq!(
            helps("unlinked-outcome", &files),
            ["checkout/vision.md:8:5: `vision.md` defines `fast`, `safe`; add `serves: [<id>]`"]
        );
    }

    #[test]
    fn the_root_vision_serves_nothing_and_is_not_checked() {
        assert!(findings("unlinked-outcome", &[("vision.md", VISION)]).is_empty());
    }
}
