//! Every request the server answers about a place in a document, one
//! typed handler each (taplo's and ruff_server's way): the request's type
//! (lsp-types gives its method and parameters), the function answering
//! it, and what it adds to the capabilities the server declares, which
//! are so declared from the handlers, never listed apart from them.

use lsp_types as lsp;
use serde_json::Value;

use super::{Answer, Server, actions, complete, navigate};

/// One handler.
pub(super) struct Handler {
    /// The request's method.
    pub method: &'static str,
    /// Parse its parameters, find its document, answer.
    pub answer: fn(&mut Server, Value) -> Answer,
    /// What it declares in the server's capabilities.
    pub declare: fn(&mut lsp::ServerCapabilities),
}

/// The handlers: `Request => answering function, capability`. A handler
/// whose function takes other parameters than its request's does not
/// compile.
macro_rules! handlers {
    ($($request:ty => $answer:path, |$capabilities:ident| $declare:expr;)*) => {
        pub(super) const HANDLERS: &[Handler] = &[$(Handler {
            method: <$request as lsp::request::Request>::METHOD,
            answer: |server, params| {
                server.at::<<$request as lsp::request::Request>::Params>(params, $answer)
            },
            declare: |$capabilities| $declare,
        },)*];
    };
}

handlers! {
    lsp::request::Completion => complete::completion, |c| {
        c.completion_provider = Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), ",".into(), "[".into()]),
            ..Default::default()
        })
    };
    lsp::request::HoverRequest => navigate::hover, |c| {
        c.hover_provider = Some(lsp::HoverProviderCapability::Simple(true))
    };
    lsp::request::GotoDefinition => navigate::definition, |c| {
        c.definition_provider = Some(lsp::OneOf::Left(true))
    };
    lsp::request::References => navigate::references, |c| {
        c.references_provider = Some(lsp::OneOf::Left(true))
    };
    lsp::request::PrepareRenameRequest => navigate::prepare_rename, |c| {
        let options = lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        };
        c.rename_provider = Some(lsp::OneOf::Right(options))
    };
    lsp::request::Rename => navigate::rename, |_c| {
        // Declared with `prepareRename`, which it comes with.
    };
    lsp::request::CodeActionRequest => actions::code_actions, |c| {
        c.code_action_provider = Some(lsp::CodeActionProviderCapability::Simple(true))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each handler declares what the client needs to ask for it, and no
    /// method has two.
    #[test]
    fn the_capabilities_come_from_the_handlers() {
        let mut capabilities = lsp::ServerCapabilities::default();
        for handler in HANDLERS {
            (handler.declare)(&mut capabilities);
        }
        assert!(capabilities.completion_provider.is_some());
        assert!(capabilities.hover_provider.is_some());
        assert!(capabilities.rename_provider.is_some());
        assert!(capabilities.code_action_provider.is_some());
        let mut methods: Vec<&str> = HANDLERS.iter().map(|h| h.method).collect();
        methods.sort_unstable();
        methods.dedup();
        assert_eq!(methods.len(), HANDLERS.len());
    }
}
