//! `mastery export`: the team for spreadsheets and HR tools. CSV has one
//! row per member (the figures a report's matrix shows); JSON carries the
//! rows and each member's whole record. Private feedback stays out unless
//! asked for: CSV never holds feedback text, and JSON leaves private
//! entries out (its figures count them by date, as every view does).

use serde::Serialize;

use crate::check::{Diagnostic, Findings, Level};
use crate::model::{Member, Team, day as date, text};
use crate::report::{ELEMENTS, element_states};

/// One member's row.
#[derive(Serialize)]
pub struct Row {
    /// Member id (the file name without `.md`).
    pub id: String,
    /// The file, relative to the team folder.
    pub path: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// The manager's id.
    pub manager: Option<String>,
    /// active, leave or departed.
    pub status: &'static str,
    /// Per element, in [`ELEMENTS`] order: ok, attention, missing or inactive.
    pub elements: [&'static str; 5],
    /// Days since the newest feedback (private entries count by date).
    pub days_since_feedback: Option<i64>,
    /// Active learning goals (of an active member).
    pub active_learning_goals: usize,
    /// Objectives that are neither done nor dropped.
    pub open_objectives: usize,
    /// Findings of the member's file, by level.
    pub errors: usize,
    /// See `errors`.
    pub warnings: usize,
    /// See `errors`.
    pub notes: usize,
}

/// The JSON export: as of when, the rows and each member's record.
#[derive(Serialize)]
struct Document<'a> {
    as_of: String,
    elements: [&'static str; 5],
    include_private: bool,
    members: Vec<Exported<'a>>,
}

#[derive(Serialize)]
struct Exported<'a> {
    #[serde(flatten)]
    row: Row,
    record: RecordView<'a>,
}

/// What a member's record holds, as written (dates as `YYYY-MM-DD`).
#[derive(Serialize)]
struct RecordView<'a> {
    mentor: Option<&'a str>,
    joined: Option<String>,
    strengths: Vec<&'a str>,
    growth_areas: Vec<&'a str>,
    learning: Vec<serde_json::Value>,
    ownership: Vec<serde_json::Value>,
    objectives: Vec<serde_json::Value>,
    feedback: Vec<serde_json::Value>,
    support: Vec<serde_json::Value>,
}

/// Every member's row, in file order.
pub fn rows(team: &Team, findings: &Findings) -> Vec<Row> {
    team.members
        .iter()
        .map(|member| row(member, findings))
        .collect()
}

fn row(member: &Member, findings: &Findings) -> Row {
    let own: Vec<&Diagnostic> = findings
        .of_path(&member.record.source.path)
        .iter()
        .collect();
    let count = |level| own.iter().filter(|d| d.level == level).count();
    Row {
        id: member.id.clone(),
        path: member.record.source.path.clone(),
        name: member.display_name().to_owned(),
        role: text(&member.role).map(str::to_owned),
        manager: text(&member.manager).map(str::to_owned),
        status: member.status.as_str(),
        elements: element_states(member, &own),
        days_since_feedback: member
            .last_feedback()
            .map(|d| crate::date::days_between(d, findings.as_of).max(0)),
        active_learning_goals: member.active_goals(),
        open_objectives: member.open_objectives(),
        errors: count(Level::Error),
        warnings: count(Level::Warning),
        notes: count(Level::Note),
    }
}

/// The rows as CSV (RFC 4180, a header first). A cell that a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@` first) is written with a
/// leading `'`, so a record cannot plant one.
pub fn csv(team: &Team, findings: &Findings) -> String {
    let mut header: Vec<String> = ["id", "path", "name", "role", "manager", "status"]
        .map(String::from)
        .to_vec();
    header.extend(
        ELEMENTS
            .iter()
            .map(|e| e.to_lowercase().replace([' ', '-'], "_")),
    );
    header.extend(
        [
            "days_since_feedback",
            "active_learning_goals",
            "open_objectives",
            "errors",
            "warnings",
            "notes",
        ]
        .map(String::from),
    );
    let mut out = line(&header);
    for row in rows(team, findings) {
        let mut cells = vec![
            row.id,
            row.path,
            row.name,
            row.role.unwrap_or_default(),
            row.manager.unwrap_or_default(),
            row.status.to_owned(),
        ];
        cells.extend(row.elements.iter().map(|s| (*s).to_owned()));
        cells.push(
            row.days_since_feedback
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        for n in [
            row.active_learning_goals,
            row.open_objectives,
            row.errors,
            row.warnings,
            row.notes,
        ] {
            cells.push(n.to_string());
        }
        out.push_str(&line(&cells));
    }
    out
}

fn line(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    format!("{}\r\n", cells.join(","))
}

/// What a spreadsheet may read as the start of a formula (OWASP's CSV
/// injection list, and the full-width forms some spreadsheets fold).
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// One CSV cell: a text a spreadsheet could take for a formula gets a
/// leading `'` (a number stays a number), then quoting as RFC 4180 says.
fn cell(text: &str) -> String {
    let text = if text.starts_with(FORMULA_STARTS) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The rows and every member's record as one JSON document.
pub fn json(team: &Team, findings: &Findings, include_private: bool) -> String {
    use serde_json::json;
    let members = team
        .members
        .iter()
        .map(|m| Exported {
            row: row(m, findings),
            record: RecordView {
                mentor: text(&m.mentor),
                joined: date(&m.joined),
                strengths: m.strengths.items.iter().map(|s| s.value.as_str()).collect(),
                growth_areas: m.growth_areas.items.iter().map(|s| s.value.as_str()).collect(),
                learning: m
                    .learning
                    .items
                    .iter()
                    .map(|g| {
                        json!({"goal": text(&g.goal), "kind": g.kind.map(|k| k.as_str()),
                               "area": text(&g.area), "status": g.status.as_str(),
                               "started": date(&g.started), "target": date(&g.target),
                               "updated": date(&g.updated), "progress": g.progress})
                    })
                    .collect(),
                ownership: m
                    .ownership
                    .items
                    .iter()
                    .map(|o| {
                        json!({"area": text(&o.area), "autonomy": o.autonomy.map(|a| a.as_str()),
                               "since": date(&o.since)})
                    })
                    .collect(),
                objectives: m
                    .objectives
                    .items
                    .iter()
                    .map(|o| {
                        let outcomes: Vec<&str> = o.outcomes.iter().map(|s| s.value.as_str()).collect();
                        json!({"objective": text(&o.objective), "outcomes": outcomes,
                               "due": date(&o.due), "status": o.status.as_str(), "progress": o.progress})
                    })
                    .collect(),
                feedback: m
                    .feedback
                    .items
                    .iter()
                    .filter(|f| f.privacy.shown(include_private))
                    .map(|f| {
                        json!({"date": date(&f.date), "from": text(&f.from),
                               "kind": f.kind.map(|k| k.as_str()), "note": text(&f.note),
                               "private": f.privacy.private})
                    })
                    .collect(),
                support: m
                    .support
                    .items
                    .iter()
                    .filter(|s| s.privacy.shown(include_private))
                    .map(|s| json!({"what": text(&s.what), "date": date(&s.date),
                                    "private": s.privacy.private}))
                    .collect(),
            },
        })
        .collect();
    let document = Document {
        as_of: findings.as_of.to_string(),
        elements: ELEMENTS,
        include_private,
        members,
    };
    let mut out = serde_json::to_string_pretty(&document).expect("plain data serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn nothing_a_spreadsheet_runs_starts_a_cell() {
        for (text, expected) in [
            ("=1+1", "'=1+1"),
            ("\t=cmd", "'\t=cmd"),
            ("\r=cmd", "\"'\r=cmd\""),
            ("＝HYPERLINK(1)", "'＝HYPERLINK(1)"),
            ("＋1", "'＋1"),
            ("－1", "'－1"),
            ("＠SUM", "'＠SUM"),
            ("-5", "-5"),
            ("Ann", "Ann"),
            ("a,b", "\"a,b\""),
        ] {
            assert_eq!(cell(text), expected, "{text:?}");
        }
    }
}
