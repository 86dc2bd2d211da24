//! "Did you mean …?": one answer for every misspelt name: field keys, words
//! of a closed set (`status: Active`), member and outcome ids, rule ids.

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
    let fold = |text: &str| {
        text.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    let word = fold(word);
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
/// typo ([`closest`]).
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match named(word, &candidates) {
        Named::Same(i) => return Some(candidates[i]),
        Named::Begun(begun) if word.chars().count() >= 2 && begun.len() == 1 => {
            return Some(candidates[begun[0]]);
        }
        Named::Begun(_) => {}
    }
    closest(word, candidates)
}

/// [`suggest`] as a help line: "did you mean `x`?".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a plausible typo (at most a third of the word's length, minimum 1).
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    let word = word.to_lowercase();
    candidates
        .into_iter()
        // Lengths further apart than the limit are further apart in edits:
        // a team of thousands is mostly passed over here.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .filter_map(|c| Some((within(&word, &c.to_lowercase(), limit)?, c)))
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Whether `word` could be `target` mistyped: at most two edits apart,
/// ignoring case.
pub fn near(word: &str, target: &str) -> bool {
    within(&word.to_lowercase(), &target.to_lowercase(), 2).is_some()
}

/// The Levenshtein distance in characters, when it is at most `limit`:
/// it stops as soon as every prefix is further than that (thousands of
/// ids compared for one misspelt one mostly stop in a row or two).
fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
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
        if row.iter().all(|&d| d > limit) {
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
        let keys = ["mentor", "manager", "name"];
        assert_eq!(closest("mentr", keys), Some("mentor"));
        assert_eq!(closest("Manager", keys), Some("manager"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(within("kitten", "sitting", 3), Some(3));
        assert_eq!(within("kitten", "sitting", 2), None);
        assert_eq!(within("m7029", "m1029", 1), Some(1));
        assert_eq!(within("m7029", "m1020", 1), None);
    }
}
