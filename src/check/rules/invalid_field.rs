//! `invalid-field`: a known field with a wrong type or value, or a required
//! field missing.

use super::{Rule, did_you_mean, report_problems};
use crate::check::{Context, Emitter, Level};
use crate::model::ProblemKind;

/// The rule.
pub const RULE: Rule = Rule {
    id: "invalid-field",
    level: Level::Error,
    summary: "a field has the wrong type or an invalid value, or a required field is missing",
    explanation: "\
What it checks: each known field holds what the format expects: dates as real
calendar days written YYYY-MM-DD (2026-02-30 is not one), `progress` as a
whole number from 0 to 100, `status`, `kind` and `autonomy` as one of their
listed words, lists as lists, and required fields (`name`; `goal` of a
learning goal; `area` of an ownership entry; `date` of feedback; `what` of
support; `objective` of an objective; `team`, `statement`, and each outcome's
`id` and `title` in vision.md) present. Rule ids in `allow:` must exist, and an inline allow (`# mastery: allow RULE -- reason`) must name a rule and give a reason.

Why: a value that cannot be read is silently left out of every other check
and of the report. The rest of the file is still checked.

How to fix: correct the value at the position shown; the message says what
was expected.",
    fix: "correct the value at the position shown; the message says what is expected",
    check,
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    report_problems(cx, out, ProblemKind::Field);
    for member in cx.members() {
        for allowed in &member.allow {
            unknown_rule(out, &member.record, allowed, "`allow`");
        }
        for inline in &member.inline_allows {
            let rule = &inline.rule;
            if !unknown_rule(out, &member.record, rule, "`# mastery: allow`")
                && inline.reason.is_none()
            {
                out.at(
                    &member.record,
                    rule.span,
                    format!(
                        "`# mastery: allow {}` gives no reason, so it allows nothing",
                        rule.value
                    ),
                )
                .help(format!(
                    "say why after `--`: `# mastery: allow {} -- on parental leave`",
                    rule.value
                ));
            }
        }
    }
}

/// A finding when `named` (written in `what`) is no rule's id, with the
/// nearest id; whether it was one.
fn unknown_rule(
    out: &mut Emitter,
    record: &crate::model::Record,
    named: &crate::model::Spanned<String>,
    what: &str,
) -> bool {
    if super::find_rule(&named.value).is_some() {
        return false;
    }
    let help = did_you_mean(&named.value, super::ALL.iter().map(|r| r.id));
    let diagnostic = out.at(
        record,
        named.span,
        format!("{what} names unknown rule `{}`", named.value),
    );
    if let Some(help) = help {
        diagnostic.help(help);
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings, helps};

    #[test]
    fn suggests_a_word_of_the_set_whatever_its_case() {
        let files = [
            ("vision.md", VISION),
            ("a.md", "---\nname: A\nstatus: Active\n---\n"),
        ];
        assert_eq!(
            helps("invalid-field", &files),
            ["a.md:3:9: did you mean `active`?"]
        );
    }

    #[test]
    fn a_private_entry_keeps_its_certain_fix_but_not_its_words() {
        let files = [
            ("vision.md", VISION),
            (
                "a.md",
                "---\nname: A\nfeedback:\n  - date: 2026-11-01\n    kind: reviw\n    private: true\n---\n",
            ),
        ];
        let findings = crate::check::testing::check(&files);
        let found = (findings.diagnostics.iter())
            .find(|d| d.rule.id == "invalid-field")
            .expect("a finding");
        assert!(!found.message.contains("reviw"), "{}", found.message);
        let fix = found.fix.as_ref().expect("a certain fix");
        assert!(fix.safe && fix.private);
        assert_eq!(fix.edits[0].text, "review");
    }

    fn one(text: &str) -> Vec<String> {
        findings("invalid-field", &[("vision.md", VISION), ("a.md", text)])
    }

    #[test]
    fn bad_dates_point_at_the_value() {
        assert_eq!(
            one("---\nname: A\njoined: 2026-02-30\n---\n"),
            ["a.md:3:9: `joined`: `2026-02-30` is not a date: month 2 of 2026 has 28 days"]
        );
        assert_eq!(
            one("---\nname: A\nfeedback:\n  - date: \"soon\"\n---\n"),
            ["a.md:4:11: `date`: `soon` is not a date: write it as YYYY-MM-DD"]
        );
    }

    #[test]
    fn enums_progress_and_types() {
        assert_eq!(
            one("---\nname: A\nstatus: retired\n---\n"),
            ["a.md:3:9: `status` must be one of active, leave, departed; found `retired`"]
        );
        assert_eq!(
            one("---\nname: A\nlearning:\n  - goal: G\n    progress: 140\n---\n"),
            ["a.md:5:15: `progress` must be between 0 and 100, found 140"]
        );
        assert_eq!(
            one("---\nname: A\nstrengths: Rust\n---\n"),
            ["a.md:3:12: `strengths` should be a list, found text"]
        );
        assert_eq!(
            one("---\nname: A\nfeedback:\n  - date: 2026-11-01\n    private: maybe\n---\n"),
            ["a.md:5:14: `private` should be true or false, found text; \
              the entry is treated as `private: true`"]
        );
    }

    #[test]
    fn texts_and_dates_are_taken_as_written() {
        // A date with a leading space is not a date.
        assert_eq!(
            one("---\nname: A\njoined: \" 2026-11-01\"\n---\n"),
            ["a.md:3:9: `joined`: ` 2026-11-01` is not a date: write it as YYYY-MM-DD"]
        );
        // Numbers in text fields keep their spelling.
        let (record, node) = crate::load::parse_record(
            "a.md".into(),
            b"---\nname: 007\nrole: 1.10\nmentor: 0x1F\nnull: x\n---\n".to_vec(),
        );
        let member = crate::model::Member::from_front_matter("a".into(), record, &node.unwrap());
        assert_eq!(member.name.unwrap().value, "007");
        assert_eq!(member.role.unwrap().value, "1.10");
        assert_eq!(member.mentor.unwrap().value, "0x1F");
        let unknown: Vec<_> = member.record.problems.iter().map(|p| &p.message).collect();
        assert_eq!(unknown, ["unknown field `null` in a member file"]);
    }

    #[test]
    fn a_private_entry_is_never_echoed() {
        let entry = |extra: &str| {
            format!(
                "---\nname: A\nfeedback:\n  - date: 2026-13-45\n    kind: SECRETKIND\n    \
                 from: Eve\n{extra}---\n"
            )
        };
        for private in [
            "    private: true\n",
            "    private: yes\n",
            "    private: 1\n",
            "    private: 'true '\n",
            "    private:\n",
            "    Private: true\n",
            "    privat: true\n",
        ] {
            let found = one(&entry(private)).join("\n");
            assert!(!found.contains("SECRETKIND"), "{private}: {found}");
            assert!(!found.contains("2026-13-45"), "{private}: {found}");
            assert!(found.contains("the entry is private"), "{private}: {found}");
        }
        // A public entry says what it found.
        let public = one(&entry("    private: false\n")).join("\n");
        assert!(public.contains("`SECRETKIND`"), "{public}");
    }

    #[test]
    fn missing_required_fields_point_at_the_first_key() {
        assert_eq!(
            one("---\nrole: Engineer\n---\n"),
            ["a.md:2:1: missing required field `name`"]
        );
        assert_eq!(
            one("---\n---\n"),
            ["a.md:1:1: missing required field `name`"]
        );
        assert_eq!(
            one("---\nname: A\nlearning:\n  - kind: course\n    status: active\n---\n"),
            ["a.md:4:5: missing required field `goal`"]
        );
    }

    /// An inline allow with a reason silences its rule on its entry; one
    /// without a reason, or naming no rule, is a finding and silences
    /// nothing.
    #[test]
    fn inline_allows_need_a_real_rule_and_a_reason() {
        let with = "---\nname: A\nfeedback:   # mastery: allow missing-feedback -- on parental leave\n  - date: 2026-01-01\n---\n";
        assert!(one(with).is_empty());
        assert!(findings("missing-feedback", &[("vision.md", VISION), ("a.md", with)]).is_empty());
        let without = with.replace(" -- on parental leave", "");
        assert_eq!(
            one(&without),
            [
                "a.md:3:30: `# mastery: allow missing-feedback` gives no reason, so it allows nothing"
            ]
        );
        assert_eq!(
            findings(
                "missing-feedback",
                &[("vision.md", VISION), ("a.md", &without)]
            )
            .len(),
            1
        );
        assert_eq!(
            one(&with.replace("missing-feedback", "missing-feedbak")),
            ["a.md:3:30: `# mastery: allow` names unknown rule `missing-feedbak`"]
        );
        // Another rule on another line is not silenced.
        let other = "---\nname: A   # mastery: allow no-ownership -- joins in May\nfeedback:\n  - date: 2026-01-01\n---\n";
        assert!(findings("no-ownership", &[("vision.md", VISION), ("a.md", other)]).is_empty());
        assert_eq!(
            findings(
                "missing-feedback",
                &[("vision.md", VISION), ("a.md", other)]
            )
            .len(),
            1
        );
    }

    #[test]
    fn one_bad_field_leaves_the_rest_checked() {
        let files = [
            ("vision.md", VISION),
            (
                "a.md",
                "---\nname: A\njoined: 2026-02-30\nmanager: nobody\n---\n",
            ),
        ];
        let rules: Vec<_> = crate::check::testing::check(&files)
            .diagnostics
            .iter()
            .map(|d| d.rule.id)
            .collect();
        assert!(rules.contains(&"invalid-field"));
        assert!(rules.contains(&"unknown-member"));
    }

    #[test]
    fn allow_names_real_rules() {
        assert_eq!(
            one("---\nname: A\nallow: [no-ownershp]\n---\n"),
            ["a.md:3:9: `allow` names unknown rule `no-ownershp`"]
        );
    }

    #[test]
    fn vision_requires_team_and_outcome_ids() {
        let found = findings(
            "invalid-field",
            &[(
                "vision.md",
                "---\nstatement: S\noutcomes:\n  - title: T\n---\n",
            )],
        );
        assert_eq!(
            found,
            [
                "vision.md:2:1: missing required field `team`",
                "vision.md:4:5: missing required field `id`",
            ]
        );
    }
}
