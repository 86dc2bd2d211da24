//! Percent-encoding for links and URIs built from file names.

/// Percent-encode a path segment (UTF-8; RFC 3986 unreserved characters
/// kept), for an `href` or a SARIF URI.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(super::encode_segment("josé a%b"), "jos%C3%A9%20a%25b");
        assert_eq!(super::encode_segment("a-b_c.d~"), "a-b_c.d~");
    }
}
