//! A strict JSON parser (RFC 8259) that keeps the byte span of every key and value.
//!
//! It builds the `serde_json::Value` that the schema and the rules read, and beside it a
//! [`SpanTree`] with the same shape, so that a JSON Pointer can be mapped back to the exact
//! bytes of a key or a value. Duplicate keys are recorded (the value keeps the last one, as
//! the AWS CLI's Python parser does). Nesting is bounded, so no input can overflow the stack.

use crate::span::{Span, escape_pointer_segment, unescape_pointer_segment};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Deeper nesting than this is refused. Task definitions nest about six levels; serde_json
/// stops at the same depth.
pub const MAX_DEPTH: usize = 128;

pub type NodeId = usize;

/// One key or value, with where it stands in the source.
#[derive(Debug, Clone)]
pub struct Node {
    /// The whole value, from its first to its last byte.
    pub span: Span,
    /// For an object member: the key, quotes included.
    pub key: Option<Span>,
    kids: Kids,
}

#[derive(Debug, Clone)]
enum Kids {
    Leaf,
    Array(Vec<NodeId>),
    /// In source order; a duplicated key appears twice and the last one wins on lookup.
    Object(Vec<(Key, NodeId)>),
}

/// A member's key, in the tree's text of keys (one buffer, not an allocation per key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    start: u32,
    len: u32,
}

/// The spans of a parsed document, shaped like its value. Node 0 is the root.
#[derive(Debug, Clone, Default)]
pub struct SpanTree {
    nodes: Vec<Node>,
    /// Every key, one after the other.
    keys: String,
    /// For objects of many members, where each key's last member is: lookups stay O(1), so
    /// that a problem per member of a 100,000-member object is linear, not quadratic.
    index: HashMap<NodeId, HashMap<Box<str>, usize>>,
}

/// Objects with more members than this get an index.
const INDEXED: usize = 16;

impl SpanTree {
    pub fn root(&self) -> Option<&Node> {
        self.nodes.first()
    }

    /// The span of the root value, unless the tree is empty.
    pub fn root_span(&self) -> Option<Span> {
        self.nodes.first().map(|n| n.span)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node a JSON Pointer (RFC 6901) names, or the deepest ancestor that exists.
    pub fn find(&self, pointer: &str) -> Option<&Node> {
        self.nodes.first()?;
        let mut id = 0;
        if !pointer.is_empty() {
            for raw in pointer.strip_prefix('/')?.split('/') {
                match self.child(id, &unescape_pointer_segment(raw)) {
                    Some(next) => id = next,
                    None => break,
                }
            }
        }
        Some(&self.nodes[id])
    }

    /// The member `segment` of an object, or the item it numbers of an array.
    fn child(&self, id: NodeId, segment: &str) -> Option<NodeId> {
        match &self.nodes[id].kids {
            Kids::Object(_) => self.member(id, segment),
            Kids::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i).copied()),
            Kids::Leaf => None,
        }
    }

    /// The position among its object's members of the last member `key`.
    fn member_position(&self, id: NodeId, key: &str) -> Option<usize> {
        let Kids::Object(members) = &self.nodes[id].kids else { return None };
        match self.index.get(&id) {
            Some(index) => index.get(key).copied(),
            None => members.iter().rposition(|(k, _)| self.key_text(*k) == key),
        }
    }

    /// The path (pointer segments) to the innermost key or value at `offset`, and whether
    /// `offset` is on that member's key.
    pub fn path_at(&self, offset: usize) -> (Vec<String>, bool) {
        let mut path = Vec::new();
        let Some(mut node) = self.nodes.first() else { return (path, false) };
        let inside = |span: Span| span.start <= offset && offset <= span.end;
        loop {
            let next = match &node.kids {
                Kids::Object(members) => members.iter().rev().find_map(|(key, id)| {
                    let child = &self.nodes[*id];
                    if child.key.is_some_and(inside) {
                        Some((self.key_text(*key).to_string(), None))
                    } else if inside(child.span) {
                        Some((self.key_text(*key).to_string(), Some(child)))
                    } else {
                        None
                    }
                }),
                Kids::Array(items) => items
                    .iter()
                    .enumerate()
                    .find(|(_, id)| inside(self.nodes[**id].span))
                    .map(|(i, id)| (i.to_string(), Some(&self.nodes[*id]))),
                Kids::Leaf => None,
            };
            match next {
                Some((segment, Some(child))) => {
                    path.push(segment);
                    node = child;
                }
                Some((segment, None)) => {
                    path.push(segment);
                    return (path, true);
                }
                None => return (path, false),
            }
        }
    }

    /// Stores a key, for [`SpanTree::set_members`].
    pub fn key(&mut self, text: &str) -> Key {
        let start = self.keys.len();
        self.keys.push_str(text);
        // Offsets fit: documents are far below 4 GiB (the size limit is 10 MiB by default).
        Key { start: start as u32, len: text.len() as u32 }
    }

    pub fn key_text(&self, key: Key) -> &str {
        &self.keys[key.start as usize..(key.start + key.len) as usize]
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The member `key` of the object at `id` (the last one, if the key is duplicated).
    pub fn member(&self, id: NodeId, key: &str) -> Option<NodeId> {
        let position = self.member_position(id, key)?;
        match &self.nodes[id].kids {
            Kids::Object(members) => members.get(position).map(|(_, id)| *id),
            _ => None,
        }
    }

    /// Renames the member `from` of the object at `pointer` to `to` (a reader that matches keys
    /// without case); its spans stay where the key is written.
    pub fn rename_member(&mut self, pointer: &str, from: &str, to: &str) {
        let Some(id) = self.find_id(pointer) else { return };
        let Some(position) = self.member_position(id, from) else { return };
        let key = self.key(to);
        if let Kids::Object(members) = &mut self.nodes[id].kids {
            members[position].0 = key;
        }
        if let Some(index) = self.index.get_mut(&id) {
            index.remove(from);
            index.insert(to.into(), position);
        }
    }

    /// The text to remove to remove the members or items at `pointers` and keep their
    /// containers well formed: each run of neighbours up to the next kept one's start, else
    /// (a run at the end) from the previous kept one's end, else the run itself.
    pub fn removal_spans(&self, pointers: &[&str]) -> Vec<Span> {
        let mut by_parent: Vec<(NodeId, Vec<usize>)> = Vec::new();
        for pointer in pointers {
            let Some((parent, last)) = pointer.rsplit_once('/') else { continue };
            let Some(parent) = self.find_id(parent) else { continue };
            let segment = unescape_pointer_segment(last);
            let index = match &self.nodes[parent].kids {
                Kids::Object(_) => self.member_position(parent, &segment),
                Kids::Array(items) => segment.parse::<usize>().ok().filter(|i| *i < items.len()),
                Kids::Leaf => None,
            };
            let Some(index) = index else { continue };
            match by_parent.iter_mut().find(|(p, _)| *p == parent) {
                Some((_, indexes)) => indexes.push(index),
                None => by_parent.push((parent, vec![index])),
            }
        }
        let mut spans = Vec::new();
        for (parent, mut indexes) in by_parent {
            let ids: Vec<NodeId> = match &self.nodes[parent].kids {
                Kids::Object(members) => members.iter().map(|(_, id)| *id).collect(),
                Kids::Array(items) => items.clone(),
                Kids::Leaf => continue,
            };
            let start_of = |i: usize| self.nodes[ids[i]].key.unwrap_or(self.nodes[ids[i]].span).start;
            let end_of = |i: usize| self.nodes[ids[i]].span.end;
            indexes.sort_unstable();
            indexes.dedup();
            let mut runs: Vec<(usize, usize)> = Vec::new();
            for i in indexes {
                match runs.last_mut() {
                    Some((_, last)) if *last + 1 == i => *last = i,
                    _ => runs.push((i, i)),
                }
            }
            for (first, last) in runs {
                spans.push(if last + 1 < ids.len() {
                    Span::new(start_of(first), start_of(last + 1))
                } else if first > 0 {
                    Span::new(end_of(first - 1), end_of(last))
                } else {
                    Span::new(start_of(first), end_of(last))
                });
            }
        }
        spans
    }

    /// The id of the node a pointer names exactly.
    fn find_id(&self, pointer: &str) -> Option<NodeId> {
        let mut id = 0;
        self.nodes.first()?;
        if pointer.is_empty() {
            return Some(id);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            id = self.child(id, &unescape_pointer_segment(raw))?;
        }
        Some(id)
    }

    /// The item `index` of the array at `id`.
    pub fn item(&self, id: NodeId, index: usize) -> Option<NodeId> {
        match &self.nodes[id].kids {
            Kids::Array(items) => items.get(index).copied(),
            _ => None,
        }
    }

    /// Adds a node for a value built from other nodes (a template converted to a task
    /// definition keeps the spans of the text it came from). The first node added is the root.
    pub fn add_leaf(&mut self, span: Span, key: Option<Span>) -> NodeId {
        self.push(Node { span, key, kids: Kids::Leaf })
    }

    /// Makes the node at `id` an array of `items`.
    pub fn set_items(&mut self, id: NodeId, items: Vec<NodeId>) {
        self.nodes[id].kids = Kids::Array(items);
    }

    /// Makes the node at `id` an object of `members`, in source order.
    pub fn set_members(&mut self, id: NodeId, members: Vec<(Key, NodeId)>) {
        if members.len() > INDEXED {
            let index = members.iter().enumerate().map(|(i, (k, _))| (self.key_text(*k).into(), i)).collect();
            self.index.insert(id, index);
        } else {
            self.index.remove(&id);
        }
        self.nodes[id].kids = Kids::Object(members);
    }

    /// Sets where the value at `id` stands.
    pub fn set_span(&mut self, id: NodeId, span: Span) {
        self.nodes[id].span = span;
    }

    /// Sets the span of the key of the member at `id`.
    pub fn set_key(&mut self, id: NodeId, key: Span) {
        self.nodes[id].key = Some(key);
    }

    /// Gives the node at `to` the children of the node at `from` (an alias repeats its anchor).
    pub fn copy_kids(&mut self, from: NodeId, to: NodeId) {
        self.nodes[to].kids = self.nodes[from].kids.clone();
        self.copy_index(from, to);
    }

    fn copy_index(&mut self, from: NodeId, to: NodeId) {
        match self.index.get(&from).cloned() {
            Some(index) => self.index.insert(to, index),
            None => self.index.remove(&to),
        };
    }

    /// Makes the node at `to` a copy of the node at `from` (to move a value to the root).
    pub fn copy_node(&mut self, from: NodeId, to: NodeId) {
        self.nodes[to] = self.nodes[from].clone();
        self.copy_index(from, to);
    }
}

/// A key that appears twice in the same object.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub key: String,
    /// Pointer to the member (the value kept).
    pub pointer: String,
    pub first: Span,
    pub second: Span,
}

/// A number JSON allows but no field can hold (`1e999`).
#[derive(Debug, Clone)]
pub struct OutOfRange {
    pub pointer: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Parsed {
    pub value: Value,
    pub tree: SpanTree,
    pub duplicates: Vec<DuplicateKey>,
    pub out_of_range: Vec<OutOfRange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: 0,
        tree: SpanTree {
            nodes: Vec::with_capacity(text.len() / 16),
            keys: String::with_capacity(text.len() / 4),
            index: HashMap::new(),
        },
        duplicates: Vec::new(),
        out_of_range: Vec::new(),
        parents: Vec::new(),
    };
    p.skip_ws();
    if p.pos >= p.src.len() {
        return Err(ParseError {
            message: "the file is empty; expected a JSON object or array".into(),
            span: Span::new(0, 0),
        });
    }
    let root = p.tree.push(Node { span: Span::default(), key: None, kids: Kids::Leaf });
    let value = p.value(root, 0)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        let end = p.token_end();
        return Err(p.error_at("unexpected text after the end of the JSON document", Span::new(p.pos, end)));
    }
    Ok(Parsed { value, tree: p.tree, duplicates: p.duplicates, out_of_range: p.out_of_range })
}

#[derive(Clone, Copy)]
enum Segment {
    Key(Span),
    Index(usize),
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    tree: SpanTree,
    duplicates: Vec<DuplicateKey>,
    out_of_range: Vec<OutOfRange>,
    /// The path to the value being parsed: for each level, the key (its span) or the index.
    parents: Vec<Segment>,
}

impl Parser<'_> {
    fn error_at(&self, message: impl Into<String>, span: Span) -> ParseError {
        ParseError { message: message.into(), span }
    }

    fn error_here(&self, message: impl Into<String>) -> ParseError {
        let end = self.token_end();
        self.error_at(message, Span::new(self.pos, end))
    }

    /// The end of the token at `pos`, for underlining it (at least one character).
    fn token_end(&self) -> usize {
        let rest = &self.text[self.pos.min(self.text.len())..];
        if let Some(body) = rest.strip_prefix('"') {
            let close = body.char_indices().take(60).find(|&(_, c)| c == '"' || c == '\n');
            if let Some((i, '"')) = close {
                return self.pos + i + 2;
            }
        }
        let word = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && !(c.is_alphanumeric() || c == '_' || c == '$'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let first = rest.chars().next().map_or(0, char::len_utf8);
        self.pos + word.max(first)
    }

    /// At a `}` or `]` that follows a comma: points at the comma.
    fn trailing_comma(&self, close: char) -> ParseError {
        let comma = self.text[..self.pos].rfind(',').unwrap_or(self.pos);
        self.error_at(format!("trailing comma before `{close}` is not allowed in JSON"), Span::new(comma, comma + 1))
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn unexpected(&self, expected: &str) -> ParseError {
        match self.peek() {
            None => self.error_at(
                format!("unexpected end of file; expected {expected}"),
                Span::new(self.src.len(), self.src.len()),
            ),
            Some(b'/') if matches!(self.src.get(self.pos + 1), Some(b'/' | b'*')) => {
                self.error_here("comments are not allowed in JSON")
            }
            Some(b'\'') => {
                self.error_here(format!("strings in JSON use double quotes, not single quotes; expected {expected}"))
            }
            Some(_) => {
                let found = self.text[self.pos..self.token_end()].to_string();
                self.error_here(format!("expected {expected}, found `{found}`"))
            }
        }
    }

    fn value(&mut self, id: NodeId, depth: usize) -> Result<Value, ParseError> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(id, depth)?,
            Some(b'[') => self.array(id, depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            _ => return Err(self.unexpected("a JSON value")),
        };
        self.tree.nodes[id].span = Span::new(start, self.pos);
        Ok(value)
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    fn enter(&self, depth: usize) -> Result<(), ParseError> {
        if depth >= MAX_DEPTH {
            Err(self.error_here(format!("the document nests deeper than {MAX_DEPTH} levels; no task definition does")))
        } else {
            Ok(())
        }
    }

    fn object(&mut self, id: NodeId, depth: usize) -> Result<Value, ParseError> {
        self.enter(depth)?;
        self.pos += 1;
        let mut map = Map::new();
        let mut members: Vec<(Key, NodeId)> = Vec::new();
        let mut first_of: Option<HashMap<String, NodeId>> = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(if self.peek() == Some(b'}') {
                    self.trailing_comma('}')
                } else {
                    self.unexpected("a key in double quotes")
                });
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let child = self.tree.push(Node { span: Span::default(), key: Some(key_span), kids: Kids::Leaf });
            self.parents.push(Segment::Key(key_span));
            let value = self.value(child, depth + 1)?;
            self.parents.pop();
            if map.contains_key(&key) {
                self.duplicate(&key, key_span, &members, &mut first_of);
            }
            if let Some(first_of) = &mut first_of {
                first_of.entry(key.clone()).or_insert(child);
            }
            members.push((self.tree.key(&key), child));
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("`,` or `}` after an object member")),
            }
        }
        self.tree.set_members(id, members);
        Ok(Value::Object(map))
    }

    /// Records a key seen before in the object of `members`. The earlier member is found in an
    /// index of the object's first members, built at its first duplicate (the map told there
    /// is one in O(log n)): many duplicates stay linear.
    fn duplicate(
        &mut self,
        key: &str,
        key_span: Span,
        members: &[(Key, NodeId)],
        first_of: &mut Option<HashMap<String, NodeId>>,
    ) {
        let first_of = first_of.get_or_insert_with(|| {
            let mut first = HashMap::new();
            for (k, id) in members {
                first.entry(self.tree.key_text(*k).to_string()).or_insert(*id);
            }
            first
        });
        let Some(&earlier) = first_of.get(key) else { return };
        let first = self.tree.nodes[earlier].key.unwrap_or_default();
        self.duplicates.push(DuplicateKey {
            key: key.to_string(),
            pointer: format!("{}/{}", self.pointer_here(), escape_pointer_segment(key)),
            first,
            second: key_span,
        });
    }

    /// The JSON Pointer of the value being parsed (for the rare finding the parser makes).
    fn pointer_here(&self) -> String {
        let mut pointer = String::new();
        for segment in &self.parents {
            pointer.push('/');
            match *segment {
                Segment::Index(i) => pointer.push_str(&i.to_string()),
                Segment::Key(span) => {
                    let mut key_parser = Parser {
                        src: self.src,
                        text: self.text,
                        pos: span.start,
                        tree: SpanTree::default(),
                        duplicates: Vec::new(),
                        out_of_range: Vec::new(),
                        parents: Vec::new(),
                    };
                    let key = key_parser.string().unwrap_or_default();
                    pointer.push_str(&escape_pointer_segment(&key));
                }
            }
        }
        pointer
    }

    fn array(&mut self, id: NodeId, depth: usize) -> Result<Value, ParseError> {
        self.enter(depth)?;
        self.pos += 1;
        let mut values = Vec::new();
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(values));
        }
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') {
                return Err(self.trailing_comma(']'));
            }
            let child = self.tree.push(Node { span: Span::default(), key: None, kids: Kids::Leaf });
            self.parents.push(Segment::Index(values.len()));
            values.push(self.value(child, depth + 1)?);
            self.parents.pop();
            items.push(child);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("`,` or `]` after an array item")),
            }
        }
        self.tree.nodes[id].kids = Kids::Array(items);
        Ok(Value::Array(values))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        // Allocated only for a string with escapes; a plain one is copied once, at its end.
        let mut unescaped: Option<String> = None;
        let mut run = self.pos;
        loop {
            let rest = &self.src[self.pos..];
            let stop = memchr::memchr2(b'"', b'\\', rest);
            let plain = &rest[..stop.unwrap_or(rest.len())];
            if let Some(j) = plain.iter().position(|&b| b < 0x20) {
                self.pos += j;
                let b = self.src[self.pos];
                let what = if b == b'\n' || b == b'\r' {
                    "a line break inside a string must be written as `\\n`".to_string()
                } else {
                    format!("control character U+{b:04X} inside a string must be escaped")
                };
                return Err(self.error_at(what, Span::new(self.pos, self.pos + 1)));
            }
            let Some(i) = stop else {
                return Err(
                    self.error_at("unterminated string: the closing `\"` is missing", Span::new(start, self.src.len()))
                );
            };
            self.pos += i;
            let segment = &self.text[run..self.pos];
            if rest[i] == b'"' {
                self.pos += 1;
                return Ok(match unescaped {
                    Some(mut out) => {
                        out.push_str(segment);
                        out
                    }
                    None => segment.to_string(),
                });
            }
            let out = unescaped.get_or_insert_with(String::new);
            out.push_str(segment);
            self.escape(out)?;
            run = self.pos;
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let start = self.pos;
        self.pos += 1;
        let Some(b) = self.peek() else {
            return Err(self.error_at("unterminated string", Span::new(start, self.pos)));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4(start)?;
                if (0xD800..0xDC00).contains(&hi) && self.src[self.pos..].starts_with(b"\\u") {
                    let save = self.pos;
                    self.pos += 2;
                    let lo = self.hex4(start)?;
                    if (0xDC00..0xE000).contains(&lo) {
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        char::from_u32(c).unwrap_or('\u{FFFD}')
                    } else {
                        self.pos = save;
                        '\u{FFFD}'
                    }
                } else {
                    // A lone surrogate: JSON allows it, Rust strings cannot hold it.
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            _ => {
                let end = start + 1 + self.text[start + 1..].chars().next().map_or(0, char::len_utf8);
                return Err(self.error_at(
                    format!("invalid escape `{}` in a string", &self.text[start..end]),
                    Span::new(start, end),
                ));
            }
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, escape_start: usize) -> Result<u32, ParseError> {
        let digits = self.src.get(self.pos..self.pos + 4).filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        match digits {
            Some(d) => {
                self.pos += 4;
                Ok(u32::from_str_radix(std::str::from_utf8(d).unwrap_or("0"), 16).unwrap_or(0xFFFD))
            }
            None => Err(self.error_at(
                "`\\u` must be followed by four hexadecimal digits",
                Span::new(escape_start, self.pos.min(self.src.len())),
            )),
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if digits(self) == 0 {
            return Err(self.unexpected("a digit"));
        }
        if self.src[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(self.error_at("numbers in JSON cannot have leading zeros", Span::new(start, self.pos)));
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        let text = &self.text[start..self.pos];
        if !float {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Number(n.into()));
            }
        }
        let f: f64 = text.parse().unwrap_or(f64::INFINITY);
        let number = Number::from_f64(f).unwrap_or_else(|| {
            self.out_of_range.push(OutOfRange { pointer: self.pointer_here(), span: Span::new(start, self.pos) });
            Number::from_f64(if text.starts_with('-') { f64::MIN } else { f64::MAX }).expect("finite")
        });
        Ok(Value::Number(number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_text<'a>(text: &'a str, pointer: &str) -> &'a str {
        let parsed = parse(text).unwrap();
        let node = parsed.tree.find(pointer).unwrap();
        &text[node.span.start..node.span.end]
    }

    #[test]
    fn finds_values_by_pointer() {
        let text = r#"{"a": [1, {"b~/c": "x"}], "d": true}"#;
        assert_eq!(span_text(text, ""), text);
        assert_eq!(span_text(text, "/a/1"), r#"{"b~/c": "x"}"#);
        assert_eq!(span_text(text, "/a/1/b~0~1c"), r#""x""#);
        assert_eq!(span_text(text, "/d"), "true");
        // A pointer past what exists stops at the deepest ancestor.
        assert_eq!(span_text(text, "/a/7"), r#"[1, {"b~/c": "x"}]"#);
    }

    #[test]
    fn path_at_an_offset() {
        let text = r#"{"a": [1, {"bb": "x"}], "c": true}"#;
        let tree = parse(text).unwrap().tree;
        assert_eq!(tree.path_at(text.find("bb").unwrap()), (vec!["a".into(), "1".into(), "bb".into()], true));
        assert_eq!(tree.path_at(text.find("\"x").unwrap() + 1), (vec!["a".into(), "1".into(), "bb".into()], false));
        assert_eq!(tree.path_at(text.find("true").unwrap()), (vec!["c".into()], false));
        assert_eq!(tree.path_at(0), (vec![], false));
    }

    #[test]
    fn key_spans_and_duplicates() {
        let text = "{\"k\": 1,\n \"k\": 2}";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.value["k"], 2, "the last duplicate wins, as in the AWS CLI");
        assert_eq!(parsed.duplicates.len(), 1);
        let dup = &parsed.duplicates[0];
        assert_eq!(&text[dup.first.start..dup.first.end], "\"k\"");
        assert_eq!(dup.second.start, 10);
        let node = parsed.tree.find("/k").unwrap();
        assert_eq!(&text[node.span.start..node.span.end], "2");
    }

    #[test]
    fn strings_unescape() {
        let parsed = parse(r#"["a\"b\\\/\n\u00e9\ud83d\ude00\ud800"]"#).unwrap();
        assert_eq!(parsed.value[0], "a\"b\\/\né😀\u{FFFD}");
    }

    #[test]
    fn numbers() {
        let parsed = parse("[0, -1, 18446744073709551615, 1.5, 1e999, -1e999, 123456789012345678901234]").unwrap();
        assert_eq!(parsed.value[0], 0);
        assert_eq!(parsed.value[1], -1);
        assert_eq!(parsed.value[2], u64::MAX);
        assert_eq!(parsed.value[3], 1.5);
        assert_eq!(parsed.out_of_range.len(), 2);
        assert!(parsed.value[6].as_f64().unwrap() > 1e23);
    }

    fn err(text: &str) -> (String, String) {
        let e = parse(text).unwrap_err();
        (e.message, text[e.span.start..e.span.end].to_string())
    }

    #[test]
    fn errors_name_the_problem_and_point_at_it() {
        assert_eq!(err("").0, "the file is empty; expected a JSON object or array");
        assert_eq!(err("{\"a\": 1,}"), ("trailing comma before `}` is not allowed in JSON".into(), ",".into()));
        assert_eq!(err("[1,]").0, "trailing comma before `]` is not allowed in JSON");
        assert_eq!(err("{\"a\": ${PORT}}"), ("expected a JSON value, found `$`".into(), "$".into()));
        assert_eq!(
            err("{\"a\": 1} echo done"),
            ("unexpected text after the end of the JSON document".into(), "echo".into())
        );
        assert_eq!(err("{\"a\": 1 \"b\": 2}").0, "expected `,` or `}` after an object member, found `\"b\"`");
        assert_eq!(err("// c\n{}").0, "comments are not allowed in JSON");
        assert_eq!(
            err("{'a': 1}").0,
            "strings in JSON use double quotes, not single quotes; expected a key in double quotes"
        );
        assert_eq!(err("{\"a\": \"x").0, "unterminated string: the closing `\"` is missing");
        assert_eq!(err("[01]").0, "numbers in JSON cannot have leading zeros");
        assert_eq!(err("[\"\\x\"]"), ("invalid escape `\\x` in a string".into(), "\\x".into()));
        assert_eq!(err("[\"a\nb\"]").0, "a line break inside a string must be written as `\\n`");
        assert_eq!(err("{\"a\": tru}").0, "expected a JSON value, found `tru`");
        assert_eq!(err("[").0, "unexpected end of file; expected a JSON value");
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let text = "[".repeat(200_000);
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("deeper than 128"), "{}", e.message);
        assert_eq!(e.span.start, MAX_DEPTH);
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }
}
