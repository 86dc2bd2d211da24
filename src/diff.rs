//! `mastery diff`: what changed in a team between two states (a review
//! cycle): who joined and left, each member's entries, and the findings
//! that appeared and were resolved. Entries are followed by their `id`
//! when both sides carry one, else by their text (SPEC section 8).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::check::{Diagnostic, difference, plural, render};
use crate::model::{Member, Spanned};
use crate::printable::printable;
use crate::project::Project;

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

/// One change to one member's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The member's id.
    pub member: String,
    /// What kind of change (`learning-done`, `feedback`...).
    pub kind: &'static str,
    /// The entry it is about.
    pub what: String,
    /// The value before, when the kind has one.
    pub from: Value,
    /// The value after.
    pub to: Value,
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
    let mut joined: Vec<String> = new
        .keys()
        .filter(|id| !old.contains_key(*id))
        .cloned()
        .collect();
    let mut left: Vec<String> = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    // A renamed file is the same member, as git's rename detection would
    // say: most of its lines are the same.
    let renamed = renames(&left, &joined, &old, &new);
    joined.retain(|id| !renamed.iter().any(|(_, to)| to == id));
    left.retain(|id| !renamed.iter().any(|(from, _)| from == id));
    let mut changes = Vec::new();
    for (id, member) in &new {
        if let Some(earlier) = old.get(id) {
            member_changes(id, earlier, member, &mut changes);
        }
    }
    for (from, to) in &renamed {
        member_changes(to, old[from], new[to], &mut changes);
    }
    changes.sort_by(|a, b| (&a.member, a.kind, &a.what).cmp(&(&b.member, b.kind, &b.what)));
    let (new_findings, resolved) =
        difference(&before.findings.diagnostics, &after.findings.diagnostics);
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

/// Pairs (earlier id, later id) of members who left and joined whose
/// records carry the same name and share at least half their lines (blank
/// lines, fences and comments aside: a template's would make strangers
/// alike), best pairs first.
fn renames(
    left: &[String],
    joined: &[String],
    old: &BTreeMap<String, &Member>,
    new: &BTreeMap<String, &Member>,
) -> Vec<(String, String)> {
    let mut candidates: Vec<(u32, &String, &String)> = Vec::new();
    for from in left {
        let name = text(&old[from].name);
        for to in joined.iter().filter(|to| text(&new[*to].name) == name) {
            let share = similarity(&old[from].record.source.text, &new[to].record.source.text);
            if share >= 50 {
                candidates.push((share, from, to));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (a.1, a.2).cmp(&(b.1, b.2))));
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (_, from, to) in candidates {
        if !pairs.iter().any(|(f, t)| f == from || t == to) {
            pairs.push((from.clone(), to.clone()));
        }
    }
    pairs
}

/// The share of lines (in percent) two texts have in common, counting
/// only lines that say something.
fn similarity(a: &str, b: &str) -> u32 {
    let lines_of = |text: &str| -> Vec<String> {
        let lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "---" && !l.starts_with('#'));
        lines.map(str::to_owned).collect()
    };
    let (a, b) = (lines_of(a), lines_of(b));
    let mut lines: BTreeMap<&str, i32> = BTreeMap::new();
    for line in &a {
        *lines.entry(line).or_default() += 1;
    }
    let mut common = 0;
    for line in &b {
        if let Some(n) = lines.get_mut(line.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    let total = a.len() + b.len();
    (200 * common as usize).checked_div(total).unwrap_or(0) as u32
}

/// Members by id (the first file, when ids clash).
fn by_id(project: &Project) -> BTreeMap<String, &Member> {
    let mut members = BTreeMap::new();
    for member in &project.team.members {
        members.entry(member.id.clone()).or_insert(member);
    }
    members
}

fn text(value: &Option<Spanned<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.value.as_str())
}

fn json(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |v| Value::String(v.to_owned()))
}

/// Pairs of entries that are the same entry on both sides: by `id` when
/// both carry one, else by `key`; then those only before, only after.
fn pair<'a, T>(
    before: &'a [T],
    after: &'a [T],
    id: impl Fn(&T) -> Option<&str>,
    key: impl Fn(&T) -> String,
) -> (Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>) {
    let mut unmatched: Vec<Option<&T>> = before.iter().map(Some).collect();
    let (mut pairs, mut added) = (Vec::new(), Vec::new());
    for entry in after {
        let same = |earlier: &T| match (id(earlier), id(entry)) {
            (Some(a), Some(b)) => a == b,
            _ => key(earlier) == key(entry),
        };
        match unmatched.iter_mut().find(|e| e.is_some_and(same)) {
            Some(slot) => pairs.push((slot.take().expect("found"), entry)),
            None => added.push(entry),
        }
    }
    (pairs, added, unmatched.into_iter().flatten().collect())
}

fn member_changes(id: &str, before: &Member, after: &Member, out: &mut Vec<Change>) {
    let mut change = |kind: &'static str, what: &str, from: Value, to: Value| {
        out.push(Change {
            member: id.to_owned(),
            kind,
            what: what.to_owned(),
            from,
            to,
        });
    };
    for (kind, field, old, new) in [
        (
            "role-changed",
            "role",
            text(&before.role),
            text(&after.role),
        ),
        (
            "manager-changed",
            "manager",
            text(&before.manager),
            text(&after.manager),
        ),
        (
            "status-changed",
            "status",
            Some(before.status.as_str()),
            Some(after.status.as_str()),
        ),
    ] {
        if old != new {
            change(kind, field, json(old), json(new));
        }
    }
    for (old, new, added, removed) in [
        (
            &before.strengths.items,
            &after.strengths.items,
            "strength-added",
            "strength-removed",
        ),
        (
            &before.growth_areas.items,
            &after.growth_areas.items,
            "growth-area-added",
            "growth-area-removed",
        ),
    ] {
        for item in new
            .iter()
            .filter(|n| !old.iter().any(|o| o.value == n.value))
        {
            change(added, &item.value, Value::Null, Value::Null);
        }
        for item in old
            .iter()
            .filter(|o| !new.iter().any(|n| n.value == o.value))
        {
            change(removed, &item.value, Value::Null, Value::Null);
        }
    }

    // Learning goals.
    let (pairs, added, removed) = pair(
        &before.learning.items,
        &after.learning.items,
        |g| text(&g.id),
        |g| text(&g.goal).unwrap_or_default().to_owned(),
    );
    let status_kind = |status: crate::model::GoalStatus| match status {
        crate::model::GoalStatus::Active => "learning-started",
        crate::model::GoalStatus::Done => "learning-done",
        crate::model::GoalStatus::Paused => "learning-paused",
        crate::model::GoalStatus::Dropped => "learning-dropped",
    };
    for goal in added {
        let what = text(&goal.goal).unwrap_or("(untitled)");
        let status = goal.status.as_str();
        change(status_kind(goal.status), what, Value::Null, status.into());
    }
    for (old, new) in pairs {
        let what = text(&new.goal).unwrap_or("(untitled)");
        if old.status != new.status {
            let (from, to) = (old.status.as_str(), new.status.as_str());
            change(status_kind(new.status), what, from.into(), to.into());
        } else if old.progress != new.progress {
            change(
                "learning-progress",
                what,
                old.progress.map_or(Value::Null, Value::from),
                new.progress.map_or(Value::Null, Value::from),
            );
        }
    }
    // A goal that went from the record was dropped from it.
    for goal in removed {
        let what = text(&goal.goal).unwrap_or("(untitled)");
        change(
            "learning-dropped",
            what,
            goal.status.as_str().into(),
            Value::Null,
        );
    }

    // Feedback and support given since: entries new on the later side.
    let feedback_key = |f: &crate::model::Feedback| {
        let date = f
            .date
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        let kind = f.kind.map(|k| k.as_str()).unwrap_or_default();
        format!(
            "{date}\u{0}{}\u{0}{kind}",
            text(&f.from).unwrap_or_default()
        )
    };
    let (_, given, _) = pair(
        &before.feedback.items,
        &after.feedback.items,
        |_| None,
        feedback_key,
    );
    for feedback in given {
        let date = feedback
            .date
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        let what = if feedback.private {
            format!("{date} private feedback")
        } else {
            let kind = feedback.kind.map_or("feedback", |k| k.as_str());
            match text(&feedback.from) {
                Some(from) => format!("{date} {kind} from {from}"),
                None => format!("{date} {kind}"),
            }
        };
        change("feedback", &what, Value::Null, Value::Null);
    }
    let support_key = |s: &crate::model::Support| {
        let date = s
            .date
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        format!("{}\u{0}{date}", text(&s.what).unwrap_or_default())
    };
    let (_, given, _) = pair(
        &before.support.items,
        &after.support.items,
        |_| None,
        support_key,
    );
    for support in given {
        let what = text(&support.what).unwrap_or_default();
        let what = match &support.date {
            Some(date) => format!("{} {what}", date.value),
            None => what.to_owned(),
        };
        change("support", &what, Value::Null, Value::Null);
    }

    // Objectives.
    let (pairs, added, removed) = pair(
        &before.objectives.items,
        &after.objectives.items,
        |o| text(&o.id),
        |o| o.title().to_owned(),
    );
    for objective in added {
        change(
            "objective-added",
            objective.title(),
            Value::Null,
            Value::Null,
        );
    }
    let outcomes = |o: &crate::model::Objective| -> Value {
        let ids: Vec<&str> = o.outcomes.iter().map(|i| i.value.as_str()).collect();
        ids.join(", ").into()
    };
    for (old, new) in pairs {
        if old.status != new.status {
            let kind = match new.status {
                crate::model::ObjectiveStatus::Done => Some("objective-done"),
                crate::model::ObjectiveStatus::Dropped => Some("objective-dropped"),
                _ => None,
            };
            if let Some(kind) = kind {
                let (from, to) = (old.status.as_str(), new.status.as_str());
                change(kind, new.title(), from.into(), to.into());
            }
        }
        if outcomes(old) != outcomes(new) {
            change(
                "objective-realigned",
                new.title(),
                outcomes(old),
                outcomes(new),
            );
        }
    }
    for objective in removed {
        change(
            "objective-removed",
            objective.title(),
            Value::Null,
            Value::Null,
        );
    }

    // Ownership.
    let (pairs, added, removed) = pair(
        &before.ownership.items,
        &after.ownership.items,
        |_| None,
        |o| text(&o.area).unwrap_or_default().to_owned(),
    );
    let area = |o: &crate::model::Ownership| text(&o.area).unwrap_or_default().to_owned();
    for ownership in added {
        change(
            "ownership-added",
            &area(ownership),
            Value::Null,
            Value::Null,
        );
    }
    for ownership in removed {
        change(
            "ownership-removed",
            &area(ownership),
            Value::Null,
            Value::Null,
        );
    }
    for (old, new) in pairs {
        if old.autonomy != new.autonomy {
            let word = |o: &crate::model::Ownership| json(o.autonomy.map(|a| a.as_str()));
            change("autonomy-changed", &area(new), word(old), word(new));
        }
    }
}

impl Review {
    fn count(&self, kind: &str) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// `--format json`: the document of SPEC section 8, its keys in the
    /// order the SPEC writes them.
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
        let word = |value: &Value| match value {
            Value::String(text) => printable(text).into_owned(),
            Value::Null => "none".to_owned(),
            other => other.to_string(),
        };
        let label = change.kind.replace('-', " ");
        let label = label[..1].to_uppercase() + &label[1..];
        if change.kind.ends_with("-changed") && !change.kind.starts_with("autonomy") {
            // Role, manager, status: the field is the entry.
            return format!("{label}: {} → {}", word(&change.from), word(&change.to));
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
            plural(self.count("feedback") as i64, "feedback entry").replace("entrys", "entries"),
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
            let ids: Vec<String> = ids.iter().map(|id| escape_markdown(id)).collect();
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
                let _ = writeln!(out, "\n### {}\n", escape_markdown(member));
            }
            let _ = writeln!(out, "- {}", escape_markdown(&Self::sentence(change)));
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
                        escape_markdown(&d.path),
                        escape_markdown(&d.message)
                    );
                }
            }
        }
        let _ = writeln!(out, "\n_{}_", self.totals());
        out
    }
}

/// Record text as Markdown text: control and invisible characters
/// escaped, and the characters that would start markup or HTML
/// backslashed.
fn escape_markdown(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '`'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
