//! Reading the other resources of a template or module (clusters, capacity providers, scaling,
//! target groups: `unit::Kind`) in either reader's spelling: CloudFormation's properties with
//! their first letter in lower case (`minCapacity`, an object for a nested property), or the
//! Terraform provider's arguments as written (`min_capacity`, a list of one object for a block).

use super::Obj;
use crate::diagnostic::{Location, Target};
use crate::placeholder::is_placeholder;
use crate::unit::{Origin, Unit};
use serde_json::Value;

/// A member's name in each spelling: CloudFormation's (first letter lower) and Terraform's.
pub type Name = (&'static str, &'static str);

/// The member `name`, in whichever spelling the resource has, and its key.
pub fn member<'a>(obj: &Obj<'a>, name: Name) -> Option<(&'static str, &'a Value)> {
    [name.0, name.1].into_iter().find_map(|key| obj.entry(key).map(|v| (key, v)))
}

/// The value at `name`.
pub fn value<'a>(obj: &Obj<'a>, name: Name) -> Option<&'a Value> {
    member(obj, name).map(|(_, v)| v)
}

/// A string member, when it is known (not a placeholder).
pub fn string<'a>(obj: &Obj<'a>, name: Name) -> Option<&'a str> {
    value(obj, name).and_then(Value::as_str).filter(|s| !is_placeholder(s))
}

/// A number member, written as a number or, as CloudFormation takes it, a numeric string.
pub fn number(obj: &Obj, name: Name) -> Option<f64> {
    match value(obj, name)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean member, written as a boolean or as the string CloudFormation takes.
pub fn boolean(obj: &Obj, name: Name) -> Option<bool> {
    match value(obj, name)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Where the value of `name` is (the object itself when it is absent).
pub fn at(obj: &Obj, name: Name) -> Location {
    match member(obj, name) {
        Some((key, _)) => obj.entry_at(key),
        None => obj.start(),
    }
}

/// The key of `name`, as written.
pub fn key_at(obj: &Obj, name: Name) -> Location {
    match member(obj, name) {
        Some((key, _)) => obj.entry_key_at(key),
        None => obj.start(),
    }
}

/// A nested object: CloudFormation's object, or Terraform's block (the first of its list).
pub fn object<'a>(obj: &Obj<'a>, name: Name) -> Option<Obj<'a>> {
    let (key, v) = member(obj, name)?;
    let pointer = obj.child_pointer(key);
    match v {
        Value::Object(map) => Some(Obj { obj: map, pointer }),
        Value::Array(items) => items.first()?.as_object().map(|map| Obj { obj: map, pointer: format!("{pointer}/0") }),
        _ => None,
    }
}

/// A list of objects: CloudFormation's list, or Terraform's repeated block.
pub fn objects<'a>(obj: &Obj<'a>, name: Name) -> Vec<Obj<'a>> {
    let Some((key, Value::Array(items))) = member(obj, name) else { return Vec::new() };
    let base = obj.child_pointer(key);
    items
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some(Obj { obj: v.as_object()?, pointer: super::index_pointer(&base, i) }))
        .collect()
}

/// The unit a reference names: CloudFormation's `${Target}` or `${Target.Arn}` (from `Ref` and
/// `Fn::GetAtt`), Terraform's `${aws_appautoscaling_target.web.resource_id}`.
pub fn referenced<'u>(siblings: &'u [Unit], value: &str) -> Option<&'u Unit> {
    let inner = value.trim().strip_prefix("${")?.strip_suffix('}')?;
    let mut parts = inner.split('.');
    let (first, second) = (parts.next()?, parts.next().unwrap_or_default());
    siblings.iter().find(|u| match &u.origin {
        Origin::CloudFormation(id) => id == first,
        Origin::Terraform(address) => address.split_once('.') == Some((first, second)),
        Origin::File => false,
    })
}

/// Whether `text` (a resource ID built by interpolation) refers to `unit`: CloudFormation's
/// `${Service}` or `${Service.Name}`, Terraform's `aws_ecs_service.web.name` (not `web2`).
pub fn mentions(text: &str, unit: &Unit) -> bool {
    match &unit.origin {
        Origin::CloudFormation(logical) => {
            text.contains(&format!("${{{logical}}}")) || text.contains(&format!("${{{logical}."))
        }
        Origin::Terraform(address) => text.match_indices(address.as_str()).any(|(i, _)| {
            !text[i + address.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
        }),
        Origin::File => false,
    }
}

/// The whole of a resource unit.
pub fn root(unit: &Unit) -> Option<Obj<'_>> {
    unit.value.as_object().map(|obj| Obj { obj, pointer: String::new() })
}

/// Where a member is missing: the resource, at its start.
pub fn start() -> Location {
    Location { pointer: String::new(), target: Target::Start }
}
