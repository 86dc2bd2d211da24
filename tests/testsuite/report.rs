//! `mastery build`: the report's pages, safety and refusals.

use std::fs;
use std::path::Path;

use crate::{copy_dir, files, leftovers, mastery, organisation};

const AS_OF: &str = "2026-11-27";

/// Build `team` into `out`; returns (exit code, stdout, stderr).
fn build(team: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let output = mastery()
        .args(["build", "--as-of", AS_OF, "-o"])
        .arg(out)
        .arg(team)
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn text(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap()
}

#[test]
fn pages_match_their_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let (code, stdout, stderr) = build(Path::new("tests/fixtures/small-team"), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("wrote the report (6 files) to "),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning[incomplete-self-awareness]"),
        "findings go to stderr: {stderr}"
    );
    let names: Vec<String> = files(&out).into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            ".mastery-report",
            "index.html",
            "managers/ada.html",
            "members/ada.html",
            "members/ben.html",
            "members/cy.html",
            "style.css"
        ]
    );
    insta::assert_snapshot!("index", text(&out, "index.html"));
    insta::assert_snapshot!("member_ada", text(&out, "members/ada.html"));
    insta::assert_snapshot!("member_ben", text(&out, "members/ben.html"));
    insta::assert_snapshot!("manager_ada", text(&out, "managers/ada.html"));
}

#[test]
fn private_feedback_appears_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let team = Path::new("tests/fixtures/small-team");
    let out = dir.path().join("report");
    build(team, &out, &[]);
    for (name, contents) in files(&out) {
        let contents = String::from_utf8_lossy(&contents);
        assert!(
            !contents.contains("SECRET-PRIVATE-NOTE"),
            "{name} leaks the note"
        );
    }
    // Its date counts, and shows as "private feedback" with nothing else.
    let ada = text(&out, "members/ada.html");
    assert!(
        ada.contains("2026-11-25</time> <span class=\"status\">private</span> feedback"),
        "{ada}"
    );
    build(team, &out, &["--include-private"]);
    assert!(text(&out, "members/ada.html").contains("SECRET-PRIVATE-NOTE"));
}

/// Private feedback counts by its date everywhere: the matrix, the chart
/// and the findings agree whether a member's only feedback is private.
#[test]
fn private_feedback_counts_alike_in_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(
        team.join("vision.md"),
        "---\nteam: T\nstatement: S\noutcomes:\n  - id: o\n    title: O\n---\n",
    )
    .unwrap();
    let member = |name: &str, date: &str| {
        format!(
            "---\nname: {name}\nfeedback:\n  - date: {date}\n    from: x\n    kind: praise\n    private: true\n---\n"
        )
    };
    fs::write(team.join("recent.md"), member("Recent", "2026-11-20")).unwrap();
    fs::write(team.join("late.md"), member("Late", "2026-08-01")).unwrap();
    let out = dir.path().join("report");
    build(&team, &out, &[]);
    let index = text(&out, "index.html");
    let row = |name: &str| {
        let start = index
            .find(&format!(
                "<th scope=\"row\"><a href=\"members/{}.html\">",
                name.to_lowercase()
            ))
            .unwrap();
        index[start..start + index[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(row("Recent").contains("OK<span class=\"reason\">recent feedback"));
    assert!(row("Late").contains("Needs attention<span class=\"reason\">feedback is overdue"));
    assert!(index.contains("7 days</text>"), "the chart: {index}");
    assert!(index.contains("118 days, over the limit</text>"));
    assert!(index.contains("Late has had no feedback for 118 days"));
    assert!(!index.contains("Recent has had no feedback"));
}

/// Every way of writing `private` other than absent or `false`, and a
/// misspelt key, keeps the entry's note, author and kind out of every
/// output: the report and `check` in each format.
#[test]
fn private_entries_fail_closed_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    let spellings = [
        "private: true",
        "private: yes",
        "private: on",
        "private: 1",
        "private: 'true '",
        "private:",
        "private: [true]",
        "Private: true",
        "privat: true",
        "PRIVATE: false",
    ];
    for (i, spelling) in spellings.iter().enumerate() {
        fs::write(
            team.join(format!("p{i}.md")),
            format!(
                "---\nname: P{i}\nfeedback:\n  - date: 2026-11-{:02}\n    from: SECRET-AUTHOR-{i}\n    \
                 kind: SECRETKIND{i}\n    note: SECRET-NOTE-{i}\n    {spelling}\n  - date: 2026-13-0{i}\n    \
                 {spelling}\n---\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let out = dir.path().join("report");
    let (_, _, stderr) = build(&team, &out, &[]);
    let mut outputs: Vec<(String, String)> = files(&out)
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    outputs.push(("build's findings".into(), stderr));
    for format in ["human", "json", "github", "sarif"] {
        let output = mastery()
            .args(["check", "--as-of", AS_OF, "--format", format])
            .arg(&team)
            .output()
            .unwrap();
        let all = [output.stdout, output.stderr].concat();
        outputs.push((format.into(), String::from_utf8_lossy(&all).into_owned()));
    }
    for (name, text) in &outputs {
        for secret in ["SECRET-AUTHOR", "SECRETKIND", "SECRET-NOTE", "2026-13-0"] {
            assert!(!text.contains(secret), "{name} shows {secret}:\n{text}");
        }
    }
    // The findings still say what is wrong, without the values.
    let (_, human) = &outputs[outputs.len() - 4];
    assert!(human.contains("the entry is private"), "{human}");
    assert!(human.contains("treated as `private: true`"), "{human}");
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let team = Path::new("tests/fixtures/small-team");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(team, &a, &[]);
    build(team, &b, &[]);
    assert_eq!(files(&a), files(&b));
}

const HOSTILE: &str = "<script>alert('x')</script>";

fn hostile_team(root: &Path) {
    fs::create_dir_all(root).unwrap();
    let vision = format!(
        "---\nteam: \"{HOSTILE}\"\nstatement: \"{{{{ 7 * 7 }}}} {{% if true %}}evaluated{{% endif %}}\"\n\
         values: [\"<img src=x onerror=alert(1)>\"]\noutcomes:\n  - id: \"o<1>\"\n    title: \"<iframe src=//x>\"\n---\n\
         <script>alert(2)</script>\n"
    );
    fs::write(root.join("vision.md"), vision).unwrap();
    let member = format!(
        "---\nname: \"{HOSTILE}\"\nrole: \"\\\" onmouseover=\\\"alert(3)\"\nmanager: \"javascript:alert(4)\"\n\
         strengths: [\"<b onclick=alert(5)>x</b>\"]\ngrowth_areas: [\"{{{{ config }}}}\"]\n\
         learning:\n  - goal: \"<object data=x></object>\"\n    area: \"<form action=/steal><input></form>\"\n\
         feedback:\n  - date: 2026-11-20\n    from: \"<svg onload=alert(6)>\"\n    note: \"</p><script>alert(7)</script>\"\n\
         objectives:\n  - objective: \"<a href=javascript:alert(8)>go</a>\"\n    outcome: \"o<1>\"\n---\n\
         # Notes\n\n<script>alert(9)</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n\
         [click](javascript:alert(10)) <img src=x onerror=alert(11)> <svg><script>alert(12)</script></svg>\n\n\
         <object data=x></object><form><input name=a></form><a href=\"JaVaScRiPt:alert(13)\">x</a>\n\n\
         ![pixel](https://tracker.example/p.png)\n"
    );
    for name in ["a b", "o'neil", "<x>", "100%", "josé", "quote\"d"] {
        fs::write(root.join(format!("{name}.md")), &member).unwrap();
    }
}

#[test]
fn nothing_a_record_carries_can_run_or_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    hostile_team(&team);
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert_eq!(code, 1, "unknown-member is an error: {stderr}");
    let mut pages = 0;
    for (name, contents) in files(&out) {
        let html = String::from_utf8(contents).unwrap();
        pages += 1;
        for tag in tags(&html) {
            let lower = tag.to_lowercase();
            let element = lower.split_whitespace().next().unwrap_or("");
            for banned in [
                "script", "iframe", "object", "embed", "form", "input", "img", "b",
            ] {
                assert_ne!(element, banned, "{name}: <{tag}>");
            }
            assert!(!lower.contains("javascript:"), "{name}: <{tag}>");
            assert!(
                !lower.contains("tracker.example") && !lower.contains("evil.example"),
                "{name}: <{tag}>"
            );
            let handler = lower
                .split_whitespace()
                .any(|attribute| attribute.starts_with("on") && attribute.contains('='));
            assert!(!handler, "{name}: <{tag}>");
        }
        assert!(!html.contains("49"), "{name} evaluated a template");
    }
    assert_eq!(pages, 9);
    // Template syntax in values is shown as written, never evaluated.
    assert!(text(&out, "index.html").contains("{{ 7 * 7 }} {% if true %}evaluated{% endif %}"));
    assert!(text(&out, "members/a-b.html").contains("{{ config }}"));
}

#[test]
fn odd_file_names_get_safe_pages_and_working_links() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    hostile_team(&team);
    let out = dir.path().join("report");
    build(&team, &out, &[]);
    let index = text(&out, "index.html");
    let mut linked = 0;
    for href in index
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        if let Some(page) = href.strip_prefix("members/") {
            let page = page.split('#').next().unwrap();
            let decoded = percent_decode(page);
            assert!(
                out.join("members").join(&decoded).is_file(),
                "{href} -> {decoded}"
            );
            linked += 1;
        }
    }
    assert!(linked >= 6, "{linked} member links");
    let mut stems: Vec<String> = fs::read_dir(out.join("members"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert_eq!(
        stems,
        [
            "-x-.html",
            "100-.html",
            "a-b.html",
            "josé.html",
            "o-neil.html",
            "quote-d.html"
        ]
    );
}

/// The insides of every tag (`a href="…"` for `<a href="…">`).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn refuses_output_folders_it_must_not_touch() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    let before = files(dir.path());
    for out in [team.clone(), dir.path().to_path_buf(), team.join("..")] {
        let (code, _, stderr) = build(&team, &out, &[]);
        assert_eq!(code, 2, "{}", out.display());
        assert!(
            stderr.contains("is (or contains) the team folder"),
            "{stderr}"
        );
    }
    let foreign = dir.path().join("docs");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let (code, _, stderr) = build(&team, &foreign, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("holds files mastery did not write (such as `keep.txt`)"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
    fs::remove_dir_all(&foreign).unwrap();
    assert_eq!(files(dir.path()), before, "nothing was written");
}

#[test]
fn an_output_folder_inside_the_team_is_fine_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    let out = team.join("report");
    let (first, _, _) = build(&team, &out, &[]);
    let (second, _, stderr) = build(&team, &out, &[]);
    assert_eq!((first, second), (0, 0), "{stderr}");
    assert!(stderr.contains("in 1 file (0 members)"), "{stderr}");
}

#[test]
fn errors_still_write_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let (code, _, stderr) = build(Path::new("tests/fixtures/every-rule"), &out, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[unknown-member]"));
    // The broken file shows as an error entry on its page.
    let broken = text(&out, "members/broken.html");
    assert!(broken.contains("This record could not be read"));
    assert!(broken.contains("invalid-front-matter"));
}

#[test]
fn templates_can_be_replaced_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    fs::create_dir(&templates).unwrap();
    fs::write(
        templates.join("style.css"),
        "body { color: rebeccapurple; }\n",
    )
    .unwrap();
    let out = dir.path().join("report");
    let team = Path::new("tests/fixtures/small-team");
    let (code, _, stderr) = build(team, &out, &["--templates", templates.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(text(&out, "style.css"), "body { color: rebeccapurple; }\n");
    assert!(
        text(&out, "index.html").contains("Mastery matrix"),
        "other templates are built in"
    );

    fs::write(
        templates.join("index.html"),
        "{% extends \"base.html\" %}{% block main %}{{ oops(\n",
    )
    .unwrap();
    let (code, _, stderr) = build(team, &out, &["--templates", templates.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("template"), "{stderr}");
}

/// The organisation views rank what needs attention: the sub-team table
/// puts the worst sub-team first, an outcome with an objective at risk is
/// amber, a sub-team page lists its members needing attention first and
/// links their managers' pages.
#[test]
fn organisation_views_put_what_needs_attention_first() {
    let dir = tempfile::tempdir().unwrap();
    let team = organisation(dir.path(), 302, |i| {
        // "a-good" has feedback; "b-bad" none.
        let (folder, feedback) = if i % 2 == 0 {
            ("a-good", "feedback:\n  - date: 2026-11-20\n    from: p0\n")
        } else {
            ("b-bad", "")
        };
        // p7: an objective at risk, and no strengths named.
        let (status, strengths) = if i == 7 {
            ("\n    status: at-risk", "")
        } else {
            ("", "strengths: [Go]\n")
        };
        let text = format!(
            "---\nname: Person {i}\nmanager: p0\n{strengths}growth_areas: [Rust]\n{feedback}\
             objectives:\n  - objective: Serve o\n    outcome: o{status}\n---\n"
        );
        (folder.to_owned(), text)
    });
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert!(code < 2, "{stderr}");
    let index = text(&out, "index.html");
    let (bad, good) = (
        index.find("teams/b-bad.html\">").unwrap(),
        index.find("teams/a-good.html\">").unwrap(),
    );
    assert!(bad < good, "the worst sub-team first");
    // The overview's outcome table flags the objective at risk; the
    // outcome's page says so and lists it first.
    assert!(index.contains(
        "<td class=\"state state-attention\"><span aria-hidden=\"true\">!</span> 1</td>"
    ));
    let outcome = text(&out, "outcomes/o.html");
    assert!(outcome.contains("1 of 302 open objectives at risk or overdue"));
    let first_row = outcome.find("<tr><td>").unwrap();
    assert!(
        outcome[first_row..].starts_with(
            "<tr><td>Serve o</td><td><a href=\"../members/p7.html\">Person 7</a></td>\
             <td class=\"state state-attention\">"
        ),
        "{}",
        &outcome[first_row..first_row + 200]
    );
    let page = text(&out, "teams/a-good.html");
    assert!(page.contains("By manager: <a href=\"../managers/p0.html\">Person 0</a>"));
    // p7 needs the most (no strengths, no feedback): first; the others
    // tie, in file order.
    let page = text(&out, "teams/b-bad.html");
    let first_row = page.find("<th scope=\"row\">").unwrap();
    assert!(page[first_row..].starts_with("<th scope=\"row\"><a href=\"../members/p7.html\">"));
    let (p1, p3) = (
        page.find("members/p1.html\">Person 1</a>").unwrap(),
        page.find("members/p3.html\">Person 3</a>").unwrap(),
    );
    assert!(p1 < p3);
}

#[test]
fn a_large_organisation_gets_a_page_per_sub_team() {
    let dir = tempfile::tempdir().unwrap();
    let team = organisation(dir.path(), 301, |i| {
        let text = format!(
            "---\nname: Person {i}\nobjectives:\n  - objective: Serve o\n    outcome: o\n---\n"
        );
        (format!("unit-{}", i % 3), text)
    });
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let index = text(&out, "index.html");
    for unit in 0..3 {
        assert!(index.contains(&format!(
            "<a href=\"teams/unit-{unit}.html\">unit-{unit}</a>"
        )));
        let page = text(&out, &format!("teams/unit-{unit}.html"));
        assert_eq!(
            page.matches("<th scope=\"row\"><a href=\"../members/")
                .count(),
            if unit == 0 { 101 } else { 100 }
        );
    }
    assert!(
        !index.contains("<th scope=\"row\"><a href=\"members/p1.html"),
        "the overview lists no member rows"
    );
    // Outcomes are a table of figures; each outcome's page lists every
    // objective serving it.
    assert!(!index.contains("class=\"serving\""), "no objective listed");
    assert!(index.contains(
        "<tr id=\"outcome-o\"><th scope=\"row\" class=\"depth-0\"><a href=\"outcomes/o.html\">O</a> <code>o</code></th>\n\
         <td class=\"count\">301</td>\n<td class=\"count\">301</td><td class=\"count\">301</td>"
    ));
    let outcome = text(&out, "outcomes/o.html");
    assert_eq!(outcome.matches("<tr><td>Serve o</td>").count(), 301);
    assert!(outcome.contains("301 open objectives of 301 people; 301 on track, 0 at risk"));
    assert!(
        text(&out, "members/p1.html").contains("<a href=\"../outcomes/o.html\""),
        "a member's objective links its outcome's page"
    );
    // The members' findings are on the sub-team pages: the overview says
    // so rather than "no findings".
    assert!(index.contains("0 errors, 903 warnings and 301 notes in all; each member"));
    assert!(!index.contains("No findings"));
    // A sub-team page opens with what needs doing for its members.
    let unit = text(&out, "teams/unit-1.html");
    let attention = unit.find("id=\"attention\"").unwrap();
    assert!(attention < unit.find("id=\"matrix-heading\"").unwrap());
    assert!(
        unit.contains("And 350 more, on each person's page."),
        "{unit}"
    );
    // A member page leads back to its sub-team's.
    assert!(text(&out, "members/p1.html").contains(
        "<a href=\"../index.html\">Org</a> › <a href=\"../teams/unit-1.html\">unit-1</a> › Person 1"
    ));
    // What needs doing comes first, capped, and says where the rest are.
    let attention = index.find("id=\"attention\"").unwrap();
    assert!(attention < index.find("id=\"figures-heading\"").unwrap());
    assert_eq!(index.matches("<li class=\"action ").count(), 50);
    assert!(index.contains("And 1,154 more, on the sub-team pages."));
    assert!(index.len() < 40_000, "overview is {} bytes", index.len());
}

/// However many sub-teams there are, the overview lists the 100 needing
/// the most; `sub-teams.html` lists every one.
#[test]
fn the_overview_lists_the_worst_sub_teams_and_links_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let team = organisation(dir.path(), 303, |i| {
        // unit-000 alone has no feedback: the worst.
        let feedback = if i % 101 == 0 {
            ""
        } else {
            "feedback:\n  - date: 2026-11-20\n    from: p1\n"
        };
        let text = format!("---\nname: Person {i}\n{feedback}---\n");
        (format!("unit-{:03}", i % 101), text)
    });
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert!(code < 2, "{stderr}");
    let index = text(&out, "index.html");
    let rows = |page: &str| {
        page.matches("<tr><th scope=\"row\"><a href=\"teams/")
            .count()
    };
    assert_eq!(rows(&index), 100);
    assert!(index.contains("<caption>The 100 sub-teams needing the most, the worst first:"));
    assert!(
        index.find("teams/unit-000.html").unwrap() < index.find("teams/unit-001.html").unwrap(),
        "the worst first"
    );
    assert!(index.contains(
        "The 1 other sub-team (better) is on <a href=\"sub-teams.html\">the page of all sub-teams</a>."
    ));
    let all = text(&out, "sub-teams.html");
    assert_eq!(rows(&all), 101);
    assert!(all.contains("<caption>Every sub-team, the worst first:"));
    assert!(all.contains("<th scope=\"row\">All sub-teams</th><td class=\"count\">303</td>"));
}

#[test]
fn a_build_killed_halfway_leaves_the_previous_report_intact() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("org");
    fs::create_dir_all(&team).unwrap();
    fs::write(
        team.join("vision.md"),
        "---\nteam: Org\nstatement: S\n---\n",
    )
    .unwrap();
    for i in 0..50 {
        fs::write(
            team.join(format!("p{i}.md")),
            format!("---\nname: Person {i}\nstrengths: [a]\ngrowth_areas: [b]\n---\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    let before = files(&out);

    // Change every page, and stop the next build dead (no clean-up, as
    // SIGKILL) once 10 pages are staged: a known point, not a race.
    fs::write(
        team.join("vision.md"),
        "---\nteam: Renamed\nstatement: S\n---\n",
    )
    .unwrap();
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_mastery"))
        .args(["build", "--quiet", "--as-of", AS_OF, "-o"])
        .arg(&out)
        .arg(&team)
        .env("MASTERY_ABORT_AFTER_PAGES", "10")
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the build was stopped");
    let leftover = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with(".report.mastery-new-"))
        .expect("the stopped build left its staging folder");
    // Pages are written from several threads: at least the 10th is there.
    assert!(files(&dir.path().join(&leftover)).len() >= 10);

    assert_eq!(files(&out), before, "the previous report is untouched");
    // The next build clears the leftover and succeeds.
    let (code, _, stderr) = build(&team, &out, &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text(&out, "index.html").contains("Renamed"));
    assert!(!dir.path().join(leftover).exists());
}

#[test]
fn files_over_the_size_limit_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    fs::write(
        team.join("big.md"),
        format!("---\nname: Big\n---\n{}", "x".repeat(5000)),
    )
    .unwrap();
    fs::write(
        team.join("mastery.toml"),
        "[limits]\nmax_file_bytes = 4096\n",
    )
    .unwrap();
    let output = mastery()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .arg(&team)
        .output()
        .unwrap();
    let json = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        json.contains("the file is larger than 4,096 bytes"),
        "{json}"
    );
}

#[test]
fn huge_and_deeply_nested_records_render_safely() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    // A 100,000-entry list, a 1 MB line, and Markdown nested 10,000 deep.
    let strengths: Vec<String> = (0..100_000).map(|i| format!("s{i}")).collect();
    let list = format!(
        "---\nname: Many\nstrengths: [{}]\n---\n",
        strengths.join(", ")
    );
    fs::write(team.join("many.md"), list).unwrap();
    let long = format!(
        "---\nname: Long\nrole: {}\n---\n{}\n",
        "r".repeat(1_000_000),
        "word ".repeat(200_000)
    );
    fs::write(team.join("long.md"), long).unwrap();
    let nested = format!(
        "---\nname: Nested\n---\n{}deep\n\n{}item\n\n{}x{}\n",
        "> ".repeat(10_000),
        "- ".repeat(10_000),
        "*".repeat(10_000),
        "*".repeat(10_000)
    );
    fs::write(team.join("nested.md"), nested).unwrap();
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &["--quiet"]);
    assert!(code <= 1, "{stderr}");
    assert!(text(&out, "members/many.html").contains("s99999"));
    assert!(text(&out, "members/long.html").len() > 1_000_000);
    let nested = text(&out, "members/nested.html");
    assert!(nested.contains("deep") && nested.contains("item"));
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    fn new(at: &Path, size: &str) -> Mount {
        fs::create_dir_all(at).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(status.success(), "mounting a tmpfs needs root");
        Mount(at.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[ignore = "mounts a tmpfs: needs root"]
fn a_mount_point_is_replaced_file_by_file_and_a_full_disk_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    crate::copy_dir(Path::new("sample-team"), &team);
    // OUT is a mount point (a container volume): it cannot be renamed.
    let out = dir.path().join("report");
    let _volume = Mount::new(&out, "16m");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    fs::remove_file(team.join("checkout/dev-patel.md")).unwrap();
    let vision = fs::read_to_string(team.join("vision.md")).unwrap();
    fs::write(
        team.join("vision.md"),
        vision.replace("team: Payments Platform", "team: Payments Crew"),
    )
    .unwrap();
    let (code, _, stderr) = build(&team, &out, &[]);
    // Others name Dev Patel, so there are errors; the report is written.
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !out.join("members/dev-patel.html").exists(),
        "a page that went is removed"
    );
    assert!(text(&out, "index.html").contains("Payments Crew"));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    assert_eq!(leftovers(&out.join("members")), Vec::<String>::new());
    // With private entries, the mount point is kept to its owner too.
    let (code, _, stderr) = build(&team, &out, &["--include-private"]);
    assert!(code <= 1, "{stderr}");
    use std::os::unix::fs::PermissionsExt as _;
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{stderr}");

    // A disk too small for the report: the build fails and removes what it
    // staged.
    let small = dir.path().join("small");
    let _disk = Mount::new(&small, "24k");
    let (code, _, stderr) = build(&team, &small.join("report"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("No space left"), "{stderr}");
    assert_eq!(leftovers(&small), Vec::<String>::new());
    assert!(!small.join("report").exists());
}

/// `build --member ID` writes that person's page alone, to share: its
/// style, no link to the rest of the team, and no other member named but
/// the manager and mentor (anyone else's feedback is from "a colleague").
#[test]
fn one_members_page_alone_names_only_manager_and_mentor() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    // Alice (manager Bob Okafor, mentor Carol Díaz) gets feedback from a
    // peer.
    let alice = team.join("checkout/alice-chen.md");
    let record = fs::read_to_string(&alice).unwrap().replace(
        "feedback:\n",
        "feedback:\n  - date: 2026-11-20\n    from: dev-patel\n    kind: praise\n    note: Great pairing.\n",
    );
    fs::write(&alice, record).unwrap();
    let out = dir.path().join("share");
    let (code, stdout, stderr) = build(&team, &out, &["--member", "alice-chen"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("wrote Alice Chen's page (2 files)"),
        "{stdout}"
    );
    let listed: Vec<String> = files(&out).into_iter().map(|(p, _)| p).collect();
    assert_eq!(listed, [".mastery-report", "index.html", "style.css"]);
    let page = text(&out, "index.html");
    assert!(page.contains("<h1>Alice Chen</h1>"), "{page}");
    for href in page
        .split("href=\"")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
    {
        assert!(
            ["#main", "data:,", "index.html", "style.css"].contains(&href)
                || href.starts_with("https://"),
            "a link out of the page: {href}"
        );
    }
    assert!(
        page.contains("Bob Okafor") && page.contains("Carol Díaz"),
        "manager and mentor named"
    );
    assert!(page.contains("from a colleague"), "{page}");
    for other in ["Dev Patel", "Grace Kim", "Farid Haddad"] {
        assert!(!page.contains(other), "{other} named");
    }
    let (code, _, stderr) = build(&team, &dir.path().join("x"), &["--member", "alice"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no member `alice`") && stderr.contains("did you mean `alice-chen`?"),
        "{stderr}"
    );
}

/// A goal that is done (or paused, or dropped) no longer ages: only an
/// active goal says how long since its last update.
#[test]
fn only_an_active_goal_says_how_long_since_its_update() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir_all(&team).unwrap();
    fs::write(team.join("vision.md"), "---\nteam: T\nstatement: S\n---\n").unwrap();
    fs::write(
        team.join("ann.md"),
        "---\nname: Ann\nlearning:\n  - goal: Finished\n    status: done\n    progress: 100\n    updated: 2026-10-01\n  - goal: Going\n    updated: 2026-11-01\n---\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, _, err) = build(&team, &out, &[]);
    assert!(code < 2, "{err}");
    let page = text(&out, "members/ann.html");
    assert_eq!(page.matches("since the last update").count(), 1, "{page}");
    assert!(page.contains("26 days since the last update"), "{page}");
}

/// "Coming up" gives each item the day it comes and words it as that day
/// will read it: on the overview, the member's page and the 1:1 agenda.
#[test]
fn coming_items_carry_the_day_they_come() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    fs::write(
        team.join("vision.md"),
        "---\nteam: T\nstatement: S\noutcomes:\n  - id: ship\n    title: Ship\n---\n",
    )
    .unwrap();
    fs::write(
        team.join("ada.md"),
        "---\nname: Ada\nmanager: ada\nstrengths: [Go]\ngrowth_areas: [Rust]\nownership:\n  - area: API\n    autonomy: decides\n\
         feedback:\n  - date: 2026-11-07\n    from: ada\n    kind: praise\n\
         learning:\n  - goal: Rust\n    started: 2026-11-01\n    updated: 2026-11-20\n\
         objectives:\n  - objective: Launch\n    outcome: ship\n    due: 2026-12-01\n---\n",
    )
    .unwrap();
    let out = dir.path().join("report");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    // Feedback falls due on the 31st day, the objective the day after it
    // was due: each reads as on that day, not as on the day looked to.
    let feedback = r#"<time class="due" datetime="2026-12-08">From 2026-12-08</time>"#;
    let due = r#"<time class="due" datetime="2026-12-02">From 2026-12-02</time>"#;
    for page in ["index.html", "members/ada.html"] {
        let html = text(&out, page);
        assert!(
            html.contains(feedback) && html.contains(due),
            "{page}: {html}"
        );
        assert!(html.contains("has had no feedback for 31 days"), "{page}");
        assert!(html.contains("was due on 2026-12-01, 1 day ago"), "{page}");
    }
    let (code, agenda, stderr) = crate::run(&["1on1", "ada", "--as-of", AS_OF], &team);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        agenda.contains("from 2026-12-02: objective `Launch` was due on 2026-12-01, 1 day ago"),
        "{agenda}"
    );
}

/// A member's page marks each criterion at their level and above with its
/// evidence; the framework's page counts who shows evidence at each level;
/// an evidence link that is not a web address is not linked.
#[test]
fn frameworks_on_member_pages_and_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    copy_dir(Path::new("sample-team"), &team);
    let dev = team.join("checkout/dev-patel.md");
    let record = fs::read_to_string(&dev).unwrap().replace(
        "https://example.org/payments/fraud-scoring-design",
        "javascript:alert(1)",
    );
    fs::write(&dev, record).unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = build(&team, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let alice = text(&out, "members/alice-chen.html");
    assert!(alice.contains("level 3 of 4"), "{alice}");
    assert!(
        alice.contains("Led the cross-team review")
            && alice.contains("href=\"https://example.org/payments/incident-review-2026-10\"")
    );
    assert_eq!(
        alice.matches("no evidence yet").count(),
        3,
        "level 3 and above, less the two with evidence"
    );
    let dev_page = text(&out, "members/dev-patel.html");
    assert!(dev_page.contains("The fraud scoring design doc") && !dev_page.contains("javascript:"));
    let framework = text(&out, "frameworks/engineering.html");
    // The people showing evidence at levels 1 to 4: Dev at communication
    // 2; Alice at communication 3 and delivery 3.
    let row = |topic: &str| {
        let at = framework
            .find(&format!("<th scope=\"row\">{topic}</th>"))
            .unwrap();
        let end = at + framework[at..].find("</tr>").unwrap();
        let cells = framework[at..end].split("<td>").skip(1);
        (cells.map(|c| c.split("</td>").next().unwrap().to_owned())).collect::<Vec<_>>()
    };
    assert_eq!(row("Communication"), ["0", "1", "1", "0"]);
    assert_eq!(row("Delivery"), ["0", "0", "1", "0"]);
    assert!(
        framework.contains("2 with a level or evidence in it"),
        "{framework}"
    );
    assert!(text(&out, "index.html").contains("href=\"frameworks/engineering.html\""));
}
