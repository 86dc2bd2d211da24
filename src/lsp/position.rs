//! Positions as the client counts them: a 0-based line and a column in
//! UTF-16 code units (the protocol's default), UTF-8 bytes or characters,
//! as negotiated at `initialize`.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::{Source, Span};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes: what mastery counts in, so nothing to convert.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Characters (code points), as `check` prints columns.
    Utf32,
}

impl Encoding {
    /// The encoding to use of those a client offers: UTF-8, else UTF-32,
    /// else UTF-16 (which every client understands).
    pub fn choose(offered: Option<&[PositionEncodingKind]>) -> Self {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// Its name in the protocol.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// The position of byte `offset` of `source`.
    pub fn position(self, source: &Source, offset: usize) -> Position {
        let line = source.position(offset).line;
        let start = source.line_start(line);
        let end = offset.clamp(start, source.text.len());
        let before = source.text.get(start..end).unwrap_or_default();
        let column: usize = before.chars().map(|c| self.width(c)).sum();
        Position::new(to_u32(line - 1), to_u32(column))
    }

    /// The range of `span` in `source`.
    pub fn range(self, source: &Source, span: Span) -> Range {
        Range::new(
            self.position(source, span.start),
            self.position(source, span.start + span.len),
        )
    }

    /// The byte offset of `position` in `source`, clamped to its line (a
    /// column inside a character counts as the character's start).
    pub fn offset(self, source: &Source, position: Position) -> usize {
        let line = position.line as usize + 1;
        let start = source.line_start(line);
        if start >= source.text.len() {
            return source.text.len();
        }
        let text = source.line_text(line);
        let mut units = 0;
        for (i, c) in text.char_indices() {
            units += self.width(c);
            if units > position.character as usize {
                return start + i;
            }
        }
        start + text.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_in_the_negotiated_unit() {
        // "é" is 2 bytes and 1 UTF-16 unit; "🙂" 4 bytes and 2 units.
        let source = Source::new("a.md", "---\nname: é🙂x\n---\n");
        let x = source.text.find('x').unwrap();
        let at = |e: Encoding| e.position(&source, x);
        assert_eq!(at(Encoding::Utf8), Position::new(1, 12));
        assert_eq!(at(Encoding::Utf16), Position::new(1, 9));
        assert_eq!(at(Encoding::Utf32), Position::new(1, 8));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(encoding.offset(&source, at(encoding)), x, "{encoding:?}");
        }
    }

    #[test]
    fn positions_past_a_line_or_the_text_are_clamped() {
        let source = Source::new("a.md", "ab\r\ncd");
        assert_eq!(Encoding::Utf16.offset(&source, Position::new(0, 99)), 2);
        assert_eq!(Encoding::Utf16.offset(&source, Position::new(1, 1)), 5);
        assert_eq!(Encoding::Utf16.offset(&source, Position::new(7, 0)), 6);
        assert_eq!(Encoding::Utf16.position(&source, 99), Position::new(1, 2));
    }

    #[test]
    fn utf8_is_chosen_when_offered_and_utf16_otherwise() {
        let kinds = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::choose(Some(&kinds)), Encoding::Utf8);
        assert_eq!(Encoding::choose(None), Encoding::Utf16);
    }
}
