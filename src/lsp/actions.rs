//! Code actions: a finding's suggestion ("did you mean"), the certain
//! fixes of `check --fix`, and a feedback entry dated today.

use std::collections::HashSet;

use lsp_types as lsp;

use super::navigate::Edit;
use super::{Answer, Context};
use crate::source::Span;

pub fn code_actions(cx: &Context, params: lsp::CodeActionParams) -> Answer {
    let start = cx.encoding.offset(cx.source, params.range.start);
    let end = cx.encoding.offset(cx.source, params.range.end);
    let touches = |span: Span| span.start <= end && start <= span.start + span.len;
    let mut actions = Vec::new();
    let mut seen: HashSet<(usize, usize, String)> = HashSet::new();
    let mut offer = |title: String, span: Span, insert: String, preferred: bool| {
        if seen.insert((span.start, span.len, insert.clone())) {
            actions.push((title, span, insert, preferred));
        }
    };
    // The certain fixes first: `check --fix` would make them.
    for fix in crate::fix::certain_at(&cx.project().team, cx.path) {
        let (span, insert) = fix.change.parts();
        if touches(span) {
            offer(fix.said.clone(), span, insert.to_owned(), true);
        }
    }
    for found in cx.project().findings.of_path(cx.path) {
        let (Some(span), Some(hint)) = (found.span, &found.help) else {
            continue;
        };
        let Some(word) = crate::suggest::suggested(hint) else {
            continue;
        };
        let written = &cx.source.text[span.start..span.start + span.len];
        let bare = written.trim_matches(['"', '\'']);
        if touches(span) && !bare.is_empty() && bare != word {
            let Some(insert) = crate::edit::renamed_scalar(written, bare, word) else {
                continue;
            };
            offer(
                format!("Replace `{bare}` with `{word}`"),
                span,
                insert,
                false,
            );
        }
    }
    let mut answer: Vec<lsp::CodeActionOrCommand> = actions
        .into_iter()
        .map(|(title, span, insert, preferred)| {
            let mut edit = Edit::default();
            edit.replace(cx.path, span, insert);
            action(cx, title, lsp::CodeActionKind::QUICKFIX, edit, preferred)
        })
        .collect();
    answer.extend(feedback_today(cx));
    Ok(serde_json::to_value(answer).unwrap_or_default())
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
