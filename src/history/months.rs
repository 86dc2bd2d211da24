//! The team figures at the end of each past month, for the overview's
//! trend charts: the team as committed on that day, checked as of that day
//! with today's configuration (so the months compare like for like).

use std::sync::Arc;

use jiff::ToSpan as _;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::History;
use crate::check::{Findings, Level};
use crate::load::git::log::last_on;
use crate::load::{Found, GitTree, Repo};
use crate::model::{Alignment, Team};
use crate::project::Project;

/// Months the trend covers, the current one included.
pub const MONTHS: usize = 12;

/// The team figures on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The day: a month's last, or as-of for the current month.
    pub day: Date,
    /// Open objectives that serve only defined outcomes, in percent.
    pub aligned_percent: Option<u32>,
    /// Median days since feedback over active members.
    pub median_feedback_days: Option<i64>,
    /// Active learning goals of active members.
    pub active_goals: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

impl Point {
    /// The figures of a checked team.
    pub fn of(team: &Team, findings: &Findings) -> Point {
        let visions = Alignment::new(team);
        let (open, aligned) = team
            .members
            .iter()
            .map(|m| m.alignment(&visions))
            .fold((0, 0), |(o, a), (mo, ma)| (o + mo, a + ma));
        Point {
            day: findings.as_of,
            aligned_percent: (open > 0).then(|| (aligned * 100 / open) as u32),
            median_feedback_days: team.median_feedback_days(findings.as_of),
            active_goals: team.members.iter().map(|m| m.active_goals()).sum(),
            errors: findings.count(Level::Error),
            warnings: findings.count(Level::Warning),
        }
    }
}

/// The first day of each of the last [`MONTHS`] months, `as_of`'s the
/// last: the months the timelines and the trend charts cover.
pub fn last_months(as_of: Date) -> Vec<Date> {
    let first = as_of.first_of_month();
    (0..MONTHS as i64)
        .rev()
        .filter_map(|back| first.checked_sub(back.months()).ok())
        .collect()
}

impl History {
    /// The figures at the end of each past month the history reaches,
    /// before `current`'s as-of (the report adds the current figures). Each month reads only
    /// the records whose blobs differ from the month before; months already
    /// computed for the same commit and configuration come from the cache.
    pub fn months(&mut self, repo: &Arc<Repo>, current: &Project) -> anyhow::Result<Vec<Point>> {
        let config = &current.config;
        // Within one version of mastery (the cache is per version), the
        // configuration as debug text tells settings apart.
        let fingerprint = format!("{config:?}");
        let mut points = Vec::new();
        let mut earlier: Option<(Project, GitTree)> = None;
        let mut fresh = false;
        let mut past = last_months(current.findings.as_of);
        past.pop(); // the current month's figures are the report's own
        for end in past.into_iter().map(|first| first.last_of_month()) {
            let Some(commit) = last_on(&self.log, end).map(|c| c.id) else {
                continue; // before the first commit
            };
            let key = super::month_key(&commit, end, &fingerprint);
            if let Some(point) = self.kept.points.get(&key) {
                points.push(point.clone());
                continue;
            }
            let tree = GitTree::at(Arc::clone(repo), &commit.to_string(), None)?;
            let reuse = |file: &Found| {
                let (project, before) = earlier.as_ref()?;
                (before.blob_of(file)? == tree.blob_of(file)?)
                    .then(|| project.entry(&file.path))
                    .flatten()
            };
            let Ok((project, _)) =
                Project::open_with(&tree, config.clone(), Some(end), &reuse, None)
            else {
                continue; // the team folder did not exist yet
            };
            let point = Point::of(&project.team, &project.findings);
            self.kept.points.insert(key, point.clone());
            points.push(point);
            fresh = true;
            earlier = Some((project, tree));
        }
        if fresh {
            self.keep(repo);
        }
        Ok(points)
    }
}
