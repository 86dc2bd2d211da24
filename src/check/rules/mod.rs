//! The rule registry: one file per rule, each with its id, default level,
//! documentation and tests.

pub mod backdated_entry;
pub mod done_progress;
pub mod duplicate_id;
pub mod evidence_gap;
pub mod future_date;
pub mod incomplete_self_awareness;
pub mod invalid_field;
pub mod invalid_front_matter;
pub mod level_out_of_range;
pub mod misplaced_sealed;
pub mod missing_feedback;
pub mod missing_vision;
pub mod no_learning_goal;
pub mod no_ownership;
pub mod overdue_learning_goal;
pub mod overdue_objective;
pub mod placeholder;
pub mod private_in_history;
pub mod reader_change;
pub mod reader_without_key;
pub mod stale_learning_goal;
pub mod unaligned_objective;
pub mod uncovered_outcome;
pub mod unknown_field;
pub mod unknown_growth_area;
pub mod unknown_member;
pub mod unknown_outcome;
pub mod unknown_topic;
pub mod unlinked_outcome;
pub mod unreadable_sealed;
pub mod unsealed_private;
pub mod unused_allow;

use super::{Context, Emitter, Level};
use crate::model::{ProblemKind, Record};
use crate::suggest::did_you_mean;

/// A rule: what `mastery rules` lists and `mastery explain` prints, and the
/// function that finds its cases.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id, used in output, `allow:` and `[rules]`.
    pub id: &'static str,
    /// Level unless configured otherwise.
    pub level: Level,
    /// Applies only to members whose `status` is `active`.
    pub cadence: bool,
    /// About the team as a whole (its findings are kept by
    /// `--changed-since` whichever files changed).
    pub team_wide: bool,
    /// Its findings depend on the as-of date, so a later day can add some
    /// (what "coming up" looks for).
    pub dated: bool,
    /// The element of mastery its findings are about, when one: the
    /// matrix and the 1:1 agenda group findings by it.
    pub element: Option<Element>,
    /// One line: what it flags.
    pub summary: &'static str,
    /// What it checks, why it matters, how to fix it.
    pub explanation: &'static str,
    /// One line on how to fix a finding, shown under it.
    pub fix: &'static str,
    /// Finds the rule's cases.
    pub check: fn(&Context, &mut Emitter),
    /// The keys of the record format it reads (their table, their key):
    /// docs/format.md says, of each key, the rules that read it.
    pub reads: &'static [(&'static crate::model::schema::Table, &'static str)],
    /// What a per-file rule reads of other files than the one it checks
    /// (through [`Context`], which holds it to this in debug builds): an
    /// edit that changes one of them checks every file again.
    pub shared: &'static [crate::depends::Shared],
}

/// The five ways a person grows (the matrix's columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// Knows their strengths and growth areas.
    SelfAwareness,
    /// Keeps learning: goals that move.
    Learning,
    /// Owns decisions.
    Empowerment,
    /// Gets regular feedback and support.
    Feedback,
    /// Points objectives at the vision.
    Alignment,
}

impl Rule {
    /// What a rule is unless it says otherwise: a warning about one file,
    /// not a cadence rule, not moving with the date, about no element.
    /// Each rule writes its id, texts, check and what differs:
    /// `Rule { id: "…", …, ..Rule::DEFAULT }`.
    pub const DEFAULT: Rule = Rule {
        id: "",
        level: Level::Warning,
        cadence: false,
        team_wide: false,
        dated: false,
        element: None,
        summary: "",
        explanation: "",
        fix: "",
        check: |_, _| {},
        reads: &[],
        shared: &[],
    };
}

/// Rules are the statics in [`ALL`]: one rule, one id.
impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// Every rule, in the order `mastery rules` lists them.
pub static ALL: &[Rule] = &[
    invalid_front_matter::RULE,
    invalid_field::RULE,
    unknown_field::RULE,
    missing_vision::RULE,
    duplicate_id::RULE,
    unknown_member::RULE,
    unknown_outcome::RULE,
    future_date::RULE,
    backdated_entry::RULE,
    missing_feedback::RULE,
    stale_learning_goal::RULE,
    overdue_learning_goal::RULE,
    no_learning_goal::RULE,
    unaligned_objective::RULE,
    overdue_objective::RULE,
    done_progress::RULE,
    uncovered_outcome::RULE,
    unlinked_outcome::RULE,
    incomplete_self_awareness::RULE,
    no_ownership::RULE,
    unknown_growth_area::RULE,
    unused_allow::RULE,
    placeholder::RULE,
    unsealed_private::RULE,
    reader_without_key::RULE,
    unreadable_sealed::RULE,
    misplaced_sealed::RULE,
    private_in_history::RULE,
    reader_change::RULE,
    unknown_topic::RULE,
    level_out_of_range::RULE,
    evidence_gap::RULE,
];

/// The rule with this id.
pub fn find_rule(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}

/// " (did you mean `missing-feedback`?)" for a mistyped rule id, or "".
pub fn unknown_rule_hint(id: &str) -> String {
    did_you_mean(id, ALL.iter().map(|r| r.id))
        .map(|hint| format!(" ({hint})"))
        .unwrap_or_default()
}

/// Every record file of the team in scope: the visions, the members,
/// the frameworks.
fn records<'a>(cx: &'a Context) -> impl Iterator<Item = &'a Record> {
    let visions = cx.visions_in_scope().map(|v| &v.record);
    let frameworks = cx.frameworks_in_scope().map(|f| &f.record);
    (visions.chain(cx.members_in_scope().map(|m| &m.record))).chain(frameworks)
}

/// Report the loading problems of one kind as findings.
fn report_problems(cx: &Context, out: &mut Emitter, kind: ProblemKind) {
    for record in records(cx) {
        for problem in record.problems.iter().filter(|p| p.kind == kind) {
            let diagnostic = out.at(record, problem.span, problem.message.clone());
            if let Some(help) = &problem.help {
                diagnostic.help(help.clone());
            }
            // Loading knew what certainly fixes it (a key or a word with
            // one close match).
            if let Some(text) = &problem.fix {
                let span = problem.span;
                let was = record.source.text.get(span.start..span.start + span.len);
                let title = match (&kind, was) {
                    (ProblemKind::UnknownField, Some(was)) => {
                        format!("rename the key `{was}` to `{text}`")
                    }
                    (_, Some(was)) => format!("replace `{was}` with `{text}`"),
                    (_, None) => format!("write `{text}`"),
                };
                diagnostic.fix(&record.source, title, span, text.clone(), true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let ids: HashSet<_> = ALL.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), ALL.len());
        // One file per rule, each registered under its own name.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check/rules");
        let files: HashSet<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|name| name.strip_suffix(".rs").map(|s| s.replace('_', "-")))
            .filter(|name| name != "mod")
            .collect();
        assert_eq!(files, ids.iter().map(|id| id.to_string()).collect());
        for rule in ALL {
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id
            );
            assert!(
                !rule.summary.is_empty() && !rule.summary.contains('\n'),
                "{}",
                rule.id
            );
            assert!(!rule.fix.is_empty(), "{}", rule.id);
            for section in ["What it checks", "Why", "How to fix"] {
                assert!(
                    rule.explanation.contains(section),
                    "{} lacks `{section}`",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn default_levels_follow_the_spec() {
        let level = |id| find_rule(id).unwrap().level;
        for id in [
            "invalid-front-matter",
            "invalid-field",
            "missing-vision",
            "duplicate-id",
            "unknown-member",
            "unknown-outcome",
            "unaligned-objective",
        ] {
            assert_eq!(level(id), Level::Error, "{id}");
        }
        assert_eq!(level("no-ownership"), Level::Note);
        assert_eq!(level("unknown-growth-area"), Level::Note);
        assert_eq!(level("missing-feedback"), Level::Warning);
    }
}
