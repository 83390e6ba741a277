//! Places in a text: byte ranges, lines and columns.

use serde::Serialize;

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

pub fn unescape_pointer_segment(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') { raw.replace("~1", "/").replace("~0", "~").into() } else { raw.into() }
}

/// Escapes a key for use as one JSON Pointer segment.
pub fn escape_pointer_segment(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) { key.replace('~', "~0").replace('/', "~1").into() } else { key.into() }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets to lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 0-based line, and the byte offset where it starts.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        (line, self.starts[line])
    }

    pub fn position(&self, offset: usize) -> Position {
        let (line, start) = self.line_of(offset);
        let offset = floor_char_boundary(self.text, offset);
        let column = self.text[start..offset].chars().count() + 1;
        Position { line: line + 1, column }
    }

    /// 0-based line and column of `offset`, the column in UTF-16 code units (`utf16`) or bytes,
    /// as the language server protocol counts them.
    pub fn lsp_position(&self, offset: usize, utf16: bool) -> (usize, usize) {
        let (line, start) = self.line_of(offset);
        let offset = floor_char_boundary(self.text, offset);
        let column = if utf16 { self.text[start..offset].encode_utf16().count() } else { offset - start };
        (line, column)
    }

    /// The byte offset of a 0-based line and column in UTF-16 code units or bytes; positions
    /// past the end of a line or of the text are clamped to it.
    pub fn lsp_offset(&self, line: usize, column: usize, utf16: bool) -> usize {
        let Some(&start) = self.starts.get(line) else { return self.text.len() };
        let end = self.starts.get(line + 1).map_or(self.text.len(), |&next| next - 1);
        let line_text = &self.text[start..end.max(start)];
        if !utf16 {
            return start + floor_char_boundary(line_text, column);
        }
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= column {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line_text.len()
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
