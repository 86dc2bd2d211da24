//! Record files as loaded: their path, text and a line index that turns byte
//! offsets into the 1-based line and character column every output uses.

use std::sync::OnceLock;

/// A byte range in a [`Source`]'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Length in bytes (may be 0 for a point).
    pub len: usize,
}

impl Span {
    /// A span covering `start..start + len`.
    pub fn new(start: usize, len: usize) -> Self {
        Self { start, len }
    }

    /// The position of the very first character of a file.
    pub const FILE_START: Span = Span { start: 0, len: 0 };
}

/// A 1-based line and column, the column counting characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (not bytes).
    pub column: usize,
}

/// One record file: its path relative to the team root and its text.
///
/// The text never includes a UTF-8 byte-order mark, so offsets, lines and
/// columns all agree with what an editor shows.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the team root, with `/` separators.
    pub path: String,
    /// The file's text, without a leading byte-order mark.
    pub text: String,
    /// Where each line starts, worked out the first time a position is
    /// asked for: most files of a large team never need one.
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    /// A source for `text`; a leading byte-order mark is dropped.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Self {
            path: path.into(),
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.line_starts()[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column, clamped to
    /// the end of that line (or of the text).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        // The line as stored (a `\r` before the newline counts as a column,
        // as `position` counts it), without the newline itself.
        let end = self
            .line_starts()
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let text = &self.text[start..end.max(start)];
        let within = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        start + within
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_skip_the_bom() {
        let source = Source::new("a.md", "\u{feff}---\r\né: ü\r\n---\r\n");
        assert_eq!(source.text.len(), "---\r\né: ü\r\n---\r\n".len());
        let u = source.text.find('ü').unwrap();
        assert_eq!(source.position(u), Position { line: 2, column: 4 });
        assert_eq!(source.offset(2, 4), u);
        assert_eq!(source.line_text(2), "é: ü");
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let source = Source::new("a.md", "ab\ncd");
        assert_eq!(source.offset(9, 1), 5);
        assert_eq!(source.offset(1, 9), 2);
        assert_eq!(source.position(99), Position { line: 2, column: 3 });
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn naive(text: &str, offset: usize) -> Position {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Position { line, column }
    }

    proptest! {
        #[test]
        fn positions_agree_with_a_naive_count(text in "(\\PC|\n|\r\n|\u{feff}){0,200}", pick in 0usize..400) {
            let source = Source::new("p.md", text.clone());
            let text = &source.text;
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let offset = boundaries[pick % boundaries.len()];
            let position = source.position(offset);
            prop_assert_eq!(position, naive(text, offset));
            prop_assert_eq!(source.offset(position.line, position.column), offset);
            prop_assert!(position.line <= text.matches('\n').count() + 1);
        }
    }
}
