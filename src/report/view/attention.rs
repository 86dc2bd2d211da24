//! What needs doing: today's findings said of their people, ranked, and
//! what the next fortnight adds if nothing changes ([`check::coming_up`]).

use super::Builder;
use crate::check::{self, Diagnostic, Findings, Level};
use crate::report::escape::code_spans;
use crate::report::pages::{ActionItem, Attention};

/// Items listed in each list on the overview; the rest are counted (an
/// organisation of thousands has thousands).
const LISTED: usize = 50;

/// The findings a check [`check::COMING_DAYS`] ahead adds.
pub(super) struct Coming<'a> {
    /// [`check::ahead`], which the project keeps.
    ahead: &'a Findings,
    /// Which of its findings are new ([`check::coming_up`]), in path order.
    picked: Vec<usize>,
}

impl<'a> Coming<'a> {
    pub(super) fn of(builder: &Builder<'a>) -> Coming<'a> {
        let ahead = builder.project.ahead();
        let picked = check::coming_up(&ahead.diagnostics, &builder.findings.diagnostics);
        Coming { ahead, picked }
    }

    /// The day it looks to.
    pub(super) fn day(&self) -> jiff::civil::Date {
        self.ahead.as_of
    }

    /// Every coming finding.
    pub(super) fn all(&self) -> impl Iterator<Item = &Diagnostic> + Clone {
        self.picked.iter().map(|&i| &self.ahead.diagnostics[i])
    }

    /// The coming findings of the file at `path` (findings are in path
    /// order, so they are found by halving).
    pub(super) fn of_path<'c>(
        &'c self,
        path: &str,
    ) -> impl Iterator<Item = &'c Diagnostic> + Clone {
        let found = &self.ahead.diagnostics;
        let start = self
            .picked
            .partition_point(|&i| found[i].path.as_str() < path);
        let end = self
            .picked
            .partition_point(|&i| found[i].path.as_str() <= path);
        self.picked[start..end].iter().map(move |&i| &found[i])
    }
}

impl Builder<'_> {
    /// The overview's attention section.
    pub(super) fn attention(&self) -> Attention {
        let coming = self.coming();
        self.attention_from(self.findings.diagnostics.iter(), coming.all())
    }

    /// The attention section of the files at `paths` alone.
    pub(super) fn attention_of(&self, paths: &[&str]) -> Attention {
        let coming = self.coming();
        let now = paths
            .iter()
            .flat_map(|p| self.by_path.get(p).map_or(&[][..], Vec::as_slice))
            .copied();
        self.attention_from(now, paths.iter().flat_map(|p| coming.of_path(p)))
    }

    fn attention_from<'d>(
        &self,
        now: impl Iterator<Item = &'d Diagnostic> + Clone,
        soon: impl Iterator<Item = &'d Diagnostic> + Clone,
    ) -> Attention {
        let coming = self.coming();
        let (now, now_more) = self.ranked(now);
        let (soon, coming_more) = self.ranked(soon);
        Attention {
            now,
            now_more,
            coming: soon,
            coming_more,
            coming_days: check::COMING_DAYS,
            coming_by: coming.day().to_string(),
        }
    }

    /// The first [`LISTED`] findings as items: errors, then warnings, then
    /// notes, each level in file order (as findings come); and how many are
    /// left out. Only the listed ones are looked up: an organisation has
    /// thousands of findings, and watch does this on every save.
    fn ranked<'d>(
        &self,
        diagnostics: impl Iterator<Item = &'d Diagnostic> + Clone,
    ) -> (Vec<ActionItem>, usize) {
        let total = diagnostics.clone().count();
        let ranked: Vec<(&Diagnostic, Option<usize>)> = [Level::Error, Level::Warning, Level::Note]
            .into_iter()
            .flat_map(|level| diagnostics.clone().filter(move |d| d.level == level))
            .take(LISTED)
            .map(|d| (d, self.team.member_at(&d.path)))
            .collect();
        let more = total - ranked.len();
        let items = ranked
            .into_iter()
            .map(|(d, member)| ActionItem {
                level: d.level.as_str(),
                person: member.map(|i| self.person(&self.team.members[i].id)),
                path: d.path.clone(),
                message_html: code_spans(&d.message),
                fix_html: code_spans(&sentence(d.rule.fix)),
            })
            .collect();
        (items, more)
    }
}

/// `text` with a capital first letter.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
