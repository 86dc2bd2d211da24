//! Percent-encoding for links and URIs built from file names, and its
//! decoding for the paths `serve` is asked for.

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

/// `%XX` escapes decoded (others kept as written); `None` when the bytes
/// they make are not UTF-8.
pub fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| char::from(*bytes.get(at)?).to_digit(16);
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push(u8::try_from(high * 16 + low).ok()?);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(super::encode_segment("josé a%b"), "jos%C3%A9%20a%25b");
        assert_eq!(super::encode_segment("a-b_c.d~"), "a-b_c.d~");
    }

    #[test]
    fn decodes_what_it_encodes_and_refuses_what_is_not_utf8() {
        let name = "josé a%b/..";
        assert_eq!(super::decode(&super::encode_segment(name)).unwrap(), name);
        assert_eq!(super::decode("/%2e%2E%2fx%zz%").unwrap(), "/../x%zz%");
        assert_eq!(super::decode("/%ff"), None);
    }
}
