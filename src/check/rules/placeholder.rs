//! `placeholder`: the words `init` or `new` wrote, never replaced.

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;
use crate::model::starter::is_placeholder;
use crate::model::{Record, Spanned};
use crate::source::Span;

/// The rule.
pub const RULE: Rule = Rule {
    id: "placeholder",
    level: Level::Note,
    summary: "the starter words of `init` or `new` are still there (a role, a statement, a title, the notes)",
    explanation: "\
What it checks: text that `mastery init` and `mastery new` write for a
person to replace, still as written: a member's `role: Role or title` and
their notes (\"Free notes in Markdown: …\"), a vision's statement
(\"Describe in one sentence…\"), its first outcome's title and measure,
and its notes.

Why: the starter words read like a record, so they reach the report as if
someone wrote them: a role that says \"Role or title\", a vision that asks
to be described.

How to fix: write the member's role, the team's statement, the outcome's
title and measure, or delete the line; replace or delete the notes.",
    fix: "write what it should say, or delete it",
    check,
    reads: &[
        (&schema::MEMBER, "role"),
        (&schema::VISION, "statement"),
        (&schema::OUTCOME, "title"),
        (&schema::OUTCOME, "measure"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let mut flag = |record: &Record, value: &Option<Spanned<String>>, what: &str| {
        if let Some(value) = value.as_ref().filter(|v| is_placeholder(&v.value)) {
            out.at(
                record,
                value.span,
                format!("{what} is still the starter's words"),
            );
        }
    };
    for member in cx.members() {
        flag(&member.record, &member.role, "the `role`");
    }
    for vision in cx.visions_in_scope() {
        flag(
            &vision.record,
            &vision.statement,
            "the vision's `statement`",
        );
        for outcome in &vision.outcomes.items {
            flag(&vision.record, &outcome.title, "the outcome's `title`");
            flag(&vision.record, &outcome.measure, "the outcome's `measure`");
        }
    }
    let records = (cx.members().map(|m| &m.record)).chain(cx.visions_in_scope().map(|v| &v.record));
    for record in records.filter(|r| !r.front_matter_failed()) {
        let body = record.body();
        if is_placeholder(body) {
            let start = record.body_start + (body.len() - body.trim_start().len());
            let span = Span::new(start, body.trim().len());
            out.at(record, span, "the notes are still the starter's words");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::findings;

    #[test]
    fn starter_words_are_found_until_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        crate::scaffold::init(
            &team,
            Some("sam-lee"),
            false,
            jiff::civil::date(2026, 11, 27),
        )
        .unwrap();
        let read = |name: &str| std::fs::read_to_string(team.join(name)).unwrap();
        let (vision, sam) = (read("vision.md"), read("sam-lee.md"));
        let found = findings(
            "placeholder",
            &[("vision.md", &vision), ("sam-lee.md", &sam)],
        );
        let said: Vec<&str> = found
            .iter()
            .map(|f| f.split_once(": ").unwrap().1)
            .collect();
        assert_eq!(
            said,
            [
                "the `role` is still the starter's words",
                "the notes are still the starter's words",
                "the vision's `statement` is still the starter's words",
                "the outcome's `title` is still the starter's words",
                "the outcome's `measure` is still the starter's words",
                "the notes are still the starter's words",
            ]
        );
        let written = sam.replace("Role or title", "Engineer").replace(
            "Free notes in Markdown: 1:1 notes, reflections, links.",
            "Met on day one.",
        );
        let vision = "---\nteam: T\nstatement: Ship calmly.\n---\nWhy: we ship.\n";
        assert!(
            findings(
                "placeholder",
                &[("vision.md", vision), ("sam-lee.md", &written)]
            )
            .is_empty()
        );
    }
}
