//! A member's page.

use jiff::civil::Date;

use super::{Builder, finding_view, texts};
use crate::check::{self, Diagnostic};
use crate::model::{GoalStatus, Member, Spanned};
use crate::report::charts::{Bar, BarChart};
use crate::report::elements;
use crate::report::markdown;
use crate::report::pages::{
    FeedbackView, GoalView, MemberPage, ObjectiveView, OutcomeLink, OwnershipView, SupportView,
};
use crate::words::plural;

impl<'a> Builder<'a> {
    /// The page of the member at `index`, with its file stem.
    pub fn member_page(&self, index: usize) -> MemberPage {
        let member = &self.team.members[index];
        let findings = self.member_findings(member);
        let as_of = self.findings.as_of;
        let date = |d: &Option<Spanned<Date>>| d.as_ref().map(|d| d.value.to_string());
        let text = |t: &Option<Spanned<String>>| t.as_ref().map(|t| t.value.clone());
        let learning: Vec<GoalView> = member
            .learning
            .items
            .iter()
            .map(|g| GoalView {
                goal: g.title().to_owned(),
                kind: g.kind.map(|k| k.as_str()),
                area: text(&g.area),
                status: g.status.as_str(),
                progress: g.progress,
                started: date(&g.started),
                target: date(&g.target),
                updated: date(&g.updated),
                // Only a goal still being worked on ages.
                age: (g.status == GoalStatus::Active)
                    .then(|| g.updated.as_ref().or(g.started.as_ref()))
                    .flatten()
                    .map(|d| {
                        let days = crate::date::days_between(d.value, as_of);
                        let what = if g.updated.is_some() {
                            "update"
                        } else {
                            "start"
                        };
                        format!("{} since the last {what}", plural(days, "day"))
                    }),
            })
            .collect();
        // One goal's bar says no more than its row in the table.
        let learning_chart = if learning.len() < 2 {
            String::new()
        } else {
            BarChart {
                id: "learning-chart",
                title: "Learning goal progress",
                description: "Progress of each learning goal, in percent.",
                bars: learning
                    .iter()
                    .map(|g| Bar {
                        label: g.goal.clone(),
                        value: f64::from(g.progress.unwrap_or(0)),
                        text: match g.progress {
                            Some(p) => format!("{p}% ({})", g.status),
                            None => format!("no progress recorded ({})", g.status),
                        },
                        flagged: false,
                    })
                    .collect(),
                marker: Some((100.0, "100%".to_owned())),
            }
            .to_svg()
        };
        let folder = member.folder();
        MemberPage {
            framework: self.member_framework(member),
            header: self.header.clone(),
            id: member.id.clone(),
            path: member.record.source.path.clone(),
            name: member.display_name().to_owned(),
            role: text(&member.role),
            status: member.status.as_str(),
            joined: date(&member.joined),
            manager: member
                .manager
                .as_ref()
                .map(|m| self.named(member, &m.value)),
            mentor: member.mentor.as_ref().map(|m| self.named(member, &m.value)),
            unreadable: member.record.front_matter_failed(),
            strengths: texts(&member.strengths.items),
            growth_areas: texts(&member.growth_areas.items),
            learning,
            learning_chart,
            ownership: member
                .ownership
                .items
                .iter()
                .map(|o| OwnershipView {
                    area: text(&o.area).unwrap_or_default(),
                    autonomy: o.autonomy.map(|a| a.as_str()),
                    since: date(&o.since),
                })
                .collect(),
            objectives: member
                .objectives
                .items
                .iter()
                .map(|o| ObjectiveView {
                    objective: o.title().to_owned(),
                    outcomes: o
                        .outcomes
                        .iter()
                        .map(|id| match self.alignment.resolve(folder, &id.value) {
                            Some(outcome) => self.outcome_link(outcome),
                            None => OutcomeLink {
                                id: id.value.clone(),
                                title: None,
                                href: None,
                            },
                        })
                        .collect(),
                    due: date(&o.due),
                    status: o.status.as_str(),
                    progress: o.progress,
                })
                .collect(),
            feedback: {
                let mut shown: Vec<FeedbackView> = member
                    .feedback
                    .items
                    .iter()
                    // The one-person page is for that person: no private
                    // entry, not even its date.
                    .filter(|f| !(self.standalone && f.privacy.private))
                    .map(|f| {
                        // A private entry shows its date only, so the
                        // page agrees with the cadence rules.
                        let shown = f.privacy.shown(self.include_private);
                        FeedbackView {
                            date: date(&f.date),
                            from: f
                                .from
                                .as_ref()
                                .filter(|_| shown)
                                .map(|p| self.named(member, &p.value)),
                            kind: f.kind.filter(|_| shown).map(|k| k.as_str()),
                            note: text(&f.note).filter(|_| shown),
                            private: f.privacy.private,
                            sealed: f.privacy.closed(),
                        }
                    })
                    .collect();
                // Newest first, as a timeline reads.
                shown.sort_by(|a, b| b.date.cmp(&a.date));
                shown
            },
            support: member
                .support
                .items
                .iter()
                .filter(|s| !(self.standalone && s.privacy.private))
                .map(|s| SupportView {
                    what: text(&s.what)
                        .filter(|_| s.privacy.shown(self.include_private))
                        .unwrap_or_default(),
                    date: date(&s.date),
                    private: s.privacy.private,
                    sealed: s.privacy.closed(),
                })
                .collect(),
            notes: if member.record.front_matter_failed() {
                String::new()
            } else {
                markdown::to_html(markdown::without_title(member.record.body(), "Notes"), 3)
            },
            cells: {
                let mut cells = elements::cells(member, findings);
                if self.standalone && newest_is_private(member) {
                    // Its state would tell of the private entry.
                    let cell = &mut cells[elements::FEEDBACK];
                    cell.state = crate::report::pages::State::Inactive;
                    cell.label = "Not shown";
                    cell.reason = "it counts private feedback, kept off this page".into();
                }
                cells
            },
            findings: (findings.iter())
                .filter(|d| !self.tells_private(member, d))
                .map(|d| finding_view(d))
                .collect(),
            coming: (self
                .findings
                .coming_of_path(&member.record.source.path)
                .iter())
            .filter(|d| !self.tells_private(member, d))
            .map(finding_view)
            .collect(),
            coming_by: check::coming_until(self.findings.as_of).to_string(),
            sub_team: (self.split() && !self.standalone)
                .then(|| self.sub_team_of(index))
                .flatten(),
            reports: self.reports_link(index).filter(|_| !self.standalone),
            timeline: self.timeline(member).filter(|_| !self.standalone),
            standalone: self.standalone,
        }
    }

    /// Whether the one-person page would give away a private entry by
    /// showing `finding`: one inside the entry, or `missing-feedback`
    /// counting from a private entry's date. The full report, which shows
    /// private entries by their date, keeps them.
    fn tells_private(&self, member: &Member, finding: &Diagnostic) -> bool {
        if !self.standalone {
            return false;
        }
        let inside = finding.span.is_some_and(|s| member.is_private_at(s.start));
        let counted = finding.rule == &crate::check::rules::missing_feedback::RULE;
        inside || (counted && newest_is_private(member))
    }
}

/// Whether the member's newest feedback date is a private entry's.
fn newest_is_private(member: &Member) -> bool {
    let newest = member.last_feedback();
    member.private_entries().any(|e| {
        e.kind == crate::model::EntryKind::Feedback && e.date.is_some() && e.date == newest
    })
}
