//! File names for member pages: safe on every file system, unique even when
//! ids clash or differ only in case (links encode them with
//! [`crate::url::encode_segment`]).

use std::borrow::Cow;
use std::collections::HashSet;

/// Where the page of the member with this file stem is, in OUT.
pub fn member_page(stem: &str) -> String {
    format!("members/{stem}.html")
}

/// Where the page of the manager with this (member page) file stem is, in
/// OUT.
pub fn manager_page(stem: &str) -> String {
    format!("managers/{stem}.html")
}

/// Where the page of the sub-team with this file stem is, in OUT.
pub fn group_page(stem: &str) -> String {
    format!("teams/{stem}.html")
}

/// Where the page of the vision outcome with this file stem is, in OUT.
pub fn outcome_page(stem: &str) -> String {
    format!("outcomes/{stem}.html")
}

/// Where the page of the growth framework with this file stem is, in OUT.
pub fn framework_page(stem: &str) -> String {
    format!("frameworks/{stem}.html")
}

/// A safe, unique file stem for each id, in order.
pub fn file_stems<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let ids = ids.into_iter();
    let mut taken = HashSet::with_capacity(ids.size_hint().0);
    ids.map(|id| {
        let base = safe_stem(id);
        let mut stem = base.clone();
        let mut n = 1;
        while !taken.insert(fold_case(&stem).into_owned()) {
            n += 1;
            stem = format!("{base}-{n}");
        }
        stem
    })
    .collect()
}

/// Stems that differ only in case name the same file on some systems.
fn fold_case(stem: &str) -> Cow<'_, str> {
    if stem.chars().any(char::is_uppercase) {
        Cow::Owned(stem.to_lowercase())
    } else {
        Cow::Borrowed(stem)
    }
}

/// Letters and digits (any script), `-` and `_` kept; anything else becomes
/// `-`. Never empty, never starting with a dot, never a secret key (a file
/// named after one gets a page named `member`).
fn safe_stem(id: &str) -> String {
    let id = crate::secret::redact(id);
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
    if stem.trim_matches('-').is_empty() || id.contains(crate::secret::HIDDEN_KEY) {
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
