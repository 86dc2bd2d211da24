//! Checking a loaded team: the rules, the findings they produce, and the
//! renderers that print them.

mod diagnostic;
pub mod render;
pub mod rules;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use rayon::prelude::*;

pub use diagnostic::{Diagnostic, Level};
pub use rules::{Rule, find_rule};

use crate::config::{Config, Thresholds};
use crate::model::{Member, Record, Team};
use crate::source::Span;

/// What a rule sees: the team, the thresholds and the as-of date.
pub struct Context<'a> {
    /// The loaded team.
    pub team: &'a Team,
    /// Every member id, for reference checks.
    ids: HashSet<&'a str>,
    /// Configured thresholds.
    pub thresholds: &'a Thresholds,
    /// The day the check is made for.
    pub as_of: Date,
}

impl Context<'_> {
    /// Members whose front matter could be read.
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.team
            .members
            .iter()
            .filter(|m| !m.record.front_matter_failed())
    }

    /// Members cadence rules apply to: readable and `status: active`.
    pub fn active_members(&self) -> impl Iterator<Item = &Member> {
        self.members().filter(|m| m.is_active())
    }

    /// Whether a member file has this id.
    pub fn is_member(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Days from `date` to as-of.
    pub fn days_since(&self, date: Date) -> i64 {
        crate::date::days_between(date, self.as_of)
    }
}

/// "1 day", "5 days".
pub fn days(n: i64) -> String {
    plural(n, "day")
}

/// "1 member", "2 members": a count with its noun.
pub fn plural(n: impl Into<i64>, noun: &str) -> String {
    let n = n.into();
    if n.abs() == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Collects the findings of one rule.
pub struct Emitter<'a> {
    rule: &'static Rule,
    level: Level,
    out: &'a mut Vec<Diagnostic>,
}

impl Emitter<'_> {
    /// Report a finding at `span` in `record`.
    pub fn at(
        &mut self,
        record: &Record,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let source = &record.source;
        let diagnostic = Diagnostic {
            rule: self.rule.id,
            level: self.level,
            path: source.path.clone(),
            span: Some(span),
            position: Some(source.position(span.start)),
            message: message.into(),
            help: None,
        };
        self.out.push(diagnostic);
        self.out.last_mut().expect("just pushed")
    }

    /// Report a finding that has no position in any file.
    pub fn nowhere(&mut self, path: &str, message: impl Into<String>) {
        self.out.push(Diagnostic {
            rule: self.rule.id,
            level: self.level,
            path: path.to_owned(),
            span: None,
            position: None,
            message: message.into(),
            help: None,
        });
    }
}

/// The outcome of a check.
#[derive(Debug, Clone)]
pub struct Findings {
    /// The day checked for.
    pub as_of: Date,
    /// Every finding, sorted by path, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Record files read (vision plus members).
    pub files: usize,
    /// Member files read.
    pub members: usize,
}

impl Findings {
    /// Keep only findings in `files` (team-relative paths), and those of
    /// team-wide rules.
    pub fn only_in(&mut self, files: &HashSet<String>) {
        self.diagnostics
            .retain(|d| files.contains(&d.path) || find_rule(d.rule).is_some_and(|r| r.team_wide));
    }

    /// How many findings have this level.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

/// Run every rule that the configuration does not switch off.
pub fn check(team: &Team, config: &Config, as_of: Date) -> Findings {
    let cx = Context {
        team,
        ids: team.members.iter().map(|m| m.id.as_str()).collect(),
        thresholds: &config.thresholds,
        as_of,
    };
    // Rules are independent; run them side by side.
    let mut diagnostics: Vec<Diagnostic> = rules::ALL
        .par_iter()
        .flat_map_iter(|rule| {
            let mut found = Vec::new();
            if let Some(level) = config.level(rule) {
                let mut emitter = Emitter {
                    rule,
                    level,
                    out: &mut found,
                };
                (rule.check)(&cx, &mut emitter);
            }
            found
        })
        .collect();

    // Per-file switches: `allow:` in a member file, and a file whose front
    // matter failed keeps only that finding.
    let mut files: HashMap<&str, &Member> = HashMap::new();
    for member in &team.members {
        files
            .entry(member.record.source.path.as_str())
            .or_insert(member);
    }
    let vision_failed = team
        .vision
        .as_ref()
        .is_some_and(|v| v.record.front_matter_failed());
    diagnostics.retain(|d| {
        let keep_only_front_matter = match files.get(d.path.as_str()) {
            Some(member) => {
                if member.allow.iter().any(|a| a.value == d.rule) {
                    return false;
                }
                member.record.front_matter_failed()
            }
            None => d.path == "vision.md" && vision_failed,
        };
        !keep_only_front_matter || d.rule == rules::invalid_front_matter::RULE.id
    });
    diagnostics.sort_by(|a, b| (&a.path, a.position, a.rule).cmp(&(&b.path, b.position, b.rule)));
    Findings {
        as_of,
        diagnostics,
        files: team.files(),
        members: team.members.len(),
    }
}
