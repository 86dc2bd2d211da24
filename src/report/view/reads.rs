//! What each page reads of the team ([`Input`]), and what each member
//! record contributes to the facts pages read of others ([`facts`]): watch
//! renders a page again only when something it read changed
//! ([`crate::depends`]). A new kind of page says here what it reads.
//!
//! Every page reads the root vision (its header names the team); the date
//! and the configuration change every page. Visions are read by the path
//! they would have, there or not (`a/vision.md` for a member in `a/`).

use std::collections::HashMap;
use std::sync::Arc;

use super::{Builder, Planned, people_named};
use crate::depends::{Facts, Input};
use crate::load::Kind;
use crate::model::Member;

impl Builder<'_> {
    /// What `page` reads. A page always reads what decides the rest of
    /// its reads (a member page, the member's record), so reads recorded
    /// when it was rendered hold until one of them changes.
    pub fn reads(&self, page: Planned) -> Vec<Input> {
        // The header names the team from the root vision, there or not.
        let mut reads = vec![Input::Record("vision.md".to_owned())];
        match page {
            Planned::Overview | Planned::SubTeams => reads.push(Input::Everything),
            Planned::Style => reads.clear(),
            Planned::Member(i) => self.member_reads(i, &mut reads),
            Planned::Manager(i) => {
                let manager = &self.team.members[i];
                self.row_reads(i, &mut reads);
                reads.push(Input::Reports(manager.id.clone()));
                let reports = self.reports().get(&i).into_iter().flatten();
                reports.for_each(|&r| self.row_reads(r, &mut reads));
            }
            Planned::Team(g) => {
                let (_, _, members) = &self.grouped()[g];
                let folder = self.team.members[members[0]].folder();
                reads.push(Input::Folder(folder.to_owned()));
                self.visions_of(folder, &mut reads);
                for &m in members {
                    self.row_reads(m, &mut reads);
                    // The sub-team's managers, linked.
                    if let Some(manager) = &self.team.members[m].manager {
                        reads.push(Input::Person(manager.value.clone()));
                        reads.push(Input::Reports(manager.value.clone()));
                    }
                }
            }
            Planned::Outcome(k) => self.outcome_reads(k, &mut reads),
            Planned::Framework(f) => {
                let framework = &self.team.frameworks[f];
                reads.push(Input::Record(framework.record.source.path.clone()));
                // Everyone progressing in it counts.
                reads.push(Input::Any(Kind::Member));
            }
        }
        reads
    }

    /// A member's page: the record, its findings, whom it names, the
    /// outcomes and framework it points at, the member's reports and
    /// sub-team, the history.
    fn member_reads(&self, index: usize, reads: &mut Vec<Input>) {
        let member = &self.team.members[index];
        self.row_reads(index, reads);
        reads.extend(people_named(member).map(|p| Input::Person(p.to_owned())));
        reads.push(Input::Reports(member.id.clone()));
        self.visions_of(member.folder(), reads);
        // Which framework it progresses in (one added later may be the one
        // it names).
        if member.level.is_some() || !member.evidence.items.is_empty() {
            reads.push(Input::Any(Kind::Framework));
        }
        if self.trend.is_some() {
            reads.push(Input::History);
        }
        if self.split() {
            reads.push(Input::Folder(member.folder().to_owned()));
        }
    }

    /// A member as a row of a table: their record, findings and page.
    fn row_reads(&self, index: usize, reads: &mut Vec<Input>) {
        let member = &self.team.members[index];
        let path = &member.record.source.path;
        reads.push(Input::Record(path.clone()));
        reads.push(Input::Findings(path.clone()));
        reads.push(Input::Person(member.id.clone()));
    }

    /// The visions a folder's outcome ids resolve against: the one in each
    /// folder from it up to the root, there or not (one added there
    /// changes what they resolve to).
    fn visions_of(&self, folder: &str, reads: &mut Vec<Input>) {
        let mut folder = Some(folder);
        while let Some(f) = folder {
            let vision = if f.is_empty() {
                "vision.md".to_owned()
            } else {
                format!("{f}/vision.md")
            };
            reads.push(Input::Record(vision));
            folder = (!f.is_empty()).then(|| f.rsplit_once('/').map_or("", |(up, _)| up));
        }
    }

    /// An outcome's page: every vision (the tree it sits in), what serves
    /// it and the outcomes below it (whose coverage rolls up), and the
    /// people it names.
    fn outcome_reads(&self, index: usize, reads: &mut Vec<Input>) {
        reads.push(Input::Any(Kind::Vision));
        let mut work = vec![index];
        while let Some(k) = work.pop() {
            let outcome = self.alignment.outcomes()[k].1;
            reads.push(Input::Serving(self.outcome_id(k).to_owned()));
            if let Some(owner) = &outcome.owner {
                reads.push(Input::Person(owner.value.clone()));
            }
            work.extend_from_slice(self.alignment.children(k));
        }
        for &(m, _, _) in &self.coverage().serving[index] {
            reads.push(Input::Person(self.team.members[m].id.clone()));
        }
    }
}

/// What the members at `paths` (those among `members`, which are in path
/// order) contribute to the facts other pages read: their name, whom they
/// report to, what serves the outcomes they name, which folder holds them.
pub fn facts<'p>(members: &[Arc<Member>], paths: impl IntoIterator<Item = &'p String>) -> Facts {
    let mut facts = Facts::default();
    for path in paths {
        let Ok(i) = members.binary_search_by(|m| m.record.source.path.as_str().cmp(path)) else {
            continue;
        };
        let member = &members[i];
        facts.add(
            Input::Person(member.id.clone()),
            path,
            member.display_name(),
        );
        if let Some(manager) = &member.manager {
            facts.add(Input::Reports(manager.value.clone()), path, ());
        }
        let served = super::outcomes::ServedBy::of(member);
        let named = member.objectives.items.iter().flat_map(|o| &o.outcomes);
        for id in named {
            facts.add(Input::Serving(id.value.clone()), path, &served);
        }
        facts.add(Input::Folder(member.folder().to_owned()), path, ());
    }
    facts
}

/// The names of the pages others link to: members' by file, outcomes' by
/// id, sub-teams' by folder. Ids that clash get suffixed names, so a
/// record coming or going can move another page, and every link to it.
#[derive(Debug, Default)]
pub struct PageNames {
    members: HashMap<String, (String, String)>,
    others: HashMap<(char, String), String>,
}

impl PageNames {
    /// The page names of `project`'s report, its members' given by `stems`.
    pub fn of(project: &crate::project::Project, stems: &[String]) -> Self {
        let site = Builder::new(project, false, stems);
        let team = &site.team;
        let members = (team.members.iter().zip(stems))
            .map(|(m, stem)| (m.record.source.path.clone(), (m.id.clone(), stem.clone())))
            .collect();
        let mut others = HashMap::new();
        for (k, stem) in site.outcome_stems.iter().enumerate() {
            others
                .entry(('o', site.outcome_id(k).to_owned()))
                .or_insert(stem.clone());
        }
        if site.split() {
            for (name, stem, _) in site.grouped() {
                others.insert(('g', name.clone()), stem.clone());
            }
        }
        Self { members, others }
    }

    /// What moving from `self` to `after` changed: the members whose page
    /// moved (as [`Input::Person`]), or [`Input::Everything`] when another
    /// page that links point at moved.
    pub fn moved(&self, after: &PageNames) -> Vec<Input> {
        let other_moved = (self.others.iter())
            .any(|(key, stem)| after.others.get(key).is_some_and(|s| s != stem));
        if other_moved {
            return vec![Input::Everything];
        }
        (self.members.iter())
            .filter_map(|(path, (id, stem))| {
                let (_, now) = after.members.get(path)?;
                (now != stem).then(|| Input::Person(id.clone()))
            })
            .collect()
    }
}
