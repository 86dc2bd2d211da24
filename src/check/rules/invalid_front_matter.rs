//! `invalid-front-matter`: the file has no readable YAML front matter.

use super::{Rule, report_problems};
use crate::check::{Context, Emitter, Level};
use crate::model::ProblemKind;

/// The rule.
pub const RULE: Rule = Rule {
    id: "invalid-front-matter",
    level: Level::Error,
    summary: "the file has no front matter, or its YAML does not parse",
    explanation: "\
What it checks: every record file starts with a line `---`, then YAML, then a
closing line `---`. The rule fires when the opening or closing fence is
missing, when the YAML does not parse (a syntax error, tab indentation, a
duplicate key), when it is not a mapping of `key: value` lines, when the file
is not UTF-8 or cannot be read, and when it exceeds a resource limit (alias
expansion, nesting depth, size). A file with this finding gets no other. A
folder of the team that cannot be listed is reported too, at the folder's
path with no line: the records in it were not read.

Why: nothing in the file can be checked or reported until it can be read, so
a broken file silently drops a person out of the team picture.

How to fix: open the file at the position shown. Make line 1 exactly `---`,
close the YAML with another `---` line, indent with spaces, and write each key
once. Save the file as UTF-8.",
    fix: "the front matter is YAML between a first line `---` and a closing `---`; fix it at the position shown",
    check,
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    report_problems(cx, out, ProblemKind::FrontMatter);
    for (path, why) in cx.unreadable_folders() {
        out.nowhere(
            path,
            format!(
                "the folder cannot be read ({why}); its records were not checked: \
                 give the user running mastery permission to list it"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    fn one(text: &str) -> Vec<String> {
        findings(
            "invalid-front-matter",
            &[("vision.md", VISION), ("a.md", text)],
        )
    }

    #[test]
    fn missing_fences_point_at_line_one() {
        let none =
            "a.md:1:1: no front matter: line 1 must be `---`, followed by YAML and a closing `---`";
        assert_eq!(one(""), [none]);
        assert_eq!(one("name: A\n"), [none]);
        assert_eq!(
            one("---\nname: A\n"),
            ["a.md:1:1: the front matter is never closed: add a line `---` after the YAML"]
        );
    }

    #[test]
    fn yaml_errors_point_where_the_parser_stopped() {
        assert_eq!(
            one("---\nname: A\nstrengths: [a, b\n---\n"),
            ["a.md:3:12: unclosed bracket '['"]
        );
        let tab = one("---\nname: A\nlearning:\n\t- goal: x\n---\n");
        assert_eq!(tab.len(), 1);
        assert!(tab[0].starts_with("a.md:4:"), "{tab:?}");
        assert_eq!(
            one("---\nname: A\nname: B\n---\n"),
            ["a.md:3:1: duplicate key `name`: each key may appear once in a mapping"]
        );
    }

    #[test]
    fn crlf_and_bom_keep_positions() {
        assert_eq!(
            one("\u{feff}---\r\nname: A\r\nname: B\r\n---\r\n"),
            ["a.md:3:1: duplicate key `name`: each key may appear once in a mapping"]
        );
    }

    #[test]
    fn not_a_mapping_and_not_utf8() {
        assert_eq!(
            one("---\n- a\n- b\n---\n"),
            ["a.md:1:1: the front matter must be a mapping of `key: value` lines, found a list"]
        );
        assert_eq!(
            one("---\njust text\n---\n"),
            ["a.md:1:1: the front matter must be a mapping of `key: value` lines, found text"]
        );
        let files = [
            ("vision.md", VISION.as_bytes().to_vec()),
            ("b.md", b"---\nname: \xff\n---\n".to_vec()),
        ];
        let team = crate::load::assemble(
            files
                .into_iter()
                .map(|(p, b)| crate::load::parse_record(p.into(), b)),
        );
        let found = crate::check::check(&team, &Default::default(), crate::check::testing::AS_OF);
        let in_b: Vec<_> = found
            .diagnostics
            .iter()
            .filter(|d| d.path == "b.md")
            .collect();
        assert_eq!(in_b.len(), 1);
        assert_eq!(in_b[0].rule.id, "invalid-front-matter");
        assert!(in_b[0].message.contains("not valid UTF-8 (byte 10"));
    }

    #[test]
    fn a_broken_file_gets_no_other_finding() {
        let all = crate::check::testing::check(&[("vision.md", VISION), ("a.md", "---\n[\n---\n")]);
        let rules: Vec<_> = all
            .diagnostics
            .iter()
            .filter(|d| d.path == "a.md")
            .map(|d| d.rule.id)
            .collect();
        assert_eq!(rules, ["invalid-front-matter"]);
    }

    #[test]
    fn limits_stop_hostile_yaml() {
        let deep = format!("---\nname: {}\n---\n", "[".repeat(100_000));
        let found = one(&deep);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("nests deeper than 64 levels"),
            "{found:?}"
        );
    }
}
