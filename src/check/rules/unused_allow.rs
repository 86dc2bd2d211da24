//! `unused-allow`: an `allow` that switches nothing off.

use std::collections::{HashMap, HashSet};

use super::Rule;
use crate::check::{Diagnostic, Emitter, Level};
use crate::config::Config;
use crate::model::Member;
use crate::model::schema;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unused-allow",
    level: Level::Note,
    summary: "an `allow` (in `allow:` or a `# mastery: allow` comment) that silences no finding",
    explanation: "\
What it checks: each rule a member file switches off, in its `allow:` list
or with a `# mastery: allow RULE -- reason` comment, that has no finding to
silence there today or in the next two weeks. A rule switched off for the
whole team in mastery.toml is not asked about.

Why: an allow outlives what it was for (the leave ended, the goal moved):
left in place, it would hide the next finding of its rule without anyone
deciding so again.

How to fix: remove it; or keep it when the finding is expected back, with
a comment saying so.",
    fix: "remove the allow, or say why it stays",
    // Nothing in the run of rules: an allow is unused only once every
    // other rule has run, so [`unused`] is called after them.
    reads: &[(&schema::MEMBER, "allow")],
    ..Rule::DEFAULT
};

/// The allows of `members` that silence none of `found` (today's and the
/// coming findings, before any allow was applied), reported by `out`.
pub(crate) fn unused<'a>(
    members: impl Iterator<Item = &'a Member>,
    found: &[&Diagnostic],
    config: &Config,
    out: &mut Emitter,
) {
    let switched_on = |id: &str| {
        super::find_rule(id).is_some_and(|rule| crate::check::level(config, rule).is_some())
    };
    // Grouped once: asking each member's file of every finding would be
    // quadratic in the team.
    let mut by_path: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for d in found {
        by_path.entry(d.path.as_str()).or_default().push(d);
    }
    let allowing = |m: &&Member| !m.allow.is_empty() || !m.inline_allows.is_empty();
    for member in members.filter(allowing) {
        if member.record.front_matter_failed() {
            continue;
        }
        let own = (by_path.get(member.record.source.path.as_str())).map_or(&[][..], Vec::as_slice);
        let used: HashSet<&str> = own.iter().map(|d| d.rule.id).collect();
        for allow in &member.allow {
            let id = allow.value.as_str();
            if id != RULE.id && switched_on(id) && !used.contains(id) {
                let message = format!("`allow: {id}` switches off nothing in this file");
                out.at(&member.record, allow.span, message);
            }
        }
        for inline in member.inline_allows.iter().filter(|a| a.reason.is_some()) {
            let id = inline.rule.value.as_str();
            let silences = |d: &&Diagnostic| {
                d.position
                    .is_some_and(|p| inline.silences(d.rule.id, p.line))
            };
            if id != RULE.id && switched_on(id) && !own.iter().any(silences) {
                let message = format!("`# mastery: allow {id}` switches off nothing here");
                out.at(&member.record, inline.rule.span, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn an_allow_with_nothing_to_silence_is_named() {
        let ann = "---\nname: Ann\nstrengths: [a]\ngrowth_areas: [b]\nallow: [no-ownership, no-learning-goal, overdue-objective]\nownership:\n  - area: CI\nfeedback:  # mastery: allow missing-feedback -- on leave\n  - date: 2026-11-20\n---\n";
        assert_eq!(
            findings("unused-allow", &[("vision.md", VISION), ("ann.md", ann)]),
            [
                "ann.md:5:9: `allow: no-ownership` switches off nothing in this file",
                "ann.md:5:41: `allow: overdue-objective` switches off nothing in this file",
                "ann.md:8:29: `# mastery: allow missing-feedback` switches off nothing here",
            ]
        );
    }
}
