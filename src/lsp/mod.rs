//! `mastery lsp`: a language server over the Language Server Protocol. It
//! keeps one [`Project`] per team the editor touches, applies each unsaved
//! buffer to it as `watch` applies a save ([`Project::apply_text`]), and
//! publishes the findings of the files whose findings (or text) changed:
//! the same rules, configuration and messages as `check`. Completion,
//! hover, navigation, rename and code actions read the same model.
//!
//! One thread, one message at a time: a one-member change re-checks that
//! member only, in milliseconds, so nothing needs cancelling.

mod actions;
mod complete;
mod cursor;
mod events;
#[cfg(test)]
mod fixture;
mod handlers;
mod navigate;
mod position;
mod publish;
mod request;
mod team;
#[cfg(test)]
mod tests;
mod transport;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, SystemTime};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{self as lsp, Url};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::load::{WorkTree, source::CONFIG_FILE};
use crate::project::Project;
use crate::source::Source;
use crate::watch::feed::{self, HeadAt, Step};
use crate::watch::{Change, Scope};
use events::{Event, follow, read_client};
pub use position::Encoding;
pub(crate) use request::Context;
use request::{Answer, Failure, Params, parse};
pub use team::team_root;
use team::{Team, open_team};
use transport::Incoming;

/// Serve one client on `input` and `output` until it sends `exit` or
/// closes its end. Fails only when the streams do. The client is read on a
/// thread of its own, so that files changing on disk (a commit, a
/// checkout, another tool's edit) are applied as they happen, as `watch`
/// applies them ([`crate::watch::Feed`]).
pub fn serve(input: impl BufRead + Send + 'static, output: &mut dyn Write) -> std::io::Result<()> {
    let (sender, events) = mpsc::channel();
    let client = sender.clone();
    std::thread::spawn(move || read_client(input, &client));
    let mut server = Server::new(output, sender);
    loop {
        let Ok(event) = events.recv() else {
            return Ok(());
        };
        match event {
            Event::Files { root, changes, lost } => server.files_changed(&root, &changes, lost)?,
            Event::Client(incoming) => match incoming? {
                Incoming::End => return Ok(()),
                Incoming::Invalid(code, why) => server.send(&json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": {"code": code as i32, "message": format!("not a JSON-RPC message: {why}")},
                }))?,
                Incoming::Message(Message::Request(request)) => server.request(request)?,
                Incoming::Message(Message::Notification(n)) if n.method == "exit" => return Ok(()),
                Incoming::Message(Message::Notification(n)) => server.notification(n)?,
                // Answers to what the server asked (registering watchers).
                Incoming::Message(Message::Response(_)) => {}
            },
        }
    }
}

/// The server's state.
struct Server<'w> {
    out: &'w mut dyn Write,
    /// How positions count columns, agreed at `initialize`.
    encoding: Encoding,
    /// The teams the editor has touched.
    teams: Vec<Team>,
    /// The text of each document open in the editor.
    open: HashMap<Url, String>,
    /// The client applies file renames in a workspace edit.
    rename_files: bool,
    /// The client watches files for the server when asked.
    watch_files: bool,
    /// Team folders that could not be read (the person was told), not
    /// tried again until their configuration changes.
    unreadable: HashSet<PathBuf>,
    initialized: bool,
    shut_down: bool,
    /// Where the teams' file changes are sent.
    events: Sender<Event>,
    /// The team folders whose changes on disk are followed.
    followed: HashSet<PathBuf>,
    /// The day findings are for: today, at each check (tests fix it).
    as_of: Option<jiff::civil::Date>,
}

/// A record file of a team: which team, and the path within it.
struct Located {
    team: usize,
    path: String,
}

impl<'w> Server<'w> {
    fn new(out: &'w mut dyn Write, events: Sender<Event>) -> Self {
        Server {
            out,
            encoding: Encoding::Utf16,
            teams: Vec::new(),
            open: HashMap::new(),
            rename_files: false,
            watch_files: false,
            unreadable: HashSet::new(),
            initialized: false,
            shut_down: false,
            events,
            followed: HashSet::new(),
            as_of: None,
        }
    }

    fn send(&mut self, message: &Value) -> std::io::Result<()> {
        transport::write(self.out, message)
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) -> std::io::Result<()> {
        let message = Message::Notification(Notification::new(method.to_owned(), params));
        self.send(&serde_json::to_value(message)?)
    }

    /// Tell the person something went wrong (a team that cannot be read).
    fn show(&mut self, kind: lsp::MessageType, text: String) -> std::io::Result<()> {
        self.notify(
            "window/showMessage",
            lsp::ShowMessageParams {
                typ: kind,
                message: text,
            },
        )
    }

    fn request(&mut self, request: Request) -> std::io::Result<()> {
        let Request { id, method, params } = request;
        let answer = if self.shut_down {
            Err(Failure(
                ErrorCode::InvalidRequest,
                "the server is shut down".into(),
            ))
        } else if !self.initialized && method != "initialize" {
            Err(Failure(
                ErrorCode::ServerNotInitialized,
                "send `initialize` first".into(),
            ))
        } else {
            self.answer(&method, params)?
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err(Failure(code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(&serde_json::to_value(Message::Response(response))?)
    }

    /// The answer to a request: `Err` only when the client's end fails.
    fn answer(&mut self, method: &str, params: Value) -> std::io::Result<Answer> {
        Ok(match method {
            "initialize" => match parse(params) {
                Ok(params) => return self.initialize(params),
                Err(failure) => Err(failure),
            },
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            _ => match handlers::HANDLERS.iter().find(|h| h.method == method) {
                Some(handler) => (handler.answer)(self, params),
                None => Err(Failure(
                    ErrorCode::MethodNotFound,
                    format!("mastery does not answer `{method}`"),
                )),
            },
        })
    }

    /// Answer a request about a place in a document by `handle`.
    fn at<P: DeserializeOwned + Params>(
        &mut self,
        params: Value,
        handle: fn(&Context, P) -> Answer,
    ) -> Answer {
        let params: P = parse(params)?;
        let Some(at) = self.locate(params.uri()) else {
            // Not a record of any team: nothing to say.
            return Ok(Value::Null);
        };
        let team = &self.teams[at.team];
        let text = self.open.get(params.uri()).map(String::as_str);
        let own;
        let source = match team.source(&at.path) {
            Some(source) => source,
            None => {
                own = Source::new(at.path.clone(), text.unwrap_or_default());
                &own
            }
        };
        let context = Context {
            team,
            path: &at.path,
            source,
            encoding: self.encoding,
            rename_files: self.rename_files,
        };
        handle(&context, params)
    }

    fn initialize(&mut self, params: lsp::InitializeParams) -> std::io::Result<Answer> {
        let general = params.capabilities.general.as_ref();
        self.encoding = Encoding::choose(general.and_then(|g| g.position_encodings.as_deref()));
        let edits =
            (params.capabilities.workspace.as_ref()).and_then(|w| w.workspace_edit.as_ref());
        self.rename_files = edits.is_some_and(|e| {
            e.document_changes == Some(true)
                && (e.resource_operations.as_ref())
                    .is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Rename))
        });
        self.watch_files = (params.capabilities.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            == Some(true);
        #[allow(deprecated)] // `root_uri`, for clients without folders
        let folders: Vec<Url> = match params.workspace_folders {
            Some(folders) => folders.into_iter().map(|f| f.uri).collect(),
            None => params.root_uri.into_iter().collect(),
        };
        // The teams are opened before the server counts as initialized,
        // so their findings go out once, on `initialized`, after this
        // answer (as the protocol asks), not here and again then.
        for folder in folders {
            if let Ok(dir) = folder.to_file_path()
                && let Some(root) = team_root(&dir)
            {
                self.team_at(&root)?;
            }
        }
        self.initialized = true;
        let mut capabilities = lsp::ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::FULL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            ..Default::default()
        };
        for handler in handlers::HANDLERS {
            (handler.declare)(&mut capabilities);
        }
        let result = lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "mastery".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        Ok(Ok(serde_json::to_value(result)?))
    }

    fn notification(&mut self, notification: Notification) -> std::io::Result<()> {
        let Notification { method, params } = notification;
        if !self.initialized {
            return Ok(()); // the protocol drops them
        }
        match method.as_str() {
            "initialized" => {
                if self.watch_files {
                    self.register_watchers()?;
                }
                for team in 0..self.teams.len() {
                    self.publish_all(team)?;
                }
            }
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(params) {
                    self.edited(p.text_document.uri, p.text_document.text)?;
                }
            }
            "textDocument/didChange" => {
                if let Ok(mut p) = parse::<lsp::DidChangeTextDocumentParams>(params)
                    && let Some(change) = p.content_changes.pop()
                {
                    self.edited(p.text_document.uri, change.text)?;
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = parse::<lsp::DidSaveTextDocumentParams>(params) {
                    self.saved(&p.text_document.uri)?;
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(params) {
                    let uri = p.text_document.uri;
                    self.open.remove(&uri);
                    self.on_disk(&[uri], false)?;
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = parse::<lsp::DidChangeWatchedFilesParams>(params) {
                    let walk = p
                        .changes
                        .iter()
                        .any(|c| c.typ != lsp::FileChangeType::CHANGED);
                    let uris: Vec<Url> = p.changes.into_iter().map(|c| c.uri).collect();
                    self.on_disk(&uris, walk)?;
                }
            }
            _ => {} // `$/cancelRequest`, `$/setTrace`...: nothing to do
        }
        Ok(())
    }

    /// Ask the client to say when record files or the configuration change
    /// on disk (a `git pull`, another tool's edit).
    fn register_watchers(&mut self) -> std::io::Result<()> {
        let watcher = |glob: &str| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(glob.into()),
            kind: None,
        };
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![watcher("**/*.md"), watcher(&format!("**/{CONFIG_FILE}"))],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "mastery-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(serde_json::to_value(options)?),
            }],
        };
        let request = Request::new(
            RequestId::from("mastery-files".to_owned()),
            "client/registerCapability".into(),
            params,
        );
        self.send(&serde_json::to_value(Message::Request(request))?)
    }

    /// The team and path of the file at `uri`, opening its team when this
    /// is its first file.
    fn locate(&mut self, uri: &Url) -> Option<Located> {
        // The innermost team holding it: the shortest path within one.
        let found = |teams: &[Team]| {
            let (team, path) = (teams.iter().enumerate())
                .filter_map(|(i, t)| Some((i, t.path_of(uri)?)))
                .min_by_key(|(_, path)| path.matches('/').count())?;
            Some(Located { team, path })
        };
        if let Some(at) = found(&self.teams) {
            return Some(at);
        }
        let root = team_root(uri.to_file_path().ok()?.parent()?)?;
        self.team_at(&root).ok()??;
        found(&self.teams)
    }

    /// The team at `root`, opened and its findings sent when new; `None`
    /// when it cannot be read (the person is told why).
    fn team_at(&mut self, root: &Path) -> std::io::Result<Option<usize>> {
        if let Some(i) = self.teams.iter().position(|t| t.root == root) {
            return Ok(Some(i));
        }
        if self.unreadable.contains(root) {
            return Ok(None);
        }
        // File times may lag the clock by a tick.
        let began = SystemTime::now() - Duration::from_secs(1);
        let head = HeadAt::now(root);
        let opened = self.opened(root)?;
        // Followed once read, from when the read began: following while
        // reading would bring back an event for each file the read opens.
        if self.followed.insert(root.to_path_buf()) {
            follow(root, began, self.events.clone());
        }
        let Some(project) = opened else {
            return Ok(None);
        };
        self.teams.push(Team {
            root: root.to_path_buf(),
            project,
            head,
            published: HashSet::new(),
        });
        let index = self.teams.len() - 1;
        self.reapply_open(index);
        if self.initialized {
            self.publish_all(index)?;
        }
        Ok(Some(index))
    }

    /// The team at `root`, read and checked; `None` when it cannot be (the
    /// person is told why, once: it is not tried again until its
    /// configuration changes).
    fn opened(&mut self, root: &Path) -> std::io::Result<Option<Project>> {
        match open_team(root, self.as_of) {
            Ok((project, warnings)) => {
                // What `check` says as warnings (an unreadable history):
                // the findings differ from a complete check's.
                for warning in warnings {
                    self.show(lsp::MessageType::WARNING, format!("mastery: {warning}"))?;
                }
                Ok(Some(project))
            }
            Err(error) => {
                let text = format!(
                    "mastery cannot read the team at `{}`: {error:#}",
                    root.display()
                );
                self.unreadable.insert(root.to_path_buf());
                self.show(lsp::MessageType::ERROR, text)?;
                Ok(None)
            }
        }
    }

    /// Apply the open buffers of team `index` that it knows over what it
    /// read from disk.
    fn reapply_open(&mut self, index: usize) {
        let team = &mut self.teams[index];
        for (uri, text) in &self.open {
            let Some(path) = team.path_of(uri) else {
                continue;
            };
            let unchanged = team.source(&path).is_none_or(|s| s.text == *text);
            if !unchanged {
                team.project.apply_text(&path, text);
            }
        }
    }

    /// A document opened or edited: check its text in place of the file's
    /// (a file the team does not read yet waits for a save).
    fn edited(&mut self, uri: Url, text: String) -> std::io::Result<()> {
        let at = self.locate(&uri);
        let mut applied = None;
        if let Some(at) = at {
            let team = &mut self.teams[at.team];
            if team.source(&at.path).is_some_and(|s| s.text != text) {
                applied = Some((at.team, team.project.apply_text(&at.path, &text)));
            }
        }
        self.open.insert(uri, text);
        match applied {
            Some((team, applied)) => self.publish_applied(team, &applied),
            None => Ok(()),
        }
    }

    /// A document saved: a new file may now be a record.
    fn saved(&mut self, uri: &Url) -> std::io::Result<()> {
        let Some(at) = self.locate(uri) else {
            return Ok(());
        };
        if self.teams[at.team].project.knows(&at.path) {
            return Ok(()); // its text is checked already
        }
        self.on_disk(std::slice::from_ref(uri), true)
    }

    /// Files changed on disk, as the client says: the same changes as the
    /// server's own following finds ([`Server::files_changed`]).
    fn on_disk(&mut self, uris: &[Url], walk: bool) -> std::io::Result<()> {
        let mut by_root: HashMap<PathBuf, BTreeSet<Change>> = HashMap::new();
        for uri in uris {
            let Ok(file) = uri.to_file_path() else {
                continue;
            };
            // Its team, opened when this is its first file; a team whose
            // configuration could not be read, by its folder.
            let root = match self.locate(uri) {
                Some(at) => self.teams[at.team].root.clone(),
                None => match file.parent() {
                    Some(folder) if file.file_name() == Some(CONFIG_FILE.as_ref()) => {
                        folder.to_path_buf()
                    }
                    _ => continue,
                },
            };
            let scope = Scope {
                root: &root,
                out: None,
                config: None,
                templates: None,
                git: &[],
            };
            let found = crate::watch::filter::classify(&file, file.is_dir(), &scope);
            let changes = by_root.entry(root.clone()).or_default();
            changes.extend(found);
            if walk {
                changes.insert(Change::Tree);
            }
        }
        for (root, changes) in by_root {
            self.files_changed(&root, &changes, false)?;
        }
        Ok(())
    }

    /// Files of the team at `root` changed on disk: read again those not
    /// open in the editor (a buffer's text wins until it is closed), or
    /// the whole team when the change asks for it ([`feed::step`]): its
    /// configuration, HEAD (a commit, a checkout).
    fn files_changed(
        &mut self,
        root: &Path,
        changes: &BTreeSet<Change>,
        lost: bool,
    ) -> std::io::Result<()> {
        let Some(index) = self.teams.iter().position(|t| t.root == root) else {
            // A team that could not be read: its configuration may now be.
            if changes.contains(&Change::Config) && self.unreadable.remove(root) {
                self.team_at(root)?;
            }
            return Ok(());
        };
        match feed::step(changes, lost, Some(&self.teams[index].head)) {
            Step::Nothing => Ok(()),
            Step::Reload => self.reopen(index),
            Step::Apply { paths, walk } => {
                let team = &self.teams[index];
                let closed: Vec<&String> = (paths.into_iter())
                    .filter(|p| team.uri(p).is_none_or(|uri| !self.open.contains_key(&uri)))
                    .collect();
                let team = &mut self.teams[index];
                let tree = WorkTree::new(&team.root, None);
                let applied = team.project.apply(&tree, closed, walk);
                self.publish_applied(index, &applied)
            }
        }
    }

    /// Read team `index` again from the start (its configuration or its
    /// history changed).
    fn reopen(&mut self, index: usize) -> std::io::Result<()> {
        let root = self.teams[index].root.clone();
        let head = HeadAt::now(&root);
        if let Some(project) = self.opened(&root)? {
            self.teams[index].project = project;
            self.teams[index].head = head;
            self.reapply_open(index);
            self.publish_all(index)?;
        }
        Ok(())
    }
}
