//! `invalid-tag`: a tag of a task definition or service that AWS refuses: a key in the
//! reserved `aws:` namespace, characters outside the tag pattern, or a key given twice.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::unit::Shape;
use crate::view::fields::f;
use crate::view::{Context, Obj};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    name: "invalid-tag",
    category: Category::Invalid,
    summary: "A tag key in the reserved `aws:` namespace, a tag with characters AWS refuses, or a tag key given twice",
    doc: include_str!("../../rules/invalid-tag.md"),
    aliases: &[],
};

/// The characters of the API model's `TagKey` and `TagValue` pattern,
/// `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`: letters, separators (spaces), numbers and `_.:/=+-@`.
fn allowed(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@') || is_separator(c)
}

/// Unicode's `Z` categories: the space characters (not tabs or line breaks, which are `Cc`).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

pub fn check(cx: &Context, out: &mut Sink) {
    let holder = match (&cx.service, &cx.task) {
        (Some(service), _) => Some(service.clone()),
        // `describe-task-definition` output keeps the tags beside the task definition.
        (None, _) if cx.shape == Shape::Describe => cx.root.as_object().map(|obj| Obj { obj, pointer: String::new() }),
        (None, Some(task)) => Some(task.clone()),
        (None, None) => None,
    };
    let Some(holder) = holder else { return };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, tag) in holder.objects(f::tags).iter().enumerate() {
        let Some(key) = tag.str(f::key) else { continue };
        if is_placeholder(key) {
            continue;
        }
        if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
            out.report(
                tag.at(f::key),
                format!("the tag key `{key}` is in the `aws:` namespace, which AWS reserves for its own tags"),
                "drop the `aws:` prefix (for example `app:`, or your organisation's prefix)",
            );
        }
        if let Some(c) = key.chars().find(|c| !allowed(*c)) {
            out.report(
                tag.at(f::key),
                format!("the tag key `{key}` has the character {c:?}, which AWS refuses in tags"),
                "use letters, digits, spaces and `_ . : / = + - @` only",
            );
        }
        let value = tag.str(f::value).filter(|v| !is_placeholder(v));
        if let Some(value) = value.filter(|v| v.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))) {
            out.report_uncertain(
                tag.at(f::value),
                format!("the value `{value}` of tag `{key}` starts with `aws:`, which AWS reserves for its own use"),
                "drop the `aws:` prefix from the value",
            );
        }
        if let Some(value) = value
            && let Some(c) = value.chars().find(|c| !allowed(*c))
        {
            out.report(
                tag.at(f::value),
                format!("the value of tag `{key}` has the character {c:?}, which AWS refuses in tags"),
                "use letters, digits, spaces and `_ . : / = + - @` only",
            );
        }
        if let Some(first) = seen.insert(key, i) {
            out.report(
                tag.at(f::key),
                format!("the tag key `{key}` is given twice (tags at index {first} and {i})"),
                "keep one tag per key: tag keys are unique on a resource",
            );
        }
    }
}
