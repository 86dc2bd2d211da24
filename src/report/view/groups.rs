//! Sub-teams: their rows on the overview and, above [`super::SPLIT_ABOVE`]
//! members, a page each.

use super::Builder;
use super::Facts;
use super::overview::summarise;
use crate::report::elements::{ELEMENTS, State};
use crate::report::pages::{GroupPage, GroupView, MemberRow, PageLink};

impl<'a> Builder<'a> {
    /// A sub-team with a row per member or, given the `facts` of the whole
    /// team, only its summary.
    pub(super) fn group_view(
        &self,
        name: &str,
        stem: &str,
        members: &[usize],
        facts: Option<&[Facts]>,
    ) -> GroupView {
        let (summary, rows) = match facts {
            Some(facts) => (
                summarise(members.iter().map(|&i| facts[i].states)),
                Vec::new(),
            ),
            None => {
                let mut rows: Vec<MemberRow> = members.iter().map(|&i| self.row(i)).collect();
                if self.split() {
                    attention_first(&mut rows);
                }
                let states = rows
                    .iter()
                    .map(|r| std::array::from_fn(|e| r.cells[e].state));
                (summarise(states), rows)
            }
        };
        let with_rows = facts.is_none();
        let folder = members
            .first()
            .map_or("", |&i| self.team.members[i].folder());
        GroupView {
            vision: self.sub_vision(folder),
            name: name.to_owned(),
            href: (self.split() && !with_rows).then(|| href(stem)),
            summary,
            size: members.len(),
            members: rows,
        }
    }

    /// A link to the page of the sub-team of the member at `index`.
    pub(super) fn sub_team_of(&self, index: usize) -> Option<PageLink> {
        let (name, stem, _) = self
            .grouped()
            .iter()
            .find(|(_, _, members)| members.binary_search(&index).is_ok())?;
        Some(PageLink {
            name: name.clone(),
            href: href(stem),
        })
    }

    /// The page of the sub-team at `index` (of [`Builder::grouped`]).
    pub fn group_page(&self, index: usize) -> GroupPage {
        let (name, stem, members) = &self.grouped()[index];
        let paths: Vec<&str> = members
            .iter()
            .map(|&i| self.team.members[i].record.source.path.as_str())
            .collect();
        GroupPage {
            header: self.header.clone(),
            elements: ELEMENTS,
            group: self.group_view(name, stem, members, None),
            managers: self.manager_links(Some(members)),
            attention: self.attention_of(&paths),
            findings: self.finding_groups(paths),
        }
    }
}

/// The link to a sub-team's page ([`crate::report::names::group_page`],
/// its name encoded for a URL).
fn href(stem: &str) -> String {
    format!("teams/{}.html", crate::url::encode_segment(stem))
}

/// Members needing the most attention first (the most cells not OK, then
/// the most findings), the rest in their order: a sub-team page of hundreds
/// opens with who needs something.
pub(super) fn attention_first(rows: &mut [MemberRow]) {
    rows.sort_by_cached_key(|row| {
        let not_ok = row
            .cells
            .iter()
            .filter(|c| matches!(c.state, State::Attention | State::Missing))
            .count();
        (std::cmp::Reverse(not_ok), std::cmp::Reverse(row.findings))
    });
}
