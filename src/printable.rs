//! Text made safe to print: control characters (which a terminal obeys)
//! and invisible ones (which make two different words look the same) are
//! written as `\u{…}` escapes, and secret keys are hidden
//! ([`crate::secret`]).

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

/// `text` with every control or invisible character escaped and every
/// secret key hidden; borrowed when there is none (nearly always).
pub fn printable(text: &str) -> Cow<'_, str> {
    if crate::secret::holds(text) {
        return Cow::Owned(escaped(&crate::secret::redact(text)).into_owned());
    }
    escaped(text)
}

/// `text` with every control or invisible character escaped.
fn escaped(text: &str) -> Cow<'_, str> {
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

/// Text for a terminal or a file, line by line: as [`printable`], but line
/// breaks (LF or CRLF) stay. Every command prints record text through it.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    if crate::secret::holds(text) {
        return Cow::Owned(escaped_lines(&crate::secret::redact(text)).into_owned());
    }
    escaped_lines(text)
}

/// [`escaped`] line by line.
fn escaped_lines(text: &str) -> Cow<'_, str> {
    let breaks = |c: char| c == '\n' || c == '\r';
    if !text.chars().any(|c| !breaks(c) && hidden(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\r', '\n']);
        out.push_str(&escaped(body));
        out.push_str(&line[body.len()..]);
    }
    Cow::Owned(out)
}

/// Record text inside Markdown (`diff --format markdown`, the GitHub step
/// summary, the 1:1 agenda): on one line, control and invisible characters
/// escaped, and every character that would start markup, a link, a table
/// cell or HTML backslashed, so it reads as the text it is. Backticks stay:
/// findings quote names in code spans, and a stray one only sets text in
/// code.
pub fn markdown(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
        assert_eq!(printable_lines("a\u{1b}[2J\nb\n"), "a\\u{1b}[2J\nb\n");
        assert_eq!(
            printable_lines("a\u{7}\r\nb\rc\r\n"),
            "a\\u{7}\r\nb\\u{d}c\r\n"
        );
    }

    #[test]
    fn markdown_text_reads_as_written() {
        // The escape's own backslash is backslashed, so it reads as written.
        assert_eq!(markdown("a\nb"), "a\\\\u{a}b");
        assert_eq!(
            markdown("<img src=x> [x](y) | `c` *e*"),
            "\\<img src=x\\> \\[x\\](y) \\| `c` \\*e\\*"
        );
    }
}
