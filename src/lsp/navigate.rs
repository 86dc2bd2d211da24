//! Hover, go to definition, references and rename, for the two kinds of
//! id records name: a member's (`manager: ann`) and an outcome's
//! (`outcome: retention`), resolved as the rules resolve them.

use std::collections::BTreeMap;

use lsp_server::ErrorCode;
use lsp_types::{self as lsp, Url};
use rayon::prelude::*;

use super::cursor::{self, Spot};
use super::{Answer, Context, Failure};
use crate::edit::{self, MEMBER_KEYS};
use crate::model::alignment::folder_of;
use crate::model::schema::{self, Table};
use crate::model::{Alignment, Member, Record};
use crate::source::Span;

/// What the cursor names.
enum Symbol<'s> {
    /// A member, by id.
    Member(&'s str),
    /// An outcome, by its index in [`Alignment::outcomes`].
    Outcome(usize),
    /// A key of a mapping.
    Field(&'static Table, &'s str),
}

/// What is under the cursor at `position`, and the bytes of its word.
fn symbol_at<'c>(
    cx: &'c Context,
    visions: &Alignment,
    position: lsp::Position,
) -> Option<(Symbol<'c>, Span)> {
    let text = &cx.source.text;
    let offset = cx.encoding.offset(cx.source, position);
    let (symbol, word) = match cursor::spot(cx.project().config.layout.kind(cx.path), text, offset)
    {
        Spot::Value { table, key, word } => {
            let id = &text[word.0..word.1];
            let folder = folder_of(cx.path);
            let symbol = if id.is_empty() {
                return None;
            } else if MEMBER_KEYS.contains(&key) {
                Symbol::Member(id)
            } else if key == "outcome" {
                Symbol::Outcome(visions.resolve(folder, id)?)
            } else if key == "serves" {
                Symbol::Outcome(visions.resolve_above(visions.nearest(folder)?, id)?)
            } else if std::ptr::eq(table, &schema::OUTCOME) && key == "id" {
                let here = visions.nearest(folder)?;
                let mut defined = visions.with_id(id).iter();
                Symbol::Outcome(*defined.find(|&&o| visions.outcomes()[o].0 == here)?)
            } else {
                return None;
            };
            (symbol, word)
        }
        Spot::Key { table, word } => (Symbol::Field(table, &text[word.0..word.1]), word),
        Spot::Elsewhere => return None,
    };
    Some((symbol, Span::new(word.0, word.1 - word.0)))
}

fn member<'t>(cx: &'t Context, id: &str) -> Option<&'t Member> {
    let members = &cx.project().team.members;
    members.iter().map(|m| &**m).find(|m| m.id == id)
}

pub fn hover(cx: &Context, params: lsp::HoverParams) -> Answer {
    let position = params.text_document_position_params.position;
    let visions = Alignment::new(&cx.project().team);
    let mut parts = Vec::new();
    let mut range = None;
    if let Some((symbol, span)) = symbol_at(cx, &visions, position) {
        let said = match symbol {
            Symbol::Member(id) => member(cx, id).map(|m| {
                let mut said = format!("**{}** (`{}`)", m.display_name(), m.id);
                if let Some(role) = crate::model::text(&m.role) {
                    said.push_str(&format!(", {role}"));
                }
                if let Some(manager) = crate::model::text(&m.manager) {
                    said.push_str(&format!("; manager `{manager}`"));
                }
                said + &format!("\n\n{}", m.record.source.path)
            }),
            Symbol::Outcome(o) => {
                let (v, outcome) = visions.outcomes()[o];
                let title = crate::model::text(&outcome.title).unwrap_or_default();
                let id = outcome.id.as_ref().map_or("", |i| i.value.as_str());
                let mut said = format!("**{title}** (`{id}`)");
                if let Some(measure) = crate::model::text(&outcome.measure) {
                    said.push_str(&format!("\n\nMeasured by: {measure}"));
                }
                if let Some(owner) = crate::model::text(&outcome.owner) {
                    said.push_str(&format!("\n\nOwner: `{owner}`"));
                }
                Some(said + &format!("\n\n{}", visions.visions()[v].record.source.path))
            }
            Symbol::Field(table, key) => (table.fields.iter().find(|f| f.key == key)).map(|f| {
                let mut said = format!("`{}`: {}\n\n{}", f.key, f.kind.describe(), f.about);
                if !f.default.is_empty() {
                    said.push_str(&format!("\n\nDefault: `{}`", f.default));
                }
                said
            }),
        };
        if let Some(said) = said {
            parts.push(said);
            range = Some(cx.encoding.range(cx.source, span));
        }
    }
    // The findings at the cursor: what `mastery explain` says of their rules.
    let offset = cx.encoding.offset(cx.source, position);
    let findings = cx.project().findings.of_path(cx.path);
    let at = |span: &Span| span.start <= offset && offset <= span.start + span.len;
    let mut rules: Vec<&crate::check::Rule> = (findings.iter())
        .filter(|d| d.span.as_ref().is_some_and(at))
        .map(|d| d.rule)
        .collect();
    rules.dedup_by_key(|r| r.id);
    for rule in rules {
        parts.push(format!(
            "**{}**: {}\n\n{}",
            rule.id, rule.summary, rule.explanation
        ));
    }
    if parts.is_empty() {
        return Ok(serde_json::Value::Null);
    }
    let hover = lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    };
    Ok(serde_json::to_value(hover).unwrap_or_default())
}

pub fn definition(cx: &Context, params: lsp::GotoDefinitionParams) -> Answer {
    let position = params.text_document_position_params.position;
    let visions = Alignment::new(&cx.project().team);
    let location = match symbol_at(cx, &visions, position) {
        Some((Symbol::Member(id), _)) => member_location(cx, id),
        Some((Symbol::Outcome(o), _)) => outcome_location(cx, &visions, o),
        _ => None,
    };
    Ok(serde_json::to_value(location).unwrap_or_default())
}

/// Where member `id` is defined: the start of their file.
fn member_location(cx: &Context, id: &str) -> Option<lsp::Location> {
    let uri = cx.team.uri(&member(cx, id)?.record.source.path)?;
    Some(lsp::Location::new(uri, lsp::Range::default()))
}

/// Where the outcome at `o` is defined: its `id:` value.
fn outcome_location(cx: &Context, visions: &Alignment, o: usize) -> Option<lsp::Location> {
    let (v, outcome) = visions.outcomes()[o];
    let path = &visions.visions()[v].record.source.path;
    let span = outcome.id.as_ref().map_or(outcome.first_key, |i| i.span);
    Some(lsp::Location::new(
        cx.team.uri(path)?,
        cx.range_in(path, span),
    ))
}

pub fn references(cx: &Context, params: lsp::ReferenceParams) -> Answer {
    let position = params.text_document_position.position;
    let visions = Alignment::new(&cx.project().team);
    let Some((symbol, _)) = symbol_at(cx, &visions, position) else {
        return Ok(serde_json::Value::Null);
    };
    let mut locations = Vec::new();
    let place = |path: &str, span: Span| {
        Some(lsp::Location::new(
            cx.team.uri(path)?,
            cx.range_in(path, span),
        ))
    };
    match symbol {
        Symbol::Member(id) => {
            if params.context.include_declaration {
                locations.extend(member_location(cx, id));
            }
            for (path, spans) in naming_member(cx, id) {
                locations.extend(spans.into_iter().filter_map(|s| place(&path, s)));
            }
        }
        Symbol::Outcome(o) => {
            if params.context.include_declaration {
                locations.extend(outcome_location(cx, &visions, o));
            }
            for (path, spans) in naming_outcome(cx, &visions, o) {
                locations.extend(spans.into_iter().filter_map(|s| place(&path, s)));
            }
        }
        Symbol::Field(..) => return Ok(serde_json::Value::Null),
    }
    Ok(serde_json::to_value(locations).unwrap_or_default())
}

/// Every place a record names member `id` by id, file by file.
fn naming_member(cx: &Context, id: &str) -> BTreeMap<String, Vec<Span>> {
    let records: Vec<&Record> = records(cx).collect();
    (records.par_iter())
        .filter_map(|record| {
            let root = crate::load::front_matter(record)?;
            let spans: Vec<Span> = (edit::member_ids(&root).into_iter())
                .filter(|(_, node)| matches!(&node.value, crate::yaml::Value::Str(s) if s == id))
                .map(|(_, node)| node.span)
                .collect();
            (!spans.is_empty()).then(|| (record.source.path.clone(), spans))
        })
        .collect()
}

/// Every objective's `outcome:` and vision's `serves:` naming the outcome
/// at `o`, file by file.
fn naming_outcome(cx: &Context, visions: &Alignment, o: usize) -> BTreeMap<String, Vec<Span>> {
    let mut found: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for member in &cx.project().team.members {
        let folder = member.folder();
        let named = (member.objectives.items.iter())
            .flat_map(|objective| &objective.outcomes)
            .filter(|id| visions.resolve(folder, &id.value) == Some(o));
        for id in named {
            found
                .entry(member.record.source.path.clone())
                .or_default()
                .push(id.span);
        }
    }
    for (i, &(v, outcome)) in visions.outcomes().iter().enumerate() {
        if visions.serves(i).contains(&o) {
            let id =
                (outcome.serves.iter()).filter(|s| visions.resolve_above(v, &s.value) == Some(o));
            let path = visions.visions()[v].record.source.path.clone();
            found.entry(path).or_default().extend(id.map(|s| s.span));
        }
    }
    found
}

/// Every record that reads.
fn records<'c>(cx: &'c Context) -> impl Iterator<Item = &'c Record> {
    (cx.project().team.records()).filter(|r| !r.front_matter_failed())
}

pub fn prepare_rename(cx: &Context, params: lsp::TextDocumentPositionParams) -> Answer {
    let visions = Alignment::new(&cx.project().team);
    match symbol_at(cx, &visions, params.position) {
        Some((Symbol::Member(_) | Symbol::Outcome(_), span)) => {
            let range = cx.encoding.range(cx.source, span);
            Ok(serde_json::to_value(range).unwrap_or_default())
        }
        _ => Ok(serde_json::Value::Null),
    }
}

pub fn rename(cx: &Context, params: lsp::RenameParams) -> Answer {
    let position = params.text_document_position.position;
    let new = params.new_name.trim();
    let visions = Alignment::new(&cx.project().team);
    let refuse = |why: String| Err(Failure(ErrorCode::InvalidRequest, why));
    let mut edit = Edit::default();
    match symbol_at(cx, &visions, position) {
        Some((Symbol::Member(old), _)) => {
            let Some(member) = member(cx, old) else {
                return refuse(format!("no member has the id `{old}`"));
            };
            if let Err(why) = crate::scaffold::check_new_id(&cx.team.root, new) {
                return refuse(format!("{why:#}"));
            }
            if !cx.rename_files {
                return refuse(format!(
                    "this editor cannot rename files from a language server; run `mastery rename {old} {new}`"
                ));
            }
            for record in records(cx) {
                let source = &record.source;
                let Some(root) = crate::load::front_matter(record) else {
                    continue;
                };
                let mut changes = edit::renamed_member(&source.text, &root, old, new);
                // The renamed record keeps its old id, as `mastery rename`
                // writes it: ids sealed inside its entries resolve through it.
                if source.path == member.record.source.path {
                    changes.extend(
                        edit::add_text(&source.text, &root, "former_ids", old)
                            .ok()
                            .into_iter()
                            .flatten(),
                    );
                }
                for change in changes {
                    let (span, insert) = change.parts();
                    edit.replace(&source.path, span, insert.to_owned());
                }
            }
            let path = &member.record.source.path;
            edit.moved = Some((path.clone(), edit::renamed_path(path, new)));
        }
        Some((Symbol::Outcome(o), _)) => {
            if !crate::model::is_entry_id(new) {
                return refuse(format!(
                    "`{new}` is not an outcome id: use letters, digits, `-` and `_`"
                ));
            }
            let (v, outcome) = visions.outcomes()[o];
            let Some(old) = outcome.id.as_ref() else {
                return refuse("the outcome has no id".into());
            };
            let defined = &visions.visions()[v].record.source.path;
            let mut places = naming_outcome(cx, &visions, o);
            places.entry(defined.clone()).or_default().push(old.span);
            for (path, spans) in places {
                let Some(source) = cx.team.source(&path) else {
                    continue;
                };
                for span in spans {
                    let written = &source.text[span.start..span.start + span.len];
                    if let Some(insert) = edit::renamed_scalar(written, &old.value, new) {
                        edit.replace(&path, span, insert);
                    }
                }
            }
        }
        _ => return refuse("only a member id or an outcome id can be renamed".into()),
    }
    Ok(serde_json::to_value(edit.workspace_edit(cx)).unwrap_or_default())
}

/// Edits to the team's files, and a file to rename last.
#[derive(Default)]
pub(super) struct Edit {
    changes: BTreeMap<String, Vec<(Span, String)>>,
    moved: Option<(String, String)>,
}

impl Edit {
    pub(super) fn replace(&mut self, path: &str, span: Span, insert: String) {
        self.changes
            .entry(path.to_owned())
            .or_default()
            .push((span, insert));
    }

    /// The edit as the client applies it: text edits by file, then the
    /// rename (which needs `documentChanges`).
    pub(super) fn workspace_edit(self, cx: &Context) -> lsp::WorkspaceEdit {
        let mut by_file: Vec<(Url, Vec<lsp::TextEdit>)> = Vec::new();
        for (path, changes) in self.changes {
            let Some(uri) = cx.team.uri(&path) else {
                continue;
            };
            let edits = (changes.into_iter())
                .map(|(span, insert)| lsp::TextEdit::new(cx.range_in(&path, span), insert))
                .collect();
            by_file.push((uri, edits));
        }
        let moved = self
            .moved
            .and_then(|(from, to)| Some((cx.team.uri(&from)?, cx.team.uri(&to)?)));
        if moved.is_none() {
            return lsp::WorkspaceEdit {
                changes: Some(by_file.into_iter().collect()),
                ..Default::default()
            };
        }
        let mut operations: Vec<lsp::DocumentChangeOperation> = (by_file.into_iter())
            .map(|(uri, edits)| {
                lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri,
                        version: None,
                    },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                })
            })
            .collect();
        if let Some((old_uri, new_uri)) = moved {
            operations.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Rename(
                lsp::RenameFile {
                    old_uri,
                    new_uri,
                    options: None,
                    annotation_id: None,
                },
            )));
        }
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(operations)),
            ..Default::default()
        }
    }
}
