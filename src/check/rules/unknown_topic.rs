//! `unknown-topic`: a member's track, or an evidence entry's topic or
//! criterion, that the team's frameworks lack.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::depends::Shared;
use crate::model::schema;
use crate::model::{Criterion, Member, NoFramework};
use crate::suggest::did_you_mean;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unknown-topic",
    level: Level::Error,
    summary: "a `track`, or an evidence entry's `topic` or `criterion`, that the framework lacks",
    explanation: "\
What it checks: a member's `track` names a framework of the team (a file
`frameworks/ID.md`; without `track`, the team's only framework); each
`evidence` entry's `topic` is the `name` of one of that framework's topics,
and its `criterion`, when given, begins exactly one criterion of that topic
at the entry's `level` (at any level when the entry has none).

Why: evidence counts toward a level only when it points at what the
framework asks for; a misspelt topic or a criterion that matches nothing
(or two things) is evidence nobody will find in a promotion packet.

How to fix: use a topic `name` from the framework (the message suggests a
close one), and enough of the criterion's text to name it alone.",
    fix: "name a topic and a criterion the framework has (`frameworks/ID.md`)",
    check,
    reads: &[
        (&schema::MEMBER, "track"),
        (&schema::MEMBER, "evidence"),
        (&schema::EVIDENCE, "topic"),
        (&schema::EVIDENCE, "criterion"),
        (&schema::FRAMEWORK, "topics"),
        (&schema::TOPIC, "name"),
        (&schema::TOPIC_LEVEL, "criteria"),
        (&schema::EXAMPLE_CRITERION, "criteria"),
    ],
    shared: &[Shared::Frameworks],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    for member in cx.members() {
        if member.evidence.items.is_empty() && member.level.is_none() && member.track.is_none() {
            continue;
        }
        let framework = match cx.framework_of(member) {
            Ok(framework) => framework,
            Err(why) => {
                missing_framework(cx, out, member, why);
                continue;
            }
        };
        for entry in &member.evidence.items {
            let Some(topic_name) = &entry.topic else {
                continue;
            };
            let Some(topic) = framework.topic(&topic_name.value) else {
                let message = format!(
                    "topic `{}` is not in framework `{}`",
                    topic_name.value, framework.id
                );
                let found = out.at(&member.record, topic_name.span, message);
                if let Some(help) = did_you_mean(&topic_name.value, framework.topic_names()) {
                    found.help(help);
                }
                continue;
            };
            let Some(criterion) = &entry.criterion else {
                continue;
            };
            let level = entry.level.as_ref().map(|l| l.value);
            let at = level.map_or(String::new(), |n| format!(" at level {n}"));
            let named = topic.criterion(level, &criterion.value);
            let message = match &named {
                Criterion::One(_) => continue,
                Criterion::None => format!(
                    "no criterion of topic `{}`{at} begins “{}”",
                    topic_name.value, criterion.value
                ),
                Criterion::Several(several) => format!(
                    "“{}” begins {} criteria of topic `{}`{at}; write more of the one meant",
                    criterion.value,
                    several.len(),
                    topic_name.value
                ),
            };
            let found = out.at(&member.record, criterion.span, message);
            if let Some(candidates) = topic.candidates(level, &named) {
                found.help(candidates);
            }
        }
    }
}

/// The member's evidence or level has no framework to be read against.
fn missing_framework(cx: &Context, out: &mut Emitter, member: &Member, why: NoFramework) {
    let message = match why {
        NoFramework::Unknown(track) => {
            let span = member.track.as_ref().map_or(member.first_key, |t| t.span);
            let message = format!("track `{track}` is not a framework of the team");
            let ids = cx.frameworks().iter().map(|f| f.id.as_str());
            let help = did_you_mean(track, ids);
            let found = out.at(&member.record, span, message);
            if let Some(help) = help {
                found.help(help);
            }
            return;
        }
        NoFramework::NoneAtAll => {
            "the team has no framework (`frameworks/ID.md`) for this member's level and evidence"
        }
        NoFramework::Several => {
            "the team has more than one framework: `track:` says which this member's level and evidence are in"
        }
    };
    let span = (member.level.as_ref().map(|l| l.span))
        .or(member.evidence.key)
        .unwrap_or(member.first_key);
    out.at(&member.record, span, message);
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{FRAMEWORK, VISION, check, findings, helps};

    fn member(evidence: &str) -> String {
        format!("---\nname: Ann\nlevel: 2\nevidence:\n{evidence}---\n")
    }

    #[test]
    fn a_published_framework_reads_without_findings() {
        let files = [
            ("vision.md", VISION),
            ("frameworks/backend.md", FRAMEWORK),
            (
                "ann.md",
                &member(
                    "  - date: 2026-11-01\n    topic: communication\n    level: 2\n    criterion: Gives actionable\n",
                ),
            ),
        ];
        let found = check(&files);
        let framework: Vec<_> = (found.diagnostics.iter())
            .filter(|d| d.path == "frameworks/backend.md")
            .collect();
        assert!(framework.is_empty(), "{framework:#?}");
        assert!(findings("unknown-topic", &files).is_empty());
        // The framework is no member.
        assert!(
            !found
                .diagnostics
                .iter()
                .any(|d| d.message.contains("backend")),
            "{found:#?}"
        );
    }

    #[test]
    fn topics_criteria_and_tracks_the_framework_lacks() {
        let evidence = "  - date: 2026-11-01\n    topic: comunication\n  \
                        - date: 2026-11-02\n    topic: communication\n    level: 2\n    criterion: Accepts\n  \
                        - date: 2026-11-03\n    topic: communication\n    level: 1\n    criterion: Gives\n";
        let files = [
            ("vision.md", VISION),
            ("frameworks/backend.md", FRAMEWORK),
            ("ann.md", &member(evidence)),
            ("bob.md", "---\nname: Bob\ntrack: frontend\nlevel: 1\n---\n"),
        ];
        assert_eq!(
            findings("unknown-topic", &files),
            [
                "ann.md:6:12: topic `comunication` is not in framework `backend`",
                "ann.md:10:16: “Accepts” begins 2 criteria of topic `communication` at level 2; write more of the one meant",
                "ann.md:14:16: no criterion of topic `communication` at level 1 begins “Gives”",
                "bob.md:3:8: track `frontend` is not a framework of the team",
            ]
        );
        assert_eq!(
            helps("unknown-topic", &files),
            [
                "ann.md:6:12: did you mean `communication`?",
                "ann.md:10:16: it begins “Accepts feedback graciously”, “Accepts responsibility for mistakes”",
                "ann.md:14:16: the topic has “Provides regular status updates to their mentor”",
            ]
        );
    }

    #[test]
    fn evidence_without_a_framework_says_so() {
        let files = [
            ("vision.md", VISION),
            ("ann.md", &member("  - date: 2026-11-01\n    topic: x\n")),
        ];
        assert_eq!(
            findings("unknown-topic", &files),
            [
                "ann.md:3:8: the team has no framework (`frameworks/ID.md`) for this member's level and evidence"
            ]
        );
    }
}
