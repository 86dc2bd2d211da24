//! `mastery packet ID`: a Markdown promotion packet (docs/frameworks.md). For
//! each topic of the member's framework: what the next level asks, the
//! evidence that speaks to each criterion, the feedback that mentions the
//! topic, and what is still missing. Private feedback appears only when
//! asked for, and the packet's header says so.

use std::fmt::Write;

use jiff::civil::Date;

use crate::agenda::list;
use crate::model::{Criterion, Evidence, Framework, Member, Topic};
use crate::printable::markdown;
use crate::project::Project;

/// The packet for the member at `index`, with the evidence and feedback
/// dated `since` or later (all, when `None`); `None` when the member has
/// no framework to read it against (the reason).
pub fn packet(
    project: &Project,
    index: usize,
    since: Option<Date>,
    include_private: bool,
) -> Result<String, String> {
    let team = &project.team;
    let member = &team.members[index];
    let framework = team.framework_of(member).map_err(|why| why.to_string())?;
    let most = framework.levels();
    let level = member.level.as_ref().map(|l| l.value);
    if let Some(level) = level.filter(|&l| l > most) {
        return Err(format!(
            "their level {level} is above the {most} levels of `{}` (`mastery check` reports it as level-out-of-range)",
            framework.id
        ));
    }
    let next = level.map_or(1, |l| l.saturating_add(1).min(most));
    let in_range = |date: Option<Date>| since.is_none_or(|s| date.is_some_and(|d| d >= s));

    let mut out = String::new();
    let name = markdown(member.display_name());
    let title = framework.title();
    let _ = writeln!(
        out,
        "# Promotion packet: {name}, {}\n",
        project.findings.as_of
    );
    let now = level.map_or("no level yet".to_owned(), |l| format!("level {l}"));
    let _ = writeln!(
        out,
        "_{} in {} ({now}); what level {next} asks, from `{}` and `{}`{}. Private feedback is {}._\n",
        name,
        markdown(title),
        member.record.source.path,
        framework.record.source.path,
        since.map_or(String::new(), |s| format!(
            ", evidence and feedback since {s}"
        )),
        if include_private {
            "included: share this packet only with its readers"
        } else {
            "left out (`--include-private` adds it)"
        }
    );
    if level == Some(most) {
        let _ = writeln!(
            out,
            "_Level {most} is the framework's highest: the packet shows the evidence for it._\n"
        );
    }
    for topic in &framework.topics.items {
        topic_section(
            &mut out,
            framework,
            topic,
            member,
            next,
            include_private,
            &in_range,
        );
    }
    Ok(out)
}

/// One topic: its criteria at `next` with their evidence, other evidence
/// at that level, the feedback that mentions it, and what is missing.
fn topic_section(
    out: &mut String,
    framework: &Framework,
    topic: &Topic,
    member: &Member,
    next: u32,
    include_private: bool,
    in_range: &dyn Fn(Option<Date>) -> bool,
) {
    let Some(name) = topic.name.as_ref().map(|n| n.value.as_str()) else {
        return;
    };
    let title = topic.title();
    let _ = writeln!(out, "## {} (`{name}`)\n", markdown(title));
    let evidence: Vec<&Evidence> = (member.evidence.items.iter())
        .filter(|e| e.topic.as_ref().is_some_and(|t| t.value == name))
        .filter(|e| e.level.as_ref().is_some_and(|l| l.value == next))
        .filter(|e| in_range(e.date.as_ref().map(|d| d.value)))
        .collect();
    let criteria = topic.criteria(Some(next));
    // The criterion each entry names, when it names exactly one.
    let meets = |e: &Evidence| match topic.criterion(Some(next), &e.criterion.as_ref()?.value) {
        Criterion::One(one) => Some(one),
        _ => None,
    };
    let mut missing = Vec::new();
    let mut asks = Vec::new();
    for criterion in &criteria {
        let shown: Vec<String> = (evidence.iter())
            .filter(|e| meets(e) == Some(*criterion))
            .map(|e| line(e))
            .collect();
        if shown.is_empty() {
            missing.push(markdown(criterion));
        }
        let items = if shown.is_empty() {
            "no evidence yet".to_owned()
        } else {
            shown.join("; ")
        };
        asks.push(format!("**{}**: {items}", markdown(criterion)));
    }
    let heading = format!("### What level {next} asks in `{}`", framework.id);
    list(
        out,
        &heading,
        asks,
        "The framework lists no criteria at this level.",
    );
    let others = (evidence.iter())
        .filter(|e| meets(e).is_none())
        .map(|e| line(e));
    list(out, "### Other evidence at this level", others, "None.");
    let (name_lower, title_lower) = (name.to_lowercase(), title.to_lowercase());
    let mentions = (member.feedback.items.iter())
        .filter(|f| f.privacy.shown(include_private))
        .filter(|f| in_range(f.date.as_ref().map(|d| d.value)))
        .filter_map(|f| {
            let note = &f.note.as_ref()?.value;
            let lower = note.to_lowercase();
            (lower.contains(&name_lower) || lower.contains(&title_lower)).then(|| {
                let date = f
                    .date
                    .as_ref()
                    .map_or(String::new(), |d| d.value.to_string());
                let from = f
                    .from
                    .as_ref()
                    .map_or(String::new(), |p| format!(", from {}", markdown(&p.value)));
                let private = if f.privacy.private { " [private]" } else { "" };
                format!("{date}{from}{private}: {}", markdown(note))
            })
        });
    list(out, "### Feedback that mentions it", mentions, "None.");
    list(
        out,
        "### Still missing",
        missing,
        "Nothing: every criterion has evidence.",
    );
}

/// An evidence entry on one line: its date, note, link and witness.
fn line(e: &Evidence) -> String {
    let date = e
        .date
        .as_ref()
        .map_or(String::new(), |d| d.value.to_string());
    let note = e
        .note
        .as_ref()
        .map_or("(no note)".to_owned(), |n| markdown(&n.value));
    let link = e
        .link
        .as_ref()
        .map_or(String::new(), |l| format!(" ({})", markdown(&l.value)));
    let from = e
        .from
        .as_ref()
        .map_or(String::new(), |f| format!(", from {}", markdown(&f.value)));
    format!("{date}: {note}{link}{from}")
}
