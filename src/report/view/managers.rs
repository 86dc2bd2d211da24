//! A page per manager: the matrix of their direct reports, what needs
//! doing for them and what comes up next. Managers think in reports, not
//! in folders.

use std::collections::{BTreeMap, BTreeSet};

use super::Builder;
use crate::report::elements::ELEMENTS;
use crate::report::names;
use crate::report::pages::{GroupView, ManagerPage, PageLink};
use crate::words::plural;

impl Builder<'_> {
    /// Direct reports by manager (member indices, in team order): every
    /// member whose `manager` is another member of the team.
    pub(super) fn reports(&self) -> &BTreeMap<usize, Vec<usize>> {
        self.reports.get_or_init(|| {
            let mut reports: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for (i, member) in self.team.members.iter().enumerate() {
                let manager = member
                    .manager
                    .as_ref()
                    .and_then(|m| self.by_id.get(m.value.as_str()));
                if let Some(&manager) = manager.filter(|&&m| m != i) {
                    reports.entry(manager).or_default().push(i);
                }
            }
            reports
        })
    }

    /// The link to the page of the manager at `index` ("3 direct
    /// reports"), when they have reports.
    pub(super) fn reports_link(&self, index: usize) -> Option<PageLink> {
        let reports = self.reports().get(&index)?;
        Some(PageLink {
            name: plural(reports.len() as i64, "direct report"),
            href: format!(
                "managers/{}.html",
                crate::url::encode_segment(&self.stems[index])
            ),
        })
    }

    /// The page links of the managers of `members` (every manager when
    /// `None`), by manager name.
    pub(super) fn manager_links(&self, members: Option<&[usize]>) -> Vec<PageLink> {
        let managers: BTreeSet<usize> = match members {
            None => self.reports().keys().copied().collect(),
            Some(members) => members
                .iter()
                .filter_map(|&i| {
                    let manager = self.team.members[i].manager.as_ref()?;
                    self.by_id.get(manager.value.as_str()).copied()
                })
                .filter(|i| self.reports().contains_key(i))
                .collect(),
        };
        let mut links: Vec<(&str, PageLink)> = managers
            .into_iter()
            .filter_map(|i| {
                // Names only: a sub-team's page lists managers whose count
                // of reports can change with an edit in another sub-team.
                let name = self.team.members[i].display_name();
                let mut link = self.reports_link(i)?;
                link.name = name.to_owned();
                Some((name, link))
            })
            .collect();
        links.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.href.cmp(&b.1.href)));
        links.into_iter().map(|(_, link)| link).collect()
    }

    /// Where the page of the manager at `index` is written.
    pub(super) fn manager_path(&self, index: usize) -> String {
        names::manager_page(&self.stems[index])
    }

    /// The page of the manager at `index` (a key of [`Builder::reports`]).
    pub fn manager_page(&self, index: usize) -> ManagerPage {
        let reports = self.reports().get(&index).map_or(&[][..], Vec::as_slice);
        let name = self.team.members[index].display_name();
        let paths: Vec<&str> = reports
            .iter()
            .map(|&i| self.team.members[i].record.source.path.as_str())
            .collect();
        let mut rows = reports.iter().map(|&i| self.row(i)).collect::<Vec<_>>();
        super::groups::attention_first(&mut rows);
        let states = rows
            .iter()
            .map(|r| std::array::from_fn(|e| r.cells[e].state));
        ManagerPage {
            header: self.header.clone(),
            elements: ELEMENTS,
            manager: PageLink {
                name: name.to_owned(),
                href: self.href(index),
            },
            group: GroupView {
                vision: None,
                name: format!("{name}'s direct reports"),
                href: None,
                summary: super::overview::summarise(states),
                size: reports.len(),
                members: rows,
            },
            attention: self.attention_of(&paths),
        }
    }
}
