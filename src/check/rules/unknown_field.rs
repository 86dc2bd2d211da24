//! `unknown-field`: a key the format does not define.

use super::{Rule, report_problems};
use crate::check::{Context, Emitter};
use crate::model::ProblemKind;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unknown-field",
    summary: "a key the format does not define (usually a typo)",
    explanation: "\
What it checks: every key in a member file, in vision.md and in their list
entries is one the format defines. The message suggests the closest known key.

Why: a misspelt key (`mentr:` for `mentor:`) is silently ignored, so the value
never reaches the checks or the report, and the record looks complete when it
is not.

How to fix: rename the key to the suggested one, or remove it. Free notes
belong in the Markdown body below the front matter.",
    fix: "rename the key to a known one, or move free text into the Markdown notes",
    check,
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    report_problems(cx, out, ProblemKind::UnknownField);
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings, helps};

    #[test]
    fn points_at_the_key_and_suggests() {
        let member = "---\nname: A\nmentr: bob\nlearning:\n  - goal: G\n    progres: 10\nhobby: chess\n---\n";
        let files = [("vision.md", VISION), ("a.md", member)];
        assert_eq!(
            findings("unknown-field", &files),
            [
                "a.md:3:1: unknown field `mentr` in a member file",
                "a.md:6:5: unknown field `progres` in a learning goal",
                "a.md:7:1: unknown field `hobby` in a member file",
            ]
        );
        assert_eq!(
            helps("unknown-field", &files),
            [
                "a.md:3:1: did you mean `mentor`?",
                "a.md:6:5: did you mean `progress`?",
            ]
        );
    }

    #[test]
    fn vision_keys_too() {
        let vision = "---\nteam: T\nstatment: S\n---\n";
        assert_eq!(
            helps("unknown-field", &[("vision.md", vision)]),
            ["vision.md:3:1: did you mean `statement`?"]
        );
    }
}
