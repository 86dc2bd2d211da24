//! Sub-team visions (SPEC section 9) end to end, on a team with three
//! levels of visions (`tests/fixtures/sub-teams`): the rules, the report's
//! alignment tree, the sub-team pages, `diff` and `init --sub`.

use std::fs;
use std::path::Path;

use crate::{commit_all, copy_dir, git, mastery, organisation, paths_and_rules, run};

const FIXTURE: &str = "tests/fixtures/sub-teams";
const AS_OF: &str = "2026-11-27";

fn check_json(team: &Path) -> serde_json::Value {
    let output = mastery()
        .args(["check", "--as-of", AS_OF, "--format", "json"])
        .arg(team)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Build `team` into `out`; the exit code.
fn build(team: &Path, out: &Path) -> i32 {
    let output = mastery()
        .args(["build", "--as-of", AS_OF, "-q", "-o"])
        .arg(out)
        .arg(team)
        .output()
        .unwrap();
    output.status.code().unwrap()
}

#[test]
fn the_alignment_rules_hold_across_three_levels() {
    let document = check_json(Path::new(FIXTURE));
    let alignment = [
        "duplicate-id",
        "unknown-outcome",
        "unlinked-outcome",
        "uncovered-outcome",
    ];
    let found: Vec<String> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| alignment.contains(&d["rule"].as_str().unwrap()))
        .map(|d| {
            format!(
                "{}:{}:{} {}: {} | {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // A root member cannot serve a sub-team's outcome.
            "ada.md:7:14 unknown-outcome: objective `Own the ledger migration` serves unknown \
             outcome `ledger-zero` | `ledger-zero` is an outcome of `eng/ledger/vision.md`, which \
             is not above this file; serve an outcome of your own team's vision, or one above it",
            // Outcome ids are unique across visions.
            "eng/ledger/vision.md:8:9 duplicate-id: outcome id `grow` is already defined in \
             `vision.md` (line 8) | -",
            "eng/vision.md:8:5 unlinked-outcome: sub-team outcome `eng-hiring` serves no outcome \
             above it | `vision.md` defines `reliable`, `grow`; add `serves: [<id>]`",
            "eng/vision.md:10:5 uncovered-outcome: outcome `eng-typo` is served by no open \
             objective of an active member | -",
            "eng/vision.md:12:14 unknown-outcome: outcome `eng-typo` serves unknown outcome \
             `relyable` | did you mean `reliable`?",
        ]
    );
    // `reliable` is covered only through `eng-uptime`, itself covered only
    // through `ledger-zero`, which Cy works on (Cy's own objective naming
    // `reliable` is done, and does not count).
    assert_eq!(
        document["summary"]["files"], 6,
        "three visions, three members"
    );
    assert_eq!(document["summary"]["members"], 3);
}

#[test]
fn a_sub_folder_vision_is_not_a_member() {
    let document = check_json(Path::new(FIXTURE));
    let paths: Vec<String> = paths_and_rules(&document)
        .into_iter()
        .filter(|(_, rule)| rule == "missing-feedback")
        .map(|(path, _)| path)
        .collect();
    assert_eq!(paths, ["ada.md", "eng/ben.md", "eng/ledger/cy.md"]);
}

#[test]
fn the_overview_shows_the_tree_with_coverage_at_every_level() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    assert_eq!(build(Path::new(FIXTURE), &out), 1, "the fixture has errors");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    // Depth first: each outcome, then the sub-team outcomes serving it,
    // nested in its card.
    let at = |id: &str| {
        index
            .find(&format!("<li id=\"outcome-{id}\""))
            .unwrap_or_else(|| panic!("no card for {id}"))
    };
    let order = [
        "reliable",
        "eng-uptime",
        "ledger-zero",
        "grow-2",
        "grow",
        "eng-hiring",
        "eng-typo",
    ];
    let positions: Vec<usize> = order.iter().map(|id| at(id)).collect();
    assert!(
        positions.is_sorted(),
        "cards in tree order: {order:?} at {positions:?}"
    );
    let card = |id: &str| {
        let start = at(id);
        let end = index[start..].find("<h3>").unwrap() + start;
        let end = index[end + 4..]
            .find("<li id=\"outcome-")
            .map_or(index.len(), |e| e + end + 4);
        index[start..end].to_owned()
    };
    // Covered only through a grandchild: not uncovered, and it says how.
    let reliable = card("reliable");
    assert!(
        reliable.contains("class=\"outcome outcome-attention\""),
        "{reliable}"
    );
    assert!(reliable.contains("Covered through 1 sub-team outcome serving it"));
    assert!(reliable.contains("A sub-team outcome serving it has objectives at risk or overdue"));
    assert!(reliable.contains("<ul class=\"outcomes nested\" aria-label=\"Sub-team outcomes serving Customers can rely on us\">"));
    let uptime = card("eng-uptime");
    assert!(uptime.contains("<span class=\"team-tag\">Engineering</span>"));
    assert!(
        uptime.contains(
            "Serves <a href=\"index.html#outcome-reliable\">Customers can rely on us</a>"
        )
    );
    assert!(uptime.contains("Covered through 1 sub-team outcome"));
    let ledger = card("ledger-zero");
    assert!(
        ledger.contains("1 of 1 open objective at risk or overdue"),
        "{ledger}"
    );
    assert!(ledger.contains("Partition the ledger online"));
    // An uncovered branch, and an unlinked outcome, are shown as such.
    let typo = card("eng-typo");
    assert!(typo.contains("class=\"outcome outcome-missing\""));
    assert!(typo.contains("Uncovered: no open objective of an active member serves this outcome."));
    let hiring = card("eng-hiring");
    assert!(
        hiring.contains("Serves no outcome above: <code>eng/vision.md</code>"),
        "{hiring}"
    );
    // Each sub-team's section opens with its own vision and what it serves.
    let eng = index
        .find("<strong>Engineering</strong>: Systems that stay up.")
        .unwrap();
    let eng_matrix = index.find("aria-label=\"eng: mastery matrix\"").unwrap();
    assert!(eng < eng_matrix);
    assert!(index[eng..eng_matrix].contains(
        "<a href=\"index.html#outcome-eng-uptime\">Four nines</a> <code>eng-uptime</code>: serves \
         <a href=\"index.html#outcome-reliable\">Customers can rely on us</a>"
    ));
    assert!(index.contains("<strong>Ledger</strong>: The ledger never stops."));
    // A member's objective links the sub-team outcome it resolves to.
    let cy = fs::read_to_string(out.join("members/cy.html")).unwrap();
    assert!(cy.contains("index.html#outcome-ledger-zero"), "{cy}");
}

#[test]
fn a_large_organisation_s_sub_team_page_opens_with_its_vision() {
    let dir = tempfile::tempdir().unwrap();
    let team = organisation(dir.path(), 301, |i| {
        let (folder, outcome) = if i % 2 == 0 {
            ("eng", "uptime")
        } else {
            ("sales", "o")
        };
        let text = format!(
            "---\nname: P{i}\nobjectives:\n  - objective: X\n    outcome: {outcome}\n---\n"
        );
        (folder.to_owned(), text)
    });
    fs::write(
        team.join("eng/vision.md"),
        "---\nteam: Engineering\nstatement: Up.\noutcomes:\n  - id: uptime\n    title: Uptime\n    serves: [o]\n---\n",
    )
    .unwrap();
    let out = dir.path().join("report");
    assert_eq!(build(&team, &out), 0);
    let page = fs::read_to_string(out.join("teams/eng.html")).unwrap();
    let vision = page.find("<h2 id=\"vision-heading\">Vision</h2>").unwrap();
    assert!(vision < page.find("Needs attention").unwrap_or(page.len()));
    assert!(page.contains("<a href=\"../outcomes/uptime.html\">Uptime</a> <code>uptime</code>: serves <a href=\"../outcomes/o.html\">O</a>"));
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<th scope=\"row\" class=\"depth-1\"><span aria-hidden=\"true\">↳ </span><a href=\"outcomes/uptime.html\">Uptime</a>"));
    let o = fs::read_to_string(out.join("outcomes/o.html")).unwrap();
    assert!(o.contains("<h2 id=\"served-by-heading\">Sub-team outcomes serving it</h2>"));
    assert!(o.contains("<a href=\"../outcomes/uptime.html\">Uptime</a> <code>uptime</code> <span class=\"state state-ok\">"));
    let uptime = fs::read_to_string(out.join("outcomes/uptime.html")).unwrap();
    assert!(uptime.contains("<dt>Serves</dt><dd><a href=\"../outcomes/o.html\">O</a></dd>"));
    assert_eq!(uptime.matches("<tr><td>X</td>").count(), 151);
}

#[test]
fn diff_lists_outcomes_added_removed_and_repointed_under_their_vision() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    copy_dir(Path::new(FIXTURE), &repo.join("team"));
    commit_all(repo, "2026-10-01T10:00:00Z", "three levels");
    let vision = repo.join("team/eng/vision.md");
    let text = fs::read_to_string(&vision).unwrap();
    let text = text
        .replace("serves: [reliable]", "serves: [reliable, grow]")
        .replace(
            "  - id: eng-hiring\n    title: Hire well\n",
            "  - id: eng-docs\n    title: Docs\n    serves: grow\n",
        );
    fs::write(&vision, text).unwrap();
    fs::remove_file(repo.join("team/eng/ledger/vision.md")).unwrap();
    let (code, json, stderr) = run(
        &[
            "diff", "main", "--dir", "team", "--as-of", AS_OF, "--format", "json",
        ],
        repo,
    );
    assert_eq!(code, 0, "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changes: Vec<String> = document["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["member"].as_str().unwrap().ends_with("vision.md"))
        .map(|c| {
            format!(
                "{} {} {} {} -> {}",
                c["member"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
                c["what"].as_str().unwrap(),
                c["from"],
                c["to"]
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            "eng/ledger/vision.md outcome-removed grow null -> null",
            "eng/ledger/vision.md outcome-removed ledger-zero null -> null",
            "eng/vision.md outcome-added eng-docs null -> null",
            "eng/vision.md outcome-removed eng-hiring null -> null",
            "eng/vision.md outcome-repointed eng-uptime [\"reliable\"] -> [\"reliable\",\"grow\"]",
        ]
    );
    let (_, human, _) = run(&["diff", "main", "--dir", "team", "--as-of", AS_OF], repo);
    assert!(
        human.contains("\neng/vision.md\n  Outcome added: eng-docs\n"),
        "{human}"
    );
    assert!(
        human.contains("  Outcome repointed: eng-uptime (reliable → reliable, grow)\n"),
        "{human}"
    );
}

#[test]
fn init_sub_starts_a_vision_serving_the_first_outcome_above() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("org");
    let (code, _, stderr) = run(&["init", "org"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(&["init", "--sub", "org/platform"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("created org/platform/vision.md\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "serves `first-outcome` of the vision above; edit it, then run `mastery check org`"
        ),
        "{stdout}"
    );
    let text = fs::read_to_string(team.join("platform/vision.md")).unwrap();
    assert!(text.contains("  - id: platform-outcome "), "{text}");
    assert!(text.contains("    serves: [first-outcome] "), "{text}");
    // A third level serves the second's outcome, under an id of its own.
    let (code, _, stderr) = run(&["init", "--sub", "org/platform/ledger"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let text = fs::read_to_string(team.join("platform/ledger/vision.md")).unwrap();
    assert!(text.contains("serves: [platform-outcome]"), "{text}");
    // A member added below starts with an objective on its own team's
    // outcome; the whole team then checks with no error.
    let (code, _, stderr) = run(&["new", "lee", "--dir", "org/platform/ledger"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let lee = fs::read_to_string(team.join("platform/ledger/lee.md")).unwrap();
    assert!(lee.contains("ledger-outcome"), "{lee}");
    let document = check_json(&team);
    assert_eq!(document["summary"]["errors"], 0, "{document}");
    assert_eq!(
        document["summary"]["files"], 5,
        "three visions, two members"
    );
    // The same id is never given twice, and nothing is overwritten.
    fs::create_dir_all(team.join("other/platform")).unwrap();
    let (code, _, stderr) = run(&["init", "--sub", "org/other/platform"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let text = fs::read_to_string(team.join("other/platform/vision.md")).unwrap();
    assert!(text.contains("  - id: platform-outcome-2 "), "{text}");
    let (code, _, stderr) = run(&["init", "--sub", "org/platform"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"), "{stderr}");
    // Without a vision above, it says what to do first.
    let (code, _, stderr) = run(&["init", "--sub", "lonely/sub"], dir.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no vision.md above `lonely/sub`"),
        "{stderr}"
    );
}

#[test]
fn hostile_vision_trees_stay_well_formed() {
    // 200 levels of visions, every one defining `dup` and an outcome that
    // serves the one above twice, the top one, and an unknown id.
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    let mut folder = team.clone();
    for level in 0..200 {
        fs::create_dir_all(&folder).unwrap();
        let serves = if level == 0 {
            String::new()
        } else {
            let up = format!("o{}", level - 1);
            format!("    serves: [{up}, nowhere, o0, {up}]\n")
        };
        let vision = format!(
            "---\nteam: L{level}\nstatement: S\noutcomes:\n  - id: o{level}\n    title: O{level}\n{serves}  - id: dup\n    title: Dup\n---\n"
        );
        fs::write(folder.join("vision.md"), vision).unwrap();
        folder = folder.join("d");
    }
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("deep.md"),
        "---\nname: Deep\nobjectives:\n  - objective: X\n    outcome: [o199, dup]\n---\n",
    )
    .unwrap();
    let document = check_json(&team);
    assert_eq!(document["summary"]["files"], 201);
    let rules = paths_and_rules(&document);
    let count = |rule: &str| rules.iter().filter(|(_, r)| r == rule).count();
    assert_eq!(count("duplicate-id"), 199, "`dup` after the first");
    assert_eq!(count("unknown-outcome"), 199, "`nowhere`, once a level");
    assert_eq!(
        count("uncovered-outcome"),
        0,
        "o199 covers every level above"
    );
    let out = dir.path().join("report");
    assert_eq!(build(&team, &out), 1, "errors, and the report written");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let anchors: Vec<&str> = index
        .match_indices("<li id=\"outcome-")
        .map(|(at, _)| &index[at..at + index[at..].find('>').unwrap()])
        .collect();
    let unique: std::collections::HashSet<&&str> = anchors.iter().collect();
    assert_eq!(anchors.len(), 400, "every outcome once");
    assert_eq!(unique.len(), anchors.len(), "no anchor twice");
    assert_eq!(index.matches("<ul class=\"outcomes nested\"").count(), 199);
}
