//! `mastery watch` and `mastery serve` on a temporary copy of a team:
//! editor-style edits, broken edits and fixes, new folders, deletions, the
//! team folder recreated, and live reload over HTTP. Every wait has a
//! deadline, so a broken watcher fails the test instead of hanging it.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::copy_dir;

const DEADLINE: Duration = Duration::from_secs(20);

/// A running `mastery watch` or `serve` on a copy of `sample-team`.
pub struct Running {
    child: Child,
    dir: tempfile::TempDir,
    stderr: PathBuf,
    stdout: PathBuf,
}

impl Running {
    pub fn start(command: &str, out_inside: bool, extra: &[&str]) -> Running {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(Path::new("sample-team"), &dir.path().join("team"));
        Running::launch(dir, command, out_inside, extra)
    }

    /// Run `command` on the team folder `team` of `dir`.
    pub fn launch(
        dir: tempfile::TempDir,
        command: &str,
        out_inside: bool,
        extra: &[&str],
    ) -> Running {
        let team = dir.path().join("team");
        let out = if out_inside {
            team.join("report")
        } else {
            dir.path().join("report")
        };
        let (stdout, stderr) = (dir.path().join("stdout"), dir.path().join("stderr"));
        let child = Command::new(env!("CARGO_BIN_EXE_mastery"))
            // The default quiet time: one editor save must be one rebuild
            // with the settings people use.
            .args([command, "--as-of", "2026-11-27", "-o"])
            .arg(&out)
            .arg(&team)
            .args(extra)
            .stdout(fs::File::create(&stdout).unwrap())
            .stderr(fs::File::create(&stderr).unwrap())
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let running = Running {
            child,
            dir,
            stderr,
            stdout,
        };
        running.wait_for("the first build", || {
            running.output().contains("press Ctrl-C to stop")
        });
        running
    }

    pub fn team(&self) -> PathBuf {
        self.dir.path().join("team")
    }

    fn report(&self, page: &str) -> String {
        let inside = self.team().join("report").join(page);
        let outside = self.dir.path().join("report").join(page);
        fs::read_to_string(if inside.exists() { inside } else { outside }).unwrap_or_default()
    }

    fn output(&self) -> String {
        fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    fn log(&self) -> String {
        fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    fn rebuilds(&self) -> usize {
        self.log().matches(" rebuilt in ").count()
    }

    fn wait_for(&self, what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                self.output(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl-C: the process must exit promptly, with status 0.
    pub fn interrupt(mut self) -> String {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}\n{}", self.log());
                return self.log();
            }
            assert!(start.elapsed() < DEADLINE, "did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Save the way many editors do: write a temporary file, rename it over.
fn editor_save(path: &Path, contents: &str) {
    let temporary = path.with_extension("md.tmp");
    fs::write(&temporary, contents).unwrap();
    fs::rename(&temporary, path).unwrap();
}

/// Save the way vim does by default: move the file aside (so for a moment
/// there is none), write a new one and flush it to disk, delete the old.
fn vim_save(path: &Path, contents: &str) {
    use std::io::Write as _;
    let backup = path.with_extension("md~");
    fs::rename(path, &backup).unwrap();
    let mut file = fs::File::create(path).unwrap();
    file.write_all(contents.as_bytes()).unwrap();
    file.sync_all().unwrap();
    drop(file);
    fs::remove_file(&backup).unwrap();
}

#[test]
fn an_editor_save_gives_exactly_one_rebuild() {
    let running = Running::start("watch", false, &[]);
    let grace = running.team().join("platform/grace-kim.md");
    let text = fs::read_to_string(&grace).unwrap();
    assert!(
        running
            .report("members/grace-kim.html")
            .contains("2026-09-15")
    );
    vim_save(
        &grace,
        &text.replace("date: 2026-09-15", "date: 2026-11-21"),
    );
    // The log line is written after the pages: wait for what is asserted.
    running.wait_for("the rebuild's log", || running.rebuilds() >= 1);
    assert!(
        running
            .report("members/grace-kim.html")
            .contains("2026-11-21")
    );
    let log = running.log();
    assert!(log.contains("1 file read"), "{log}");
    assert!(
        log.contains("resolved warning[missing-feedback] platform/grace-kim.md"),
        "{log}"
    );
    // A late second rebuild of the same save would come before the one a
    // later, known edit causes: make that edit, wait for it, then count.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(running.rebuilds(), 1, "{}", running.log());
    editor_save(
        &grace,
        &text.replace("date: 2026-09-15", "date: 2026-11-22"),
    );
    running.wait_for("the known edit's rebuild", || {
        running.rebuilds() >= 2
            && running
                .report("members/grace-kim.html")
                .contains("2026-11-22")
    });
    assert_eq!(running.rebuilds(), 2, "{}", running.log());
    let log = running.interrupt();
    assert!(log.contains("stopped; the report in"), "{log}");
}

#[test]
fn a_broken_edit_is_reported_and_its_fix_restores_the_page() {
    let running = Running::start("watch", false, &[]);
    let farid = running.team().join("platform/farid-haddad.md");
    let good = fs::read_to_string(&farid).unwrap();
    editor_save(
        &farid,
        &good.replacen("name: Farid Haddad", "name: [Farid", 1),
    );
    running.wait_for("the error to show", || {
        running
            .report("index.html")
            .contains("invalid-front-matter")
    });
    assert!(
        running
            .log()
            .contains("new      error[invalid-front-matter] platform/farid-haddad.md")
    );
    assert!(
        running
            .report("members/farid-haddad.html")
            .contains("This record could not be read")
    );
    // Everything else still renders.
    assert!(
        running
            .report("members/alice-chen.html")
            .contains("Alice Chen")
    );
    editor_save(&farid, &good);
    running.wait_for("the fix to show", || {
        !running
            .report("index.html")
            .contains("invalid-front-matter")
    });
    assert!(
        running
            .report("members/farid-haddad.html")
            .contains("Shadow four on-call shifts")
    );
    running.interrupt();
}

#[test]
fn new_folders_deletions_and_a_recreated_root_are_followed() {
    let running = Running::start("watch", false, &[]);
    let team = running.team();
    fs::create_dir_all(team.join("data/ml")).unwrap();
    fs::write(
        team.join("data/ml/hana.md"),
        "---\nname: Hana Sato\nstrengths: [Statistics]\ngrowth_areas: [Writing]\n---\n",
    )
    .unwrap();
    running.wait_for("the new member's page", || {
        running.report("members/hana.html").contains("Hana Sato")
    });
    assert!(running.report("index.html").contains("data/ml"));

    fs::remove_file(team.join("checkout/dev-patel.md")).unwrap();
    running.wait_for("the removed member's page to go", || {
        !running
            .dir
            .path()
            .join("report/members/dev-patel.html")
            .exists()
    });
    assert!(!running.report("index.html").contains("Dev Patel"));

    // The whole team folder deleted, then put back with a change.
    let saved = running.dir.path().join("saved");
    copy_dir(&team, &saved);
    fs::remove_dir_all(&team).unwrap();
    running.wait_for("the watcher to notice", || {
        running.log().contains("is gone; waiting")
    });
    let vision = saved.join("vision.md");
    let text = fs::read_to_string(&vision).unwrap();
    fs::write(
        &vision,
        text.replace("team: Payments Platform", "team: Payments Crew"),
    )
    .unwrap();
    fs::rename(&saved, &team).unwrap();
    running.wait_for("the report of the recreated team", || {
        running.report("index.html").contains("Payments Crew")
    });
    running.interrupt();
}

#[test]
fn a_report_inside_the_team_folder_does_not_cause_rebuilds() {
    let running = Running::start("watch", true, &[]);
    fs::write(running.team().join("notes.txt"), "not a record").unwrap();
    fs::write(running.team().join(".hidden.md"), "---\nname: x\n---\n").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    // A known edit, waited for: any rebuild the writes above (or the
    // report's own pages) caused would have come before it.
    let grace = running.team().join("platform/grace-kim.md");
    let text = fs::read_to_string(&grace).unwrap();
    editor_save(
        &grace,
        &text.replace("role: Senior Engineer", "role: Staff Engineer"),
    );
    running.wait_for("the known edit's rebuild", || running.rebuilds() >= 1);
    std::thread::sleep(Duration::from_millis(500));
    let grace_page = running.report("members/grace-kim.html");
    assert!(grace_page.contains("Staff Engineer"));
    assert_eq!(running.rebuilds(), 1, "{}", running.log());
    // Writing that page did not cause a rebuild either: one more known
    // edit is the second rebuild, not the third.
    editor_save(&grace, &text);
    running.wait_for("the second known edit's rebuild", || {
        running.rebuilds() >= 2
    });
    assert_eq!(running.rebuilds(), 2, "{}", running.log());
    running.interrupt();
}

/// One HTTP/1.1 GET; returns the status line's code and the body.
fn get(address: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let code = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (code, body)
}

pub fn served_address(running: &Running) -> String {
    let output = running.output();
    let url = output
        .lines()
        .find_map(|l| l.strip_prefix("serving the report at http://"))
        .expect("the address is printed");
    url.trim_end_matches('/').to_owned()
}

#[test]
fn serve_reloads_pages_and_refuses_traversal() {
    let running = Running::start("serve", false, &["--port", "0"]);
    let address = served_address(&running);
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let (code, page) = get(&address, "/");
    assert_eq!(code, 200);
    assert!(page.contains("Payments Platform") && page.contains("/__mastery/events"));
    // The report on disk has no script; only served pages get it.
    assert!(!running.report("index.html").contains("<script"));
    let (code, css) = get(&address, "/style.css");
    assert_eq!(code, 200);
    assert!(!css.contains("__mastery"));

    for target in [
        "/../stderr",
        "/..%2fstderr",
        "/%2e%2e/stderr",
        "/%2e%2e%2fstderr",
        "/members/..%2f..%2fstderr",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/members/%5c..%5c..%5cstderr",
    ] {
        let (code, body) = get(&address, target);
        assert!(code == 400 || code == 404, "{target}: {code}");
        assert!(
            !body.contains("rebuilt") && !body.contains("root:"),
            "{target} leaked"
        );
    }

    // A reload event arrives after an edit, and the next page load shows
    // the overlay because the edit introduced an error.
    let mut events = TcpStream::connect(&address).unwrap();
    events.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        events,
        "GET /__mastery/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    let mut buffer = [0; 1024];
    let n = events.read(&mut buffer).unwrap();
    seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    let alice = running.team().join("checkout/alice-chen.md");
    let text = fs::read_to_string(&alice).unwrap();
    editor_save(
        &alice,
        &text.replace("manager: bob-okafor", "manager: bobby"),
    );
    while !seen.contains("event: reload") {
        let n = events
            .read(&mut buffer)
            .expect("a reload event before the deadline");
        assert!(n > 0, "the event stream closed");
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    let (_, page) = get(&address, "/members/alice-chen.html");
    assert!(page.contains("mastery-overlay"), "{page}");
    assert!(page.contains("manager `bobby` is not a member of the team"));
    running.interrupt();
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_mastery"))
        .args(["serve", "sample-team", "-o"])
        .arg(tempfile::tempdir().unwrap().path().join("r"))
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "port {port} on 127.0.0.1 is already in use; choose another with --port"
        )),
        "{stderr}"
    );
}

#[test]
fn polling_and_configuration_edits_work_too() {
    let running = Running::start("watch", false, &["--poll"]);
    let config = running.team().join("mastery.toml");
    let text = fs::read_to_string(&config).unwrap();
    // A broken configuration is reported; the watcher keeps going.
    fs::write(&config, "[thresholds]\nfeedback_dayz = 3\n").unwrap();
    running.wait_for("the configuration error", || {
        running
            .log()
            .contains("build failed: invalid configuration")
    });
    assert!(running.log().contains("unknown field `feedback_dayz`"));
    // Fixed, with a stricter threshold: more members are overdue.
    fs::write(
        &config,
        text.replace("feedback_days = 30", "feedback_days = 10"),
    )
    .unwrap();
    running.wait_for("the stricter threshold", || {
        running
            .report("members/alice-chen.html")
            .contains("the limit is 10")
    });
    running.interrupt();
}

#[test]
fn serve_survives_a_burst_of_concurrent_requests() {
    let running = Running::start("serve", false, &["--port", "0"]);
    let address = served_address(&running);
    // 10,000 requests over 50 connections at once, all to 127.0.0.1.
    let failures: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..50)
            .map(|worker| {
                let address = address.clone();
                scope.spawn(move || {
                    let pages = [
                        "/",
                        "/style.css",
                        "/members/alice-chen.html",
                        "/members/grace-kim.html",
                    ];
                    let mut stream = TcpStream::connect(&address).unwrap();
                    stream.set_read_timeout(Some(DEADLINE)).unwrap();
                    let mut failures = 0;
                    for i in 0..200 {
                        let target = pages[(worker + i) % pages.len()];
                        write!(stream, "GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
                        if read_response(&mut stream) != 200 {
                            failures += 1;
                        }
                    }
                    failures
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert_eq!(failures, 0);

    // An oversized request is refused without harm.
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let huge = "x".repeat(2 * 1024 * 1024);
    let _ = write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {address}\r\nX-Big: {huge}\r\n\r\n"
    );
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(
        !response.starts_with("HTTP/1.1 200"),
        "{}",
        &response[..response.len().min(80)]
    );
    let (code, _) = get(&address, "/");
    assert_eq!(code, 200, "the server still serves");

    // Only GET and HEAD.
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 405"), "{response}");
    running.interrupt();
}

/// Read one HTTP/1.1 response (status line, headers, a Content-Length or
/// chunked body) from a kept-alive connection; returns the status code.
fn read_response(stream: &mut TcpStream) -> u16 {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            return 0;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    let code = head.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    if let Some(length) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        let mut body = vec![0; length];
        if stream.read_exact(&mut body).is_err() {
            return 0;
        }
    } else if head.contains("transfer-encoding: chunked") {
        loop {
            let mut line = Vec::new();
            while !line.ends_with(b"\r\n") {
                if stream.read(&mut byte).unwrap_or(0) == 0 {
                    return 0;
                }
                line.push(byte[0]);
            }
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&line).trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            if stream.read_exact(&mut chunk).is_err() {
                return 0;
            }
            if size == 0 {
                break;
            }
        }
    }
    code
}

/// Send `request` as it is and read the whole answer (the server closes
/// after `Connection: close`).
fn raw(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

#[test]
fn serve_answers_only_to_its_own_names_and_tells_the_truth() {
    let running = Running::start("serve", false, &["--port", "0"]);
    let address = served_address(&running);
    let port = address.rsplit(':').next().unwrap().to_owned();
    let ask = |host: &str, line: &str, extra: &str| {
        raw(
            &address,
            &format!("{line} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"),
        )
    };
    // A DNS-rebinding page names its own host; it gets nothing.
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_owned(),
        format!("127.0.0.2.evil.example:{port}"),
    ] {
        let response = ask(&host, "GET /", "");
        assert!(response.starts_with("HTTP/1.1 421"), "{host}: {response}");
        assert!(!response.contains("Payments Platform"), "{host}");
    }
    for host in [
        address.clone(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = ask(&host, "GET /", "");
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
    }

    // HEAD announces the length GET sends (the reload script included).
    let get = ask(&address, "GET /index.html", "");
    let head = ask(&address, "HEAD /index.html", "");
    let length: usize = header(&get, "content-length").unwrap().parse().unwrap();
    assert_eq!(length, body(&get).len());
    assert_eq!(
        header(&head, "content-length"),
        Some(length.to_string().as_str())
    );
    assert_eq!(body(&head), "");

    // A byte range of a page that is changed on the way out is not served:
    // the whole page is.
    let ranged = ask(&address, "GET /index.html", "Range: bytes=0-9\r\n");
    assert!(ranged.starts_with("HTTP/1.1 200"), "{ranged}");
    assert_eq!(body(&ranged), body(&get));

    // `//members` stays on this host: no redirect to `//…`.
    let response = ask(&address, "GET //members", "");
    let location = header(&response, "location").unwrap_or("");
    assert!(!location.starts_with("//"), "{response}");
    assert_eq!(location, "/members/", "{response}");
    running.interrupt();
}

#[test]
fn a_half_sent_request_does_not_hold_up_ctrl_c_or_sigterm() {
    for signal in ["-INT", "-TERM"] {
        let mut running = Running::start("serve", false, &["--port", "0"]);
        let address = served_address(&running);
        let mut stalled = TcpStream::connect(&address).unwrap();
        write!(stalled, "GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: ").unwrap();
        // An open event stream too, as a page open in a browser has.
        let mut events = TcpStream::connect(&address).unwrap();
        write!(
            events,
            "GET /__mastery/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        let status = Command::new("kill")
            .args([signal, &running.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        // It used to hang for ever; a second is what a person waits.
        let start = Instant::now();
        while running.child.try_wait().unwrap().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{signal}: still running with a half-sent request open"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        drop((stalled, events));
    }
}

#[test]
fn idle_connections_are_closed_and_do_not_starve_the_watcher() {
    // 40 file descriptors in all: the server takes at most half of them, so
    // a flood of idle connections cannot stop the watcher or new requests.
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let stdout = dir.path().join("stdout");
    let stderr = dir.path().join("stderr");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 40 && exec '{}' serve --port 0 --as-of 2026-11-27 --debounce 100 -o '{}' '{}'",
            env!("CARGO_BIN_EXE_mastery"),
            dir.path().join("report").display(),
            team.display()
        ))
        .stdout(fs::File::create(&stdout).unwrap())
        .stderr(fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let address = loop {
        let output = fs::read_to_string(&stdout).unwrap_or_default();
        if let Some(url) = output
            .lines()
            .find_map(|l| l.strip_prefix("serving the report at http://"))
        {
            break url.trim_end_matches('/').to_owned();
        }
        assert!(
            start.elapsed() < DEADLINE,
            "{}",
            fs::read_to_string(&stderr).unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let idle: Vec<TcpStream> = (0..60)
        .filter_map(|_| TcpStream::connect(&address).ok())
        .collect();
    assert!(idle.len() >= 30, "{} connections", idle.len());
    // An edit is rebuilt while the connections sit idle.
    let grace = team.join("platform/grace-kim.md");
    let text = fs::read_to_string(&grace).unwrap();
    fs::write(
        &grace,
        text.replace("role: Senior Engineer", "role: Staff Engineer"),
    )
    .unwrap();
    let start = Instant::now();
    while !fs::read_to_string(&stderr)
        .unwrap()
        .contains(" rebuilt in ")
    {
        assert!(
            start.elapsed() < DEADLINE,
            "no rebuild: {}",
            fs::read_to_string(&stderr).unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The idle ones are closed by the server (after its header timeout),
    // and a new request is answered.
    let mut first = idle.into_iter().next().unwrap();
    first.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut buffer = [0u8; 16];
    assert_eq!(first.read(&mut buffer).unwrap(), 0, "closed by the server");
    let (code, page) = get(&address, "/members/grace-kim.html");
    assert_eq!(code, 200);
    assert!(page.contains("Staff Engineer"));
    let _ = child.kill();
    let _ = child.wait();
}

/// HEAD moving changes what history says even where no record changed (a
/// commit of what was saved; a checkout of a branch whose records are the
/// same bytes but whose history is another): each rebuilds, and the
/// watched report is then a fresh build's, file for file.
#[test]
fn a_commit_or_a_checkout_rebuilds_what_history_says() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().to_path_buf();
    crate::history::one_member(&repo);
    // What the test and the watcher write beside the team.
    fs::write(
        repo.join(".gitignore"),
        "/report/\n/fresh/\n/stdout\n/stderr\n",
    )
    .unwrap();
    crate::commit_all(&repo, "2026-11-02T10:00:00Z", "ignore");
    crate::git(&repo, &["branch", "other"]);
    let later = "---\nname: A\nfeedback:\n  - date: 2026-01-01\n  - date: 2026-10-01\n---\n";
    // `other` holds the same record, first committed on another day.
    crate::git(&repo, &["checkout", "-q", "other"]);
    fs::write(repo.join("team/a.md"), later).unwrap();
    crate::commit_all(&repo, "2026-11-26T09:00:00Z", "later on other");
    crate::git(&repo, &["checkout", "-q", "main"]);
    fs::write(repo.join("team/a.md"), later).unwrap();
    let running = Running::launch(dir, "watch", false, &[]);
    let page = || running.report("members/a.html");
    assert!(page().contains("not yet committed"), "{}", page());

    crate::commit_all(&repo, "2026-11-25T09:00:00Z", "later on main");
    running.wait_for("the commit's rebuild", || {
        page().contains("55 days before the commit that first held it, on 2026-11-25")
    });
    assert_equals_a_fresh_build(&running);

    // The work tree's record is the same bytes on both branches.
    crate::git(&repo, &["checkout", "-q", "other"]);
    running.wait_for("the checkout's rebuild", || {
        page().contains("56 days before the commit that first held it, on 2026-11-26")
    });
    assert_equals_a_fresh_build(&running);
    running.interrupt();
}

/// The report watch keeps is, file for file, what `build` writes now.
fn assert_equals_a_fresh_build(running: &Running) {
    let fresh = running.dir.path().join("fresh");
    let (code, _, err) = crate::run(
        &["build", "team", "--as-of", "2026-11-27", "-o"]
            .into_iter()
            .chain([fresh.to_str().unwrap()])
            .collect::<Vec<_>>(),
        running.dir.path(),
    );
    assert!(code < 2, "{err}");
    assert_eq!(
        crate::files(&running.dir.path().join("report")),
        crate::files(&fresh),
        "{}",
        running.log()
    );
    fs::remove_dir_all(&fresh).unwrap();
}

/// In a report with outcome pages (more than 300 members), an edit that
/// changes nothing an outcome page shows (a role) leaves the outcome pages
/// as they were, and one that does (an objective's status) rewrites the
/// page of the outcome the objective serves, and only it.
#[test]
fn watch_rewrites_an_outcome_page_only_when_what_it_shows_changed() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(
        team.join("vision.md"),
        "---\nteam: Many\nstatement: S\noutcomes:\n  - id: fast\n    title: Fast\n  - id: calm\n    title: Calm\n---\n",
    )
    .unwrap();
    let member = |i: usize, role: &str, status: &str| {
        let outcome = if i.is_multiple_of(2) { "fast" } else { "calm" };
        format!(
            "---\nname: M{i}\nrole: {role}\nobjectives:\n  - objective: Ship part {i}\n    outcome: {outcome}\n    status: {status}\n---\n"
        )
    };
    for i in 0..301 {
        fs::write(
            team.join(format!("m{i}.md")),
            member(i, "Engineer", "active"),
        )
        .unwrap();
    }
    let running = Running::launch(dir, "watch", false, &[]);
    let report = running.dir.path().join("report");
    let inode = |page: &str| fs::metadata(report.join(page)).unwrap().ino();
    let (fast, calm) = (inode("outcomes/fast.html"), inode("outcomes/calm.html"));
    let edit = |role: &str, status: &str, builds: usize| {
        editor_save(&running.team().join("m4.md"), &member(4, role, status));
        running.wait_for("the rebuild", || running.rebuilds() >= builds);
    };
    edit("Staff Engineer", "active", 1);
    assert!(running.report("members/m4.html").contains("Staff Engineer"));
    assert_eq!(
        (inode("outcomes/fast.html"), inode("outcomes/calm.html")),
        (fast, calm),
        "a role is on no outcome page: {}",
        running.log()
    );
    edit("Staff Engineer", "at-risk", 2);
    assert_ne!(inode("outcomes/fast.html"), fast, "m4 serves fast");
    assert_eq!(inode("outcomes/calm.html"), calm, "and not calm");
    running.interrupt();
}
