//! What a request sees and answers: the document and place it is about,
//! its parameters, and a failure to send back.

use lsp_server::ErrorCode;
use lsp_types::{self as lsp, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Encoding, Team};
use crate::project::Project;
use crate::source::Source;

/// A request that failed: the error code and message sent back.
pub(super) struct Failure(pub ErrorCode, pub String);

pub(super) type Answer = Result<Value, Failure>;

/// What a request about a place in a document sees.
pub(crate) struct Context<'a> {
    pub team: &'a Team,
    /// The document's path in the team.
    pub path: &'a str,
    /// Its text as checked.
    pub source: &'a Source,
    pub encoding: Encoding,
    /// The client applies file renames in a workspace edit.
    pub rename_files: bool,
}

impl Context<'_> {
    /// The project the document belongs to.
    pub fn project(&self) -> &Project {
        &self.team.project
    }

    /// The range of `span` in the file at `path`.
    pub fn range_in(&self, path: &str, span: crate::source::Span) -> lsp::Range {
        match self.team.source(path) {
            Some(source) => self.encoding.range(source, span),
            None => lsp::Range::default(),
        }
    }
}

/// The document a request is about.
pub(super) trait Params {
    fn uri(&self) -> &Url;
}

macro_rules! params_at {
    ($($type:ty => $($field:ident).+;)*) => {
        $(impl Params for $type {
            fn uri(&self) -> &Url {
                &self.$($field).+.uri
            }
        })*
    };
}

params_at! {
    lsp::CompletionParams => text_document_position.text_document;
    lsp::HoverParams => text_document_position_params.text_document;
    lsp::GotoDefinitionParams => text_document_position_params.text_document;
    lsp::ReferenceParams => text_document_position.text_document;
    lsp::TextDocumentPositionParams => text_document;
    lsp::RenameParams => text_document_position.text_document;
    lsp::CodeActionParams => text_document;
}

pub(super) fn parse<P: DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params)
        .map_err(|e| Failure(ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}
