//! `no-learning-goal`: an active member has no active learning goal.

use super::{Element, Rule};
use crate::check::{Context, Emitter};
use crate::model::GoalStatus;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "no-learning-goal",
    cadence: true,
    element: Some(Element::Learning),
    summary: "an active member has no learning goal with status `active`",
    explanation: "\
What it checks: each active member has at least one learning goal whose
`status` is `active` (the default).

Why: continuous learning is one of the five elements of mastery. Someone with
no active goal is not growing on purpose, however busy they are.

How to fix: agree one goal, ideally tied to a growth area, and add it under
`learning:` with a `goal`, `area`, `started` and `target`.",
    fix: "agree a learning goal and add it under `learning:`",
    check,
    reads: &[
        (&schema::MEMBER, "status"),
        (&schema::MEMBER, "learning"),
        (&schema::LEARNING_GOAL, "status"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.active_members() {
        if !member
            .learning
            .items
            .iter()
            .any(|g| g.status == GoalStatus::Active)
        {
            out.at(
                &member.record,
                member.list_anchor(member.learning.key),
                format!("{} has no active learning goal", member.display_name()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    fn one(text: &str) -> Vec<String> {
        findings("no-learning-goal", &[("vision.md", VISION), ("a.md", text)])
    }

    #[test]
    fn at_the_list_key_or_name() {
        assert_eq!(
            one("---\nrole: R\nname: A\n---\n"),
            ["a.md:3:1: A has no active learning goal"]
        );
        assert_eq!(
            one("---\nname: A\nlearning:\n  - goal: G\n    status: done\n---\n"),
            ["a.md:3:1: A has no active learning goal"]
        );
        assert!(one("---\nname: A\nlearning:\n  - goal: G\n---\n").is_empty());
        assert!(one("---\nname: A\nstatus: leave\n---\n").is_empty());
    }
}
