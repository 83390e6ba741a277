//! What a check finds, before and after it is placed in the source.

use crate::rule::{Rule, Severity};
use crate::span::{Position, Span};

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
    /// The member with what separates it from its neighbour (a comma, a line): the text a fix
    /// removes so that the rest stays well formed.
    Removal,
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
    /// Where it is, when known without the pointer (parse errors, which no pointer names);
    /// placing a finding fills it in from the pointer, once.
    pub span: Option<Span>,
    /// The most severe this finding may be: `Warning` when it rests on an unverified fact.
    pub cap: Option<Severity>,
    /// A safe, obvious change that removes the problem.
    pub fix: Option<FixSpec>,
    /// Findings of one rule in one unit with the same group key are one problem: the first
    /// place is where it is reported, the others its related locations.
    pub group: Option<Group>,
}

impl Finding {
    /// A finding about `at`, placed by its pointer, with no cap, fix or group.
    pub fn new(rule: &'static Rule, at: Location, message: String, help: String) -> Finding {
        Finding { rule, at, message, help: Some(help), span: None, cap: None, fix: None, group: None }
    }

    /// At most `cap` (`None`: the rule's severity).
    pub fn capped(self, cap: Option<Severity>) -> Finding {
        Finding { cap, ..self }
    }
}

/// What makes findings one problem, and how to say it of several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: &'static str,
    /// The message when the group has more than one place: `{more}` says how many others
    /// ("1 other field", "3 other fields").
    pub message: String,
    /// The fix's title when it has more than one place.
    pub fix_title: String,
}

/// Another place of the same problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

/// A fix as a rule describes it: replacements of the values (or keys) at locations.
#[derive(Debug, Clone)]
pub struct FixSpec {
    pub title: String,
    pub edits: Vec<(Location, String)>,
}

impl FixSpec {
    /// Removes the member at `pointer` (with its separator), shown as `field`.
    pub fn removal(field: &str, pointer: &str) -> FixSpec {
        FixSpec {
            title: format!("Remove `{field}`"),
            edits: vec![(Location { pointer: pointer.to_string(), target: Target::Removal }, String::new())],
        }
    }
}

/// A fix placed in the source: replacements of byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
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
    /// Identifies the problem across edits that move it: see [`fingerprint`].
    pub fingerprint: String,
    pub fix: Option<Fix>,
    /// The other places of the same problem (one cause in many places is one problem).
    pub related: Vec<Related>,
}

/// Collects what one rule finds.
pub struct Sink<'a> {
    rule: &'static Rule,
    out: &'a mut Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(rule: &'static Rule, out: &'a mut Vec<Finding>) -> Self {
        Sink { rule, out }
    }

    pub fn report(&mut self, at: Location, message: impl Into<String>, help: impl Into<String>) {
        self.push(at, message.into(), help.into(), None);
    }

    /// A finding that rests on an AWS fact ecslint could not verify: at most a warning,
    /// whatever the rule's severity, so that a doubt never fails a build as an error would.
    pub fn report_uncertain(&mut self, at: Location, message: impl Into<String>, help: impl Into<String>) {
        self.push(at, message.into(), help.into(), Some(Severity::Warning));
    }

    /// A finding with a fix the editor can apply.
    pub fn report_fix(&mut self, at: Location, message: impl Into<String>, help: impl Into<String>, fix: FixSpec) {
        self.push(at, message.into(), help.into(), None);
        if let Some(last) = self.out.last_mut() {
            last.fix = Some(fix);
        }
    }

    fn push(&mut self, at: Location, message: String, help: String, cap: Option<Severity>) {
        self.out.push(Finding::new(self.rule, at, message, help).capped(cap));
    }
}

/// What identifies a problem across unrelated edits: the JSON Pointer, with each array index
/// whose item has a `name` replaced by that name (so reordering containers does not matter),
/// and a hash of the offending value (for a finding about a whole object, such as a missing
/// field, none: the object's other fields are not what is wrong). Line numbers are not part
/// of it. Without a document (a file that does not parse), the message stands for the value.
pub fn fingerprint(root: Option<&serde_json::Value>, at: &Location, message: &str) -> String {
    let pointer = at.pointer.as_str();
    let Some(mut value) = root else { return format!("{pointer}#{:016x}", fnv1a(message.as_bytes())) };
    let mut stable = String::new();
    for raw in pointer.split('/').skip(1) {
        let segment = crate::span::unescape_pointer_segment(raw);
        let next = match value {
            serde_json::Value::Object(map) => map.get(segment.as_ref()),
            serde_json::Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        stable.push('/');
        match next.and_then(|v| v.get("name")).and_then(serde_json::Value::as_str) {
            Some(name) if value.is_array() => {
                stable.push_str("name=");
                stable.push_str(&crate::span::escape_pointer_segment(name));
            }
            _ => stable.push_str(raw),
        }
        match next {
            Some(v) => value = v,
            None => return stable,
        }
    }
    if at.target == Target::Start {
        return stable;
    }
    let mut hasher = Fnv(FNV_OFFSET);
    let _ = serde_json::to_writer(&mut hasher, value);
    format!("{stable}#{:016x}", hasher.0)
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike the standard hasher.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hasher = Fnv(FNV_OFFSET);
    hasher.add(bytes);
    hasher.0
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a as a writer, to hash a value's JSON without building the text.
struct Fnv(u64);

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
