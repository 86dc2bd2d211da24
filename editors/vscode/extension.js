// The mastery extension: starts `mastery lsp` for Markdown files, which
// checks the team (the topmost folder with a vision.md) of each record
// opened. Everything else is the server's.
const { workspace } = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = workspace.getConfiguration("mastery").get("path") || "mastery";
  client = new LanguageClient(
    "mastery",
    "mastery",
    { command, args: ["lsp"], transport: TransportKind.stdio },
    { documentSelector: [{ scheme: "file", language: "markdown" }] }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
