//! What changed in one member's record between two versions, in the
//! words of docs/history.md: shared by `diff` (two states of a team) and
//! the history walk (each commit).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{GoalStatus, Member, ObjectiveStatus, Vision, text};

/// One change to one member's record, or to a vision's outcomes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Change {
    /// The member's id; for a vision's outcomes, the vision file's path
    /// (`vision.md`, `platform/vision.md`).
    pub member: String,
    /// What kind of change (`learning-done`, `feedback`...).
    pub kind: &'static str,
    /// The entry it is about.
    pub what: String,
    /// The value before, when the kind has one.
    pub from: Value,
    /// The value after.
    pub to: Value,
    /// For feedback and support given: the entry's date, and unless it is
    /// private, its author and kind.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub given: Option<Given>,
    /// For an objective's progress: its status before and after (the same
    /// when only the progress moved), so a change to at risk is seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Move>,
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Before.
    pub from: &'static str,
    /// After.
    pub to: &'static str,
}

/// The parts of a feedback or support entry a `diff` shows as keys of
/// their own (docs/history.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Given {
    /// Its date, `YYYY-MM-DD` (`null` when it has none).
    pub date: Option<String>,
    /// Who gave it: feedback only, never for a private entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// What kind of feedback: never for a private entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_kind: Option<&'static str>,
}

/// Who joined, who left and whose file was renamed between two states.
pub struct Moves {
    /// Ids only on the later side, renames aside.
    pub joined: Vec<String>,
    /// Ids only on the earlier side, renames aside.
    pub left: Vec<String>,
    /// Files renamed (earlier id, later id): the same member.
    pub renamed: Vec<(String, String)>,
}

/// The [`Moves`] between members by id, before and after.
pub fn moves(old: &BTreeMap<String, &Member>, new: &BTreeMap<String, &Member>) -> Moves {
    let only = |a: &BTreeMap<String, &Member>, b: &BTreeMap<String, &Member>| -> Vec<String> {
        a.keys()
            .filter(|id| !b.contains_key(*id))
            .cloned()
            .collect()
    };
    let (mut joined, mut left) = (only(new, old), only(old, new));
    // A renamed file is the same member, as git's rename detection would
    // say: most of its lines are the same.
    let renamed = renames(&left, &joined, old, new);
    joined.retain(|id| !renamed.iter().any(|(_, to)| to == id));
    left.retain(|id| !renamed.iter().any(|(from, _)| from == id));
    Moves {
        joined,
        left,
        renamed,
    }
}

/// Pairs (earlier id, later id) of members who left and joined: the later
/// record names the earlier id in `former_ids`, or both carry the same
/// name and share at least half their lines (blank lines, fences and
/// comments aside: a template's would make strangers alike), best pairs
/// first.
fn renames(
    left: &[String],
    joined: &[String],
    old: &BTreeMap<String, &Member>,
    new: &BTreeMap<String, &Member>,
) -> Vec<(String, String)> {
    let mut candidates: Vec<(u32, &String, &String)> = Vec::new();
    for from in left {
        let name = text(&old[from].name);
        // A record that says it was `from` (`former_ids`, as `mastery
        // rename` writes) is, before any likeness.
        for to in joined
            .iter()
            .filter(|to| new[*to].former_ids.iter().any(|f| &f.value == from))
        {
            candidates.push((101, from, to));
        }
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
    // Each entry's key is worked out once, not once per comparison.
    let mut unmatched: Vec<Option<(&T, String)>> =
        before.iter().map(|e| Some((e, key(e)))).collect();
    let (mut pairs, mut added) = (Vec::new(), Vec::new());
    for entry in after {
        let entry_key = key(entry);
        let same = |(earlier, earlier_key): &(&T, String)| match (id(earlier), id(entry)) {
            (Some(a), Some(b)) => a == b,
            _ => *earlier_key == entry_key,
        };
        match unmatched.iter_mut().find(|e| e.as_ref().is_some_and(same)) {
            Some(slot) => pairs.push((slot.take().expect("found").0, entry)),
            None => added.push(entry),
        }
    }
    let removed = unmatched.into_iter().flatten().map(|(e, _)| e).collect();
    (pairs, added, removed)
}

/// The changes to the outcomes of the vision at `path` (absent on a side
/// when the file is): `outcome-added` and `outcome-removed` (what: the id),
/// `outcome-repointed` (from/to: the ids it serves), added to `out`.
pub fn vision_changes(
    path: &str,
    before: Option<&Vision>,
    after: Option<&Vision>,
    out: &mut Vec<Change>,
) {
    fn outcomes(v: Option<&Vision>) -> &[crate::model::Outcome] {
        v.map_or(&[], |v| v.outcomes.items.as_slice())
    }
    let id = |o: &crate::model::Outcome| text(&o.id).map(str::to_owned);
    let key = |o: &crate::model::Outcome| id(o).unwrap_or_default();
    let (pairs, added, removed) = pair(outcomes(before), outcomes(after), |o| text(&o.id), key);
    let serves = |o: &crate::model::Outcome| -> Value {
        o.serves
            .iter()
            .map(|i| Value::String(i.value.clone()))
            .collect()
    };
    let mut change = |kind: &'static str, what: String, from: Value, to: Value| {
        out.push(Change {
            member: path.to_owned(),
            kind,
            what,
            from,
            to,
            ..Change::default()
        });
    };
    for o in added {
        change("outcome-added", key(o), Value::Null, Value::Null);
    }
    for o in removed {
        change("outcome-removed", key(o), Value::Null, Value::Null);
    }
    for (old, new) in pairs {
        if serves(old) != serves(new) {
            change("outcome-repointed", key(new), serves(old), serves(new));
        }
    }
}

/// The changes from `before` to `after` of member `id`, in the words of
/// docs/history.md, added to `out` (unsorted). Members `renamed` meanwhile
/// (earlier id, later id) are the same authors under either id.
pub fn member_changes(
    id: &str,
    before: &Member,
    after: &Member,
    renamed: &[(String, String)],
    out: &mut Vec<Change>,
) {
    let mut given_changes = Vec::new();
    let mut change = |kind: &'static str, what: &str, from: Value, to: Value| {
        out.push(Change {
            member: id.to_owned(),
            kind,
            what: what.to_owned(),
            from,
            to,
            ..Change::default()
        });
    };
    let mut objective_changes = Vec::new();
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
    let level = |m: &Member| m.level.as_ref().map_or(Value::Null, |l| l.value.into());
    if level(before) != level(after) {
        change("level-changed", "level", level(before), level(after));
    }
    // Evidence recorded since: entries new on the later side.
    let (_, recorded, _) = pair(
        &before.evidence.items,
        &after.evidence.items,
        |_| None,
        crate::model::Evidence::key,
    );
    for entry in recorded {
        let date = entry
            .date
            .as_ref()
            .map_or(String::new(), |d| d.value.to_string());
        let mut what = format!("{date} {}", text(&entry.topic).unwrap_or_default());
        if let Some(level) = &entry.level {
            what.push_str(&format!(" level {}", level.value));
        }
        if let Some(criterion) = text(&entry.criterion) {
            what.push_str(&format!(": {criterion}"));
        }
        change("evidence-added", &what, Value::Null, Value::Null);
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
        crate::model::LearningGoal::key,
    );
    let status_kind = |status: crate::model::GoalStatus| match status {
        GoalStatus::Active => "learning-started",
        GoalStatus::Done => "learning-done",
        GoalStatus::Paused => "learning-paused",
        GoalStatus::Dropped => "learning-dropped",
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
    let (_, given, _) = pair(
        &before.feedback.items,
        &after.feedback.items,
        |_| None,
        |f| f.key_renamed(renamed),
    );
    for feedback in given {
        let day = feedback.date.as_ref().map(|d| d.value.to_string());
        let date = day.clone().unwrap_or_default();
        let private = feedback.privacy.private;
        let what = if private {
            format!("{date} private feedback")
        } else {
            let kind = feedback.kind.map_or("feedback", |k| k.as_str());
            match text(&feedback.from) {
                Some(from) => format!("{date} {kind} from {from}"),
                None => format!("{date} {kind}"),
            }
        };
        given_changes.push((
            "feedback",
            what,
            Given {
                date: day,
                author: text(&feedback.from).filter(|_| !private).map(str::to_owned),
                entry_kind: feedback.kind.filter(|_| !private).map(|k| k.as_str()),
            },
        ));
    }
    let (_, given, _) = pair(
        &before.support.items,
        &after.support.items,
        |_| None,
        crate::model::Support::key,
    );
    for support in given {
        let what = match text(&support.what) {
            Some(what) if !support.privacy.private => what,
            _ => "private support",
        };
        let day = support.date.as_ref().map(|d| d.value.to_string());
        let what = match &day {
            Some(date) => format!("{date} {what}"),
            None => what.to_owned(),
        };
        let given = Given {
            date: day,
            author: None,
            entry_kind: None,
        };
        given_changes.push(("support", what, given));
    }

    // Objectives.
    let (pairs, added, removed) = pair(
        &before.objectives.items,
        &after.objectives.items,
        |o| text(&o.id),
        |o| o.title().to_owned(),
    );
    // An objective new on the later side that is already done or
    // dropped is that, as a learning goal is.
    for objective in added {
        let kind = match objective.status {
            ObjectiveStatus::Done => "objective-done",
            ObjectiveStatus::Dropped => "objective-dropped",
            _ => "objective-added",
        };
        let to = match kind {
            "objective-added" => Value::Null,
            _ => objective.status.as_str().into(),
        };
        change(kind, objective.title(), Value::Null, to);
    }
    let outcomes = |o: &crate::model::Objective| -> Value {
        let ids: Vec<&str> = o.outcomes.iter().map(|i| i.value.as_str()).collect();
        ids.join(", ").into()
    };
    for (old, new) in pairs {
        let ended = match new.status {
            ObjectiveStatus::Done => Some("objective-done"),
            ObjectiveStatus::Dropped => Some("objective-dropped"),
            _ => None,
        };
        match ended.filter(|_| old.status != new.status) {
            Some(kind) => {
                let (from, to) = (old.status.as_str(), new.status.as_str());
                change(kind, new.title(), from.into(), to.into());
            }
            // Progress on an objective that goes on, or a new status
            // (on track, at risk, off track), with both.
            None if old.progress != new.progress || old.status != new.status => {
                objective_changes.push(Change {
                    member: id.to_owned(),
                    kind: "objective-progress",
                    what: new.title().to_owned(),
                    from: old.progress.into(),
                    to: new.progress.into(),
                    status: Some(Move {
                        from: old.status.as_str(),
                        to: new.status.as_str(),
                    }),
                    ..Change::default()
                });
            }
            None => {}
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
    for (kind, what, given) in given_changes {
        out.push(Change {
            member: id.to_owned(),
            kind,
            what,
            given: Some(given),
            ..Change::default()
        });
    }
    out.extend(objective_changes);
}

#[cfg(test)]
mod tests;
