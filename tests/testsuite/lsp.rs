//! `mastery lsp` driven over stdio as an editor drives it: its findings
//! held to `check --format json` on the same files, before and after
//! edits, and each feature asked once.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use lsp_types::Url;
use serde_json::{Value, json};

/// An editor's end of the connection.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: mpsc::Receiver<Value>,
    next_id: i64,
    /// The last findings published for each file.
    published: std::collections::BTreeMap<String, Vec<Value>>,
    /// What the server told the person (`window/showMessage`).
    shown: Vec<String>,
}

impl Client {
    fn start() -> Client {
        let mut child = std::process::Command::new(snapbox::cmd::cargo_bin!("mastery"))
            .arg("lsp")
            .env(
                "GIT_CEILING_DIRECTORIES",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            published: Default::default(),
            shown: Vec::new(),
        }
    }

    fn raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let message = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.raw(&serde_json::to_vec(&message).unwrap());
    }

    /// Send a request and wait for its response, keeping the findings
    /// published meanwhile (the server answers in order, so they are all
    /// in by then).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.raw(&serde_json::to_vec(&message).unwrap());
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if let Some(response) = self.take(message)
                && response["id"] == id
            {
                return response;
            }
        }
    }

    /// Keep what `message` publishes or shows; a response is handed back.
    fn take(&mut self, message: Value) -> Option<Value> {
        if message["method"] == "textDocument/publishDiagnostics" {
            let params = &message["params"];
            let uri = params["uri"].as_str().unwrap().to_owned();
            let found = params["diagnostics"].as_array().unwrap().clone();
            self.published.insert(uri, found);
        } else if message["method"] == "window/showMessage" {
            let text = message["params"]["message"].as_str().unwrap_or_default();
            self.shown.push(text.to_owned());
        } else if message.get("method").is_none() {
            return Some(message);
        }
        None
    }

    /// Wait until the findings published for the team at `dir` are those
    /// of `check` on it now, with nothing asked of the server: what it
    /// learns of files changing on disk by itself. Fails after two minutes
    /// (a server that never catches up), saying how the two differ.
    fn catches_up_with_check(&mut self, dir: &Path, what: &str) {
        let want = check(dir);
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while self.findings(dir) != want {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Ok(message) = self.incoming.recv_timeout(left) else {
                let have = self.findings(dir);
                panic!(
                    "after {what}, the editor's findings are not check's:\n\
                     only the editor's: {:#?}\nonly check's: {:#?}",
                    have.difference(&want).collect::<Vec<_>>(),
                    want.difference(&have).collect::<Vec<_>>()
                );
            };
            self.take(message);
        }
    }

    /// The findings published, as `check --format json` would list them
    /// for the team at `dir`.
    fn findings(&self, dir: &Path) -> BTreeSet<String> {
        let root = Url::from_file_path(dir).unwrap().to_string() + "/";
        let mut out = BTreeSet::new();
        for (uri, found) in &self.published {
            let path = uri.strip_prefix(&root).unwrap();
            for d in found {
                let level = match d["severity"].as_i64().unwrap() {
                    1 => "error",
                    2 => "warning",
                    _ => "note",
                };
                let start = &d["range"]["start"];
                out.insert(format!(
                    "{path}:{}:{} {level}[{}] {}",
                    start["line"].as_i64().unwrap() + 1,
                    start["character"].as_i64().unwrap() + 1,
                    d["code"].as_str().unwrap(),
                    d["message"].as_str().unwrap(),
                ));
            }
        }
        out
    }

    /// Ask the server to end, as an editor does on quitting; it exits 0
    /// with nothing on standard error.
    fn finish(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.stdin = None;
        let output = self.child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}

/// `check --format json` on `dir`, each finding as [`Client::findings`]
/// writes it (a finding with no place at the file's start).
fn check(dir: &Path) -> BTreeSet<String> {
    let (_, stdout, stderr) = super::run(&["check", "--format", "json", "."], dir);
    let document: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let found = document["diagnostics"].as_array().unwrap();
    (found.iter())
        .map(|d| {
            format!(
                "{}:{}:{} {}[{}] {}",
                d["path"].as_str().unwrap(),
                d["line"].as_i64().unwrap_or(1),
                d["column"].as_i64().unwrap_or(1),
                d["level"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect()
}

fn uri(path: &Path) -> String {
    Url::from_file_path(path).unwrap().to_string()
}

/// The position of the first `needle` in `text` (0-based line, column in
/// characters: the test asks for UTF-32).
fn position_of(text: &str, needle: &str) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {text}"));
    let line = text[..at].matches('\n').count();
    let column = text[..at].rsplit('\n').next().unwrap().chars().count();
    json!({"line": line, "character": column})
}

fn sample_team(scratch: &Path) -> PathBuf {
    let team = scratch.join("team");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-team");
    super::copy_dir(&sample, &team);
    team
}

/// A copy of the sample team in a scratch folder, and a server
/// initialized on it.
fn started() -> (tempfile::TempDir, PathBuf, Client) {
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    let mut client = Client::start();
    initialize(&mut client, &team);
    (scratch, team, client)
}

fn initialize(client: &mut Client, team: &Path) -> Value {
    let response = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "workspaceFolders": [{"uri": uri(team), "name": "team"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-32", "utf-16"]},
                "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["rename"]}}
            }
        }),
    );
    client.notify("initialized", json!({}));
    response
}

fn did_change(client: &mut Client, file: &Path, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(file), "version": version},
            "contentChanges": [{"text": text}]
        }),
    );
}

/// Open `file` in the editor with `text`.
fn did_open(client: &mut Client, file: &Path, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(file), "languageId": "markdown", "version": 1, "text": text}}),
    );
}

/// The code actions offered at the first `needle` of `file`'s `text`.
fn code_actions(client: &mut Client, file: &Path, text: &str, needle: &str) -> Vec<Value> {
    let here = position_of(text, needle);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(file)},
            "range": {"start": here, "end": here},
            "context": {"diagnostics": []}
        }),
    );
    actions["result"].as_array().unwrap().clone()
}

/// The labels of a completion answer.
fn labels(completion: &Value) -> Vec<&str> {
    (completion["result"]["items"].as_array().unwrap().iter())
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

fn at(file: &Path, text: &str, needle: &str) -> Value {
    json!({"textDocument": {"uri": uri(file)}, "position": position_of(text, needle)})
}

#[test]
fn an_editor_sees_what_check_sees_as_it_types() {
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    // A finding in a file no one opens: a member without feedback.
    std::fs::write(
        team.join("platform/hana-sato.md"),
        "---\nname: Hana Sato\nrole: Engineer\nmanager: carol-diaz\n---\n",
    )
    .unwrap();
    let mut client = Client::start();
    let response = initialize(&mut client, &team);
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-32"
    );

    // Before any edit: every file's findings, open or not.
    let _ = client.request("textDocument/hover", at(&team.join("vision.md"), "", ""));
    assert_eq!(client.findings(&team), check(&team));
    assert!(!check(&team).is_empty());

    // Typing in one file: a misspelt manager, not saved.
    let dev = team.join("checkout/dev-patel.md");
    let saved = std::fs::read_to_string(&dev).unwrap();
    did_open(&mut client, &dev, &saved);
    let typed = saved.replace("manager: bob-okafor", "manager: bob-okafr");
    did_change(&mut client, &dev, 2, &typed);
    let actions = code_actions(&mut client, &dev, &typed, "bob-okafr");
    std::fs::write(&dev, &typed).unwrap(); // for check to compare with
    assert_eq!(client.findings(&team), check(&team));
    assert!(
        client
            .findings(&team)
            .iter()
            .any(|f| f.contains("checkout/dev-patel.md:4:10 error[unknown-member]")),
        "{:#?}",
        client.findings(&team)
    );
    let titles: Vec<&str> = (actions.iter())
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Replace `bob-okafr` with `bob-okafor`"),
        "{titles:?}"
    );
    assert!(titles.contains(&"Add feedback dated today"), "{titles:?}");

    // An edit in one file changes the findings of files not open: the
    // vision renames an outcome three members serve.
    let vision = team.join("vision.md");
    let vision_text = std::fs::read_to_string(&vision).unwrap();
    did_open(&mut client, &vision, &vision_text);
    let renamed = vision_text.replace("id: fast-checkout", "id: quick-checkout");
    did_change(&mut client, &vision, 2, &renamed);
    let _ = client.request(
        "textDocument/hover",
        at(&vision, &renamed, "quick-checkout"),
    );
    std::fs::write(&vision, &renamed).unwrap();
    let now = check(&team);
    assert!(
        now.iter()
            .any(|f| f.starts_with("checkout/alice-chen.md") && f.contains("unknown-outcome"))
    );
    assert_eq!(client.findings(&team), now);

    // Closing without saving: the file on disk counts again.
    std::fs::write(&vision, &vision_text).unwrap();
    std::fs::write(&dev, &saved).unwrap();
    for file in [&vision, &dev] {
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri(file)}}),
        );
    }
    let _ = client.request("textDocument/hover", at(&vision, "", ""));
    assert_eq!(client.findings(&team), check(&team));

    client.finish();
}

#[test]
fn completion_hover_definition_references_and_rename() {
    let (_scratch, team, mut client) = started();
    let dev = team.join("checkout/dev-patel.md");
    let text = std::fs::read_to_string(&dev).unwrap();

    // Member ids, with names, after `manager:`.
    did_open(&mut client, &dev, &text);
    let typed = text.replace("manager: bob-okafor", "manager: ca");
    did_change(&mut client, &dev, 2, &typed);
    let mut position = position_of(&typed, "manager: ca");
    position["character"] = json!(position["character"].as_i64().unwrap() + 11);
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&dev)}, "position": position}),
    );
    let items = completion["result"]["items"].as_array().unwrap();
    let carol = items
        .iter()
        .find(|i| i["label"] == "carol-diaz")
        .expect("carol-diaz offered");
    assert_eq!(carol["detail"], "Carol Díaz");
    assert!(
        items.iter().all(|i| i["label"] != "bob-okafor"),
        "filtered by what is typed"
    );

    // Outcome ids after `outcome:`, the nearest vision's and those above.
    let position = position_of(&text, "outcome: fraud-under-control");
    let mut after = position.clone();
    after["character"] = json!(position["character"].as_i64().unwrap() + 9);
    did_change(&mut client, &dev, 3, &text);
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&dev)}, "position": after}),
    );
    let offered = labels(&completion);
    assert!(
        offered.contains(&"fast-checkout") && offered.contains(&"fraud-under-control"),
        "{offered:?}"
    );

    // Keys valid in a learning goal; enum values; today's date.
    let goal = text.replace("    progress: 40\n", "    progress: 40\n    sta\n");
    did_change(&mut client, &dev, 4, &goal);
    let mut position = position_of(&goal, "    sta\n");
    position["character"] = json!(7);
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&dev)}, "position": position}),
    );
    let offered = labels(&completion);
    assert!(
        offered.contains(&"started") && offered.contains(&"status"),
        "{offered:?}"
    );
    assert!(!offered.contains(&"manager"), "{offered:?}");
    did_change(&mut client, &dev, 5, &text);

    // Hover on an id and on a key.
    let hover = client.request("textDocument/hover", at(&dev, &text, "alice-chen"));
    let said = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(said.contains("Alice Chen"), "{said}");
    let hover = client.request("textDocument/hover", at(&dev, &text, "growth_areas"));
    let said = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(said.contains("growth_areas"), "{said}");

    // Definition: a member id to their file; an outcome id to its line.
    let definition = client.request("textDocument/definition", at(&dev, &text, "alice-chen"));
    assert_eq!(
        definition["result"]["uri"],
        uri(&team.join("checkout/alice-chen.md"))
    );
    let definition = client.request(
        "textDocument/definition",
        at(&dev, &text, "fraud-under-control"),
    );
    assert_eq!(definition["result"]["uri"], uri(&team.join("vision.md")));
    let vision = std::fs::read_to_string(team.join("vision.md")).unwrap();
    assert_eq!(
        definition["result"]["range"]["start"],
        position_of(&vision, "fraud-under-control")
    );

    // References: every objective serving an outcome.
    let mut params = at(&dev, &text, "fraud-under-control");
    params["context"] = json!({"includeDeclaration": false});
    let references = client.request("textDocument/references", params);
    let files: BTreeSet<&str> = (references["result"].as_array().unwrap().iter())
        .map(|l| l["uri"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert!(
        files.contains("dev-patel.md") && files.contains("alice-chen.md"),
        "{files:?}"
    );

    // Rename a member: every id naming them, and their file.
    let mut params = at(&dev, &text, "alice-chen");
    params["newName"] = json!("alice-c");
    let rename = client.request("textDocument/rename", params);
    let operations = rename["result"]["documentChanges"].as_array().unwrap();
    let renamed = operations.iter().find(|o| o["kind"] == "rename").unwrap();
    assert_eq!(renamed["oldUri"], uri(&team.join("checkout/alice-chen.md")));
    assert_eq!(renamed["newUri"], uri(&team.join("checkout/alice-c.md")));
    let edited: BTreeSet<&str> = (operations.iter())
        .filter_map(|o| o["textDocument"]["uri"].as_str())
        .collect();
    assert!(edited.contains(uri(&dev).as_str()), "{edited:?}");
    assert!(
        edited.contains(uri(&team.join("vision.md")).as_str()),
        "owner: {edited:?}"
    );
    // A taken id is refused.
    let mut params = at(&dev, &text, "alice-chen");
    params["newName"] = json!("bob-okafor");
    let refused = client.request("textDocument/rename", params);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("bob-okafor"),
        "{refused}"
    );

    client.finish();
}

#[test]
fn bad_messages_are_answered_and_the_server_goes_on() {
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    let mut client = Client::start();
    // Before initialize: not initialized.
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    initialize(&mut client, &team);
    client.raw(b"{this is not json");
    let parse_error = client.response(Value::Null);
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    client.raw(br#"{"jsonrpc": "2.0", "say": "hello"}"#);
    let invalid = client.response(Value::Null);
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    let unknown = client.request("mastery/sing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad = client.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    // A file outside any team: opened, edited, asked about; nothing found,
    // not even for the id of a member of the team beside it.
    let outside = scratch.path().join("notes.md");
    let text = "---\nmanager: carol-diaz\n---\n";
    std::fs::write(&outside, text).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&outside), "languageId": "markdown", "version": 1, "text": text}}),
    );
    let hover = client.request("textDocument/hover", at(&outside, text, "carol-diaz"));
    assert_eq!(hover["result"], Value::Null, "{hover}");
    // After `shutdown`, requests are refused until `exit`.
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    let late = client.request("textDocument/hover", at(&outside, "", ""));
    assert_eq!(late["error"]["code"], -32600, "{late}");
    client.notify("exit", Value::Null);
    client.stdin = None;
    let output = client.child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_client_that_vanishes_ends_the_server_cleanly() {
    let (_scratch, _team, mut client) = started();
    // Half a message, then the editor is gone.
    client
        .stdin
        .as_mut()
        .unwrap()
        .write_all(b"Content-Length: 90\r\n\r\n{\"jsonrpc\"")
        .unwrap();
    client.stdin = None;
    let output = client.child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

/// Debian's Neovim as the client: it starts the server, shows the findings
/// of the record it opens and completes a member id. Needs `nvim` (CI
/// installs it).
#[test]
#[ignore = "needs Neovim (nvim); CI runs it"]
fn neovim_shows_findings_and_completes() {
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    let file = team.join("checkout/dev-patel.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("mentor: alice-chen", "mentor: alice-chn"),
    )
    .unwrap();
    let out = scratch.path().join("seen.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/neovim.lua");
    let status = std::process::Command::new("nvim")
        .args(["--headless", "--clean", "-S"])
        .arg(&script)
        .env("MASTERY", snapbox::cmd::cargo_bin!("mastery"))
        .env("TEAM", &team)
        .env("FILE", &file)
        .env("OUT", &out)
        .env("GIT_CEILING_DIRECTORIES", scratch.path())
        .env("HOME", scratch.path())
        .stdin(Stdio::null())
        .status()
        .expect("nvim runs");
    assert!(status.success());
    let seen: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let findings = seen["findings"].as_array().unwrap();
    let mentor = (findings.iter())
        .find(|f| f["code"] == "unknown-member")
        .unwrap_or_else(|| panic!("{seen:#}"));
    assert_eq!(
        (mentor["line"].as_i64(), mentor["column"].as_i64()),
        (Some(5), Some(9)),
        "{seen:#}"
    );
    let labels = seen["completion"].as_array().unwrap();
    assert!(labels.iter().any(|l| l == "carol-diaz"), "{seen:#}");
}

/// A history the server cannot read (a damaged pack) is said, as `check`
/// says it, not swallowed: its findings differ from a complete check's.
#[test]
fn an_unreadable_history_is_said_to_the_person() {
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    crate::git(&team, &["init", "-q"]);
    crate::commit_all(&team, "2026-11-20T09:00:00Z", "team");
    crate::git(&team, &["gc", "-q"]);
    let pack = team.join(".git/objects/pack");
    let index = (std::fs::read_dir(&pack).unwrap().map(|e| e.unwrap().path()))
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&index)
        .unwrap()
        .set_len(100)
        .unwrap();
    let mut client = Client::start();
    initialize(&mut client, &team);
    let id = client.request("shutdown", Value::Null);
    assert!(id.get("error").is_none(), "{id}");
    assert!(
        client
            .shown
            .iter()
            .any(|m| m.contains("going on without the repository's history")),
        "{:?}",
        client.shown
    );
    client.finish();
}

/// The Lua blocks of docs/editors.md's Neovim section, as written.
fn documented_neovim_setups() -> Vec<String> {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors.md"))
            .unwrap();
    let section = page.split("\n## Neovim\n").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let blocks = section.split("```lua\n").skip(1);
    blocks
        .map(|b| b.split("\n```").next().unwrap().to_owned())
        .collect()
}

/// Each Neovim set-up docs/editors.md gives, run verbatim as a user's
/// `init.lua` in Debian's Neovim: opening a record shows its findings.
#[test]
#[ignore = "needs Neovim (nvim); CI runs it"]
fn the_documented_neovim_setup_works_as_written() {
    let setups = documented_neovim_setups();
    assert!(!setups.is_empty(), "docs/editors.md has a Neovim set-up");
    let binary = snapbox::cmd::cargo_bin!("mastery");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for setup in setups {
        let scratch = tempfile::tempdir().unwrap();
        let team = sample_team(scratch.path());
        let file = team.join("checkout/dev-patel.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            text.replace("mentor: alice-chen", "mentor: alice-chn"),
        )
        .unwrap();
        let init = scratch.path().join("init.lua");
        std::fs::write(&init, &setup).unwrap();
        let out = scratch.path().join("seen.json");
        let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editors/driver.lua");
        let output = std::process::Command::new("nvim")
            .arg("--headless")
            .arg("-u")
            .arg(&init)
            .arg("-S")
            .arg(&driver)
            .env("PATH", &path)
            .env("FILE", &file)
            .env("SECOND", team.join("platform/grace-kim.md"))
            .env("OUT", &out)
            .env("GIT_CEILING_DIRECTORIES", scratch.path())
            .env("HOME", scratch.path())
            .env("XDG_CONFIG_HOME", scratch.path().join("config"))
            .env("XDG_DATA_HOME", scratch.path().join("data"))
            .stdin(Stdio::null())
            .output()
            .expect("nvim runs");
        let said = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{setup}\n{said}");
        let seen: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        let codes: Vec<&Value> = seen["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| &f["code"])
            .collect();
        assert!(
            codes.iter().any(|c| *c == "unknown-member"),
            "{setup}\n{seen:#}\n{said}"
        );
        // A sub-team's file (platform/ has its own vision.md) joins the
        // team's one server.
        assert_eq!(seen["servers"], 1, "{setup}\n{seen:#}");
    }
}

/// The VS Code extension packages as a `.vsix` with `@vscode/vsce`, its
/// language client inside. Needs `npm ci --prefix editors/vscode` (CI runs
/// it).
#[test]
#[ignore = "needs editors/vscode/node_modules; CI installs them"]
fn the_vscode_extension_packages() {
    let scratch = tempfile::tempdir().unwrap();
    let extension = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    let vsix = scratch.path().join("mastery.vsix");
    let output = std::process::Command::new(extension.join("node_modules/.bin/vsce"))
        .args(["package", "--skip-license", "--out"])
        .arg(&vsix)
        .current_dir(&extension)
        .output()
        .expect("vsce runs");
    let said = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}");
    // A zip archive names its files in plain bytes.
    let bytes = std::fs::read(&vsix).unwrap();
    let holds = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    for name in [
        "extension/extension.js",
        "extension/package.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(holds(name), "{name} in the .vsix: {said}");
    }
}

#[test]
fn outcome_rename_dates_fixes_and_what_a_finding_means() {
    let (_scratch, team, mut client) = started();
    let dev = team.join("checkout/dev-patel.md");
    let text = std::fs::read_to_string(&dev).unwrap();
    // A misspelt key (a certain fix) and an empty date, typed.
    let typed = text
        .replace("mentor: alice-chen", "mentr: alice-chen")
        .replace("joined: 2025-04-14", "joined: ");
    did_open(&mut client, &dev, &typed);
    let mut position = position_of(&typed, "joined: ");
    position["character"] = json!(8);
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&dev)}, "position": position}),
    );
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert_eq!(
        completion["result"]["items"][0]["label"],
        today.as_str(),
        "{completion}"
    );

    let actions = code_actions(&mut client, &dev, &typed, "mentr");
    let fix = (actions.iter())
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert!(
        fix["title"]
            .as_str()
            .unwrap()
            .contains("`mentr` to `mentor`"),
        "{fix}"
    );
    let edit = &fix["edit"]["changes"][uri(&dev)][0];
    assert_eq!(edit["newText"], "mentor");

    // Hovering a finding says what its rule checks.
    let hover = client.request("textDocument/hover", at(&dev, &typed, "mentr"));
    let said = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(said.contains("**unknown-field**"), "{said}");

    // Renaming an outcome: its id, and every objective serving it.
    let vision = team.join("vision.md");
    let vision_text = std::fs::read_to_string(&vision).unwrap();
    let mut params = at(&vision, &vision_text, "fraud-under-control");
    params["newName"] = json!("fraud-low");
    let rename = client.request("textDocument/rename", params);
    let changes = rename["result"]["changes"].as_object().unwrap();
    let files: BTreeSet<&str> = changes
        .keys()
        .map(|u| u.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "alice-chen.md",
            "bob-okafor.md",
            "dev-patel.md",
            "vision.md"
        ]),
        "{rename:#}"
    );
    assert!(
        changes
            .values()
            .flat_map(|e| e.as_array().unwrap())
            .all(|e| e["newText"] == "fraud-low")
    );
    client.finish();
}

#[test]
fn files_changed_on_disk_are_read_again_when_the_editor_says_so() {
    let (_scratch, team, mut client) = started();
    let changed = |client: &mut Client, file: &Path, kind: i32| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(file), "type": kind}]}),
        );
        let _ = client.request("textDocument/hover", at(file, "", ""));
    };
    // An edit by another tool (a `git pull`), a new member, a file gone.
    let grace = team.join("platform/grace-kim.md");
    let text = std::fs::read_to_string(&grace).unwrap();
    std::fs::write(
        &grace,
        text.replace("manager: bob-okafor", "manager: nobody"),
    )
    .unwrap();
    changed(&mut client, &grace, 2);
    assert!(
        client
            .findings(&team)
            .iter()
            .any(|f| f.contains("grace-kim.md") && f.contains("unknown-member"))
    );
    assert_eq!(client.findings(&team), check(&team));
    let new = team.join("platform/ivy-ng.md");
    std::fs::write(&new, "---\nname: Ivy Ng\nmanager: carol-diaz\n---\n").unwrap();
    changed(&mut client, &new, 1);
    assert!(
        client
            .findings(&team)
            .iter()
            .any(|f| f.starts_with("platform/ivy-ng.md"))
    );
    assert_eq!(client.findings(&team), check(&team));
    std::fs::remove_file(&new).unwrap();
    changed(&mut client, &new, 3);
    assert_eq!(client.findings(&team), check(&team));
    // The configuration: every finding again, by the new levels.
    std::fs::write(
        team.join("mastery.toml"),
        "[rules]\nunknown-member = \"allow\"\n",
    )
    .unwrap();
    changed(&mut client, &team.join("mastery.toml"), 2);
    assert!(
        !client
            .findings(&team)
            .iter()
            .any(|f| f.contains("unknown-member"))
    );
    assert_eq!(client.findings(&team), check(&team));
    client.finish();
}

#[test]
fn framework_tracks_and_topics_are_completed() {
    // The sample team's framework: frameworks/engineering.md.
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    let mut client = Client::start();
    initialize(&mut client, &team);
    let dev = team.join("checkout/dev-patel.md");
    let text = std::fs::read_to_string(&dev).unwrap().replacen(
        "---\n",
        "---\ntrack: \nevidence:\n  - date: 2026-11-01\n    topic: co\n",
        1,
    );
    did_open(&mut client, &dev, &text);
    let complete = |client: &mut Client, line: u32, character: u32| {
        let answer = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&dev)}, "position": {"line": line, "character": character}}),
        );
        labels(&answer)
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(complete(&mut client, 1, 7), ["engineering"]);
    assert_eq!(complete(&mut client, 4, 13), ["communication"]);
    client.finish();
}

/// The server follows the team on disk as `watch` does: an edit by another
/// tool, a commit (which moves what the history says), a checkout, a
/// `.gitignore` and the configuration, with no word from the editor; after
/// each, its findings are `check`'s.
#[test]
fn the_editor_follows_commits_checkouts_and_settings_as_check_does() {
    let scratch = tempfile::tempdir().unwrap();
    let team = sample_team(scratch.path());
    // The history rules on, as a real team has them.
    std::fs::remove_file(team.join("mastery.toml")).unwrap();
    super::git(&team, &["init", "-q"]);
    let first = super::commit_all(&team, "2026-10-01T10:00:00Z", "the team");
    let mut client = Client::start();
    initialize(&mut client, &team);
    client.catches_up_with_check(&team, "opening");

    // Feedback dated long before it is written, then committed: the
    // commit dates its writing (`backdated-entry` counts from it).
    let alice = team.join("checkout/alice-chen.md");
    let text = std::fs::read_to_string(&alice).unwrap();
    let entry = "feedback:\n  - date: 2026-03-02\n    from: bob-okafor\n";
    std::fs::write(&alice, text.replacen("feedback:\n", entry, 1)).unwrap();
    client.catches_up_with_check(&team, "an edit on disk");
    let before_commit = client.findings(&team);
    super::commit_all(&team, "2026-11-21T10:00:00Z", "feedback");
    client.catches_up_with_check(&team, "a commit");
    let committed = client.findings(&team);
    assert!(
        committed
            .difference(&before_commit)
            .any(|f| f.starts_with("checkout/alice-chen.md") && f.contains("backdated-entry")),
        "{committed:#?}"
    );

    // Back to the first commit: the entry is gone, from the file and the
    // history HEAD reads.
    super::git(&team, &["checkout", "-q", &first]);
    client.catches_up_with_check(&team, "a checkout");
    assert!(
        !client
            .findings(&team)
            .iter()
            .any(|f| f.contains("2026-03-02"))
    );

    // A `.gitignore` that leaves a sub-team out, then the configuration.
    std::fs::write(team.join(".gitignore"), "platform/\n").unwrap();
    client.catches_up_with_check(&team, "a .gitignore edit");
    assert!(
        !client
            .findings(&team)
            .iter()
            .any(|f| f.starts_with("platform/"))
    );
    std::fs::write(
        team.join("mastery.toml"),
        "[rules]\nmissing-feedback = \"allow\"\n",
    )
    .unwrap();
    client.catches_up_with_check(&team, "a configuration edit");
    assert!(
        !client
            .findings(&team)
            .iter()
            .any(|f| f.contains("missing-feedback"))
    );
    client.finish();
}
