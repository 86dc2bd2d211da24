//! `mastery 1on1 ID`: a dated Markdown agenda for the next one-on-one with
//! a member, from their record and findings. It is for the manager: private
//! feedback appears only when asked for, and its header says so.
//!
//! The items of the last agenda still open are the member's notes lines
//! that begin `TODO:` or `DISCUSS:` (after an optional list marker); mark
//! one done by editing it (`DONE:`, or delete it).

use std::fmt::Write;

use jiff::civil::Date;

use crate::check::Diagnostic;
use crate::check::rules::Element;
use crate::model::{FeedbackKind, GoalStatus, Member, ObjectiveStatus};
use crate::printable::{markdown, printable};
use crate::project::Project;

/// The agenda for the member at `index`.
pub fn agenda(project: &Project, index: usize, include_private: bool) -> String {
    let member = &project.team.members[index];
    let as_of = project.findings.as_of;
    let path = member.record.source.path.as_str();
    // Record text reads as written, never as Markdown or HTML.
    let name = markdown(member.display_name());
    let mut out = String::new();
    let _ = writeln!(out, "# 1:1 with {name}, {as_of}\n");
    let _ = writeln!(
        out,
        "_For the manager, from `{path}`. Private feedback is {}._\n",
        if include_private {
            "included: do not share this agenda"
        } else {
            "left out (`--include-private` adds it)"
        }
    );

    // Feedback since the last one-on-one.
    let last = member
        .feedback
        .items
        .iter()
        // A private entry left out must not move the date either: that
        // would tell the reader it exists, and its kind.
        .filter(|f| f.privacy.shown(include_private))
        .filter(|f| f.kind == Some(FeedbackKind::OneOnOne))
        .filter_map(|f| f.date.as_ref().map(|d| d.value))
        .filter(|d| *d <= as_of)
        .max();
    let mut since: Vec<(Date, String)> = member
        .feedback
        .items
        .iter()
        .filter(|f| f.privacy.shown(include_private))
        .filter_map(|f| {
            let date = f.date.as_ref()?.value;
            let after = last.is_none_or(|l| date > l) && date <= as_of;
            after.then(|| {
                let from = f
                    .from
                    .as_ref()
                    .map_or(String::new(), |p| format!(" from {}", markdown(&p.value)));
                let kind = f
                    .kind
                    .map_or(String::new(), |k| format!(" ({})", k.as_str()));
                let note = f
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| format!(": {}", markdown(&n.value)));
                let private = if f.privacy.private { " [private]" } else { "" };
                (date, format!("{date}{from}{kind}{private}{note}"))
            })
        })
        .collect();
    since.sort_by_key(|(date, _)| std::cmp::Reverse(*date));
    let heading = match last {
        Some(day) => format!("Feedback since the last one-on-one ({day})"),
        None => "Feedback so far (no one-on-one recorded yet)".to_owned(),
    };
    section(
        &mut out,
        &heading,
        since.into_iter().map(|(_, line)| line),
        "None recorded.",
    );

    // Findings of this file only: today's, and what falls due before the
    // next fortnight is out (the report's "coming up"), from its day.
    let now: Vec<&Diagnostic> = project.findings.of_path(path).iter().collect();
    let coming: Vec<&Diagnostic> = project.findings.coming_of_path(path).iter().collect();
    let about = |element, list: &[&Diagnostic]| -> Vec<String> {
        list.iter()
            .filter(|d| d.rule.element == Some(element))
            .map(|d| match d.due {
                Some(day) => format!("from {day}: {}", d.message),
                None => d.message.clone(),
            })
            .collect()
    };

    let mut learning = about(Element::Learning, &now);
    learning.extend(about(Element::Learning, &coming));
    learning.extend(goals(member));
    section(&mut out, "Learning", learning, "Nothing stale or due.");

    let mut objectives = about(Element::Alignment, &now);
    objectives.extend(about(Element::Alignment, &coming));
    objectives.extend(at_risk(member));
    section(
        &mut out,
        "Objectives at risk or due",
        objectives,
        "Nothing at risk or due.",
    );

    let handled = [Some(Element::Learning), Some(Element::Alignment)];
    let others = now
        .iter()
        .filter(|d| !handled.contains(&d.rule.element))
        .map(|d| format!("{} ({}: {})", printable(&d.message), d.rule.id, d.rule.fix));
    section(&mut out, "Other open findings", others, "None.");

    section(
        &mut out,
        "Still open from last time",
        open_items(member.record.body()),
        "Nothing marked `TODO:` or `DISCUSS:` in the notes.",
    );
    out
}

/// Active goals with where they stand, for context.
fn goals(member: &Member) -> Vec<String> {
    member
        .learning
        .items
        .iter()
        .filter(|g| g.status == GoalStatus::Active)
        .map(|g| {
            let progress = g.progress.map_or(String::new(), |p| format!(", {p}%"));
            let updated = g
                .updated
                .as_ref()
                .map_or(String::new(), |d| format!(", last moved {}", d.value));
            format!("Goal “{}”{progress}{updated}", markdown(g.title()))
        })
        .collect()
}

/// Open objectives at risk or off track.
fn at_risk(member: &Member) -> Vec<String> {
    member
        .objectives
        .items
        .iter()
        .filter(|o| {
            matches!(
                o.status,
                ObjectiveStatus::AtRisk | ObjectiveStatus::OffTrack
            )
        })
        .map(|o| {
            let due = o
                .due
                .as_ref()
                .map_or(String::new(), |d| format!(", due {}", d.value));
            format!("“{}” is {}{due}", markdown(o.title()), o.status.as_str())
        })
        .collect()
}

/// The notes' lines marked `TODO:` or `DISCUSS:`.
fn open_items(body: &str) -> Vec<String> {
    body.lines()
        .map(|l| l.trim().trim_start_matches(['-', '*', '+']).trim_start())
        .filter(|l| l.starts_with("TODO:") || l.starts_with("DISCUSS:"))
        .map(markdown)
        .collect()
}

fn section(out: &mut String, heading: &str, items: impl IntoIterator<Item = String>, none: &str) {
    list(out, &format!("## {heading}"), items, none);
}

/// A heading line, then a Markdown list of `items` (each on one line), or
/// `none` when there are none.
pub(crate) fn list(
    out: &mut String,
    heading: &str,
    items: impl IntoIterator<Item = String>,
    none: &str,
) {
    let _ = writeln!(out, "{heading}\n");
    let mut any = false;
    for item in items {
        any = true;
        let _ = writeln!(out, "- {}", item.replace('\n', " "));
    }
    if !any {
        let _ = writeln!(out, "{none}");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_items_are_todo_and_discuss_lines() {
        let body = "# Notes\n- TODO: book the conference\n* DISCUSS: team move\nDONE: old item\n  TODO: indented\nnot TODO: here\n";
        assert_eq!(
            open_items(body),
            [
                "TODO: book the conference",
                "DISCUSS: team move",
                "TODO: indented"
            ]
        );
    }
}
