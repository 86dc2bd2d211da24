//! What needs doing: today's findings said of their people, ranked, and
//! what the next fortnight adds if nothing changes ([`check::Findings::coming`]).

use super::Builder;
use crate::check::{self, Diagnostic, Level};
use crate::report::escape::code_spans;
use crate::report::pages::{ActionItem, Attention};

/// Items listed in each list on the overview; the rest are counted (an
/// organisation of thousands has thousands).
const LISTED: usize = 50;

impl Builder<'_> {
    /// The overview's attention section.
    pub(super) fn attention(&self) -> Attention {
        let findings = self.findings;
        self.attention_from(findings.diagnostics.iter(), findings.coming.iter())
    }

    /// The attention section of the files at `paths` alone.
    pub(super) fn attention_of(&self, paths: &[&str]) -> Attention {
        let now = paths
            .iter()
            .flat_map(|p| self.by_path.get(p).map_or(&[][..], Vec::as_slice))
            .copied();
        let coming = paths.iter().flat_map(|p| self.findings.coming_of_path(p));
        self.attention_from(now, coming)
    }

    fn attention_from<'d>(
        &self,
        now: impl Iterator<Item = &'d Diagnostic> + Clone,
        soon: impl Iterator<Item = &'d Diagnostic> + Clone,
    ) -> Attention {
        let (now, now_more) = self.ranked(now);
        let (soon, coming_more) = self.ranked(soon);
        Attention {
            now,
            now_more,
            coming: soon,
            coming_more,
            coming_days: check::COMING_DAYS,
            coming_by: check::coming_until(self.findings.as_of).to_string(),
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
                due: d.due.map(|day| day.to_string()),
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
