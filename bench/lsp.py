#!/usr/bin/env python3
"""`mastery lsp` at scale, driven as an editor drives it.

    bench/lsp.py MASTERY TEAM [TEAM...]

For each team: start-up (spawn, initialize, and every file's findings
published: the time until the answer to a request sent right after
`initialized`, which the server gives after publishing) against
`mastery check --format json` on the same team, alternated three times;
then one member file (m4242, or $MEMBER) opened and changed 21 times
without saving, alternating an edit of its role with a misspelt manager
and back, each timed from sending `didChange` to the member's findings
arriving. Prints medians.
"""

import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


class Client:
    def __init__(self, mastery):
        self.process = subprocess.Popen(
            [mastery, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.incoming = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.incoming.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, matches):
        while True:
            at, message = self.incoming.get(timeout=300)
            if matches(message):
                return at, message

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait()


def start(mastery, team):
    began = time.perf_counter()
    client = Client(mastery)
    uri = team.as_uri()
    client.request(
        "initialize",
        {"processId": None, "rootUri": uri, "capabilities": {}, "workspaceFolders": [{"uri": uri, "name": "team"}]},
    )
    client.notify("initialized", {})
    at, _ = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": (team / "vision.md").as_uri()}, "position": {"line": 0, "character": 0}},
    )
    return client, at - began


def check(mastery, team):
    began = time.perf_counter()
    subprocess.run([mastery, "check", "--format", "json", str(team)], stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def main():
    mastery, teams = sys.argv[1], [Path(t).resolve() for t in sys.argv[2:]]
    member_id = os.environ.get("MEMBER", "m4242")
    for team in teams:
        starts, checks = [], []
        for _ in range(3):
            checks.append(check(mastery, team))
            client, took = start(mastery, team)
            starts.append(took)
            if len(starts) < 3:
                client.close()
        member = next(team.rglob(f"{member_id}.md"))
        uri = member.as_uri()
        text = member.read_text()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 0, "text": text}},
        )
        manager = next(line for line in text.splitlines() if line.startswith("manager: "))
        latencies = []
        for i in range(1, 22):
            if i % 2:
                edited = text.replace("\nrole: ", f"\nrole: edited {i} ", 1)
            else:
                edited = text.replace(manager, manager + "-typo", 1)
            began = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": i}, "contentChanges": [{"text": edited}]},
            )
            at, _ = client.wait(
                lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
            latencies.append((at - began) * 1000)
            time.sleep(0.05)
        client.close()
        start_median, check_median = statistics.median(starts), statistics.median(checks)
        print(
            f"{team.name}: start-up median {start_median:.2f} s (runs {', '.join(f'{s:.2f}' for s in starts)}); "
            f"check median {check_median:.2f} s (runs {', '.join(f'{c:.2f}' for c in checks)}); "
            f"ratio {start_median / check_median:.2f}; "
            f"one-member change to its findings: median {statistics.median(latencies):.1f} ms, "
            f"max {max(latencies):.1f} ms (21 edits)"
        )


main()
