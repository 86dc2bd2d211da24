//! HTML escaping, for the templates (Tera's escape function) and for the
//! markup mastery writes itself (charts, the error overlay).

use std::io::Write;

/// `text` with `& < > " '` as entities, safe in element content and in
/// attributes whichever quote they use.
pub fn escape(text: &str) -> String {
    let text = &*crate::secret::redact(text);
    let mut out = String::with_capacity(text.len());
    let Ok(()) = runs(text, |run| -> Result<(), std::convert::Infallible> {
        out.push_str(run);
        Ok(())
    });
    out
}

/// A finding's message as HTML: escaped, with its `code spans` as `<code>`
/// (an unpaired backtick stays as it is).
pub fn code_spans(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    let mut parts = message.split('`').peekable();
    let mut inside = false;
    while let Some(part) = parts.next() {
        if inside && parts.peek().is_none() {
            // The last backtick opened a span that never closed.
            out.push('`');
            out.push_str(&escape(part));
            break;
        }
        if inside {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
        } else {
            out.push_str(&escape(part));
        }
        inside = !inside;
    }
    out
}

/// [`escape`] for Tera. Tera's own escapes a byte at a time through a
/// dynamic writer (a tenth of a member page's rendering), and its faster
/// option leaves `'` as is, which a replaced template quoting attributes
/// with `'` would need escaped.
pub fn escape_to(text: &str, out: &mut dyn Write) -> std::io::Result<()> {
    runs(&crate::secret::redact(text), |run| {
        out.write_all(run.as_bytes())
    })
}

/// Hand `push` the escaped text in pieces: runs of plain text between
/// entities.
fn runs<E>(text: &str, mut push: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Entities replace ASCII bytes, so `start..i` is on char boundaries.
        push(&text[start..i])?;
        push(entity)?;
        start = i + 1;
    }
    push(&text[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_become_code_elements() {
        assert_eq!(
            code_spans("goal `<b>` has no `updated`"),
            "goal <code>&lt;b&gt;</code> has no <code>updated</code>"
        );
        assert_eq!(code_spans("a ` alone"), "a ` alone");
        assert_eq!(code_spans("none"), "none");
    }

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        let text = "a<b>&\"c\"'d' — é";
        let expected = "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; — é";
        assert_eq!(escape(text), expected);
        let mut written = Vec::new();
        escape_to(text, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), expected);
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
    }
}
