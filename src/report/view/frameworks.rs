//! Growth frameworks in the report (docs/frameworks.md): each framework's
//! page (its criteria level by level, and how many people show evidence at
//! each level of each topic), and a member's place in theirs.

use std::collections::HashMap;

use super::Builder;
use crate::model::{Criterion, Evidence, Framework, Member, Topic};
use crate::report::pages::{
    CriterionView, EvidenceView, FrameworkPage, FrameworkTopic, MemberFramework, PageLink,
    TopicLevelView, TopicProgress,
};
use crate::report::{markdown, names};

impl Builder<'_> {
    /// A link to each framework's page, for the overview.
    pub(super) fn framework_links(&self) -> Vec<PageLink> {
        (self.team.frameworks.iter().enumerate())
            .map(|(i, f)| PageLink {
                name: f.title().to_owned(),
                href: self.framework_href(i),
            })
            .collect()
    }

    /// The page of the framework at `index` in the team.
    pub fn framework_page(&self, index: usize) -> FrameworkPage {
        let framework = &self.team.frameworks[index];
        let most = levels(framework);
        // The members progressing in it.
        let people: Vec<&Member> = (self.team.members.iter())
            .map(|m| &**m)
            .filter(|m| m.level.is_some() || !m.evidence.items.is_empty())
            .filter(|m| (self.team.framework_of(m)).is_ok_and(|f| std::ptr::eq(f, framework)))
            .collect();
        // How many of them show evidence at each (topic, level), in one pass
        // over their evidence: watch renders this page on every save.
        let mut showing: HashMap<(&str, u32), usize> = HashMap::new();
        for member in &people {
            let mut shown: Vec<(&str, u32)> = (member.evidence.items.iter())
                .filter_map(|e| Some((e.topic.as_ref()?.value.as_str(), e.level.as_ref()?.value)))
                .collect();
            shown.sort_unstable();
            shown.dedup();
            for at in shown {
                *showing.entry(at).or_default() += 1;
            }
        }
        let topics = (framework.topics.items.iter())
            .filter_map(|topic| {
                let name = topic.name.as_ref()?.value.clone();
                let levels = (1..=most)
                    .map(|level| TopicLevelView {
                        level,
                        criteria: (topic.criteria(Some(level)).into_iter())
                            .map(str::to_owned)
                            .collect(),
                        people: showing.get(&(name.as_str(), level)).copied().unwrap_or(0),
                    })
                    .collect();
                Some(FrameworkTopic {
                    title: topic.title().to_owned(),
                    name,
                    levels,
                })
            })
            .collect();
        FrameworkPage {
            header: self.header.clone(),
            id: framework.id.clone(),
            title: framework.title().to_owned(),
            path: framework.record.source.path.clone(),
            levels: (1..=most).collect(),
            topics,
            people: people.len(),
            notes: markdown::to_html(markdown::without_title(framework.record.body(), "Notes"), 3),
        }
    }

    /// A member's place in their framework, when they have one.
    pub(super) fn member_framework(&self, member: &Member) -> Option<MemberFramework> {
        let framework = self.team.framework_of(member).ok()?;
        if member.level.is_none() && member.evidence.items.is_empty() {
            return None;
        }
        let index = self
            .team
            .frameworks
            .iter()
            .position(|f| std::ptr::eq(f, framework))?;
        let level = member.level.as_ref().map(|l| l.value);
        let most = levels(framework);
        // The criterion each entry names, worked out once per entry, as the
        // framework's own topic and text, and kept by their addresses: every
        // criterion at the level and above then finds its entries at once.
        type Place = (*const Topic, u32, *const str);
        let mut named: std::collections::HashMap<Place, Vec<&Evidence>> =
            std::collections::HashMap::new();
        for e in &member.evidence.items {
            let Some(topic) = e.topic.as_ref().and_then(|t| framework.topic(&t.value)) else {
                continue;
            };
            let Some(at) = e.level.as_ref().map(|l| l.value) else {
                continue;
            };
            if let Some(text) = names(topic, e, at) {
                named.entry((topic, at, text)).or_default().push(e);
            }
        }
        let named = &named;
        let topics = (framework.topics.items.iter())
            .filter_map(|topic| {
                topic.name.as_ref()?;
                let criteria = (level.unwrap_or(1)..=most)
                    .flat_map(|at| {
                        (topic.criteria(Some(at)).into_iter()).map(move |text| (at, text))
                    })
                    .map(|(at, text)| {
                        let place: Place = (topic, at, text);
                        let mut evidence = named.get(&place).cloned().unwrap_or_default();
                        evidence
                            .sort_by_key(|e| std::cmp::Reverse(e.date.as_ref().map(|d| d.value)));
                        CriterionView {
                            level: at,
                            text: text.to_owned(),
                            evidence: evidence.into_iter().map(evidence_view).collect(),
                        }
                    })
                    .collect();
                Some(TopicProgress {
                    title: topic.title().to_owned(),
                    criteria,
                })
            })
            .collect();
        Some(MemberFramework {
            href: (!self.standalone).then(|| self.framework_href(index)),
            title: framework.title().to_owned(),
            level,
            levels: most,
            topics,
        })
    }

    fn framework_href(&self, index: usize) -> String {
        names::framework_page(&crate::url::encode_segment(&self.framework_stems[index]))
    }
}

/// The framework's number of levels, at most 100 (the report lists them).
fn levels(framework: &Framework) -> u32 {
    framework.levels().min(100)
}

/// The criterion of `topic` at `level` the entry names, when exactly one.
fn names<'t>(topic: &'t Topic, entry: &Evidence, level: u32) -> Option<&'t str> {
    match topic.criterion(Some(level), &entry.criterion.as_ref()?.value) {
        Criterion::One(one) => Some(one),
        _ => None,
    }
}

fn evidence_view(entry: &Evidence) -> EvidenceView {
    let web = |link: &str| {
        let lower = link.trim().to_ascii_lowercase();
        let safe = (lower.starts_with("https://") || lower.starts_with("http://"))
            && !link
                .trim()
                .chars()
                .any(|c| c.is_whitespace() || c.is_control());
        safe.then(|| link.trim().to_owned())
    };
    EvidenceView {
        date: entry.date.as_ref().map(|d| d.value.to_string()),
        note: entry.note.as_ref().map(|n| n.value.clone()),
        link: entry.link.as_ref().and_then(|l| web(&l.value)),
    }
}
