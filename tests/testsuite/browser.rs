//! The report in a real browser: headless Chromium renders it with no
//! console error and no network request, axe-core finds no serious or
//! critical accessibility violation, and the Nu HTML Checker no error.
//!
//! Needs Debian's `chromium`, Java and `npm ci` in `tests/browser` (`.ci/run`
//! installs them), so the tests are `#[ignore]`d: a plain `cargo test`
//! lists them as ignored (never as passed), and
//! `cargo test -- --include-ignored`, as CI runs it, requires the tools.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::mastery;

fn tools() -> PathBuf {
    let node_modules = Path::new("tests/browser/node_modules");
    let ready = node_modules.join("playwright-core").is_dir()
        && node_modules.join("axe-core").is_dir()
        && node_modules.join("vnu-jar").is_dir()
        && Path::new("/usr/bin/chromium").exists();
    assert!(
        ready,
        "Chromium or tests/browser/node_modules is missing; \
         run `apt-get install chromium` and `npm ci --prefix tests/browser`"
    );
    node_modules.join("vnu-jar/build/dist/vnu.jar")
}

#[test]
#[ignore = "needs chromium and `npm ci --prefix tests/browser`"]
fn sample_report_renders_cleanly_in_chromium() {
    let vnu = tools();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-report");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let status = mastery()
        .args(["build", "--as-of", "2026-11-27", "sample-team", "-o"])
        .arg(&out)
        .output()
        .unwrap()
        .status;
    assert!(status.success());

    check_pages(
        &out,
        &shots,
        &[
            "index.html",
            "members/grace-kim.html",
            "members/emma-larsen.html",
            "members/alice-chen.html",
            "managers/bob-okafor.html",
            "frameworks/engineering.html",
        ],
    );
    for shot in ["index.html-light.png", "members_grace-kim.html-dark.png"] {
        let size = std::fs::metadata(shots.join(shot)).unwrap().len();
        assert!(size > 10_000, "{shot} is {size} bytes");
    }
    html_checks_clean(&vnu, &out);

    // One member's page alone, to share (`build --member`).
    let share = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-share");
    let status = mastery()
        .args([
            "build",
            "--as-of",
            "2026-11-27",
            "sample-team",
            "--member",
            "alice-chen",
            "-o",
        ])
        .arg(&share)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    check_pages(&share, &shots.join("share"), &["index.html"]);
    html_checks_clean(&vnu, &share);
}

/// The sample team committed over five months, Grace Kim's record moving
/// each time, so her timeline and the overview's trend charts have
/// something to show.
#[test]
#[ignore = "needs chromium and `npm ci --prefix tests/browser`"]
fn history_charts_render_cleanly_in_chromium() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    crate::copy_dir(Path::new("sample-team"), &repo.join("team"));
    crate::git(repo, &["init", "-q"]);
    let grace = repo.join("team/platform/grace-kim.md");
    let now = std::fs::read_to_string(&grace).unwrap();
    // Each step undoes one change, newest first; committed oldest first.
    let steps = [
        (
            "2026-09-16T09:00:00Z",
            "    kind: one-on-one\n",
            "    kind: praise\n",
        ),
        (
            "2026-08-20T09:00:00Z",
            "    progress: 25\n\nownership",
            "    progress: 10\n\nownership",
        ),
        (
            "2026-07-01T09:00:00Z",
            "status: at-risk",
            "status: on-track",
        ),
        (
            "2026-06-02T09:00:00Z",
            "autonomy: decides",
            "autonomy: recommends",
        ),
    ];
    let mut versions = vec![now.clone()];
    for (_, new, old) in &steps {
        let last = versions.last().unwrap();
        assert!(last.contains(new), "{new}");
        versions.push(last.replacen(new, old, 1));
    }
    std::fs::write(&grace, versions.last().unwrap()).unwrap();
    crate::commit_all(repo, "2026-05-04T09:00:00Z", "the team");
    for (i, (date, _, _)) in steps.iter().enumerate().rev() {
        std::fs::write(&grace, &versions[i]).unwrap();
        crate::commit_all(repo, date, "grace");
    }

    let out = repo.join("report");
    let (code, _, stderr) = crate::run(
        &["build", "team", "--as-of", "2026-11-27", "-o", "report"],
        repo,
    );
    assert_eq!(code, 0, "{stderr}");
    let member = std::fs::read_to_string(out.join("members/grace-kim.html")).unwrap();
    assert!(member.contains("id=\"timeline-heading\""), "no timeline");
    assert!(
        member.contains("Autonomy over “Ledger database”: recommends → decides"),
        "no ownership change on the timeline"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("id=\"trend-heading\""), "no trend charts");

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-history");
    check_pages(&out, &shots, &["index.html", "members/grace-kim.html"]);
}

/// An organisation large enough for a page per sub-team: the overview's
/// sub-team heatmap and outcome table, a sub-team page, a manager's page
/// and an outcome's page.
#[test]
#[ignore = "needs chromium and `npm ci --prefix tests/browser`"]
fn a_large_organisation_renders_cleanly_in_chromium() {
    let vnu = tools();
    let dir = tempfile::tempdir().unwrap();
    crate::organisation(dir.path(), 320, |i| {
        let unit = i % 4;
        // Each unit's lead manages it; one unit in two has recent feedback.
        let manager = if i < 4 {
            String::new()
        } else {
            format!("manager: p{unit}\n")
        };
        let feedback = if unit % 2 == 0 {
            "feedback:\n  - date: 2026-11-20\n    from: p0\n"
        } else {
            ""
        };
        // Unit 1 serves its own vision's outcome, which serves `o`.
        let outcome = if unit == 1 { "u1" } else { "o" };
        let text = format!(
            "---\nname: Person {i}\n{manager}strengths: [Go]\ngrowth_areas: [Rust]\n{feedback}\
             objectives:\n  - objective: Serve o\n    outcome: {outcome}\n---\n"
        );
        (format!("unit-{unit}"), text)
    });
    // Unit 1 has a vision of its own: its page opens with it, and `o`'s
    // page lists the outcome serving it.
    std::fs::write(
        dir.path().join("org/unit-1/vision.md"),
        "---\nteam: Unit one\nstatement: Serve o well.\noutcomes:\n  - id: u1\n    title: Unit one's part\n    serves: [o]\n---\n",
    )
    .unwrap();
    let out = dir.path().join("report");
    let (code, _, stderr) = crate::run(
        &[
            "build",
            "org",
            "--as-of",
            "2026-11-27",
            "-o",
            "report",
            "-q",
        ],
        dir.path(),
    );
    assert!(code < 2, "{stderr}");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-large");
    check_pages(
        &out,
        &shots,
        &[
            "index.html",
            "sub-teams.html",
            "teams/unit-1.html",
            "managers/p1.html",
            "outcomes/o.html",
            "outcomes/u1.html",
        ],
    );
    html_checks_clean(&vnu, &out);
}

/// Three levels of visions (`tests/fixtures/sub-teams`): the overview's
/// alignment tree, with an uncovered branch and an unlinked outcome, and
/// the sub-teams' visions above their matrices.
#[test]
#[ignore = "needs chromium and `npm ci --prefix tests/browser`"]
fn the_alignment_tree_renders_cleanly_in_chromium() {
    let vnu = tools();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let output = mastery()
        .args([
            "build",
            "--as-of",
            "2026-11-27",
            "tests/fixtures/sub-teams",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "the fixture has errors");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-tree");
    check_pages(&out, &shots, &["index.html", "members/cy.html"]);
    html_checks_clean(&vnu, &out);
}

#[test]
#[ignore = "needs chromium and `npm ci --prefix tests/browser`"]
fn a_served_page_reloads_itself_after_an_edit() {
    tools();
    let running = crate::watch::Running::start("serve", false, &["--port", "0"]);
    let url = format!(
        "http://{}/members/grace-kim.html",
        crate::watch::served_address(&running)
    );
    let file = running.team().join("platform/grace-kim.md");
    let report = node(
        Command::new("node")
            .arg("tests/browser/live.mjs")
            .arg(&url)
            .arg(&file)
            .args([
                "role: Senior Engineer",
                "role: Staff Engineer",
                "Staff Engineer",
            ]),
    );
    assert!(report.contains("reloaded with the new content"), "{report}");
    running.interrupt();
}

/// `check.mjs` on `pages` of the report in `out` (three views each: light
/// and dark at 1280 px, light at 390 px), screenshots into `shots`: no
/// problem may be found.
fn check_pages(out: &Path, shots: &Path, pages: &[&str]) {
    std::fs::create_dir_all(shots).unwrap();
    let report = node(
        Command::new("node")
            .arg("tests/browser/check.mjs")
            .arg(out)
            .arg(shots)
            .args(pages),
    );
    let clean = format!("{} page checks, 0 problems", pages.len() * 3);
    assert!(report.contains(&clean), "{report}");
}

/// The Nu HTML Checker finds no error in any page or stylesheet of `out`.
fn html_checks_clean(vnu: &Path, out: &Path) {
    let checker = Command::new("java")
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--skip-non-html", "--also-check-css"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        checker.status.success(),
        "Nu HTML Checker: {}",
        String::from_utf8_lossy(&checker.stderr)
    );
}

/// Run a browser script; it must succeed. Returns what it printed.
fn node(command: &mut Command) -> String {
    let output = command.output().unwrap();
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    report
}

/// Printed, no table leaves its heading, caption or header row alone at
/// the foot of a page. Tables of the report's own classes and stylesheet,
/// after gaps of many heights, so that some fall on every part of a page;
/// Chromium prints them, `pdftotext` says what is on each page. The same
/// document without the rule that keeps a header with its rows must split
/// some table, or the sweep proves nothing.
#[test]
#[ignore = "needs chromium and pdftotext (poppler-utils)"]
fn printed_tables_keep_their_heading_and_header_with_their_rows() {
    let style = std::fs::read_to_string("templates/style.css").unwrap();
    let rule = "thead { break-after: avoid; }";
    assert!(style.contains(rule), "the print rule under test");
    assert!(
        printed_splits(&style).is_empty(),
        "{:?}",
        printed_splits(&style)
    );
    assert!(
        !printed_splits(&style.replace(rule, "")).is_empty(),
        "without the rule some table splits"
    );
}

/// The tables (by number) whose heading, caption, header row and first
/// row are not all on one printed page.
fn printed_splits(style: &str) -> Vec<usize> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("style.css"), style).unwrap();
    let tables = 120;
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Print</title>\
         <link rel=\"stylesheet\" href=\"style.css\"></head><body><main>",
    );
    let mut gap: u64 = 7;
    for i in 0..tables {
        gap = (gap * 1_103_515_245 + 12_345) % 2_147_483_648;
        html += &format!(
            "<div style=\"height:{}px\"></div><h2>Heading-{i:03}</h2>\
             <div class=\"table-wrap\"><table class=\"summary\"><caption>Caption-{i:03}</caption>\
             <thead><tr><th scope=\"col\">Head-{i:03}</th><th scope=\"col\">B</th></tr></thead><tbody>\
             <tr><td>Row-{i:03}-0</td><td>x</td></tr><tr><td>Row-{i:03}-1</td><td>x</td></tr>\
             </tbody></table></div>",
            gap % 400
        );
    }
    html += "</main></body></html>";
    let page = dir.path().join("print.html");
    std::fs::write(&page, html).unwrap();
    let pdf = dir.path().join("print.pdf");
    let printed = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success(), "pdftotext is needed");
    let text = String::from_utf8(text.stdout).unwrap();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let first_page = |token: &str| pages.iter().position(|p| p.contains(token));
    (0..tables)
        .filter(|i| {
            let on =
                ["Heading", "Caption", "Head"].map(|what| first_page(&format!("{what}-{i:03}")));
            let row = first_page(&format!("Row-{i:03}-0"));
            assert!(row.is_some(), "table {i} printed");
            on.iter().any(|page| *page != row)
        })
        .collect()
}
