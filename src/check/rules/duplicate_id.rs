//! `duplicate-id`: two member files, two frameworks or two outcomes share
//! an id.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Rule;
use crate::check::{Context, Emitter, Level};
use crate::model::schema;
use crate::source::Span;

/// The rule.
pub const RULE: Rule = Rule {
    id: "duplicate-id",
    level: Level::Error,
    team_wide: true,
    summary: "two member files, two frameworks, two outcomes of any visions, two topics of a framework, or two entries of one file have the same id",
    explanation: "\
What it checks: member ids (file names without `.md`, in any sub-folder) are
unique across the team, also when compared without case (`Maria-Lopez.md`
and `maria-lopez.md` cannot both exist on macOS or Windows); framework ids
(file names without `.md`) are unique when `[frameworks] paths` reads more
than one folder; outcome ids are unique across every vision.md (the root's
and sub-teams'); a framework's topic `name`s are unique within it; and the
`id` of learning goals and objectives is unique within each member file.

Why: `manager`, `mentor`, `owner`, `track` and objectives refer to members,
frameworks and outcomes by id. With two of the same, a reference is ambiguous and one record
is shadowed in the report.

How to fix: rename one of the files (`platform/bob.md` to
`platform/bob-lee.md`) or one of the outcome ids, and update the references.",
    fix: "rename one of them so every id is unique, and update references to it",
    check,
    reads: &[
        (&schema::LEARNING_GOAL, "id"),
        (&schema::OBJECTIVE, "id"),
        (&schema::VISION, "outcomes"),
        (&schema::OUTCOME, "id"),
    ],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    // Ids that differ only in case clash too: their files cannot both live
    // on the case-insensitive file systems of macOS and Windows.
    let mut first: HashMap<Cow<str>, (&str, &str)> =
        HashMap::with_capacity(cx.team().members.len());
    for member in &cx.team().members {
        let path = member.record.source.path.as_str();
        match first.get(&fold_case(&member.id)) {
            Some(&(id, first)) if id == member.id => {
                out.at(
                    &member.record,
                    Span::FILE_START,
                    format!("member id `{}` is already used by `{first}`", member.id),
                );
            }
            Some(&(id, first)) => {
                out.at(
                    &member.record,
                    Span::FILE_START,
                    format!(
                        "member id `{}` differs only in case from `{id}` (`{first}`): \
                         the two files cannot both exist on macOS or Windows",
                        member.id
                    ),
                );
            }
            None => {
                first.insert(fold_case(&member.id), (&member.id, path));
            }
        }
    }

    // Framework ids: a member's `track` names one.
    let mut framework_at: HashMap<&str, &str> = HashMap::new();
    for framework in &cx.team().frameworks {
        let path = framework.record.source.path.as_str();
        match framework_at.get(framework.id.as_str()) {
            Some(first) => {
                let message = format!(
                    "framework id `{}` is already used by `{first}`",
                    framework.id
                );
                out.at(&framework.record, Span::FILE_START, message);
            }
            None => {
                framework_at.insert(&framework.id, path);
            }
        }
    }

    // Topic names, within each framework: evidence names a topic by it.
    for framework in cx.frameworks_in_scope() {
        let mut first_line: HashMap<&str, usize> = HashMap::new();
        for name in framework
            .topics
            .items
            .iter()
            .filter_map(|t| t.name.as_ref())
        {
            let source = &framework.record.source;
            match first_line.get(name.value.as_str()) {
                Some(line) => {
                    let message = format!(
                        "topic `{}` is already named on line {line}: evidence could not tell them apart",
                        name.value
                    );
                    out.at(&framework.record, name.span, message);
                }
                None => {
                    first_line.insert(&name.value, source.position(name.span.start).line);
                }
            }
        }
    }

    // Entry ids, within each member file.
    for member in cx.members() {
        let goals = member.learning.items.iter().filter_map(|g| g.id.as_ref());
        let objectives = member.objectives.items.iter().filter_map(|o| o.id.as_ref());
        let mut first_line: HashMap<&str, usize> = HashMap::new();
        let mut ids: Vec<&crate::model::Spanned<String>> = goals.chain(objectives).collect();
        ids.sort_by_key(|id| id.span.start);
        for id in ids {
            let source = &member.record.source;
            match first_line.get(id.value.as_str()) {
                Some(line) => {
                    let message = format!("id `{}` is already used on line {line}", id.value);
                    out.at(&member.record, id.span, message);
                }
                None => {
                    first_line.insert(&id.value, source.position(id.span.start).line);
                }
            }
        }
    }

    // Outcome ids, across every vision (an objective names one by id).
    let visions = cx.visions();
    let mut first: HashMap<&str, (&str, usize)> = HashMap::new();
    for &(v, outcome) in visions.outcomes() {
        let Some(id) = &outcome.id else {
            continue;
        };
        let record = &visions.visions()[v].record;
        let path = record.source.path.as_str();
        match first.get(id.value.as_str()) {
            Some(&(at, line)) => {
                let place = if at == path {
                    format!("on line {line}")
                } else {
                    format!("in `{at}` (line {line})")
                };
                let message = format!("outcome id `{}` is already defined {place}", id.value);
                out.at(record, id.span, message);
            }
            None => {
                let line = record.source.position(id.span.start).line;
                first.insert(&id.value, (path, line));
            }
        }
    }
}

/// An id as case-insensitive file systems compare it.
fn fold_case(id: &str) -> Cow<'_, str> {
    if id.chars().any(char::is_uppercase) {
        Cow::Owned(id.to_lowercase())
    } else {
        Cow::Borrowed(id)
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings, findings_with};
    use crate::config::Config;

    #[test]
    fn member_files_after_the_first_in_path_order() {
        let member = "---\nname: B\n---\n";
        assert_eq!(
            findings(
                "duplicate-id",
                &[
                    ("vision.md", VISION),
                    ("z/bob.md", member),
                    ("bob.md", member),
                    ("a/bob.md", member)
                ]
            ),
            [
                "bob.md:1:1: member id `bob` is already used by `a/bob.md`",
                "z/bob.md:1:1: member id `bob` is already used by `a/bob.md`",
            ]
        );
    }

    #[test]
    fn member_ids_that_differ_only_in_case() {
        let member = "---\nname: M\n---\n";
        assert_eq!(
            findings(
                "duplicate-id",
                &[
                    ("vision.md", VISION),
                    ("maria-lopez.md", member),
                    ("team/Maria-Lopez.md", member)
                ]
            ),
            [
                "team/Maria-Lopez.md:1:1: member id `Maria-Lopez` differs only in case from \
                 `maria-lopez` (`maria-lopez.md`): the two files cannot both exist on macOS or Windows"
            ]
        );
    }

    #[test]
    fn frameworks_from_two_folders_after_the_first() {
        let config = Config::parse("[frameworks]\npaths = [\"ladders/\"]\n").unwrap();
        let framework = "---\nlevels: 2\ntopics: []\n---\n";
        assert_eq!(
            findings_with(
                "duplicate-id",
                &[
                    ("vision.md", VISION),
                    ("ladders/web/backend.md", framework),
                    ("ladders/backend.md", framework),
                ],
                &config
            ),
            [
                "ladders/web/backend.md:1:1: framework id `backend` is already used by `ladders/backend.md`"
            ]
        );
    }

    #[test]
    fn topic_names_within_a_framework_at_the_second() {
        let framework = "---\nlevels: 2\ntopics:\n  - name: talk\n    content: []\n  - name: talk\n    title: Talk again\n---\n";
        assert_eq!(
            findings(
                "duplicate-id",
                &[("vision.md", VISION), ("frameworks/eng.md", framework)]
            ),
            [
                "frameworks/eng.md:6:11: topic `talk` is already named on line 4: evidence could not tell them apart"
            ]
        );
    }

    #[test]
    fn entry_ids_within_one_file_at_the_second() {
        let member = "---\nname: A\nlearning:\n  - id: talk\n    goal: Talk\nobjectives:\n  - id: talk\n    objective: Ship\n  - id: ship\n    objective: Ship 2\n---\n";
        let other =
            "---\nname: B\nobjectives:\n  - id: talk\n    objective: Same id, other file\n---\n";
        assert_eq!(
            findings(
                "duplicate-id",
                &[("vision.md", VISION), ("a.md", member), ("b.md", other)]
            ),
            ["a.md:7:9: id `talk` is already used on line 4"]
        );
    }

    #[test]
    fn outcomes_at_the_second_id_value() {
        let vision = "---\nteam: T\nstatement: S\noutcomes:\n  - id: fast\n    title: A\n  - title: B\n    id: fast\n---\n";
        assert_eq!(
            findings("duplicate-id", &[("vision.md", vision)]),
            ["vision.md:8:9: outcome id `fast` is already defined on line 5"]
        );
    }

    #[test]
    fn outcome_ids_across_visions_at_the_later_one() {
        let sub = "---\nteam: S\nstatement: S\noutcomes:\n  - id: safe\n    title: Again\n    serves: fast\n---\n";
        assert_eq!(
            findings(
                "duplicate-id",
                &[("vision.md", VISION), ("s/vision.md", sub)]
            ),
            ["s/vision.md:5:9: outcome id `safe` is already defined in `vision.md` (line 7)"]
        );
    }
}
