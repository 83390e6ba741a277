//! What a check finds, before and after it is placed in the source.

use crate::json::Span;
use crate::registry::Rule;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Which part of the value at a pointer a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The value.
    Value,
    /// The member's key (for unknown or duplicated fields), or the value when it has none.
    Key,
    /// The key and its value together.
    Member,
    /// The first character of the value: for something missing from an object.
    Start,
}

/// Where a finding is: a JSON Pointer into the document and which part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub pointer: String,
    pub target: Target,
}

/// A finding as a check reports it: about a pointer, not yet about bytes.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub at: Location,
    pub message: String,
    pub help: Option<String>,
    /// A span known directly (parse errors), which the pointer cannot name.
    pub span: Option<Span>,
    /// The most severe this finding may be: `Warning` when it rests on an unverified fact.
    pub cap: Option<Severity>,
}

/// A finding placed in the source, with its severity settled.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub pointer: String,
    pub span: Span,
    pub start: Position,
    pub end: Position,
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
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
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

    /// The column of `offset` in UTF-16 code units, 0-based (for the language server).
    pub fn utf16_column(&self, offset: usize) -> (usize, usize) {
        let (line, start) = self.line_of(offset);
        let offset = floor_char_boundary(self.text, offset);
        (line, self.text[start..offset].encode_utf16().count())
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
