//! What needs doing: today's findings said of their people, ranked, and
//! what the next fortnight adds if nothing changes ([`check::coming_up`]).

use std::collections::BTreeMap;

use super::Builder;
use crate::check::{self, Diagnostic, Findings};
use crate::report::escape::code_spans;
use crate::report::pages::{ActionItem, Attention};

/// Items listed in each list on the overview; the rest are counted (an
/// organisation of thousands has thousands).
const LISTED: usize = 50;

/// The findings a check [`check::COMING_DAYS`] ahead adds, by file.
pub(super) struct Coming {
    pub(super) findings: Findings,
    by_path: BTreeMap<String, Vec<usize>>,
}

impl Coming {
    pub(super) fn of(builder: &Builder) -> Coming {
        let computed;
        let ahead = match builder.ahead {
            Some(ahead) => ahead,
            None => {
                computed = check::ahead(builder.team, builder.config, builder.findings.as_of);
                &computed
            }
        };
        let findings = check::coming_up(ahead, builder.findings);
        let mut by_path: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, d) in findings.diagnostics.iter().enumerate() {
            by_path.entry(d.path.clone()).or_default().push(i);
        }
        Coming { findings, by_path }
    }

    /// The coming findings of the file at `path`.
    pub(super) fn of_path<'c>(&'c self, path: &str) -> impl Iterator<Item = &'c Diagnostic> {
        let indices = self.by_path.get(path).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&i| &self.findings.diagnostics[i])
    }
}

impl Builder<'_> {
    /// The overview's attention section.
    pub(super) fn attention(&self) -> Attention {
        let coming = self.coming();
        self.attention_from(
            self.findings.diagnostics.iter(),
            coming.findings.diagnostics.iter(),
        )
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
        now: impl Iterator<Item = &'d Diagnostic>,
        soon: impl Iterator<Item = &'d Diagnostic>,
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
            coming_by: coming.findings.as_of.to_string(),
        }
    }

    /// The first [`LISTED`] findings as items, errors first, each level by
    /// person; and how many are left out.
    fn ranked<'d>(
        &self,
        diagnostics: impl Iterator<Item = &'d Diagnostic>,
    ) -> (Vec<ActionItem>, usize) {
        let mut ranked: Vec<(&Diagnostic, Option<usize>)> = diagnostics
            .map(|d| (d, self.team.member_at(&d.path)))
            .collect();
        let name = |m: Option<usize>| m.map(|i| self.team.members[i].display_name());
        let order = |(a, ma): &(&Diagnostic, Option<usize>),
                     (b, mb): &(&Diagnostic, Option<usize>)| {
            (a.level, name(*ma), &a.path).cmp(&(b.level, name(*mb), &b.path))
        };
        let more = ranked.len().saturating_sub(LISTED);
        // Only the first few are shown: pick them, then sort those (an
        // organisation has tens of thousands of findings; watch does this
        // on every save).
        if more > 0 {
            ranked.select_nth_unstable_by(LISTED, order);
            ranked.truncate(LISTED);
        }
        ranked.sort_by(order);
        let items = ranked
            .into_iter()
            .take(LISTED)
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
