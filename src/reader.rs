//! Who reads a file, and what that reader does to it before AWS sees it: one place per reader,
//! so that the rules stay written once, against the API. Each fact links to the reader's own
//! code; `docs/research/readers.md` has the notes they come from.
//!
//! A reader changes a unit's value only by removing object members (what it drops before it
//! calls the API); the tree of spans is left as it is, so every pointer that remains still
//! names its place in the file.

use crate::model;
use crate::span::escape_pointer_segment;
use crate::unit::{Origin, Shape, Unit};
use serde_json::Value;

/// The tools that read task definition and service files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// `aws ecs register-task-definition --cli-input-json` (and `create-service`): the API
    /// input as written. The default for JSON nobody else claims.
    AwsCli,
    /// `aws-actions/amazon-ecs-deploy-task-definition`.
    GithubDeployAction,
    /// `kayac/ecspresso`.
    Ecspresso,
    /// The Terraform AWS provider.
    Terraform,
    /// CloudFormation.
    CloudFormation,
}

impl Reader {
    pub const ALL: [Reader; 5] =
        [Reader::AwsCli, Reader::GithubDeployAction, Reader::Ecspresso, Reader::Terraform, Reader::CloudFormation];

    /// The name users write (`--read-by`, `read-by` in ecslint.toml, `read_by` in the output).
    pub fn name(self) -> &'static str {
        match self {
            Reader::AwsCli => "aws-cli",
            Reader::GithubDeployAction => "github-deploy-action",
            Reader::Ecspresso => "ecspresso",
            Reader::Terraform => "terraform",
            Reader::CloudFormation => "cloudformation",
        }
    }

    pub fn from_name(name: &str) -> Option<Reader> {
        Reader::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The reader of a unit when nothing says otherwise: the one its format implies.
    pub fn of_origin(origin: &Origin) -> Reader {
        match origin {
            Origin::File => Reader::AwsCli,
            Origin::CloudFormation(_) => Reader::CloudFormation,
            Origin::Terraform(_) => Reader::Terraform,
        }
    }
}

/// Something a reader did that the user should know: a member it removed, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The member's pointer in the unit.
    pub pointer: String,
    pub key: String,
    /// What the reader does about it, for the message.
    pub how: &'static str,
}

/// The fields of describe-task-definition output that the deploy action deletes from the top
/// level of the file, each with a warning: `IGNORED_TASK_DEFINITION_ATTRIBUTES` in
/// <https://github.com/aws-actions/amazon-ecs-deploy-task-definition/blob/7f8154eded4e7c13dc5109317fba150564555ef6/index.js#L12>.
/// (`deleteRequestedAt` is not among them.)
pub const DEPLOY_ACTION_IGNORED: &[&str] = &[
    "compatibilities",
    "taskDefinitionArn",
    "requiresAttributes",
    "revision",
    "status",
    "registeredAt",
    "deregisteredAt",
    "registeredBy",
];

/// Applies what `reader` does to a unit before AWS sees it. Returns the describe-only members
/// the reader removed with a warning of its own (the caller reports them as it does).
pub fn prepare(reader: Reader, unit: &mut Unit) -> Vec<Removed> {
    match reader {
        Reader::GithubDeployAction if !unit.shape.is_service() => deploy_action(unit),
        Reader::Ecspresso => ecspresso(unit),
        _ => Vec::new(),
    }
}

/// The deploy action parses the file (JSON or YAML), then removes, at any depth, every value
/// that is empty: `null`, `""`, and arrays and objects all of whose items are empty; `0` and
/// `false` stay (`isEmptyValue` and `cleanNullKeys`,
/// <https://github.com/aws-actions/amazon-ecs-deploy-task-definition/blob/7f8154eded4e7c13dc5109317fba150564555ef6/index.js#L75>).
/// It then deletes the describe-only fields above when they are set (`removeIgnoredAttributes`,
/// [#L121](https://github.com/aws-actions/amazon-ecs-deploy-task-definition/blob/7f8154eded4e7c13dc5109317fba150564555ef6/index.js#L121)),
/// and gives each environment variable without a value the value `""` again
/// (`maintainValidObjects`, [#L135](https://github.com/aws-actions/amazon-ecs-deploy-task-definition/blob/7f8154eded4e7c13dc5109317fba150564555ef6/index.js#L135)).
///
/// Empty items of arrays are left in place here (removing them would move the indexes that
/// name the other items' places in the file); only empty members are removed.
fn deploy_action(unit: &mut Unit) -> Vec<Removed> {
    let base = if unit.shape == Shape::Describe { "/taskDefinition" } else { "" };
    let mut removed = Vec::new();
    if let Some(task) = unit.value.pointer_mut(base).and_then(Value::as_object_mut) {
        for key in DEPLOY_ACTION_IGNORED {
            if task.get(*key).is_some_and(is_truthy) {
                task.remove(*key);
                removed.push(Removed {
                    pointer: format!("{base}/{key}"),
                    key: key.to_string(),
                    how: "the deploy action removes it, with a warning",
                });
            }
        }
    }
    remove_members(&mut unit.value, &|key, v| is_empty(v) && key != "value");
    removed
}

/// JavaScript's truthiness, which decides whether the action deletes a field.
fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The deploy action's `isEmptyValue`.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.iter().all(is_empty),
        Value::Object(members) => members.values().all(is_empty),
        _ => false,
    }
}

/// ecspresso decodes a task definition after `walkMap` has removed, at any depth, every `null`
/// and every empty array (`json.go`,
/// <https://github.com/kayac/ecspresso/blob/21305e1d7153cbd307988d400c2397b9f0a7d88e/json.go#L78>);
/// empty strings and objects stay. An empty string where the API takes one of a list of values
/// (`"ipcMode": ""`) is left out of the request by the Go SDK, so it is removed here too
/// (unverified in the SDK's code: removing it only ever spares a finding). A service
/// definition is decoded without `walkMap`.
///
/// It decodes into `RegisterTaskDefinitionInput`, first strictly and, on an unknown field, again
/// leniently after one warning, so the fields of describe output are dropped
/// ([ecspresso.go](https://github.com/kayac/ecspresso/blob/cde52e54d361c6563c12e0b1231172a874d8f1fe/ecspresso.go#L498)).
fn ecspresso(unit: &mut Unit) -> Vec<Removed> {
    if unit.shape.is_service() {
        return Vec::new();
    }
    remove_members(&mut unit.value, &|_, v| v.is_null() || v.as_array().is_some_and(Vec::is_empty));
    remove_empty_enums(unit.shape, &mut unit.value, String::new());
    let base = if unit.shape == Shape::Describe { "/taskDefinition" } else { "" };
    let mut removed = Vec::new();
    if let Some(task) = unit.value.pointer_mut(base).and_then(Value::as_object_mut) {
        for key in DEPLOY_ACTION_IGNORED.iter().chain(&["deleteRequestedAt"]) {
            if task.remove(*key).is_some() {
                removed.push(Removed {
                    pointer: format!("{base}/{key}"),
                    key: key.to_string(),
                    how: "ecspresso drops it, with a warning",
                });
            }
        }
    }
    removed
}

fn remove_empty_enums(shape: Shape, value: &mut Value, pointer: String) {
    match value {
        Value::Object(map) => {
            let schema = model::object_schema_at(shape, &pointer);
            map.retain(|key, v| {
                let is_enum =
                    schema.and_then(|s| s["properties"].get(key.as_str())).is_some_and(|p| p.get("enum").is_some());
                !(is_enum && v.as_str() == Some(""))
            });
            for (key, v) in map.iter_mut() {
                remove_empty_enums(shape, v, format!("{pointer}/{}", escape_pointer_segment(key)));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                remove_empty_enums(shape, item, format!("{pointer}/{i}"));
            }
        }
        _ => {}
    }
}

/// Removes, at any depth, the object members for which `drop(key, value)` holds.
fn remove_members(value: &mut Value, drop: &dyn Fn(&str, &Value) -> bool) {
    match value {
        Value::Object(map) => {
            map.retain(|key, v| !drop(key, v));
            map.values_mut().for_each(|v| remove_members(v, drop));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| remove_members(v, drop)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use serde_json::json;

    fn unit(text: &str) -> Unit {
        let parsed = json::parse(text).unwrap();
        Unit {
            shape: Shape::assume(&parsed.value),
            value: parsed.value,
            tree: parsed.tree,
            origin: Origin::File,
            task: None,
        }
    }

    #[test]
    fn the_deploy_action_drops_empty_values_and_describe_fields() {
        let mut u = unit(
            r#"{"family": "f", "revision": 3, "status": "", "ipcMode": null, "volumes": [], "cpu": "256",
                "containerDefinitions": [{"name": "a", "image": "x", "essential": false, "cpu": 0,
                  "environment": [{"name": "EMPTY", "value": ""}], "linuxParameters": {"capabilities": {"add": []}}}]}"#,
        );
        let removed = prepare(Reader::GithubDeployAction, &mut u);
        assert_eq!(removed.iter().map(|r| r.pointer.as_str()).collect::<Vec<_>>(), ["/revision"]);
        assert_eq!(
            u.value,
            json!({"family": "f", "cpu": "256", "containerDefinitions": [{"name": "a", "image": "x", "essential": false,
                "cpu": 0, "environment": [{"name": "EMPTY", "value": ""}]}]})
        );
    }

    #[test]
    fn ecspresso_drops_nulls_empty_arrays_and_empty_enum_values() {
        let mut u = unit(
            r#"{"family": "f", "ipcMode": "", "taskRoleArn": null, "containerDefinitions": [{"name": "a", "image": "x",
                "links": [], "user": "", "linuxParameters": {"capabilities": {}}}]}"#,
        );
        prepare(Reader::Ecspresso, &mut u);
        assert_eq!(
            u.value,
            json!({"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "user": "",
                "linuxParameters": {"capabilities": {}}}]})
        );
    }

    #[test]
    fn names_round_trip() {
        for reader in Reader::ALL {
            assert_eq!(Reader::from_name(reader.name()), Some(reader));
        }
        assert_eq!(Reader::from_name("github"), None);
    }
}
