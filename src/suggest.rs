//! "Did you mean …?": one answer for every misspelt name: field keys, words
//! of a closed set (`status: Active`), member and outcome ids, rule ids.
//!
//! A team with thousands of misspelt ids asks thousands of times over
//! thousands of candidates, so [`Index`] answers without comparing the word
//! with every candidate once it has been asked a few times (a deletion
//! index, as SymSpell's): the cost grows with the findings, not with
//! findings × candidates.

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

/// How `word` names one of `candidates`.
#[derive(Debug, PartialEq, Eq)]
pub enum Named {
    /// The first one it equals, ignoring case (by position).
    Same(usize),
    /// Every one it begins, ignoring case (by position; none, one or more).
    Begun(Vec<usize>),
}

/// Which of `candidates` `word` names: the same word ignoring case, else
/// those it begins. Compared a character at a time, so a team's thousands
/// of ids are not copied to be lowercased.
pub fn named(word: &str, candidates: &[&str]) -> Named {
    let word: Vec<char> = fold(word).chars().collect();
    let same = |c: &str| {
        c.chars()
            .flat_map(char::to_lowercase)
            .eq(word.iter().copied())
    };
    if let Some(i) = candidates.iter().position(|c| same(c)) {
        return Named::Same(i);
    }
    let begins = |c: &str| {
        let mut candidate = c.chars().flat_map(char::to_lowercase);
        word.iter().all(|&w| candidate.next() == Some(w))
    };
    Named::Begun(
        (0..candidates.len())
            .filter(|&i| begins(candidates[i]))
            .collect(),
    )
}

/// The candidate `word` most likely means: the one it equals ignoring case
/// (`Active` for `active`), else the only one it begins, ignoring case
/// (`jordan` for `jordan-reyes`, `stale-learning` for
/// `stale-learning-goal`; at least two letters), else the closest plausible
/// typo (at most two edits, and at most a third of the word's length).
/// Asked once, it compares the word with each candidate; [`Index`] answers
/// many words.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match named(word, &candidates) {
        Named::Same(i) => return Some(candidates[i]),
        Named::Begun(begun) if word.chars().count() >= 2 && begun.len() == 1 => {
            return Some(candidates[begun[0]]);
        }
        Named::Begun(_) => {}
    }
    let mut nearest = Nearest::new(&fold(word));
    let mut chars = Vec::new();
    for candidate in candidates {
        chars.clear();
        chars.extend(candidate.chars().flat_map(char::to_lowercase));
        nearest.consider(&chars, candidate);
    }
    nearest.best()
}

/// The one candidate `word` can only mean: the one it equals ignoring
/// case, else the only one it begins (at least two letters), else the only
/// plausible typo. What a fix may write without asking.
pub fn certain<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match named(word, &candidates) {
        Named::Same(i) => return Some(candidates[i]),
        Named::Begun(begun) if word.chars().count() >= 2 && begun.len() == 1 => {
            return Some(candidates[begun[0]]);
        }
        Named::Begun(begun) if begun.len() > 1 => return None,
        Named::Begun(_) => {}
    }
    let mut nearest = Nearest::new(&fold(word));
    for candidate in candidates {
        let chars: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        nearest.consider(&chars, candidate);
    }
    (nearest.close == 1).then(|| nearest.best()).flatten()
}

/// [`suggest`] as a help line: "did you mean `x`?".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Whether `word` could be `target` mistyped: at most two edits apart,
/// ignoring case.
pub fn near(word: &str, target: &str) -> bool {
    // Most words are passed over by their lengths alone (a check asks this
    // of every key of every entry).
    let length = |s: &str| s.chars().count();
    length(word).abs_diff(length(target)) <= MOST_EDITS
        && within(&fold(word), &fold(target), MOST_EDITS).is_some()
}

/// The most edits a plausible typo makes.
const MOST_EDITS: usize = 2;

/// How many characters at each end the deletion index keeps of each
/// candidate: two edits apart in full are at most two deletions apart on
/// each side in their first characters too, and in their last, so the index
/// stays small for long ids.
const PREFIX: usize = 7;

/// Asked this many times over this many candidates, an index pays for
/// itself (one typo in a large team is answered by a scan).
const INDEX_AFTER_ASKS: usize = 4;
const INDEX_ABOVE_CANDIDATES: usize = 256;

/// The candidates, ready to be asked about many words: [`suggest`] for
/// each, without comparing each word with every candidate.
pub struct Index<'a> {
    candidates: Vec<&'a str>,
    /// Each candidate lowercased, by position.
    folded: Vec<String>,
    /// The characters of each, compared with a word's.
    chars: Vec<Box<[char]>>,
    /// The first candidate of each lowercased spelling.
    same: HashMap<String, usize>,
    /// Positions sorted by their lowercased spelling: those a word begins
    /// are a run.
    sorted: Vec<usize>,
    asked: Cell<usize>,
    /// For each end, (hash of a spelling of a candidate's characters at
    /// that end with up to two deleted, its position), sorted: built once
    /// asked often enough.
    deletions: OnceCell<[Deletions; 2]>,
}

impl<'a> Index<'a> {
    /// An index of `candidates` (a few microseconds per thousand).
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        let folded: Vec<String> = candidates.iter().map(|c| fold(c)).collect();
        let mut same = HashMap::with_capacity(folded.len());
        for (i, f) in folded.iter().enumerate().rev() {
            same.insert(f.clone(), i);
        }
        let chars = folded.iter().map(|f| f.chars().collect()).collect();
        let mut sorted: Vec<usize> = (0..folded.len()).collect();
        sorted.sort_unstable_by(|&a, &b| folded[a].cmp(&folded[b]).then(a.cmp(&b)));
        Index {
            candidates,
            folded,
            chars,
            same,
            sorted,
            asked: Cell::new(0),
            deletions: OnceCell::new(),
        }
    }

    /// The candidate `word` most likely means ([`suggest`]).
    pub fn suggest(&self, word: &str) -> Option<&'a str> {
        let folded = fold(word);
        if let Some(&i) = self.same.get(&folded) {
            return Some(self.candidates[i]);
        }
        let begun = self.begun(&folded);
        if word.chars().count() >= 2 && begun.len() == 1 {
            return Some(self.candidates[begun[0]]);
        }
        self.nearest(&folded).best()
    }

    /// The one candidate `word` can only mean ([`certain`]).
    pub fn certain(&self, word: &str) -> Option<&'a str> {
        let folded = fold(word);
        if let Some(&i) = self.same.get(&folded) {
            return Some(self.candidates[i]);
        }
        match self.begun(&folded) {
            [one] if word.chars().count() >= 2 => return Some(self.candidates[*one]),
            [_, _, ..] => return None,
            _ => {}
        }
        let nearest = self.nearest(&folded);
        (nearest.close == 1).then(|| nearest.best()).flatten()
    }

    /// [`Index::suggest`] as a help line: "did you mean `x`?".
    pub fn did_you_mean(&self, word: &str) -> Option<String> {
        self.suggest(word).map(|c| format!("did you mean `{c}`?"))
    }

    /// The positions of the candidates `folded` begins.
    fn begun(&self, folded: &str) -> &[usize] {
        let start = self
            .sorted
            .partition_point(|&i| self.folded[i].as_str() < folded);
        let run = self.sorted[start..]
            .iter()
            .take_while(|&&i| self.folded[i].starts_with(folded))
            .count();
        &self.sorted[start..start + run]
    }

    /// The candidates within a plausible typo of `folded`: the closest by
    /// edit distance (of equals, the first in byte order), and how many.
    fn nearest(&self, folded: &str) -> Nearest<'a> {
        let mut nearest = Nearest::new(folded);
        let mut consider = |i: usize| nearest.consider(&self.chars[i], self.candidates[i]);
        match self.deletions() {
            None => (0..self.folded.len()).for_each(consider),
            Some(ends) => {
                // Each end's spellings name a run of candidates; only the
                // end naming fewer is compared in full (ids of one team
                // often share a beginning, or an end).
                let runs = ends.each_ref().map(|(end, deletions)| {
                    let mut runs = Vec::new();
                    spellings(end.chars(folded), |hash| {
                        let start = deletions.partition_point(|&(h, _)| h < hash);
                        let length = deletions[start..].partition_point(|&(h, _)| h == hash);
                        runs.push(&deletions[start..start + length]);
                    });
                    runs
                });
                let size = |runs: &Vec<&[(u64, u32)]>| runs.iter().map(|r| r.len()).sum::<usize>();
                let fewer = runs.iter().min_by_key(|r| size(r)).into_iter().flatten();
                let mut found: Vec<u32> =
                    fewer.flat_map(|run| run.iter().map(|&(_, i)| i)).collect();
                found.sort_unstable();
                found.dedup();
                found.into_iter().for_each(|i| consider(i as usize));
            }
        }
        nearest
    }

    /// The deletion index of each end, once this index has been asked often
    /// enough over enough candidates for it to pay.
    fn deletions(&self) -> Option<&[Deletions; 2]> {
        self.asked.set(self.asked.get() + 1);
        let worth =
            self.folded.len() > INDEX_ABOVE_CANDIDATES && self.asked.get() > INDEX_AFTER_ASKS;
        if !worth {
            return self.deletions.get();
        }
        Some(self.deletions.get_or_init(|| {
            [End::First, End::Last].map(|end| {
                let mut deletions = Vec::new();
                for (i, candidate) in self.folded.iter().enumerate() {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    spellings(end.chars(candidate), |hash| deletions.push((hash, i)));
                }
                deletions.sort_unstable();
                deletions.dedup();
                (end, deletions)
            })
        }))
    }
}

/// One end's deletion index: (hash of a spelling, candidate), sorted.
type Deletions = (End, Vec<(u64, u32)>);

/// The candidate closest to a word so far, if a plausible typo (at most
/// [`MOST_EDITS`] edits and a third of the word's length); of equals, the
/// first in byte order.
struct Nearest<'a> {
    word: Vec<char>,
    limit: usize,
    row: Vec<usize>,
    best: Option<(usize, &'a str)>,
    /// How many candidates were close enough.
    close: usize,
}

impl<'a> Nearest<'a> {
    /// For the lowercased `folded`.
    fn new(folded: &str) -> Self {
        let word: Vec<char> = folded.chars().collect();
        let limit = (word.len() / 3).clamp(1, MOST_EDITS);
        Nearest {
            word,
            limit,
            row: Vec::new(),
            best: None,
            close: 0,
        }
    }

    /// Compare with `candidate`, whose lowercased characters are `chars`.
    fn consider(&mut self, chars: &[char], candidate: &'a str) {
        let Some(d) = distance(&self.word, chars, self.limit, &mut self.row) else {
            return;
        };
        self.close += 1;
        if self.best.is_none_or(|best| (d, candidate) < best) {
            self.best = Some((d, candidate));
        }
    }

    fn best(self) -> Option<&'a str> {
        self.best.map(|(_, c)| c)
    }
}

/// Which end of a word the deletion index keeps.
#[derive(Clone, Copy)]
enum End {
    First,
    Last,
}

impl End {
    /// The word's [`PREFIX`] characters at this end (the last ones
    /// backwards: only equality matters).
    fn chars(self, word: &str) -> Vec<char> {
        match self {
            End::First => word.chars().take(PREFIX).collect(),
            End::Last => word.chars().rev().take(PREFIX).collect(),
        }
    }
}

/// Lowercase, a character at a time (as [`named`] compares).
fn fold(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).collect()
}

/// Calls `each` with the hash of every spelling of `prefix` with none, one
/// or two of its characters deleted.
fn spellings(prefix: Vec<char>, mut each: impl FnMut(u64)) {
    let hash = |skip: &[usize]| {
        // FNV-1a: a collision only adds a candidate to compare.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (k, &c) in prefix.iter().enumerate() {
            if !skip.contains(&k) {
                hash = (hash ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    };
    each(hash(&[]));
    for a in 0..prefix.len() {
        each(hash(&[a]));
        for b in a + 1..prefix.len() {
            each(hash(&[a, b]));
        }
    }
}

/// The Levenshtein distance in characters, when it is at most `limit`.
fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let [a, b] = [a, b].map(|s| s.chars().collect::<Vec<char>>());
    distance(&a, &b, limit, &mut Vec::new())
}

/// [`within`] over characters, in `row`'s room. Only the cells at most
/// `limit` off the diagonal are worked out (the others are further than
/// that), and it stops as soon as a whole row is: thousands of ids compared
/// with one misspelt one mostly stop in a row or two.
fn distance(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit + 1;
    row.clear();
    row.extend((0..=b.len()).map(|j| j.min(over)));
    for (i, &ca) in (1_usize..).zip(a) {
        let first = i.saturating_sub(limit).max(1);
        let last = (i + limit).min(b.len());
        let mut diagonal = row[first - 1];
        row[first - 1] = if first == 1 { i.min(over) } else { over };
        let mut least = row[first - 1];
        for j in first..=last {
            let above = row[j];
            row[j] = (diagonal + usize::from(ca != b[j - 1]))
                .min(above + 1)
                .min(row[j - 1] + 1)
                .min(over);
            diagonal = above;
            least = least.min(row[j]);
        }
        // The next row reads the cell past the band as its own "above".
        if let Some(past) = row.get_mut(last + 1) {
            *past = over;
        }
        if least > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_ignoring_case_then_a_unique_beginning_then_a_typo() {
        assert_eq!(suggest("Active", ["active", "leave"]), Some("active"));
        assert_eq!(
            suggest("jordan", ["jordan-reyes", "ann"]),
            Some("jordan-reyes")
        );
        assert_eq!(
            suggest(
                "stale-learning",
                ["stale-learning-goal", "no-learning-goal"]
            ),
            Some("stale-learning-goal")
        );
        // Two begin with it: no guess by beginning.
        assert_eq!(suggest("jo", ["jordan", "joan"]), None);
        assert_eq!(suggest("mentr", ["mentor", "manager"]), Some("mentor"));
        assert_eq!(suggest("colour", ["mentor", "manager"]), None);
    }

    #[test]
    fn finds_typos_only() {
        let keys = Index::new(["mentor", "manager", "name"]);
        assert_eq!(keys.nearest("mentr").best(), Some("mentor"));
        assert_eq!(keys.nearest("manager").best(), Some("manager"));
        assert_eq!(keys.nearest("colour").best(), None);
        // Three edits is not a typo, however long the word.
        let long = Index::new(["stale-learning-goal"]);
        assert_eq!(
            long.nearest("stael-learning-goal").best(),
            Some("stale-learning-goal")
        );
        assert_eq!(long.nearest("stael-learning-gal").best(), None);
        assert_eq!(within("kitten", "sitting", 3), Some(3));
        assert_eq!(within("kitten", "sitting", 2), None);
        assert_eq!(within("m7029", "m1029", 1), Some(1));
        assert_eq!(within("m7029", "m1020", 1), None);
    }

    /// The Levenshtein distance, every cell worked out.
    fn levenshtein(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (diagonal + usize::from(ca != cb))
                    .min(above + 1)
                    .min(row[j] + 1);
                diagonal = above;
            }
        }
        row[b.len()]
    }

    /// Every candidate compared with the word in full: what the index must
    /// answer.
    fn by_scan<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let limit = (word.chars().count() / 3).clamp(1, MOST_EDITS);
        candidates
            .iter()
            .map(|&c| (levenshtein(word, &fold(c)), c))
            .filter(|&(d, _)| d <= limit)
            .min()
            .map(|(_, c)| c)
    }

    proptest::proptest! {
        /// The banded distance is the distance, when within the limit.
        #[test]
        fn within_is_the_distance_up_to_the_limit(
            a in "[a-c]{0,9}", b in "[a-c]{0,9}", limit in 0usize..4,
        ) {
            let full = levenshtein(&a, &b);
            proptest::prop_assert_eq!(within(&a, &b, limit), Some(full).filter(|&d| d <= limit));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Asked many times over many candidates, the deletion index
        /// answers as comparing with every candidate does.
        #[test]
        fn the_deletion_index_answers_as_a_scan(
            candidates in proptest::collection::vec("[a-e-]{1,12}", 300..400),
            words in proptest::collection::vec("[a-e-]{1,12}", 1..40),
        ) {
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            let index = Index::new(candidates.iter().copied());
            for _ in 0..=INDEX_AFTER_ASKS {
                index.nearest("");
            }
            proptest::prop_assert!(index.deletions.get().is_some());
            for word in &words {
                proptest::prop_assert_eq!(index.nearest(word).best(), by_scan(word, &candidates));
                proptest::prop_assert_eq!(index.suggest(word), suggest(word, candidates.iter().copied()));
                proptest::prop_assert_eq!(index.certain(word), certain(word, candidates.iter().copied()));
            }
        }
    }
}
