//! Text made safe to print: control characters (which a terminal obeys)
//! and invisible ones (which make two different words look the same) are
//! written as `\u{…}` escapes.

use std::borrow::Cow;

/// Whether `c` would act on a terminal or not show at all.
pub(crate) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{00ad}'
        )
}

/// `text` with every control or invisible character escaped; borrowed when
/// there is none (nearly always).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            escaped.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// [`printable`], taking and giving an owned string.
pub fn printable_owned(text: String) -> String {
    match printable(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_obeys_or_hides() {
        assert_eq!(printable("x\u{1b}[31my.md"), "x\\u{1b}[31my.md");
        assert_eq!(printable("fast-checkout\u{200b}"), "fast-checkout\\u{200b}");
        assert_eq!(printable("tab\there"), "tab\\u{9}here");
        assert!(matches!(printable("Zoë Ångström"), Cow::Borrowed(_)));
    }
}
