//! `mastery diff`: what changed in a team between two states (a review
//! cycle): who joined and left, each member's entries, and the findings
//! that appeared and were resolved. Entries are followed by their `id`
//! when both sides carry one, else by their text (docs/history.md).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::check::{Diagnostic, difference, render};
use crate::history::changes::{Change, Moves, member_changes, moves, vision_changes};
use crate::model::Member;
use crate::printable::{markdown, printable};
use crate::project::Project;
use crate::words::plural;

/// One side of a diff.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The revision as given; `None` for the work tree.
    pub rev: Option<String>,
    /// The commit it names; `None` for the work tree.
    pub commit: Option<String>,
    /// The day its findings are checked for.
    pub date: String,
}

impl Side {
    /// How the side reads in a sentence.
    fn describe(&self) -> String {
        match (&self.rev, &self.commit) {
            (Some(rev), Some(commit)) => format!("{rev} ({}, {})", self.date, &commit[..7]),
            _ => format!("the work tree ({})", self.date),
        }
    }
}

/// Everything that changed between two states of a team.
#[derive(Debug)]
pub struct Review {
    /// The earlier side.
    pub from: Side,
    /// The later side.
    pub to: Side,
    /// Members only on the later side.
    pub joined: Vec<String>,
    /// Members only on the earlier side.
    pub left: Vec<String>,
    /// Changes to members on both sides, by member, kind and entry.
    pub changes: Vec<Change>,
    /// Findings that appeared.
    pub new: Vec<Diagnostic>,
    /// Findings that went away.
    pub resolved: Vec<Diagnostic>,
    /// Members on the later side.
    pub members: usize,
}

/// Compare two checked states of a team.
pub fn review(from: (&Project, Side), to: (&Project, Side)) -> Review {
    let ((before, from), (after, to)) = (from, to);
    let (old, new) = (by_id(before), by_id(after));
    let Moves {
        joined,
        left,
        renamed,
    } = moves(&old, &new);
    let mut changes = Vec::new();
    // A side whose record cannot be read is not compared (docs/history.md).
    let readable = |m: &Member| !m.record.front_matter_failed();
    for (id, member) in &new {
        if let Some(earlier) = old.get(id).filter(|e| readable(e) && readable(member)) {
            member_changes(id, earlier, member, &renamed, &mut changes);
        }
    }
    for (from, to) in &renamed {
        member_changes(to, old[from], new[to], &renamed, &mut changes);
    }
    // Outcomes of every vision, the root's and sub-teams', by file.
    let (old_team, new_team) = (&before.team, &after.team);
    let visions = old_team.visions().chain(new_team.visions());
    let paths: std::collections::BTreeSet<&str> =
        visions.map(|v| v.record.source.path.as_str()).collect();
    for path in paths {
        let (old, new) = (old_team.vision_at(path), new_team.vision_at(path));
        vision_changes(path, old, new, &mut changes);
    }
    changes.sort_by(|a, b| (&a.member, a.kind, &a.what).cmp(&(&b.member, b.kind, &b.what)));
    // A renamed member's findings are theirs under the new path.
    let moved: BTreeMap<&str, &str> = (renamed.iter())
        .map(|(from, to)| {
            (
                old[from].record.source.path.as_str(),
                new[to].record.source.path.as_str(),
            )
        })
        .collect();
    let mut earlier = std::borrow::Cow::Borrowed(&before.findings.diagnostics[..]);
    if !moved.is_empty() {
        let findings = earlier.to_mut();
        for finding in findings.iter_mut() {
            if let Some(path) = moved.get(finding.path.as_str()) {
                finding.path = (*path).to_owned();
            }
        }
        findings.sort_by(|a, b| {
            (&a.path, a.position, a.rule.id).cmp(&(&b.path, b.position, b.rule.id))
        });
    }
    let (new_findings, resolved) = difference(&earlier, &after.findings.diagnostics);
    Review {
        from,
        to,
        joined,
        left,
        changes,
        new: new_findings,
        resolved,
        members: after.team.members.len(),
    }
}

/// Members by id (the first file, when ids clash).
fn by_id(project: &Project) -> BTreeMap<String, &Member> {
    let mut members = BTreeMap::new();
    for member in &project.team.members {
        members.entry(member.id.clone()).or_insert(&**member);
    }
    members
}

impl Review {
    fn count(&self, kind: &str) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// `--format json`: the document of docs/history.md, its keys in the
    /// order it writes them.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'a, D: Serialize> {
            from: &'a Side,
            to: &'a Side,
            joined: &'a [String],
            left: &'a [String],
            changes: &'a [Change],
            findings: Findings<D>,
            summary: Summary,
        }
        #[derive(Serialize)]
        struct Findings<D: Serialize> {
            new: Vec<D>,
            resolved: Vec<D>,
        }
        #[derive(Serialize)]
        struct Summary {
            members: usize,
            feedback: usize,
            learning_started: usize,
            learning_done: usize,
            objectives_done: usize,
            findings_new: usize,
            findings_resolved: usize,
        }
        let document = Document {
            from: &self.from,
            to: &self.to,
            joined: &self.joined,
            left: &self.left,
            changes: &self.changes,
            findings: Findings {
                new: render::diagnostics_json(&self.new),
                resolved: render::diagnostics_json(&self.resolved),
            },
            summary: Summary {
                members: self.members,
                feedback: self.count("feedback"),
                learning_started: self.count("learning-started"),
                learning_done: self.count("learning-done"),
                objectives_done: self.count("objective-done"),
                findings_new: self.new.len(),
                findings_resolved: self.resolved.len(),
            },
        };
        let mut text = serde_json::to_string_pretty(&document).expect("plain data serialises");
        text.push('\n');
        text
    }

    /// One line on what a change did.
    fn sentence(change: &Change) -> String {
        fn word(value: &Value) -> String {
            match value {
                Value::String(text) => printable(text).into_owned(),
                Value::Null => "none".to_owned(),
                Value::Array(items) if items.is_empty() => "none".to_owned(),
                Value::Array(items) => {
                    let words: Vec<String> = items.iter().map(word).collect();
                    words.join(", ")
                }
                other => other.to_string(),
            }
        }
        let label = change.kind.replace('-', " ");
        let label = label[..1].to_uppercase() + &label[1..];
        if change.kind.ends_with("-changed") && !change.kind.starts_with("autonomy") {
            // Role, manager, status: the field is the entry.
            return format!("{label}: {} → {}", word(&change.from), word(&change.to));
        }
        if let Some(status) = &change.status {
            // An objective's progress: its status and its percent.
            let percent = |v: &Value| match v {
                Value::Null => "none".to_owned(),
                other => format!("{other}%"),
            };
            let status = match status.from == status.to {
                true => status.to.to_owned(),
                false => format!("{} → {}", status.from, status.to),
            };
            let (from, to) = (percent(&change.from), percent(&change.to));
            let progress = if from == to {
                to
            } else {
                format!("{from} → {to}")
            };
            return format!(
                "{label}: {} ({status}; {progress})",
                printable(&change.what)
            );
        }
        if change.from.is_null() {
            format!("{label}: {}", printable(&change.what))
        } else {
            let (from, to) = (word(&change.from), word(&change.to));
            format!("{label}: {} ({from} → {to})", printable(&change.what))
        }
    }

    fn totals(&self) -> String {
        format!(
            "{} on the later side; {}, {} started, {} done, {} done; findings: {} new, {} resolved",
            plural(self.members as i64, "member"),
            plural(self.count("feedback") as i64, "feedback entry"),
            plural(self.count("learning-started") as i64, "learning goal"),
            self.count("learning-done"),
            plural(self.count("objective-done") as i64, "objective"),
            self.new.len(),
            self.resolved.len(),
        )
    }

    /// `--format human`.
    pub fn human(&self) -> String {
        let mut out = format!(
            "Changes from {} to {}\n",
            self.from.describe(),
            self.to.describe()
        );
        let names = |ids: &[String]| printable(&ids.join(", ")).into_owned();
        if !self.joined.is_empty() {
            let _ = writeln!(out, "\nJoined: {}", names(&self.joined));
        }
        if !self.left.is_empty() {
            let gap = if self.joined.is_empty() { "\n" } else { "" };
            let _ = writeln!(out, "{gap}Left: {}", names(&self.left));
        }
        let mut member = "";
        for change in &self.changes {
            if change.member != member {
                member = &change.member;
                let _ = writeln!(out, "\n{}", printable(member));
            }
            let _ = writeln!(out, "  {}", Self::sentence(change));
        }
        if !self.new.is_empty() || !self.resolved.is_empty() {
            out.push_str("\nFindings\n");
            for (word, list) in [("new", &self.new), ("resolved", &self.resolved)] {
                for d in list {
                    let _ = writeln!(
                        out,
                        "  {word:8} {}[{}] {}: {}",
                        d.level.as_str(),
                        d.rule.id,
                        d.path,
                        d.message
                    );
                }
            }
        }
        let _ = writeln!(out, "\n{}", self.totals());
        out
    }

    /// `--format markdown`, to paste into a review document or a pull
    /// request.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "## Team changes from {} to {}\n\n",
            self.from.describe(),
            self.to.describe()
        );
        let names = |ids: &[String]| {
            let ids: Vec<String> = ids.iter().map(|id| markdown(id)).collect();
            ids.join(", ")
        };
        if !self.joined.is_empty() {
            let _ = writeln!(out, "- **Joined:** {}", names(&self.joined));
        }
        if !self.left.is_empty() {
            let _ = writeln!(out, "- **Left:** {}", names(&self.left));
        }
        let mut member = "";
        for change in &self.changes {
            if change.member != member {
                member = &change.member;
                let _ = writeln!(out, "\n### {}\n", markdown(member));
            }
            let _ = writeln!(out, "- {}", markdown(&Self::sentence(change)));
        }
        if !self.new.is_empty() || !self.resolved.is_empty() {
            out.push_str("\n### Findings\n\n");
            for (word, list) in [("New", &self.new), ("Resolved", &self.resolved)] {
                for d in list {
                    let _ = writeln!(
                        out,
                        "- {word}: `{}[{}]` {}: {}",
                        d.level.as_str(),
                        d.rule.id,
                        markdown(&d.path),
                        markdown(&d.message)
                    );
                }
            }
        }
        let _ = writeln!(out, "\n_{}_", self.totals());
        out
    }
}
