//! `unknown-outcome`: an objective, or a sub-team outcome's `serves`, names
//! an outcome no vision above defines.

use std::collections::HashMap;

use super::{Element, Rule};
use crate::check::{Context, Emitter, Level};
use crate::depends::Shared;
use crate::model::schema;
use crate::suggest::Index;

/// The rule.
pub const RULE: Rule = Rule {
    id: "unknown-outcome",
    level: Level::Error,
    element: Some(Element::Alignment),
    summary: "an objective's `outcome`, or a sub-team outcome's `serves`, names an id no vision above defines",
    explanation: "\
What it checks: every id in an objective's `outcome` (one id or a list) is
the `id` of an outcome in the nearest vision.md at or above the member's
folder, or in a vision above that, up to the root's. Every id in a sub-team
outcome's `serves` is the id of an outcome in a vision above the sub-team's
(the root's vision has none above it). It is not checked when the root's
vision.md is missing, or a vision it would look in is unreadable, since
those are reported on their own.

Why: an objective that points at an outcome that does not exist looks
aligned but serves nothing the team has agreed on; usually it is a typo or an
outcome that was renamed. An objective cannot serve a sibling sub-team's
outcome: it serves its own team's vision, which serves the one above.

How to fix: use an id from a vision above (the message suggests a close
one), or add the outcome there.",
    fix: "use an outcome id defined in a vision at or above the file, or add the outcome there",
    check,
    reads: &[
        (&schema::OBJECTIVE, "outcome"),
        (&schema::VISION, "outcomes"),
        (&schema::OUTCOME, "id"),
        (&schema::OUTCOME, "serves"),
    ],
    shared: &[Shared::Visions],
    ..Rule::DEFAULT
};

fn check(cx: &Context, out: &mut Emitter) {
    let visions = cx.visions();
    let Some(root) = cx.root_vision() else {
        return;
    };
    if root.record.front_matter_failed() {
        return;
    }
    let readable = |start: Option<usize>| {
        let failed = |v: usize| visions.visions()[v].record.front_matter_failed();
        !visions.chain_from(start).any(failed)
    };
    // The ids a record below the vision `start` could name.
    let nameable = |start: Option<usize>| {
        let mut chain = vec![false; visions.visions().len()];
        for v in visions.chain_from(start) {
            chain[v] = true;
        }
        let outcomes = visions.outcomes().iter();
        outcomes
            .filter(move |&&(v, _)| chain[v])
            .filter_map(|(_, o)| o.id.as_ref())
            .map(|i| i.value.as_str())
    };
    // For a suggestion: indexed once per vision, at its first unknown id.
    let defined = |start: Option<usize>| Index::new(nameable(start));
    let mut indexes: HashMap<Option<usize>, Index> = HashMap::new();
    // Why `id` is not found: defined elsewhere, or a likely typo (the
    // outcome it is likely meant to be).
    // Why `id` is not found: defined elsewhere, or a likely typo (the
    // outcome it is likely meant to be); and the one outcome a mistyped id
    // can only mean, among those it may name from `start`.
    let mut why = |id: &str, start: Option<usize>| {
        let index = indexes.entry(start).or_insert_with(|| defined(start));
        let certain = index.certain(id).map(str::to_owned);
        let help = match visions.with_id(id).first() {
            Some(&elsewhere) => {
                let path = &visions.visions()[visions.outcomes()[elsewhere].0]
                    .record
                    .source
                    .path;
                Some(Why::Elsewhere(format!(
                    "`{id}` is an outcome of `{path}`, which is not above this file; \
                     serve an outcome of your own team's vision, or one above it"
                )))
            }
            None => index.suggest(id).map(|guess| Why::Typo(guess.to_owned())),
        };
        (help, certain)
    };
    for member in cx.members() {
        let folder = member.folder();
        if !readable(visions.nearest(folder)) {
            continue;
        }
        for objective in &member.objectives.items {
            for id in &objective.outcomes {
                if visions.resolve(folder, &id.value).is_none() {
                    let start = visions.nearest(folder);
                    let (help, certain) = why(&id.value, start);
                    let diagnostic = out.at(
                        &member.record,
                        id.span,
                        format!(
                            "objective `{}` serves unknown outcome `{}`",
                            objective.title(),
                            id.value
                        ),
                    );
                    with_fix(diagnostic, &member.record, id, help, certain);
                }
            }
        }
    }
    for (v, vision) in visions.visions().iter().enumerate() {
        let above = visions.parent(v);
        if !cx.in_scope(&vision.record) || !readable(above) {
            continue;
        }
        for outcome in &vision.outcomes.items {
            for id in &outcome.serves {
                if visions.resolve_above(v, &id.value).is_some() {
                    continue;
                }
                let name = crate::model::text(&outcome.id).unwrap_or("outcome");
                let (message, (help, certain)) = match above {
                    None => (
                        format!(
                            "outcome `{name}` serves `{}`, but the root's vision has no vision above it",
                            id.value
                        ),
                        (
                            Some(Why::Elsewhere(
                                "`serves` belongs in a sub-team's vision; remove it here"
                                    .to_owned(),
                            )),
                            None,
                        ),
                    ),
                    Some(p) => (
                        format!("outcome `{name}` serves unknown outcome `{}`", id.value),
                        why(&id.value, Some(p)),
                    ),
                };
                let diagnostic = out.at(&vision.record, id.span, message);
                with_fix(diagnostic, &vision.record, id, help, certain);
            }
        }
    }
}

/// Why an id names no outcome it may name.
enum Why {
    /// It is, or belongs, elsewhere: what to say.
    Elsewhere(String),
    /// It is likely a typo of this outcome id.
    Typo(String),
}

/// Say why, and offer the fix a typo suggests: safe when the id can mean
/// only that outcome (`certain`).
fn with_fix(
    diagnostic: &mut crate::check::Diagnostic,
    record: &crate::model::Record,
    id: &crate::model::Spanned<String>,
    why: Option<Why>,
    certain: Option<String>,
) {
    match why {
        Some(Why::Elsewhere(help)) => {
            diagnostic.help(help);
        }
        Some(Why::Typo(guess)) => {
            let safe = certain.as_deref() == Some(guess.as_str());
            diagnostic.help(format!("did you mean `{guess}`?"));
            diagnostic.replace_value(&record.source, id.span, &id.value, &guess, safe);
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{VISION, findings};

    #[test]
    fn points_at_each_unknown_id() {
        let member = "---\nname: A\nobjectives:\n  - objective: Cut latency\n    outcome: fats\n  - objective: Both\n    outcome: [safe, nope]\n---\n";
        assert_eq!(
            findings(
                "unknown-outcome",
                &[("vision.md", VISION), ("a.md", member)]
            ),
            [
                "a.md:5:14: objective `Cut latency` serves unknown outcome `fats`",
                "a.md:7:21: objective `Both` serves unknown outcome `nope`",
            ]
        );
    }

    #[test]
    fn silent_without_a_vision() {
        let member = "---\nname: A\nobjectives:\n  - objective: X\n    outcome: fast\n---\n";
        assert!(findings("unknown-outcome", &[("a.md", member)]).is_empty());
    }

    /// `fast`'s sub-team vision, with an outcome of its own.
    const SUB: &str = "---\nteam: Checkout\nstatement: S\noutcomes:\n  - id: tap\n    title: T\n    serves: [fast, safee]\n---\n";

    #[test]
    fn an_objective_resolves_from_its_folder_up_to_the_root() {
        let serves = |ids: &str| {
            format!("---\nname: A\nobjectives:\n  - objective: X\n    outcome: [{ids}]\n---\n")
        };
        let (below, root) = (serves("tap, safe"), serves("tap"));
        let files = [
            ("vision.md", VISION),
            ("checkout/vision.md", SUB),
            ("checkout/deep/a.md", below.as_str()),
            ("other/b.md", root.as_str()),
        ];
        assert_eq!(
            findings("unknown-outcome", &files),
            [
                "checkout/vision.md:7:20: outcome `tap` serves unknown outcome `safee`",
                "other/b.md:5:15: objective `X` serves unknown outcome `tap`",
            ]
        );
        assert_eq!(
            crate::check::testing::helps("unknown-outcome", &files),
            [
                "checkout/vision.md:7:20: did you mean `safe`?",
                "other/b.md:5:15: `tap` is an outcome of `checkout/vision.md`, which is not above \
                 this file; serve an outcome of your own team's vision, or one above it",
            ]
        );
    }

    #[test]
    fn the_root_vision_serves_nothing_above() {
        let vision = VISION.replace(
            "title: Safe payments\n",
            "title: Safe payments\n    serves: fast\n",
        );
        assert_eq!(
            findings("unknown-outcome", &[("vision.md", &vision)]),
            [
                "vision.md:9:13: outcome `safe` serves `fast`, but the root's vision has no vision above it"
            ]
        );
    }
}
