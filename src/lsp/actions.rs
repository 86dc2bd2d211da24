//! Code actions: each finding's own fix (what `check --fix` makes when it
//! is safe, and a suggestion when it is not), switching a finding off
//! here with a reason, and a feedback entry dated today.

use std::collections::HashSet;

use lsp_types as lsp;

use super::navigate::Edit;
use super::{Answer, Context};
use crate::source::Span;

pub fn code_actions(cx: &Context, params: lsp::CodeActionParams) -> Answer {
    let start = cx.encoding.offset(cx.source, params.range.start);
    let end = cx.encoding.offset(cx.source, params.range.end);
    let touches = |span: Span| span.start <= end && start <= span.start + span.len;
    let mut answer: Vec<lsp::CodeActionOrCommand> = Vec::new();
    let mut seen: HashSet<Vec<(usize, usize, String)>> = HashSet::new();
    let findings = cx.project().findings.of_path(cx.path);
    // The safe fixes first: `check --fix` would make them.
    let mut fixes: Vec<&crate::check::Fix> = (findings.iter())
        .filter(|d| d.span.is_some_and(touches))
        .filter_map(|d| d.fix.as_ref())
        .collect();
    fixes.sort_by_key(|f| !f.safe);
    for fix in fixes {
        let key = (fix.edits.iter())
            .map(|e| (e.span.start, e.span.len, e.text.clone()))
            .collect();
        if !seen.insert(key) {
            continue;
        }
        let mut edit = Edit::default();
        for change in &fix.edits {
            edit.replace(cx.path, change.span, change.text.clone());
        }
        let title = upper_first(&fix.title);
        answer.push(action(
            cx,
            title,
            lsp::CodeActionKind::QUICKFIX,
            edit,
            fix.safe,
        ));
    }
    let team = &cx.project().team;
    if team.member_at(cx.path).is_some() {
        let mut allowed = HashSet::new();
        for found in findings.iter().filter(|d| d.span.is_some_and(touches)) {
            let Some(position) = found.position else {
                continue;
            };
            if allowed.insert((found.rule.id, position.line)) {
                answer.push(allow_here(cx, found.rule.id, position.line));
            }
        }
    }
    answer.extend(feedback_today(cx));
    Ok(serde_json::to_value(answer).unwrap_or_default())
}

/// "Allow `rule` here, with a reason": a comment at the end of the
/// finding's line that switches the rule off for that line and what it
/// begins, once the person writes the reason after `--` (without one it
/// switches nothing off, and says so).
fn allow_here(cx: &Context, rule: &str, line: usize) -> lsp::CodeActionOrCommand {
    let text = &cx.source.text;
    let start = cx.source.line_start(line);
    let content = text[start..].lines().next().unwrap_or("");
    let at = start + content.trim_end().len();
    let mut edit = Edit::default();
    let insert = format!("  # mastery: allow {rule} -- ");
    edit.replace(cx.path, Span::new(at, 0), insert);
    let title = format!("Allow `{rule}` here, with a reason (write it after `--`)");
    action(cx, title, lsp::CodeActionKind::QUICKFIX, edit, false)
}

/// `text` with its first letter in capitals: an action's title.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// "Add feedback dated today" in a member's file: a new first entry of
/// `feedback`, from their manager when they have one.
fn feedback_today(cx: &Context) -> Option<lsp::CodeActionOrCommand> {
    // Visions and frameworks are no members: `member_at` finds none.
    let team = &cx.project().team;
    let member = &team.members[team.member_at(cx.path)?];
    let text = &member.record.source.text;
    let root = crate::load::front_matter(&member.record)?;
    let mut fields = vec![("date", cx.project().as_of().to_string())];
    if let Some(manager) = crate::model::text(&member.manager) {
        fields.push(("from", crate::edit::scalar(manager)));
    }
    let changes = crate::edit::add_entry(text, &root, "feedback", &fields, true).ok()?;
    let mut edit = Edit::default();
    for change in changes {
        let (span, insert) = change.parts();
        edit.replace(cx.path, span, insert.to_owned());
    }
    let title = "Add feedback dated today".to_owned();
    Some(action(
        cx,
        title,
        lsp::CodeActionKind::REFACTOR,
        edit,
        false,
    ))
}

fn action(
    cx: &Context,
    title: String,
    kind: lsp::CodeActionKind,
    edit: Edit,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(kind),
        edit: Some(edit.workspace_edit(cx)),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}
