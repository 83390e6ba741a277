//! YAML (CloudFormation templates) read into the same `Value` and [`SpanTree`] as JSON, so
//! that everything after parsing is shared.
//!
//! Events come from `saphyr-parser`, which keeps positions. CloudFormation's short-form
//! intrinsic functions become the long form CloudFormation reads them as (`!Ref X` is
//! `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, `!Sub s` is
//! `{"Fn::Sub": "s"}`); plain scalars are typed as YAML 1.2's core schema says; aliases are
//! expanded, with a bound, so that a "billion laughs" file is refused rather than expanded;
//! only the first document of a stream is read.

use crate::json::{DuplicateKey, Key, MAX_DEPTH, NodeId, OutOfRange, ParseError, Parsed, SpanTree};
use crate::span::{Span, escape_pointer_segment};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// More values than this, counting those that aliases repeat, and the file is refused.
const MAX_VALUES: usize = 1_000_000;

/// Parses the first YAML document in `text`.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut reader = Reader::new(text);
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let at = reader.offset(e.marker().index());
            ParseError { message: format!("invalid YAML: {}", e.info()), span: Span::new(at, at) }
        })?;
        let span = Span::new(reader.offset(span.start.index()), reader.offset(span.end.index()));
        if reader.event(event, span)? {
            break;
        }
    }
    second_document(&mut parser, &reader)?;
    reader.finish()
}

/// A stream with a second document that holds something is refused: CloudFormation reads one
/// template per file, and the deploy action's `yaml.parse` refuses "multiple documents"; a
/// second document ecslint left unread would hide what is in it.
fn second_document<'t>(
    parser: &mut Parser<'t, saphyr_parser::StrInput<'t>>,
    reader: &Reader<'_>,
) -> Result<(), ParseError> {
    let mut start = None;
    while let Some(Ok((event, span))) = parser.next_event() {
        let at = reader.offset(span.start.index());
        match event {
            Event::DocumentStart(_) => {
                start.get_or_insert(at);
            }
            Event::Scalar(value, ..) if value.is_empty() || value == "~" || value == "null" => {}
            Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) => {
                let at = start.unwrap_or(at);
                return Err(error(
                    "invalid YAML for a template: a second document starts here, and CloudFormation reads one \
                     template per file (ecslint would not check the others)",
                    Span::new(at, at + 3.min(reader.text.len() - at)),
                ));
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
}

struct Collection {
    id: NodeId,
    start: usize,
    /// The end of the last item, so that trailing comments stay outside the span.
    end: usize,
    tag: Option<String>,
    anchor: usize,
    /// Values created inside, for the alias bound.
    first_value: usize,
    kind: Kind,
}

impl Collection {
    /// Appends the pointer segment of the item being read in this collection.
    fn push_segment(&self, pointer: &mut String) {
        pointer.push('/');
        match &self.kind {
            Kind::Seq { values, .. } => pointer.push_str(&values.len().to_string()),
            Kind::Map { key, .. } => {
                pointer.push_str(&escape_pointer_segment(key.as_ref().map_or("", |(k, _)| k.as_str())))
            }
        }
    }
}

enum Kind {
    Seq { values: Vec<Value>, items: Vec<NodeId> },
    Map { map: Map<String, Value>, members: Vec<(Key, NodeId)>, key: Option<(String, Span)> },
}

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of each character, when the text is not ASCII (the parser counts characters).
    offsets: Option<Vec<usize>>,
    tree: SpanTree,
    stack: Vec<Collection>,
    root: Option<(Value, NodeId)>,
    /// Anchored values: the value, its node, and how many values it holds.
    anchors: HashMap<usize, (Value, NodeId, usize)>,
    values: usize,
    duplicates: Vec<DuplicateKey>,
    out_of_range: Vec<OutOfRange>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        let offsets = (!text.is_ascii())
            .then(|| text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect());
        let mut tree = SpanTree::default();
        tree.add_leaf(Span::default(), None); // the root, filled in by `finish`
        Reader {
            text,
            offsets,
            tree,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            values: 0,
            duplicates: Vec::new(),
            out_of_range: Vec::new(),
        }
    }

    fn offset(&self, char_index: usize) -> usize {
        match &self.offsets {
            Some(offsets) => offsets.get(char_index).copied().unwrap_or(self.text.len()),
            None => char_index.min(self.text.len()),
        }
    }

    fn finish(mut self) -> Result<Parsed, ParseError> {
        let (value, id) = self.root.take().unwrap_or((Value::Null, 0));
        if id != 0 {
            self.tree.copy_node(id, 0);
        }
        Ok(Parsed { value, tree: self.tree, duplicates: self.duplicates, out_of_range: self.out_of_range })
    }

    /// Handles one event; `true` once the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, ParseError> {
        match event {
            Event::DocumentEnd | Event::StreamEnd => return Ok(true),
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
            Event::Alias(anchor) => {
                let Some((value, node, weight)) = self.anchors.get(&anchor).cloned() else {
                    return Err(error("an alias names an anchor that is not defined", span));
                };
                self.count(weight, span)?;
                if self.expecting_key() {
                    let text = match value {
                        Value::String(s) => s,
                        Value::Number(_) | Value::Bool(_) => value.to_string(),
                        _ => return Err(error("a key that is a list or a mapping is not supported", span)),
                    };
                    self.set_key(text, span);
                    return Ok(false);
                }
                let id = self.tree.add_leaf(span, None);
                self.tree.copy_kids(node, id);
                self.complete(value, id, span);
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, span)?;
                if self.expecting_key() {
                    self.set_key(text.into_owned(), span);
                    return Ok(false);
                }
                let value = self.scalar(&text, style, tag.as_deref(), span);
                let id = self.tree.add_leaf(span, None);
                let (value, id) = self.tagged(value, id, local_tag(tag.as_deref()), span);
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), id, 1));
                }
                self.complete(value, id, span);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) if self.expecting_key() => {
                let _ = (anchor, tag);
                return Err(error("a key that is a list or a mapping is not supported", span));
            }
            Event::SequenceStart(anchor, tag) => self.open(span, anchor, local_tag(tag.as_deref()), true)?,
            Event::MappingStart(anchor, tag) => self.open(span, anchor, local_tag(tag.as_deref()), false)?,
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(c) = self.stack.pop() else { return Ok(false) };
                // Block collections end with an empty span; flow ones at their bracket.
                let end = if span.end > span.start { span.end } else { c.end.max(c.start) };
                let whole = Span::new(c.start, end);
                self.tree.set_span(c.id, whole);
                let value = match c.kind {
                    Kind::Seq { values, items } => {
                        self.tree.set_items(c.id, items);
                        Value::Array(values)
                    }
                    Kind::Map { map, members, key } => {
                        if let Some((_, key_span)) = key {
                            return Err(error("a key without a value", key_span));
                        }
                        self.tree.set_members(c.id, members);
                        Value::Object(map)
                    }
                };
                let (value, id) = self.tagged(value, c.id, c.tag, whole);
                if c.anchor > 0 {
                    self.anchors.insert(c.anchor, (value.clone(), id, self.values - c.first_value + 1));
                }
                self.complete(value, id, whole);
            }
        }
        Ok(false)
    }

    /// The key of the mapping being read, for the value that comes next.
    fn set_key(&mut self, text: String, span: Span) {
        if let Some(Collection { kind: Kind::Map { key, .. }, .. }) = self.stack.last_mut() {
            *key = Some((text, span));
        }
    }

    fn open(&mut self, span: Span, anchor: usize, tag: Option<String>, seq: bool) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(error(format!("the document nests deeper than {MAX_DEPTH} levels"), span));
        }
        self.count(1, span)?;
        let id = self.tree.add_leaf(span, None);
        let kind = if seq {
            Kind::Seq { values: Vec::new(), items: Vec::new() }
        } else {
            Kind::Map { map: Map::new(), members: Vec::new(), key: None }
        };
        self.stack.push(Collection {
            id,
            start: span.start,
            end: span.end,
            tag,
            anchor,
            first_value: self.values,
            kind,
        });
        Ok(())
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Collection { kind: Kind::Map { key: None, .. }, .. }))
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), ParseError> {
        self.values = self.values.saturating_add(n);
        if self.values > MAX_VALUES {
            return Err(error(
                format!("the document holds more than {MAX_VALUES} values once its aliases are expanded"),
                span,
            ));
        }
        Ok(())
    }

    /// Puts a finished value in its parent (or makes it the root).
    fn complete(&mut self, value: Value, id: NodeId, span: Span) {
        let path = self.pointer();
        let Some(parent) = self.stack.last_mut() else {
            self.root.get_or_insert((value, id));
            return;
        };
        parent.end = parent.end.max(span.end);
        match &mut parent.kind {
            Kind::Seq { values, items } => {
                values.push(value);
                items.push(id);
            }
            Kind::Map { map, members, key } => {
                let Some((key, key_span)) = key.take() else { return };
                self.tree.set_key(id, key_span);
                if let Some(&(_, earlier)) = members.iter().rev().find(|(k, _)| self.tree.key_text(*k) == key) {
                    let first = self.tree.node(earlier).key.unwrap_or_default();
                    self.duplicates.push(DuplicateKey {
                        pointer: format!("{path}/{}", escape_pointer_segment(&key)),
                        key: key.clone(),
                        first,
                        second: key_span,
                    });
                }
                members.push((self.tree.key(&key), id));
                map.insert(key, value);
            }
        }
    }

    /// The JSON Pointer of the collection being read.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        if let Some((_, parents)) = self.stack.split_last() {
            parents.iter().for_each(|c| c.push_segment(&mut pointer));
        }
        pointer
    }

    /// A scalar's value: quoted scalars are strings; plain ones are typed (YAML 1.2 core).
    fn scalar(&mut self, text: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Value {
        let core = tag.filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str());
        if core == Some("str") || (style != ScalarStyle::Plain && core.is_none()) {
            return Value::String(text.to_string());
        }
        match text {
            "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
            "true" | "True" | "TRUE" => return Value::Bool(true),
            "false" | "False" | "FALSE" => return Value::Bool(false),
            _ => {}
        }
        if let Some(n) = integer(text) {
            return Value::Number(n);
        }
        let looks_float = text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
            && text.bytes().any(|b| b.is_ascii_digit());
        if looks_float && let Ok(f) = text.parse::<f64>() {
            if let Some(n) = Number::from_f64(f).filter(|_| f.is_finite()) {
                return Value::Number(n);
            }
            self.out_of_range.push(OutOfRange { pointer: self.pointer_of_next(), span });
        }
        Value::String(text.to_string())
    }

    /// The pointer the value about to complete will have.
    fn pointer_of_next(&self) -> String {
        let mut pointer = self.pointer();
        if let Some(c) = self.stack.last() {
            c.push_segment(&mut pointer);
        }
        pointer
    }

    /// Wraps a value in the intrinsic function its short-form tag names.
    fn tagged(&mut self, value: Value, id: NodeId, tag: Option<String>, span: Span) -> (Value, NodeId) {
        let Some(name) = tag else { return (value, id) };
        let value = match (name.as_str(), value) {
            // `!GetAtt Resource.Attribute` is the list form split at the first dot.
            ("Fn::GetAtt", Value::String(s)) => {
                let (resource, attribute) = s.split_once('.').unwrap_or((&s, ""));
                Value::Array(vec![Value::String(resource.into()), Value::String(attribute.into())])
            }
            (_, value) => value,
        };
        let wrapper = self.tree.add_leaf(span, None);
        let key = self.tree.key(&name);
        self.tree.set_members(wrapper, vec![(key, id)]);
        let mut map = Map::new();
        map.insert(name, value);
        (Value::Object(map), wrapper)
    }
}

/// The long name of a short-form intrinsic: `!Ref` is `Ref`, `!Sub` is `Fn::Sub`.
fn local_tag(tag: Option<&Tag>) -> Option<String> {
    let tag = tag.filter(|t| t.handle == "!")?;
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

/// A YAML 1.2 core-schema integer (decimal, `0o` octal, `0x` hexadecimal).
fn integer(text: &str) -> Option<Number> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).ok()?
    } else if let Some(octal) = digits.strip_prefix("0o") {
        u64::from_str_radix(octal, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<u64>().ok()?
    } else {
        return None;
    };
    if negative { i64::try_from(magnitude).ok().map(|n| Number::from(-n)) } else { Some(Number::from(magnitude)) }
}

fn error(message: impl Into<String>, span: Span) -> ParseError {
    ParseError { message: message.into(), span }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_form_intrinsics_become_their_long_form() {
        let text = "a: !Ref Name\nb: !GetAtt Role.Arn\nc: !Sub '${AWS::Region}'\nd: !If [c, 1, !Ref AWS::NoValue]\n";
        let parsed = parse(text).unwrap();
        assert_eq!(
            parsed.value,
            json!({
                "a": {"Ref": "Name"},
                "b": {"Fn::GetAtt": ["Role", "Arn"]},
                "c": {"Fn::Sub": "${AWS::Region}"},
                "d": {"Fn::If": ["c", 1, {"Ref": "AWS::NoValue"}]}
            })
        );
        let node = parsed.tree.find("/b/Fn::GetAtt").unwrap();
        assert_eq!(&text[node.span.start..node.span.end], "!GetAtt Role.Arn");
    }

    #[test]
    fn scalars_are_typed_as_yaml_1_2_core_says() {
        let parsed = parse("[1, -2, 0x10, 1.5, true, 'true', ~, 2010-09-09, yes, \"512\", .inf]").unwrap();
        assert_eq!(parsed.value, json!([1, -2, 16, 1.5, true, "true", null, "2010-09-09", "yes", "512", ".inf"]));
    }

    #[test]
    fn spans_point_at_keys_and_values_in_bytes() {
        let text =
            "# é comment\nResources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties: {Cpu: \"256\"}\n";
        let parsed = parse(text).unwrap();
        let node = parsed.tree.find("/Resources/Task/Properties/Cpu").unwrap();
        assert_eq!(&text[node.span.start..node.span.end], "\"256\"");
        assert_eq!(&text[node.key.unwrap().start..node.key.unwrap().end], "Cpu");
        let props = parsed.tree.find("/Resources/Task/Properties").unwrap();
        assert_eq!(&text[props.span.start..props.span.end], "{Cpu: \"256\"}");
        let task = parsed.tree.find("/Resources/Task").unwrap();
        assert!(text[task.span.start..task.span.end].ends_with("{Cpu: \"256\"}"));
    }

    #[test]
    fn duplicates_aliases_and_errors() {
        let parsed = parse("a: 1\na: 2\nb: &x {c: 1}\nd: *x\n").unwrap();
        assert_eq!(parsed.value, json!({"a": 2, "b": {"c": 1}, "d": {"c": 1}}));
        assert_eq!(parsed.duplicates.len(), 1);
        assert_eq!(parsed.duplicates[0].pointer, "/a");
        assert!(parse("a: [1, 2\n").unwrap_err().message.starts_with("invalid YAML"));
        assert!(parse("a: *nowhere\n").is_err());
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{prev}"); 10].join(", ")));
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("aliases"), "{}", e.message);
    }
}
