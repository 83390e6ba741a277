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
    /// For text that is not ASCII, every [`MARK`] bytes (floored to a character): the byte
    /// offset, and the characters and UTF-16 units before it. A column is then counted from the
    /// nearest mark, not from the start of its line: one-line files of megabytes stay linear.
    marks: Option<Vec<(usize, usize, usize)>>,
}

/// How far apart the marks of a [`LineIndex`] are.
const MARK: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let marks = (!text.is_ascii()).then(|| {
            let mut marks = Vec::with_capacity(text.len() / MARK + 1);
            let (mut chars, mut units, mut at) = (0, 0, 0);
            for k in 0..=text.len() / MARK {
                let next = floor_char_boundary(text, k * MARK);
                for c in text[at..next].chars() {
                    chars += 1;
                    units += c.len_utf16();
                }
                at = next;
                marks.push((at, chars, units));
            }
            marks
        });
        LineIndex { text, starts, marks }
    }

    /// The characters and UTF-16 units before `offset` (a character boundary).
    fn counts_before(&self, offset: usize) -> (usize, usize) {
        let Some(marks) = &self.marks else { return (offset, offset) };
        let (at, mut chars, mut units) = marks[(offset / MARK).min(marks.len() - 1)];
        for c in self.text[at.min(offset)..offset].chars() {
            chars += 1;
            units += c.len_utf16();
        }
        (chars, units)
    }

    /// How many lines the text has (a last line without a newline counts).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The bytes of 0-based lines `first..=last`, their newlines included.
    pub fn lines_span(&self, first: usize, last: usize) -> Span {
        let start = self.starts.get(first).copied().unwrap_or(self.text.len());
        let end = self.starts.get(last + 1).copied().unwrap_or(self.text.len());
        Span::new(start, end.max(start))
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
        let column = self.counts_before(offset).0 - self.counts_before(start).0 + 1;
        Position { line: line + 1, column }
    }

    /// 0-based line and column of `offset`, the column in UTF-16 code units (`utf16`) or bytes,
    /// as the language server protocol counts them.
    pub fn lsp_position(&self, offset: usize, utf16: bool) -> (usize, usize) {
        let (line, start) = self.line_of(offset);
        let offset = floor_char_boundary(self.text, offset);
        let column = if utf16 { self.counts_before(offset).1 - self.counts_before(start).1 } else { offset - start };
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

#[cfg(test)]
mod line_index_tests {
    use super::*;

    #[test]
    fn columns_from_marks_are_the_columns_counted_from_the_line() {
        // Lines long and short, mixing one-, two- and four-byte characters across many marks.
        let mut text = String::new();
        for i in 0..4000 {
            text.push(match i % 7 {
                0 => 'é',
                1 => '😀',
                2 if i % 700 == 2 => '\n',
                _ => 'a',
            });
        }
        let lines = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let before = &text[start..offset];
            assert_eq!(lines.position(offset).column, before.chars().count() + 1, "at {offset}");
            assert_eq!(lines.lsp_position(offset, true).1, before.encode_utf16().count(), "at {offset}");
        }
    }
}
