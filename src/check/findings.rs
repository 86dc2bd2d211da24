//! The outcome of a check, and how two are compared (watch's "new" and
//! "resolved", `diff`'s findings).

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::civil::Date;

use super::{Diagnostic, Level};

/// The outcome of a check.
#[derive(Debug, Clone)]
pub struct Findings {
    /// The day checked for.
    pub as_of: Date,
    /// Every finding, sorted by path, line, column and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// What becomes a finding within [`super::COMING_DAYS`] if nothing changes
    /// (feedback falling due, goals going stale, targets and due dates
    /// passing), each with the day it comes, in the same order.
    pub coming: Vec<Diagnostic>,
    /// Record files read (every vision and member).
    pub files: usize,
    /// Member files read.
    pub members: usize,
}

impl Findings {
    /// No findings, for no files.
    pub fn empty(as_of: Date) -> Self {
        Self {
            as_of,
            diagnostics: Vec::new(),
            coming: Vec::new(),
            files: 0,
            members: 0,
        }
    }

    /// Keep only findings in `files` (team-relative paths), and those of
    /// team-wide rules; returns how many were left out.
    pub fn only_in(&mut self, files: &HashSet<String>) -> usize {
        let before = self.diagnostics.len();
        let keep = |d: &Diagnostic| files.contains(&d.path) || d.rule.team_wide;
        self.diagnostics.retain(keep);
        self.coming.retain(keep);
        before - self.diagnostics.len()
    }

    /// The findings of the file at `path` (findings are in path order, so
    /// they are found by halving).
    pub fn of_path(&self, path: &str) -> &[Diagnostic] {
        of_path(&self.diagnostics, path)
    }

    /// The coming findings of the file at `path`.
    pub fn coming_of_path(&self, path: &str) -> &[Diagnostic] {
        of_path(&self.coming, path)
    }

    /// The files whose findings, today's or coming, differ in any way
    /// between `self` and `other`.
    pub fn files_differing(&self, other: &Findings) -> BTreeSet<String> {
        let mut files = BTreeSet::new();
        for (a, b) in [
            (&self.diagnostics, &other.diagnostics),
            (&self.coming, &other.coming),
        ] {
            let paths = a.iter().chain(b.iter()).map(|d| d.path.as_str());
            let paths: BTreeSet<&str> = paths.collect();
            files.extend(
                paths
                    .into_iter()
                    .filter(|p| of_path(a, p) != of_path(b, p))
                    .map(str::to_owned),
            );
        }
        files
    }

    /// How many findings have this level.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

/// The findings of the file at `path` among `found`, which are in path
/// order (so they are found by halving).
fn of_path<'f>(found: &'f [Diagnostic], path: &str) -> &'f [Diagnostic] {
    let start = found.partition_point(|d| d.path.as_str() < path);
    let end = found.partition_point(|d| d.path.as_str() <= path);
    &found[start..end]
}

/// Findings in `after` but not `before`, and the other way round, ignoring
/// positions (a finding whose line moved is neither new nor resolved) and,
/// for a rule whose findings move with the date, the numbers in its
/// message: "no feedback for 37 days" and "for 85 days" are one finding,
/// still open.
pub fn difference(
    before: &[Diagnostic],
    after: &[Diagnostic],
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    // Both are sorted and an edit changes few findings: compare only what
    // lies between the common start and the common end.
    let start = before.iter().zip(after).take_while(|(b, a)| b == a).count();
    let (before, after) = (&before[start..], &after[start..]);
    let end = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take_while(|(b, a)| b == a)
        .count();
    let (before, after) = (&before[..before.len() - end], &after[..after.len() - end]);
    (minus(after, before), minus(before, after))
}

/// The findings of `a` left after taking out one match from `b` for each.
fn minus<'a>(a: &'a [Diagnostic], b: &'a [Diagnostic]) -> Vec<Diagnostic> {
    let key = |d: &'a Diagnostic| (d.path.as_str(), d.rule.id, d.same_message());
    let mut available: HashMap<_, usize> = HashMap::with_capacity(b.len());
    for d in b {
        *available.entry(key(d)).or_default() += 1;
    }
    a.iter()
        .filter(|d| match available.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}
