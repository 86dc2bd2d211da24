//! Secret keys are never printed (docs/private.md, SECURITY.md): where one
//! is in a text, and the same text with each one hidden.
//!
//! A leaf. Every text a command shows goes through [`redact`]: the
//! printable text of messages, exports, agendas and diffs, the report's
//! HTML escaping and Markdown, and, last, the binary's output streams
//! ([`Redacting`]), so a key pasted anywhere (a record, a configuration,
//! an identity, `MASTERY_IDENTITY`) is hidden whichever message quotes it.

use std::borrow::Cow;
use std::io::Write;

/// What an age secret key is shown as.
pub const HIDDEN_KEY: &str = "[secret key hidden]";
/// What a private key block (PEM, OpenSSH) is shown as.
pub const HIDDEN_BLOCK: &str = "[private key hidden]";

/// An age identity's beginning, compared ignoring case (Bech32 reads
/// either case).
const AGE_PREFIX: &[u8] = b"age-secret-key-1";
/// The Bech32 alphabet.
const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
/// "openssh-key-v1" in base64: the first line of an OpenSSH private key's
/// body, recognisable without its `BEGIN` line.
const OPENSSH_BODY: &[u8] = b"b3BlbnNzaC1rZXktdjE";

/// Whether `text` holds a secret key, or the start of a private key block.
pub fn holds(text: &str) -> bool {
    let bytes = text.as_bytes();
    find_ignoring_case(bytes, AGE_PREFIX, 0).is_some()
        || find_ignoring_case(bytes, b"private key-----", 0).is_some()
        || find(bytes, OPENSSH_BODY, 0).is_some()
}

/// `text` with every secret key hidden; borrowed when it holds none
/// (nearly always). A private key block with no end line is hidden to the
/// end of the text.
pub fn redact(text: &str) -> Cow<'_, str> {
    if !holds(text) {
        return Cow::Borrowed(text);
    }
    let mut redactor = Redactor::default();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(&redactor.line(line));
    }
    Cow::Owned(out)
}

/// The lines (1-based, ascending) of `text` that hold a secret key or lie
/// inside a private key block: never to be shown, even alone.
pub fn hidden_lines(text: &str) -> Vec<usize> {
    if !holds(text) {
        return Vec::new();
    }
    let mut redactor = Redactor::default();
    let mut lines = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let inside = redactor.in_block();
        let changed = redactor.line(line) != line;
        if inside || changed {
            lines.push(index + 1);
        }
    }
    lines
}

/// Redaction line by line, remembering whether a private key block is
/// open: the lines between its `BEGIN` and `END` lines are dropped.
#[derive(Debug, Default)]
pub struct Redactor {
    in_block: bool,
}

impl Redactor {
    /// Whether the lines so far opened a private key block that has not
    /// ended: the next lines are part of it.
    pub fn in_block(&self) -> bool {
        self.in_block
    }

    /// One line (its line break, if any, included) as it may be shown.
    pub fn line<'a>(&mut self, line: &'a str) -> Cow<'a, str> {
        let bytes = line.as_bytes();
        let body_end = line.trim_end_matches(['\r', '\n']).len();
        if self.in_block {
            let Some(end) = block_marker(bytes, b"-----end") else {
                return Cow::Borrowed("");
            };
            self.in_block = false;
            let rest = &line[end..];
            if rest.trim().is_empty() {
                return Cow::Borrowed("");
            }
            return Cow::Owned(self.line(rest).into_owned());
        }
        if let Some(begin) = find_ignoring_case(bytes, b"-----begin", 0)
            && let Some(opened) = block_marker(bytes, b"-----begin")
        {
            let mut out = self.keys(&line[..begin]).into_owned();
            out.push_str(HIDDEN_BLOCK);
            let rest = &line[opened..];
            match block_marker(rest.as_bytes(), b"-----end") {
                Some(end) => out.push_str(&self.line(&rest[end..])),
                None => {
                    self.in_block = true;
                    out.push_str(&line[body_end..]);
                }
            }
            return Cow::Owned(out);
        }
        self.keys(line)
    }

    /// `line` with each age key and OpenSSH key body hidden (no block).
    fn keys<'a>(&self, line: &'a str) -> Cow<'a, str> {
        let bytes = line.as_bytes();
        let mut hidden: Vec<(usize, usize, &str)> = Vec::new();
        let mut from = 0;
        while let Some(at) = find_ignoring_case(bytes, AGE_PREFIX, from) {
            let mut end = at + AGE_PREFIX.len();
            while end < bytes.len() && BECH32.contains(&bytes[end].to_ascii_lowercase()) {
                end += 1;
            }
            hidden.push((at, end, HIDDEN_KEY));
            from = end;
        }
        if let Some(at) = find(bytes, OPENSSH_BODY, 0) {
            let end = at + line[at..].trim_end_matches(['\r', '\n']).len();
            hidden.retain(|&(start, _, _)| start < at);
            hidden.push((at, end, HIDDEN_BLOCK));
        }
        if hidden.is_empty() {
            return Cow::Borrowed(line);
        }
        let mut out = String::with_capacity(line.len());
        let mut last = 0;
        for (start, end, shown) in hidden {
            out.push_str(&line[last..start]);
            out.push_str(shown);
            last = end;
        }
        out.push_str(&line[last..]);
        Cow::Owned(out)
    }
}

/// The end of a marker line's `-----BEGIN … PRIVATE KEY-----` (or END)
/// in `bytes`, when it has one.
fn block_marker(bytes: &[u8], opening: &[u8]) -> Option<usize> {
    let at = find_ignoring_case(bytes, opening, 0)?;
    let tail = b"private key-----";
    let end = find_ignoring_case(bytes, tail, at + opening.len())?;
    // The marker's words are on one line: `BEGIN OPENSSH PRIVATE KEY`.
    let between = &bytes[at + opening.len()..end];
    (between.len() <= 40 && !between.contains(&b'\n')).then_some(end + tail.len())
}

/// Where `needle` (lowercase) first occurs in `bytes` at or after `from`,
/// ignoring ASCII case.
fn find_ignoring_case(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = needle[0];
    let rest = bytes.get(from..)?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), rest)
        .map(|at| from + at)
        .find(|&at| {
            bytes
                .get(at..at + needle.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(needle))
        })
}

/// Where `needle` first occurs in `bytes` at or after `from`.
fn find(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|at| from + at)
}

/// A stream that hides every secret key written to it, line by line (a
/// private key block is held until it ends). The binary's standard output
/// and error go through it; what is left of a line is written on flush.
pub struct Redacting<W: Write> {
    inner: W,
    pending: Vec<u8>,
    redactor: Redactor,
}

/// Largest part of an open private key block held back: a key is a few
/// kilobytes; past this the rest is dropped as part of it.
const MAX_PENDING: usize = 64 * 1024;

impl<W: Write> Redacting<W> {
    /// Hide secrets on their way to `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            redactor: Redactor::default(),
        }
    }

    /// Write out the complete lines pending (and, with `all`, the rest).
    fn drain(&mut self, all: bool) -> std::io::Result<()> {
        let end = if all {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|&b| b == b'\n') {
                Some(at) => at + 1,
                None if self.pending.len() > MAX_PENDING => self.pending.len(),
                None => return Ok(()),
            }
        };
        let text = String::from_utf8_lossy(&self.pending[..end]).into_owned();
        self.pending.drain(..end);
        for line in text.split_inclusive('\n') {
            let shown = self.redactor.line(line);
            self.inner.write_all(shown.as_bytes())?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if buf.contains(&b'\n') || self.pending.len() > MAX_PENDING {
            self.drain(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Redacting<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGE: &str = "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSKCNTGW";
    const OPENSSH: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBHkeyBODYdata\n-----END OPENSSH PRIVATE KEY-----\n";

    proptest::proptest! {
        /// The vectorised searches find what a byte-by-byte scan finds.
        #[test]
        fn the_searches_find_what_a_scan_finds(
            text in "[-aAgGeE ]{0,12}(age-SECRET-key-1|AGE-secret-KEY-1|b3BlbnNzaC1rZXktdjE)?[-aAgGeE ]{0,12}",
            from in 0usize..30,
        ) {
            let bytes = text.as_bytes();
            let scan = |needle: &[u8], fold: bool| {
                (from..bytes.len()).find(|&i| {
                    bytes.get(i..i + needle.len()).is_some_and(|b| {
                        if fold { b.eq_ignore_ascii_case(needle) } else { b == needle }
                    })
                })
            };
            proptest::prop_assert_eq!(find_ignoring_case(bytes, AGE_PREFIX, from), scan(AGE_PREFIX, true));
            proptest::prop_assert_eq!(find(bytes, OPENSSH_BODY, from), scan(OPENSSH_BODY, false));
        }
    }

    #[test]
    fn age_keys_are_hidden_in_any_case_and_place() {
        assert_eq!(redact(&format!("keys: {AGE}")), "keys: [secret key hidden]");
        let lower = AGE.to_lowercase();
        assert_eq!(redact(&format!("[{lower}, x]")), "[[secret key hidden], x]");
        assert_eq!(
            redact(&format!("`{AGE}` and `{AGE}`")),
            "`[secret key hidden]` and `[secret key hidden]`"
        );
        assert!(matches!(redact("age1abc and plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn private_key_blocks_are_hidden_whole() {
        let text = format!("before\n{OPENSSH}after\n");
        assert_eq!(redact(&text), "before\n[private key hidden]\nafter\n");
        // No end line: hidden to the end of the text.
        let cut = "x: |\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBg\n  more\n";
        assert_eq!(redact(cut), "x: |\n  [private key hidden]\n");
        assert_eq!(hidden_lines(&format!("a\n{OPENSSH}b\n")), [2, 3, 4, 5]);
        assert_eq!(hidden_lines(&format!("a\nkeys: {AGE}\n")), [2]);
        // The first body line alone is recognised.
        assert_eq!(
            redact("line b3BlbnNzaC1rZXktdjEAAAAABG5v"),
            "line [private key hidden]"
        );
    }

    #[test]
    fn a_stream_hides_keys_split_across_writes() {
        let mut out = Vec::new();
        {
            let mut stream = Redacting::new(&mut out);
            let text = format!("error: {AGE}\n{OPENSSH}done");
            for chunk in text.as_bytes().chunks(7) {
                stream.write_all(chunk).unwrap();
            }
        }
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "error: [secret key hidden]\n[private key hidden]\ndone"
        );
    }
}
