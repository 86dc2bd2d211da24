//! Completion: the keys valid where the cursor is (from
//! [`crate::model::schema`]), and values: member ids after the keys that
//! name members, outcome ids (from the nearest vision up) after `outcome:`
//! and `serves:`, the words of a closed set, today's date.

use lsp_types as lsp;

use super::cursor::{self, Spot};
use super::{Answer, Context};
use crate::edit::MEMBER_KEYS;
use crate::model::Alignment;
use crate::model::alignment::folder_of;
use crate::model::schema::{self, Kind, Table};

/// Most items sent for one list (members of a large organisation): the
/// client asks again as more is typed.
const MOST: usize = 200;

pub fn completion(cx: &Context, params: lsp::CompletionParams) -> Answer {
    let offset = (cx.encoding).offset(cx.source, params.text_document_position.position);
    let text = &cx.source.text;
    let (items, word) = match cursor::spot(cx.project().config.layout.kind(cx.path), text, offset) {
        Spot::Key { table, word } => (keys(table), word),
        Spot::Value { table, key, word } => {
            let typed = &text[word.0..offset.clamp(word.0, word.1)];
            (values(cx, table, key, typed), word)
        }
        Spot::Elsewhere => return Ok(serde_json::Value::Null),
    };
    let range = cx
        .encoding
        .range(cx.source, crate::source::Span::new(word.0, word.1 - word.0));
    let incomplete = items.len() > MOST;
    let items: Vec<lsp::CompletionItem> = (items.into_iter().take(MOST))
        .map(|item| lsp::CompletionItem {
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                range,
                item.insert.clone().unwrap_or_else(|| item.label.clone()),
            ))),
            filter_text: item.filter,
            label: item.label,
            kind: Some(item.kind),
            detail: item.detail,
            documentation: item.about.map(lsp::Documentation::String),
            ..Default::default()
        })
        .collect();
    let list = lsp::CompletionList {
        is_incomplete: incomplete,
        items,
    };
    Ok(serde_json::to_value(list).unwrap_or_default())
}

/// One thing that can be written.
struct Item {
    label: String,
    insert: Option<String>,
    /// What the client matches what is typed against, when not the label.
    filter: Option<String>,
    kind: lsp::CompletionItemKind,
    detail: Option<String>,
    about: Option<String>,
}

impl Item {
    fn new(label: impl Into<String>, kind: lsp::CompletionItemKind) -> Self {
        Item {
            label: label.into(),
            insert: None,
            filter: None,
            kind,
            detail: None,
            about: None,
        }
    }
}

/// The keys of `table`.
fn keys(table: &Table) -> Vec<Item> {
    (table.fields.iter())
        .map(|field| Item {
            insert: Some(format!("{}: ", field.key)),
            detail: Some(field.kind.describe()),
            about: Some(field.about.to_owned()),
            ..Item::new(field.key, lsp::CompletionItemKind::FIELD)
        })
        .collect()
}

/// The values `key` of `table` can take that begin with (or, for people,
/// hold) `typed`.
fn values(cx: &Context, table: &Table, key: &str, typed: &str) -> Vec<Item> {
    let Some(kind) = cursor::field_kind(table, key) else {
        return Vec::new();
    };
    let folded = typed.to_lowercase();
    if MEMBER_KEYS.contains(&key) {
        return people(cx, &folded);
    }
    // (`serves` is a key of a vision's outcomes alone.)
    if key == "outcome" || key == "serves" {
        return outcomes(cx, key == "serves", &folded);
    }
    if let Some(items) = framework_values(cx, table, key) {
        let begins = |item: &Item| item.label.to_lowercase().starts_with(&folded);
        return items.into_iter().filter(begins).collect();
    }
    let begins = |word: &str| word.to_lowercase().starts_with(&folded);
    match kind {
        Kind::Word(words) => (words().into_iter())
            .filter(|w| begins(w))
            .map(|w| Item::new(w, lsp::CompletionItemKind::ENUM_MEMBER))
            .collect(),
        Kind::Flag => (["true", "false"].into_iter())
            .filter(|w| begins(w))
            .map(|w| Item::new(w, lsp::CompletionItemKind::VALUE))
            .collect(),
        Kind::Date => vec![Item {
            detail: Some("today".into()),
            ..Item::new(
                cx.project().as_of().to_string(),
                lsp::CompletionItemKind::VALUE,
            )
        }],
        _ => Vec::new(),
    }
}

/// Members whose id or name holds `folded`, by id.
fn people(cx: &Context, folded: &str) -> Vec<Item> {
    let members = &cx.project().team.members;
    (members.iter())
        .filter(|m| {
            folded.is_empty()
                || m.id.to_lowercase().contains(folded)
                || m.display_name().to_lowercase().contains(folded)
        })
        .map(|m| Item {
            filter: Some(format!("{} {}", m.id, m.display_name())),
            detail: Some(m.display_name().to_owned()),
            about: crate::model::text(&m.role).map(str::to_owned),
            ..Item::new(&m.id, lsp::CompletionItemKind::REFERENCE)
        })
        .collect()
}

/// The outcomes a record here can name: its nearest vision's and those
/// above (for a vision's `serves`, only those above it).
fn outcomes(cx: &Context, above: bool, folded: &str) -> Vec<Item> {
    let visions = Alignment::new(&cx.project().team);
    let folder = folder_of(cx.path);
    let start = match above {
        true => visions.nearest(folder).and_then(|v| visions.parent(v)),
        false => visions.nearest(folder),
    };
    let chain: Vec<usize> = visions.chain_from(start).collect();
    let mut items = Vec::new();
    for &(v, outcome) in visions.outcomes() {
        let (Some(id), true) = (&outcome.id, chain.contains(&v)) else {
            continue;
        };
        if !id.value.to_lowercase().starts_with(folded) {
            continue;
        }
        let title = crate::model::text(&outcome.title).unwrap_or_default();
        items.push(Item {
            filter: Some(format!("{} {title}", id.value)),
            detail: Some(title.to_owned()),
            about: Some(format!("From {}", visions.visions()[v].record.source.path)),
            ..Item::new(&id.value, lsp::CompletionItemKind::ENUM_MEMBER)
        });
    }
    items
}

/// A member's `track` (the team's frameworks) and an evidence entry's
/// `topic` (the topics of the member's framework).
fn framework_values(cx: &Context, table: &Table, key: &str) -> Option<Vec<Item>> {
    let team = &cx.project().team;
    let item = |label: &str, title: Option<&crate::model::Spanned<String>>| Item {
        detail: title.map(|t| t.value.clone()),
        ..Item::new(label, lsp::CompletionItemKind::ENUM_MEMBER)
    };
    if std::ptr::eq(table, &schema::MEMBER) && key == "track" {
        return Some(
            (team.frameworks.iter())
                .map(|f| item(&f.id, f.title.as_ref()))
                .collect(),
        );
    }
    if !(std::ptr::eq(table, &schema::EVIDENCE) && key == "topic") {
        return None;
    }
    // A file the team does not read yet has the only framework, if one.
    let framework = match team.member_at(cx.path) {
        Some(i) => team.framework_of(&team.members[i]),
        None => crate::model::track_of(&team.frameworks, None),
    };
    let framework = framework.ok()?;
    let topics = framework.topics.items.iter();
    Some(
        topics
            .filter_map(|t| Some(item(&t.name.as_ref()?.value, t.title.as_ref())))
            .collect(),
    )
}
