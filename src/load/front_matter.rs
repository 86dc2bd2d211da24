//! Splitting a record file into its YAML front matter and Markdown body,
//! keeping the byte offset of each so findings point into the whole file.

/// The two parts of a record file, as byte ranges of its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts {
    /// Where the YAML starts (the line after the opening fence).
    pub yaml_start: usize,
    /// Where the YAML ends (the start of the closing fence line).
    pub yaml_end: usize,
    /// Where the Markdown body starts (the line after the closing fence).
    pub body_start: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum SplitError {
    /// Line 1 is not `---`.
    NoOpening,
    /// No line `---` closes the front matter.
    NoClosing,
}

impl SplitError {
    /// What went wrong, in words for a finding.
    pub fn message(self) -> &'static str {
        match self {
            SplitError::NoOpening => {
                "no front matter: line 1 must be `---`, followed by YAML and a closing `---`"
            }
            SplitError::NoClosing => {
                "the front matter is never closed: add a line `---` after the YAML"
            }
        }
    }
}

/// Split `text` (already without a byte-order mark). Lines may end in `\n`
/// or `\r\n`; a fence may carry trailing spaces.
pub fn split(text: &str) -> Result<Parts, SplitError> {
    let mut lines = lines_with_offsets(text);
    match lines.next() {
        Some((_, line)) if is_fence(line) => {}
        _ => return Err(SplitError::NoOpening),
    }
    let yaml_start = lines_with_offsets(text)
        .nth(1)
        .map_or(text.len(), |(o, _)| o);
    for (offset, line) in lines {
        if is_fence(line) {
            let body_start = offset + line.len();
            return Ok(Parts {
                yaml_start,
                yaml_end: offset,
                body_start,
            });
        }
    }
    Err(SplitError::NoClosing)
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"
}

/// Each line with the byte offset where it starts; lines keep their ending.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        for text in [
            "---\nname: A\n---\nbody\n",
            "---\r\nname: A\r\n---\r\nbody\r\n",
        ] {
            let parts = split(text).unwrap();
            assert_eq!(text[parts.yaml_start..parts.yaml_end].trim_end(), "name: A");
            assert_eq!(text[parts.body_start..].trim_end(), "body");
        }
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let parts = split("---\n---").unwrap();
        assert_eq!(parts.yaml_start, parts.yaml_end);
        assert_eq!(parts.body_start, 7);
    }

    #[test]
    fn missing_fences() {
        assert_eq!(split(""), Err(SplitError::NoOpening));
        assert_eq!(split("name: A\n"), Err(SplitError::NoOpening));
        assert_eq!(split(" ---\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\nname: A\n"), Err(SplitError::NoClosing));
        assert_eq!(split("---"), Err(SplitError::NoClosing));
        assert_eq!(split("---\nname: A\n----\n"), Err(SplitError::NoClosing));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn parts_lie_inside_the_text_on_character_boundaries(
            text in "(---|\n|\r\n|\\PC|name: x|   ){0,60}"
        ) {
            if let Ok(parts) = split(&text) {
                prop_assert!(parts.yaml_start <= parts.yaml_end);
                prop_assert!(parts.yaml_end <= parts.body_start);
                prop_assert!(parts.body_start <= text.len());
                for at in [parts.yaml_start, parts.yaml_end, parts.body_start] {
                    prop_assert!(text.is_char_boundary(at));
                }
                prop_assert!(text[..parts.yaml_start].trim_end().ends_with("---"));
            }
        }
    }
}
