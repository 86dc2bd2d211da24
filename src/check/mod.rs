//! Checking a loaded team: the rules, the findings they produce, and the
//! renderers that print them.

mod diagnostic;
mod findings;
pub mod render;
pub mod rules;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU8, Ordering};

use jiff::civil::Date;
use rayon::prelude::*;

pub use crate::level::Level;
pub use diagnostic::{Diagnostic, Edit, Fix};
pub use findings::{Findings, difference};
pub use rules::{Rule, find_rule};

use crate::config::{Config, PrivateSettings, Thresholds};
use crate::depends::{Shared, SharedSet};
use crate::model::alignment::is_vision;
use crate::model::{Alignment, Member, Record, Team, Vision};
use crate::printable::printable_owned;
use crate::source::Span;

/// What a rule sees: the team, the thresholds and the as-of date. What a
/// per-file rule reads of other files it reads through here, which records
/// it ([`Shared`]): debug builds hold each rule to the [`Rule::shared`] it
/// declares, which decides what an edit checks again.
pub struct Context<'a> {
    /// The loaded team.
    team: &'a Team,
    /// Every member id, for reference checks.
    ids: &'a HashSet<&'a str>,
    /// Every vision and outcome, for resolving outcome ids.
    visions: &'a Alignment<'a>,
    /// Configured thresholds.
    pub thresholds: &'a Thresholds,
    /// `[private]`: the recipients of every sealed entry.
    pub private: &'a PrivateSettings,
    /// The members with `keys:`.
    keyed: &'a HashSet<&'a str>,
    /// The day the check is made for.
    pub as_of: Date,
    /// When re-checking after an edit, the files per-file rules look at,
    /// and the members among them (by index, in team order).
    scope: Option<(&'a HashSet<String>, &'a [usize])>,
    /// What the rule read of other files.
    read: AtomicU8,
}

impl<'a> Context<'a> {
    fn reads(&self, fact: Shared) {
        self.read
            .fetch_or(SharedSet::of(&[fact]).bits(), Ordering::Relaxed);
    }

    /// What the rule read of other files so far.
    fn read(&self) -> SharedSet {
        SharedSet::from_bits(self.read.load(Ordering::Relaxed))
    }

    /// The whole team, for team-wide rules (which run after every edit).
    pub fn team(&self) -> &'a Team {
        self.reads_everything();
        self.team
    }

    /// A per-file rule reads everything when it reads the whole team.
    fn reads_everything(&self) {
        for fact in Shared::ALL {
            self.reads(fact);
        }
    }

    /// Every vision and outcome, for resolving outcome ids.
    pub fn visions(&self) -> &'a Alignment<'a> {
        self.reads(Shared::Visions);
        self.visions
    }

    /// Every growth framework.
    pub fn frameworks(&self) -> &'a [crate::model::Framework] {
        self.reads(Shared::Frameworks);
        &self.team.frameworks
    }

    /// Frameworks in scope (every one, or those of the files re-checked).
    pub fn frameworks_in_scope(&self) -> impl Iterator<Item = &'a crate::model::Framework> {
        (self.team.frameworks.iter()).filter(|f| self.in_scope(&f.record))
    }

    /// The framework `member` progresses in.
    pub fn framework_of<'m>(
        &self,
        member: &'m Member,
    ) -> Result<&'m crate::model::Framework, crate::model::NoFramework<'m>>
    where
        'a: 'm,
    {
        self.reads(Shared::Frameworks);
        self.team.framework_of(member)
    }

    /// When entries were first committed, when the team is in a
    /// repository and its history was read.
    pub fn committed(&self) -> Option<&'a crate::model::Committed> {
        self.reads(Shared::History);
        self.team.committed.as_deref()
    }

    /// The member with this id (the first file when ids clash).
    pub fn member(&self, id: &str) -> Option<&'a Member> {
        self.reads(Shared::Roster);
        self.reads(Shared::Names);
        self.team.members.iter().map(|m| &**m).find(|m| m.id == id)
    }

    /// Every member, for what a file says of others.
    pub fn all_members(&self) -> impl Iterator<Item = &'a Member> {
        self.reads(Shared::Roster);
        self.reads(Shared::Names);
        self.team.members.iter().map(|m| &**m)
    }

    /// The team's root vision.
    pub fn root_vision(&self) -> Option<&'a Vision> {
        self.reads(Shared::Visions);
        self.team.vision.as_ref()
    }

    /// Every member id.
    pub fn ids(&self) -> impl Iterator<Item = &'a str> {
        self.reads(Shared::Roster);
        self.team.members.iter().map(|m| m.id.as_str())
    }

    /// Folders that could not be read, with why.
    pub fn unreadable_folders(&self) -> impl Iterator<Item = &'a (String, String)> {
        (self.team.unreadable.iter()).filter(|(path, _)| self.covers(path))
    }

    /// Members in scope (every member, or those of the files re-checked).
    pub fn members_in_scope(&self) -> impl Iterator<Item = &Member> {
        let members = &self.team.members;
        match self.scope {
            None => rayon::iter::Either::Left(members.iter().map(|m| &**m)),
            Some((_, indices)) => rayon::iter::Either::Right(indices.iter().map(|&i| &*members[i])),
        }
    }

    /// Members in scope whose front matter could be read.
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members_in_scope()
            .filter(|m| !m.record.front_matter_failed())
    }

    /// Whether a per-file rule should look at `record`.
    pub fn in_scope(&self, record: &Record) -> bool {
        self.covers(&record.source.path)
    }

    /// Whether a per-file rule should look at the file or folder `path`.
    pub fn covers(&self, path: &str) -> bool {
        self.scope.is_none_or(|(files, _)| files.contains(path))
    }

    /// Members cadence rules apply to: readable and `status: active`.
    pub fn active_members(&self) -> impl Iterator<Item = &Member> {
        self.members().filter(|m| m.is_active())
    }

    /// Whether a member file has this id.
    pub fn is_member(&self, id: &str) -> bool {
        self.reads(Shared::Roster);
        self.ids.contains(id)
    }

    /// Whether the member `id` has public keys to seal to.
    pub fn has_keys(&self, id: &str) -> bool {
        self.reads(Shared::Keys);
        self.keyed.contains(id)
    }

    /// Whether the team seals private entries: a member has keys, or
    /// `[private] recipients` are set.
    pub fn seals(&self) -> bool {
        self.reads(Shared::Keys);
        !self.keyed.is_empty() || !self.private.recipients.is_empty()
    }

    /// Visions in scope (every one, or those of the files re-checked).
    pub fn visions_in_scope(&self) -> impl Iterator<Item = &'a Vision> {
        self.team.visions().filter(|v| self.in_scope(&v.record))
    }

    /// Days from `date` to as-of.
    pub fn days_since(&self, date: Date) -> i64 {
        crate::date::days_between(date, self.as_of)
    }
}

/// The level `rule` runs at under `config`, or `None` when it is off.
pub fn level(config: &Config, rule: &Rule) -> Option<Level> {
    config.configured_level(rule.id).unwrap_or(Some(rule.level))
}

/// Check that every rule the configuration's `[rules]` names exists.
pub fn validate(config: &Config) -> anyhow::Result<()> {
    for id in config.rule_ids() {
        if find_rule(id).is_none() {
            let error = anyhow::anyhow!(
                "unknown rule `{id}` in [rules]{}; `mastery rules` lists them",
                rules::unknown_rule_hint(id)
            );
            return Err(match &config.path {
                Some(path) => error.context(format!("invalid configuration `{}`", path.display())),
                None => error,
            });
        }
    }
    Ok(())
}

/// Collects the findings of one rule.
pub struct Emitter<'a> {
    rule: &'static Rule,
    level: Level,
    /// The day checked for, and the last day "coming up" looks to.
    as_of: Date,
    until: Date,
    out: &'a mut Vec<Diagnostic>,
    coming: &'a mut Vec<Diagnostic>,
}

impl Emitter<'_> {
    /// Report a finding at `span` in `record`.
    pub fn at(
        &mut self,
        record: &Record,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = self.diagnostic(record, span, message.into());
        self.out.push(diagnostic);
        self.out.last_mut().expect("just pushed")
    }

    /// Report a finding at `span` in `record` that holds from the day
    /// `from` on, worded by `message` for a given day: a finding today when
    /// `from` is at or before the as-of date; within [`COMING_DAYS`] after
    /// it, a coming one ([`Findings::coming`]), worded as that day will read
    /// it; else nothing.
    pub fn from_day(
        &mut self,
        from: Date,
        record: &Record,
        span: Span,
        message: impl FnOnce(Date) -> String,
    ) -> Option<&mut Diagnostic> {
        if from <= self.as_of {
            return Some(self.at(record, span, message(self.as_of)));
        }
        if from > self.until {
            return None;
        }
        let mut diagnostic = self.diagnostic(record, span, message(from));
        diagnostic.due = Some(from);
        self.coming.push(diagnostic);
        self.coming.last_mut()
    }

    fn diagnostic(&self, record: &Record, span: Span, message: String) -> Diagnostic {
        let source = &record.source;
        Diagnostic {
            rule: self.rule,
            level: self.level,
            path: source.path.clone(),
            span: Some(span),
            position: Some(source.position(span.start)),
            message: printable_owned(message),
            help: None,
            due: None,
            fix: None,
        }
    }

    /// Report a finding that has no position in any file.
    pub fn nowhere(&mut self, path: &str, message: impl Into<String>) {
        self.out.push(Diagnostic {
            rule: self.rule,
            level: self.level,
            path: path.to_owned(),
            span: None,
            position: None,
            message: printable_owned(message.into()),
            help: None,
            due: None,
            fix: None,
        });
    }
}

/// Run every rule that the configuration does not switch off.
pub fn check(team: &Team, config: &Config, as_of: Date) -> Findings {
    findings(team, as_of, run(team, config, as_of, None, None))
}

/// Add to `findings` those of `rule` alone, run again: for a rule that
/// reads what a command adds to the team after checking it (the team
/// compared with, for `reader-change`).
pub fn add_rule(findings: &mut Findings, team: &Team, config: &Config, rule: &'static Rule) {
    let found = run(team, config, findings.as_of, None, Some(rule));
    findings.diagnostics.retain(|d| d.rule != rule);
    findings.diagnostics.extend(found.diagnostics);
    findings.diagnostics.sort_by(order);
}

/// [`check`] after only the record files in `changed` were edited, reusing
/// `previous` for the others: per-file rules look at the changed files
/// only; team-wide rules run as usual. The result equals a full check as
/// long as nothing per-file rules read of other files changed
/// ([`reads_any`]), nor the configuration or the as-of date: the caller
/// checks that (and checks in full otherwise).
pub fn recheck(
    team: &Team,
    config: &Config,
    as_of: Date,
    previous: Findings,
    changed: &HashSet<String>,
) -> Rechecked {
    let fresh = run(team, config, as_of, Some(changed), None);
    let redone = |d: &Diagnostic| changed.contains(&d.path) || d.rule.team_wide;
    let (replaced, mut diagnostics): (Vec<Diagnostic>, Vec<Diagnostic>) =
        previous.diagnostics.into_iter().partition(redone);
    let (coming_replaced, mut coming): (Vec<Diagnostic>, Vec<Diagnostic>) =
        previous.coming.into_iter().partition(redone);
    let (came, went) = difference(&coming_replaced, &fresh.coming);
    let (mut new, mut resolved) = difference(&replaced, &fresh.diagnostics);
    // In the order of the findings, as a whole comparison gives them.
    new.sort_by(order);
    resolved.sort_by(order);
    diagnostics.extend(fresh.diagnostics);
    coming.extend(fresh.coming);
    Rechecked {
        findings: findings(
            team,
            as_of,
            Found {
                diagnostics,
                coming,
            },
        ),
        new,
        resolved,
        came,
        went,
    }
}

/// Whether a per-file rule `config` switches on reads one of `facts` of
/// other files: then an edit that changed them checks every file again.
pub fn reads_any(config: &Config, facts: SharedSet) -> bool {
    (rules::ALL.iter())
        .filter(|rule| !rule.team_wide && level(config, rule).is_some())
        .any(|rule| SharedSet::of(rule.shared).meets(facts))
}

/// What [`recheck`] found, and how it differs from before.
#[derive(Debug)]
pub struct Rechecked {
    /// Every finding, as [`check`] would give.
    pub findings: Findings,
    /// Findings that were not there before.
    pub new: Vec<Diagnostic>,
    /// Findings that went away.
    pub resolved: Vec<Diagnostic>,
    /// Coming findings that were not there before.
    pub came: Vec<Diagnostic>,
    /// Coming findings that went away.
    pub went: Vec<Diagnostic>,
}

/// Days ahead that "coming up" looks.
pub const COMING_DAYS: i64 = 14;

/// The last day "coming up" looks to: [`COMING_DAYS`] after `as_of`.
pub fn coming_until(as_of: Date) -> Date {
    as_of
        .checked_add(jiff::Span::new().days(COMING_DAYS))
        .unwrap_or(as_of)
}

/// Today's findings and the coming ones, unsorted.
struct Found {
    diagnostics: Vec<Diagnostic>,
    coming: Vec<Diagnostic>,
}

/// The findings of every rule switched on (or of `only`); per-file rules
/// only for the files in `scope`, when given.
fn run(
    team: &Team,
    config: &Config,
    as_of: Date,
    scope: Option<&HashSet<String>>,
    only: Option<&'static Rule>,
) -> Found {
    let ids = team.members.iter().map(|m| m.id.as_str()).collect();
    let keyed = (team.members.iter())
        .filter(|m| !m.keys.items.is_empty())
        .map(|m| m.id.as_str())
        .collect();
    let visions = Alignment::new(team);
    let scoped_members: Vec<usize> = scope.map_or_else(Vec::new, |files| {
        let mut indices: Vec<usize> = files.iter().filter_map(|p| team.member_at(p)).collect();
        indices.sort_unstable();
        indices
    });
    let scope = scope.map(|files| (files, scoped_members.as_slice()));
    let context = |scope| Context {
        team,
        ids: &ids,
        visions: &visions,
        thresholds: &config.thresholds,
        private: &config.private,
        keyed: &keyed,
        as_of,
        scope,
        read: AtomicU8::new(0),
    };
    // Rules are independent; run them side by side.
    let (mut diagnostics, mut coming): (Vec<Diagnostic>, Vec<Diagnostic>) = rules::ALL
        .par_iter()
        .filter(|rule| only.is_none_or(|only| only == *rule))
        .flat_map_iter(|rule| {
            let (mut found, mut coming) = (Vec::new(), Vec::new());
            if let Some(level) = level(config, rule) {
                let mut emitter = Emitter {
                    rule,
                    level,
                    as_of,
                    until: coming_until(as_of),
                    out: &mut found,
                    coming: &mut coming,
                };
                let cx = context(if rule.team_wide { None } else { scope });
                (rule.check)(&cx, &mut emitter);
                let undeclared: Vec<Shared> =
                    cx.read().beyond(SharedSet::of(rule.shared)).collect();
                debug_assert!(
                    rule.team_wide || undeclared.is_empty(),
                    "rule `{}` reads {undeclared:?} of other files without saying so in `shared`",
                    rule.id
                );
                // A per-file rule's findings belong to the files it looked at.
                if let Some((files, _)) = cx.scope {
                    found.retain(|d| files.contains(&d.path));
                    coming.retain(|d| files.contains(&d.path));
                }
            }
            let coming = coming.into_iter().map(rayon::iter::Either::Right);
            found
                .into_iter()
                .map(rayon::iter::Either::Left)
                .chain(coming)
        })
        .partition_map(|either| either);

    // The allows that silence nothing, from every finding before the
    // allows are applied (`unused-allow`).
    let unused = rules::find_rule(rules::unused_allow::RULE.id).expect("a rule");
    if let Some(level) = level(config, unused).filter(|_| only.is_none()) {
        let found: Vec<&Diagnostic> = diagnostics.iter().chain(&coming).collect();
        let mut flagged = Vec::new();
        let mut emitter = Emitter {
            rule: unused,
            level,
            as_of,
            until: coming_until(as_of),
            out: &mut flagged,
            coming: &mut Vec::new(),
        };
        let scoped = context(scope);
        rules::unused_allow::unused(scoped.members(), &found, config, &mut emitter);
        diagnostics.extend(flagged);
    }

    // Per-file switches: `allow:` in a member file, and a file whose front
    // matter failed keeps only that finding.
    let kept = |d: &Diagnostic| {
        let keep_only_front_matter = match team.member_at(&d.path) {
            Some(i) => {
                let member = &team.members[i];
                if member.allow.iter().any(|a| a.value == d.rule.id) {
                    return false;
                }
                let line = d.position.map(|p| p.line);
                let inline = &member.inline_allows;
                if line.is_some_and(|line| inline.iter().any(|a| a.silences(d.rule.id, line))) {
                    return false;
                }
                member.record.front_matter_failed()
            }
            None if is_vision(&d.path) => team
                .vision_at(&d.path)
                .is_some_and(|v| v.record.front_matter_failed()),
            None => false,
        };
        !keep_only_front_matter || d.rule.id == rules::invalid_front_matter::RULE.id
    };
    diagnostics.retain(kept);
    coming.retain(kept);
    // A fix inside a private entry tells its author or words: outputs
    // show neither its title nor its edits.
    for diagnostic in &mut diagnostics {
        let Some(fix) = diagnostic.fix.as_mut() else {
            continue;
        };
        if let Some(i) = team.member_at(&diagnostic.path) {
            let member = &team.members[i];
            fix.private = fix.edits.iter().any(|e| member.is_private_at(e.span.start));
        }
    }
    Found {
        diagnostics,
        coming,
    }
}

/// The order findings are listed in: by path, line, column and rule.
fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.path, a.position, a.rule.id).cmp(&(&b.path, b.position, b.rule.id))
}

fn findings(team: &Team, as_of: Date, found: Found) -> Findings {
    let Found {
        mut diagnostics,
        mut coming,
    } = found;
    diagnostics.sort_by(order);
    coming.sort_by(order);
    Findings {
        as_of,
        diagnostics,
        coming,
        files: team.files(),
        members: team.members.len(),
    }
}

#[cfg(test)]
mod tests;
