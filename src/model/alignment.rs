//! Visions in a tree (docs/sub-teams.md): the root's `vision.md` and any
//! sub-team's, how an outcome id resolves from a folder, which outcomes a
//! sub-team outcome serves, and coverage rolling up through `serves`.

use std::collections::HashMap;

use super::{Outcome, Team, Vision};

/// Whether `path` (team-relative) is a vision file, at the root or below.
pub fn is_vision(path: &str) -> bool {
    path == "vision.md" || path.ends_with("/vision.md")
}

/// The folder a team-relative file is in (`""` for the root).
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Whether `folder` is `ancestor` or inside it.
pub fn within(folder: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || folder
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Every vision of a team and every outcome they define, indexed for
/// resolution. Built per check or report (a few visions; cheap).
pub struct Alignment<'t> {
    /// The root's vision first (when there is one), then sub-teams' in
    /// path order.
    visions: Vec<&'t Vision>,
    /// The folder of each vision.
    folders: Vec<&'t str>,
    /// Each folder with a vision, and its index.
    by_folder: HashMap<&'t str, usize>,
    /// The nearest vision strictly above each vision.
    parents: Vec<Option<usize>>,
    /// Every outcome: its vision (index) and itself, vision by vision.
    outcomes: Vec<(usize, &'t Outcome)>,
    /// The outcomes with each id, the first of each vision (more than one
    /// is a `duplicate-id`).
    by_id: HashMap<&'t str, Vec<usize>>,
    /// For each outcome, the outcomes it serves, resolved above its vision.
    serves: Vec<Vec<usize>>,
    /// For each outcome, the outcomes serving it (`serves` turned round).
    children: Vec<Vec<usize>>,
}

impl<'t> Alignment<'t> {
    /// Index the visions of `team`.
    pub fn new(team: &'t Team) -> Self {
        let visions: Vec<&Vision> = team.visions().collect();
        let folders: Vec<&str> = visions
            .iter()
            .map(|v| folder_of(&v.record.source.path))
            .collect();
        let by_folder: HashMap<&str, usize> =
            folders.iter().enumerate().map(|(i, f)| (*f, i)).collect();
        // The nearest strictly above: from the folder's parent up.
        let parents = (folders.iter())
            .map(|f| {
                (!f.is_empty())
                    .then(|| nearest(&by_folder, folder_of(f)))
                    .flatten()
            })
            .collect();
        let mut outcomes: Vec<(usize, &Outcome)> = Vec::new();
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (v, vision) in visions.iter().enumerate() {
            for outcome in &vision.outcomes.items {
                if let Some(id) = &outcome.id {
                    // An id a vision defines twice (`duplicate-id`) names
                    // its first: later ones never resolve.
                    let with = by_id.entry(id.value.as_str()).or_default();
                    if with.last().is_none_or(|&o| outcomes[o].0 != v) {
                        with.push(outcomes.len());
                    }
                }
                outcomes.push((v, outcome));
            }
        }
        let mut alignment = Self {
            visions,
            folders,
            by_folder,
            parents,
            outcomes,
            by_id,
            serves: Vec::new(),
            children: Vec::new(),
        };
        alignment.serves = (0..alignment.outcomes.len())
            .map(|i| {
                let (v, outcome) = alignment.outcomes[i];
                let mut served: Vec<usize> = Vec::new();
                for id in &outcome.serves {
                    let up = alignment.resolve_above(v, &id.value);
                    if let Some(up) = up.filter(|up| !served.contains(up)) {
                        served.push(up);
                    }
                }
                served
            })
            .collect();
        let mut children = vec![Vec::new(); alignment.outcomes.len()];
        for (i, served) in alignment.serves.iter().enumerate() {
            for &up in served {
                children[up].push(i);
            }
        }
        alignment.children = children;
        alignment
    }

    /// Every vision, the root's first.
    pub fn visions(&self) -> &[&'t Vision] {
        &self.visions
    }

    /// Every outcome (its vision's index and itself), vision by vision.
    pub fn outcomes(&self) -> &[(usize, &'t Outcome)] {
        &self.outcomes
    }

    /// Whether the vision at `index` is a sub-team's.
    pub fn is_sub_team(&self, index: usize) -> bool {
        !self.folders[index].is_empty()
    }

    /// The nearest vision strictly above the vision at `index`.
    pub fn parent(&self, index: usize) -> Option<usize> {
        self.parents[index]
    }

    /// The nearest vision at or above `folder`.
    pub fn nearest(&self, folder: &str) -> Option<usize> {
        nearest(&self.by_folder, folder)
    }

    /// The visions at or above `folder`, the nearest first.
    pub fn chain(&self, folder: &str) -> impl Iterator<Item = usize> + '_ {
        self.chain_from(self.nearest(folder))
    }

    /// The vision `start` and those above it, the nearest first.
    pub fn chain_from(&self, start: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(start, |&v| self.parents[v])
    }

    /// The outcome `id` names for a record in `folder`: the one of the
    /// nearest vision at or above it that defines `id`.
    pub fn resolve(&self, folder: &str, id: &str) -> Option<usize> {
        self.resolve_where(id, |v| within(folder, self.folders[v]))
    }

    /// The outcome `id` names in a `serves` of the vision at `index`: one
    /// of a vision above it.
    pub fn resolve_above(&self, index: usize, id: &str) -> Option<usize> {
        let folder = self.folders[index];
        self.resolve_where(id, |v| v != index && within(folder, self.folders[v]))
    }

    fn resolve_where(&self, id: &str, visible: impl Fn(usize) -> bool) -> Option<usize> {
        let candidates = self.by_id.get(id)?;
        (candidates.iter().copied())
            .filter(|&o| visible(self.outcomes[o].0))
            .max_by_key(|&o| self.folders[self.outcomes[o].0].len())
    }

    /// The outcomes with this id, in vision order.
    pub fn with_id(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// The outcomes the outcome at `index` serves.
    pub fn serves(&self, index: usize) -> &[usize] {
        &self.serves[index]
    }

    /// A property of every outcome that rolls up: true when `own` says so,
    /// or when it holds for an outcome serving it, through any number of
    /// levels (coverage: someone works on it or on an outcome below).
    pub fn roll_up(&self, own: impl Fn(usize) -> bool) -> Vec<bool> {
        let mut holds: Vec<bool> = (0..self.outcomes.len()).map(own).collect();
        let mut work: Vec<usize> = (0..holds.len()).filter(|&i| holds[i]).collect();
        while let Some(i) = work.pop() {
            for &up in &self.serves[i] {
                if !holds[up] {
                    holds[up] = true;
                    work.push(up);
                }
            }
        }
        holds
    }

    /// The outcomes as a tree, depth first: (outcome, depth). The roots are
    /// the outcomes that serve nothing (the root vision's, and sub-team
    /// outcomes serving nothing above); each other outcome sits under the
    /// first outcome it serves.
    pub fn tree(&self) -> Vec<(usize, usize)> {
        let children = &self.children;
        let mut order = Vec::with_capacity(self.outcomes.len());
        let mut stack: Vec<(usize, usize)> = (0..self.outcomes.len())
            .rev()
            .filter(|&i| self.serves[i].is_empty())
            .map(|i| (i, 0))
            .collect();
        while let Some((i, depth)) = stack.pop() {
            order.push((i, depth));
            let below = children[i].iter().rev();
            let placed = below.filter(|&&k| self.serves[k].first() == Some(&i));
            stack.extend(placed.map(|&k| (k, depth + 1)));
        }
        order
    }

    /// The outcomes serving the outcome at `index`, in outcome order.
    pub fn children(&self, index: usize) -> &[usize] {
        &self.children[index]
    }
}

/// The vision of `folder` or of the nearest folder above it.
fn nearest(by_folder: &HashMap<&str, usize>, folder: &str) -> Option<usize> {
    let mut folder = folder;
    loop {
        if let Some(&v) = by_folder.get(folder) {
            return Some(v);
        }
        if folder.is_empty() {
            return None;
        }
        folder = folder_of(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_nests_each_outcome_under_the_first_it_serves() {
        let files = [
            (
                "vision.md",
                "---\nteam: R\nstatement: S\noutcomes:\n  - {id: a, title: A}\n  - {id: b, title: B}\n---\n",
            ),
            (
                "x/vision.md",
                "---\nteam: X\nstatement: S\noutcomes:\n  - {id: x1, title: X, serves: [b, a]}\n  - {id: x2, title: X}\n  - {id: x3, title: X, serves: a}\n---\n",
            ),
            (
                "x/y/vision.md",
                "---\nteam: Y\nstatement: S\noutcomes:\n  - {id: y1, title: Y, serves: [x1]}\n---\n",
            ),
        ];
        let team = crate::load::assemble(
            files.map(|(path, text)| crate::load::parse_record(path.into(), text.into())),
        );
        let alignment = Alignment::new(&team);
        let id = |i: usize| {
            alignment.outcomes()[i]
                .1
                .id
                .as_ref()
                .unwrap()
                .value
                .as_str()
        };
        let tree: Vec<(&str, usize)> = alignment
            .tree()
            .into_iter()
            .map(|(i, d)| (id(i), d))
            .collect();
        assert_eq!(
            tree,
            [
                ("a", 0),
                ("x3", 1),
                ("b", 0),
                ("x1", 1),
                ("y1", 2),
                ("x2", 0)
            ]
        );
        let covered = alignment.roll_up(|i| id(i) == "y1");
        let covered: Vec<&str> = (0..covered.len()).filter(|&i| covered[i]).map(id).collect();
        assert_eq!(
            covered,
            ["a", "b", "x1", "y1"],
            "through both outcomes x1 serves"
        );
        assert_eq!(alignment.resolve("x/y/z", "a"), Some(0));
        assert_eq!(alignment.resolve("elsewhere", "x1"), None);
    }

    #[test]
    fn folders_nest_by_whole_names() {
        assert!(within("a/b", ""));
        assert!(within("a/b", "a"));
        assert!(within("a", "a"));
        assert!(!within("ab", "a"));
        assert!(!within("a", "a/b"));
        assert_eq!(folder_of("a/b/c.md"), "a/b");
        assert_eq!(folder_of("c.md"), "");
        assert!(is_vision("a/vision.md") && is_vision("vision.md"));
        assert!(!is_vision("a/my-vision.md"));
    }
}
