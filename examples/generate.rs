//! Writes a synthetic organisation for benchmarks: a vision with 40
//! outcomes and N members in sub-teams, each about 3 KB with every section
//! filled and Markdown notes; about one member in five carries findings.
//!
//!     cargo run --release --example generate -- 10000 /tmp/org-10k
//!     cargo run --release --example generate -- 10000 /tmp/org-10k 104
//!
//! With a number of weeks W, OUT becomes a git repository with W + 1
//! commits: the organisation as of W weeks before 2026-11-27, then one
//! commit a week touching about 5% of the members the way teams do
//! (feedback added, a goal's progress and `updated` moved, now and then a
//! goal finished), with one member joining and one leaving each week.
//!
//! The output is the same for the same N and W (a fixed pseudo-random
//! sequence, fixed commit dates).

#![allow(clippy::print_stderr, reason = "a command-line tool reports its usage")]

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small deterministic generator (xorshift), so runs are comparable.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const OUTCOMES: usize = 40;
const SKILLS: &[&str] = &[
    "Distributed systems",
    "Incident command",
    "Public speaking",
    "Delegation",
    "Testing",
    "Databases",
    "Frontend performance",
    "Accessibility",
    "Security",
    "Data pipelines",
    "Mentoring",
    "Writing",
    "System design",
    "Cost management",
    "Product discovery",
];
const KINDS: &[&str] = &["course", "mentoring", "self-directed", "practice"];
const FEEDBACK: &[&str] = &["praise", "growth", "one-on-one", "review"];
const WORDS: &[&str] = &[
    "latency",
    "checkout",
    "migration",
    "rollout",
    "review",
    "pairing",
    "dashboard",
    "runbook",
    "postmortem",
    "roadmap",
    "interview",
    "design",
    "budget",
    "release",
    "customer",
];

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: generate N OUT_DIR [WEEKS]");
        std::process::exit(2);
    };
    let weeks: Option<u32> = args.next().map(|w| w.parse().expect("WEEKS is a number"));
    let n: usize = n.parse().expect("N is a number");
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out)?;
    let mut random = Random(0x9E37_79B9_7F4A_7C15);

    let mut vision = String::from(
        "---\nteam: Synthetic Org\nstatement: Every customer pays in one tap.\nhorizon: 2027-06-30\n\
         values: [Own the outcome, Say it early]\noutcomes:\n",
    );
    for o in 0..OUTCOMES {
        let _ = write!(
            vision,
            "  - id: outcome-{o}\n    title: Outcome number {o}\n    measure: A measure for outcome {o}\n    owner: m{}\n",
            o * n.max(1) / OUTCOMES
        );
    }
    vision.push_str("---\nWhy this organisation exists.\n");
    std::fs::write(out.join("vision.md"), vision)?;

    let teams = (n / 25).max(1);
    for i in 0..n {
        let department = format!("dept-{:02}", (i / 25) % 40);
        let team = format!("team-{:04}", (i / 25) % teams);
        let folder = out.join(&department).join(&team);
        std::fs::create_dir_all(&folder)?;
        let troubled = random.below(5) == 0;
        let strengths = [random.pick(SKILLS), random.pick(SKILLS)];
        let growth = [random.pick(SKILLS), random.pick(SKILLS)];
        let month = if troubled { 6 + random.below(3) } else { 11 };
        let day = 1 + random.below(26);
        let recent = format!("2026-{month:02}-{day:02}");
        let mut text = format!(
            "---\nname: Member {i}\nrole: Engineer\nmanager: m{}\nmentor: m{}\nstatus: active\njoined: 2024-0{}-1{}\n\n\
             strengths: [{}, {}]\ngrowth_areas: [{}, {}]\n\nlearning:\n",
            (i / 10) * 10,
            (i + 7) % n,
            1 + random.below(9),
            random.below(10),
            strengths[0],
            strengths[1],
            growth[0],
            growth[1]
        );
        for (g, area) in growth.iter().enumerate() {
            let _ = write!(
                text,
                "  - goal: Learn about {} and {} ({g})\n    kind: {}\n    area: {}\n    status: {}\n    started: 2026-0{}-0{}\n    target: 2027-0{}-1{}\n    updated: {recent}\n    progress: {}\n",
                random.pick(WORDS),
                random.pick(WORDS),
                random.pick(KINDS),
                area,
                if g == 0 { "active" } else { "done" },
                1 + random.below(5),
                1 + random.below(9),
                1 + random.below(6),
                random.below(10),
                // A finished goal is at 100 (`done-progress` otherwise).
                Some(random.below(101)).filter(|_| g == 0).unwrap_or(100)
            );
        }
        let _ = write!(
            text,
            "\nownership:\n  - area: Service {i}\n    autonomy: decides\n    since: 2025-0{}-01\n\nfeedback:\n",
            1 + random.below(9)
        );
        for f in 0..5 {
            let _ = write!(
                text,
                "  - date: {}\n    from: m{}\n    kind: {}\n    note: Good work on the {} {}; keep sharing drafts early.\n    private: {}\n",
                if f == 0 {
                    recent.clone()
                } else {
                    format!("2026-0{}-1{}", 1 + random.below(5), random.below(10))
                },
                (i / 10) * 10,
                random.pick(FEEDBACK),
                random.pick(WORDS),
                random.pick(WORDS),
                f == 4
            );
        }
        let _ = write!(
            text,
            "support:\n  - what: Conference ticket\n    date: 2026-0{}-01\n\nobjectives:\n",
            1 + random.below(9)
        );
        for o in 0..2 {
            let outcome = if troubled && o == 1 {
                "outcome-typo".to_owned()
            } else {
                format!("outcome-{}", random.below(OUTCOMES as u64))
            };
            let _ = write!(
                text,
                "  - objective: Improve the {} by {}%\n    outcome: {outcome}\n    due: 2027-0{}-2{}\n    status: on-track\n    progress: {}\n",
                random.pick(WORDS),
                10 + random.below(40),
                1 + random.below(9),
                random.below(8),
                random.below(101)
            );
        }
        let _ = write!(
            text,
            "---\n# Notes\n\n## 1:1 on {recent}\n\n- Talked about the **{}** and the *{}*.\n- Next: pair on the {} with m{}.\n\n\
             | topic | status |\n|---|---|\n| {} | on track |\n| {} | blocked |\n\n> Reflection: {} matters more than {}.\n\n\
             A longer paragraph about growth, learning goals and the next steps we agreed, with a [link](https://example.com/{i}) \
             and some `code`, so the body is realistic Markdown rather than a single line of text.\n\n\
             ## Growth plan\n\n1. Lead one design review this quarter.\n2. Write up the on-call runbook changes.\n\
             3. Shadow the {} team for a week and report back.\n\nAnother paragraph with *emphasis*, **strong text**, \
             and a list of follow-ups that a manager would keep between one-to-ones, long enough to be typical.\n\n\
             ## Retro notes\n\n- What went well: the release train, the pairing rotation, clearer tickets.\n\
             - What to change: fewer meetings on Thursdays, earlier reviews, smaller pull requests.\n",
            random.pick(WORDS),
            random.pick(WORDS),
            random.pick(WORDS),
            random.below(n as u64),
            random.pick(WORDS),
            random.pick(WORDS),
            random.pick(WORDS),
            random.pick(WORDS),
            random.pick(WORDS)
        );
        std::fs::write(folder.join(format!("m{i}.md")), text)?;
    }
    if let Some(weeks) = weeks {
        history(&out, n, weeks, &mut random)?;
    }
    Ok(())
}

/// Commit the organisation, then `weeks` weekly commits of edits.
fn history(
    out: &std::path::Path,
    n: usize,
    weeks: u32,
    random: &mut Random,
) -> std::io::Result<()> {
    let end = jiff::civil::date(2026, 11, 27);
    let day = |week: u32| {
        end.checked_sub(jiff::Span::new().weeks(i64::from(weeks - week)))
            .expect("in range")
    };
    git(out, None, &["init", "-q"])?;
    git(out, None, &["add", "-A"])?;
    git(
        out,
        Some(day(0)),
        &["commit", "-q", "-m", "the organisation"],
    )?;
    let mut members: Vec<PathBuf> = (0..n).map(|i| member_path(out, i, n)).collect();
    for week in 1..=weeks {
        let date = day(week);
        for _ in 0..(members.len() / 20).max(1) {
            let file = &members[random.below(members.len() as u64) as usize];
            let Ok(mut text) = std::fs::read_to_string(file) else {
                continue;
            };
            text = text.replacen(
                "feedback:\n",
                &format!("feedback:\n  - date: {date}\n    from: m0\n    kind: one-on-one\n    note: Weekly check-in.\n"),
                1,
            );
            if let Some(at) = text.find("    updated: ") {
                let end = at + text[at..].find('\n').unwrap_or(0);
                text.replace_range(at..end, &format!("    updated: {date}"));
            }
            if let Some(at) = text.find("    progress: ") {
                let end = at + text[at..].find('\n').unwrap_or(0);
                text.replace_range(at..end, &format!("    progress: {}", random.below(101)));
            }
            if random.below(10) == 0 {
                text = text.replacen("    status: active", "    status: done", 1);
            }
            std::fs::write(file, text)?;
        }
        // One member joins (a copy of the first's record) and one leaves.
        let joiner = member_path(out, n + week as usize, n);
        std::fs::create_dir_all(joiner.parent().expect("a member has a folder"))?;
        let template = std::fs::read_to_string(&members[0])?;
        std::fs::write(
            &joiner,
            template.replacen(
                "name: Member 0",
                &format!("name: Member {}", n + week as usize),
                1,
            ),
        )?;
        let leaver = members.swap_remove(1 + random.below(members.len() as u64 - 1) as usize);
        std::fs::remove_file(leaver)?;
        members.push(joiner);
        git(out, None, &["add", "-A"])?;
        git(
            out,
            Some(date),
            &["commit", "-q", "-m", &format!("week {week}")],
        )?;
    }
    Ok(())
}

/// Where member `i` of an organisation of `n` lives.
fn member_path(out: &std::path::Path, i: usize, n: usize) -> PathBuf {
    let teams = (n / 25).max(1);
    out.join(format!("dept-{:02}", (i / 25) % 40))
        .join(format!("team-{:04}", (i / 25) % teams))
        .join(format!("m{i}.md"))
}

/// Run git in `dir`, committing as of `date` (noon UTC) when given.
fn git(
    dir: &std::path::Path,
    date: Option<jiff::civil::Date>,
    args: &[&str],
) -> std::io::Result<()> {
    let mut command = std::process::Command::new("git");
    command.current_dir(dir).args([
        "-c",
        "user.name=Generator",
        "-c",
        "user.email=generator@example.com",
        // bench/history.sh packs the repository once, at the end.
        "-c",
        "gc.auto=0",
    ]);
    if let Some(date) = date {
        let stamp = format!("{date}T12:00:00Z");
        command
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp);
    }
    let status = command.args(args).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("git {args:?} failed")))
    }
}
