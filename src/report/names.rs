//! File names for member pages: safe on every file system, unique even when
//! ids clash or differ only in case (links encode them with
//! [`crate::url::encode_segment`]).

use std::collections::HashSet;

/// Where the page of the member with this file stem is, in OUT.
pub fn member_page(stem: &str) -> String {
    format!("members/{stem}.html")
}

/// Where the page of the sub-team with this file stem is, in OUT.
pub fn group_page(stem: &str) -> String {
    format!("teams/{stem}.html")
}

/// A safe, unique file stem for each id, in order.
pub fn file_stems<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = HashSet::new();
    ids.into_iter()
        .map(|id| {
            let base = safe_stem(id);
            let mut stem = base.clone();
            let mut n = 1;
            while !taken.insert(stem.to_lowercase()) {
                n += 1;
                stem = format!("{base}-{n}");
            }
            stem
        })
        .collect()
}

/// Letters and digits (any script), `-` and `_` kept; anything else becomes
/// `-`. Never empty, never starting with a dot.
fn safe_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    if stem.trim_matches('-').is_empty() {
        "member".to_owned()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_ids_become_safe_unique_stems() {
        let stems = file_stems(["bob", "Bob", "bob", "a b'\"<c>%", "josé", "..", "con/x"]);
        assert_eq!(
            stems,
            [
                "bob",
                "Bob-2",
                "bob-3",
                "a-b---c--",
                "josé",
                "member",
                "con-x"
            ]
        );
    }
}
