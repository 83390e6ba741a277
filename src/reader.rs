//! Who reads a file, and what that reader does to it before AWS sees it: one place per reader,
//! so that the rules stay written once, against the API. Each fact links to the reader's own
//! code; `docs/research/readers.md` has the notes they come from.
//!
//! A reader changes a unit's value by removing members (what it drops before it calls the
//! API), by renaming keys in the value and the tree of spans together (Terraform matching keys
//! without case), or by replacing a value with a placeholder (a rendered image, a number that
//! is no integer); so every pointer that remains still names its place in the file.

use crate::json::SpanTree;
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
}

/// Who reads a file, why ecslint takes it so (for the output), and the containers whose
/// `image` a render step fills in before the reader sees the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadBy {
    pub reader: Reader,
    /// "named in .github/workflows/deploy.yml", "--read-by", ...
    pub why: String,
    pub fills_image: Vec<String>,
    /// Whether something named the reader (a workflow, a configuration, `--read-by`), rather
    /// than the file's format implying it.
    pub named: bool,
}

impl ReadBy {
    pub fn new(reader: Reader, why: impl Into<String>) -> ReadBy {
        ReadBy { reader, why: why.into(), fills_image: Vec::new(), named: true }
    }

    fn implied(reader: Reader, why: &str) -> ReadBy {
        ReadBy { named: false, ..ReadBy::new(reader, why) }
    }

    /// The reader a unit's format implies when nothing names one, and why.
    pub fn default_for(origin: &Origin, shape: Shape) -> ReadBy {
        match (origin, shape) {
            (Origin::CloudFormation(_), _) => ReadBy::implied(Reader::CloudFormation, "a CloudFormation template"),
            (Origin::Terraform(_), _) => ReadBy::implied(Reader::Terraform, "a Terraform resource"),
            (Origin::File, Shape::ContainerArray) => {
                ReadBy::implied(Reader::Terraform, "a list of container definitions, as Terraform takes")
            }
            (Origin::File, _) => {
                ReadBy::implied(Reader::AwsCli, "a file no workflow, ecspresso configuration or Terraform file names")
            }
        }
    }
}

/// Something a reader does with a member that the user should know, reported at the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The member's pointer in the unit.
    pub pointer: String,
    /// The key as written.
    pub key: String,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// A field of describe output that the reader removes, with a warning of its own; the
    /// text says who does what ("ecspresso drops"), for the message.
    DescribeOnly(&'static str),
    /// A property of a CloudFormation template written in the API's spelling (`essential`),
    /// with CloudFormation's (`Essential`): its resource schema does not allow it (uncertain:
    /// see `rules/unknown-field.md`).
    ApiSpelt(String),
    /// A key the Terraform provider's JSON decoder drops without a word.
    DroppedSilently,
    /// A key ecspresso drops after its warning that the field is unknown.
    DroppedWithWarning,
    /// A number that is no integer of 64 bits where the API takes an integer (`512.0`,
    /// `1e308`); the value is replaced by a placeholder, so no range rule judges it.
    NotAnInteger,
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

/// Applies what `reader` does to a unit before AWS sees it; `fills_image` names the containers
/// whose `image` a render step fills in. Returns what the user should hear of (the caller
/// reports each note as its rule does).
pub fn prepare(reader: Reader, fills_image: &[String], unit: &mut Unit) -> Vec<Note> {
    if let Shape::Resource(_) = unit.shape {
        // A cluster or a scalable target: its reader sends it as written.
        return Vec::new();
    }
    let mut notes: Vec<Note> = match reader {
        Reader::GithubDeployAction if unit.shape.is_task() => deploy_action(unit),
        Reader::Ecspresso => ecspresso(unit),
        Reader::Terraform if unit.shape.is_task() => terraform(unit),
        Reader::CloudFormation => unit
            .api_spelt
            .iter()
            .filter(|(pointer, _)| is_field(unit.shape, pointer))
            .map(|(pointer, cfn)| Note {
                pointer: pointer.clone(),
                key: pointer.rsplit('/').next().map(crate::span::unescape_pointer_segment).unwrap_or_default().into(),
                kind: NoteKind::ApiSpelt(cfn.clone()),
            })
            .collect(),
        _ => Vec::new(),
    };
    fill_images(unit, fills_image);
    integers(reader, unit.shape, &mut unit.value, &mut notes);
    notes
}

/// What stands for a number that is no integer, so that every rule sees a real integer or
/// nothing: a placeholder, which no rule judges.
pub const NOT_AN_INTEGER: &str = "${not-an-integer}";

/// Numbers in integer fields that are not 64-bit integers. The AWS CLI (Python's `json`)
/// reads `512.0`, `0e0` and `1e308` as floats and refuses them for an integer parameter
/// (botocore's `validate.py`: `int` only,
/// <https://github.com/boto/botocore/blob/develop/botocore/validate.py>), as Go's
/// `encoding/json` does decoding into an `int32` (ecspresso, Terraform). JavaScript has one
/// number type, so for the deploy action an integral `512.0` is `512`. CloudFormation's
/// handling is not known: no note, but the value is still no integer for the rules.
fn integers(reader: Reader, shape: Shape, value: &mut Value, notes: &mut Vec<Note>) {
    integer_fields(shape, value, String::new(), &mut |v, pointer, key| {
        let Value::Number(n) = v else { return false };
        if n.as_i64().is_some() {
            return true;
        }
        let f = n.as_f64().unwrap_or(f64::NAN);
        if reader == Reader::GithubDeployAction && f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
            *v = Value::from(f as i64);
            return true;
        }
        *v = Value::from(NOT_AN_INTEGER);
        // (A number too large for any field is reported as that when it is parsed.)
        if reader != Reader::CloudFormation && f.abs() != f64::MAX {
            notes.push(Note { pointer: pointer.to_string(), key: key.to_string(), kind: NoteKind::NotAnInteger });
        }
        true
    });
}

/// Calls `visit(value, pointer, key)` on each member the API types as an integer, at any
/// depth; where it returns `false`, the walk goes on inside the value.
fn integer_fields(
    shape: Shape,
    value: &mut Value,
    pointer: String,
    visit: &mut dyn FnMut(&mut Value, &str, &str) -> bool,
) {
    match value {
        Value::Object(map) => {
            let schema = model::object_schema_at(shape, &pointer);
            for (key, v) in map.iter_mut() {
                let here = format!("{pointer}/{}", escape_pointer_segment(key));
                let integer =
                    schema.and_then(|s| s["properties"].get(key.as_str())).is_some_and(|p| p["type"] == "integer");
                if !(integer && visit(v, &here, key)) {
                    integer_fields(shape, v, here, visit);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                integer_fields(shape, item, format!("{pointer}/{i}"), visit);
            }
        }
        _ => {}
    }
}

/// Whether the API has the field a pointer names (a field it does not have is the schema's to report).
fn is_field(shape: Shape, pointer: &str) -> bool {
    let Some((parent, key)) = pointer.rsplit_once('/') else { return false };
    model::object_schema_at(shape, parent)
        .is_some_and(|s| s["properties"].get(crate::span::unescape_pointer_segment(key).as_ref()).is_some())
}

/// The value a render step puts in place of an image: unknown here, so no rule judges it.
pub const RENDERED_IMAGE: &str = "${{ render-task-definition image }}";

/// `aws-actions/amazon-ecs-render-task-definition` sets the `image` of the container named by
/// its `container-name` input, whatever the file holds
/// (<https://github.com/aws-actions/amazon-ecs-render-task-definition/blob/00cc289666a02eaa97358faef268f1131c7086cf/index.js#L70>).
fn fill_images(unit: &mut Unit, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let base = match unit.shape {
        Shape::Describe => "/taskDefinition/containerDefinitions",
        Shape::ContainerArray => "",
        _ => "/containerDefinitions",
    };
    let containers = unit.value.pointer_mut(base).and_then(Value::as_array_mut).into_iter().flatten();
    for container in containers.filter_map(Value::as_object_mut) {
        let name = container.get("name").and_then(Value::as_str);
        if name.is_some_and(|n| names.iter().any(|x| x == n || x == "*")) {
            container.insert("image".into(), Value::from(RENDERED_IMAGE));
        }
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
fn deploy_action(unit: &mut Unit) -> Vec<Note> {
    let base = if unit.shape == Shape::Describe { "/taskDefinition" } else { "" };
    let mut removed = Vec::new();
    if let Some(task) = unit.value.pointer_mut(base).and_then(Value::as_object_mut) {
        for key in DEPLOY_ACTION_IGNORED {
            if task.get(*key).is_some_and(is_truthy) {
                task.remove(*key);
                removed.push(Note {
                    pointer: format!("{base}/{key}"),
                    key: key.to_string(),
                    kind: NoteKind::DescribeOnly("the deploy action removes"),
                });
            }
        }
    }
    remove_members(&mut unit.value, &|key, v| is_empty(v) && key != "value");
    numbers_from_strings(unit.shape, &mut unit.value);
    removed
}

/// The deploy action v1 calls the API through the AWS SDK for JavaScript v2, which turns a
/// string that is a number into the number where the API takes an integer
/// (`ParamValidator.validateNumber` and `IntegerShape.toWireFormat`, `parseInt`:
/// <https://github.com/aws/aws-sdk-js/blob/master/lib/param_validator.js>,
/// <https://github.com/aws/aws-sdk-js/blob/master/lib/model/shape.js>), so `"memory": "128"`
/// registers. Whether v2 of the action (SDK v3) does the same was not verified: taking it so
/// only spares a finding.
fn numbers_from_strings(shape: Shape, value: &mut Value) {
    integer_fields(shape, value, String::new(), &mut |v, _, _| match v
        .as_str()
        .and_then(|s| s.parse::<i64>().ok().filter(|n| n.to_string() == s))
    {
        Some(n) => {
            *v = Value::from(n);
            true
        }
        None => false,
    });
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
/// It decodes into `RegisterTaskDefinitionInput` with Go's `encoding/json` (keys match without
/// case), first strictly and, on an unknown field, again leniently after one warning, so the
/// fields of describe output, and any other unknown field, are dropped
/// ([ecspresso.go](https://github.com/kayac/ecspresso/blob/cde52e54d361c6563c12e0b1231172a874d8f1fe/ecspresso.go#L498)).
fn ecspresso(unit: &mut Unit) -> Vec<Note> {
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
                removed.push(Note {
                    pointer: format!("{base}/{key}"),
                    key: key.to_string(),
                    kind: NoteKind::DescribeOnly("ecspresso drops"),
                });
            }
        }
    }
    // The lenient decode is Go's `encoding/json`, as the Terraform provider's.
    let (shape, tree) = (unit.shape, &mut unit.tree);
    if let Some(task) = unit.value.pointer_mut(base) {
        decode_like_go(shape, tree, task, base.to_string(), NoteKind::DroppedWithWarning, &mut removed);
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

/// The Terraform provider decodes `container_definitions` with Go's `encoding/json` into the
/// SDK's `[]ContainerDefinition`, without `DisallowUnknownFields`
/// ([container_definitions.go](https://github.com/hashicorp/terraform-provider-aws/blob/c67cc847ff651157203fc0c2c499a0ea2443b53e/internal/service/ecs/container_definitions.go#L216),
/// [internal/json/decode.go](https://github.com/hashicorp/terraform-provider-aws/blob/e38317bc64d48cb44e14be1aa94bd8d06c62be4a/internal/json/decode.go#L20)).
/// So, as `encoding/json` documents (<https://pkg.go.dev/encoding/json#Unmarshal>): a key
/// matches its field case-insensitively (`Protocol` is `protocol`), `null` leaves a field
/// unset, and a key that names no field is dropped without a word (noted: the setting is
/// lost). The keys of maps (`dockerLabels`, log `options`) are the user's.
///
/// Go folds case with Unicode's simple folding; ASCII folding is used here, which is the same
/// for every field name the API has.
fn terraform(unit: &mut Unit) -> Vec<Note> {
    let base = if unit.shape == Shape::ContainerArray { "" } else { "/containerDefinitions" };
    let mut notes = Vec::new();
    let (shape, tree) = (unit.shape, &mut unit.tree);
    if let Some(containers) = unit.value.pointer_mut(base) {
        decode_like_go(shape, tree, containers, base.to_string(), NoteKind::DroppedSilently, &mut notes);
        // The SDK leaves an empty enum value out of the request (see `ecspresso`).
        remove_empty_enums(shape, containers, base.to_string());
    }
    notes
}

/// Go's `encoding/json` decoding `value` into the API's types: nulls unset, keys matched
/// without case (renamed to the API's spelling, in `tree` too), other keys dropped and noted
/// as `dropped`.
fn decode_like_go(
    shape: Shape,
    tree: &mut SpanTree,
    value: &mut Value,
    pointer: String,
    dropped: NoteKind,
    notes: &mut Vec<Note>,
) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            let schema = model::object_schema_at(shape, &pointer);
            // A map of the user's own keys (a schema with `additionalProperties`) is left as it is.
            let fields = schema.filter(|s| s.get("additionalProperties").is_none_or(|a| a == false));
            if let Some(fields) = fields.and_then(|s| s["properties"].as_object()) {
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    if fields.contains_key(&key) {
                        continue;
                    }
                    let here = format!("{pointer}/{}", escape_pointer_segment(&key));
                    match fields.keys().find(|f| f.eq_ignore_ascii_case(&key)) {
                        Some(field) if !map.contains_key(field) => {
                            if let Some(v) = map.remove(&key) {
                                map.insert(field.clone(), v);
                            }
                            tree.rename_member(&pointer, &key, field);
                        }
                        _ => {
                            map.remove(&key);
                            notes.push(Note { pointer: here, key, kind: dropped.clone() });
                        }
                    }
                }
            }
            for (key, v) in map.iter_mut() {
                let here = format!("{pointer}/{}", escape_pointer_segment(key));
                decode_like_go(shape, tree, v, here, dropped.clone(), notes);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                decode_like_go(shape, tree, item, format!("{pointer}/{i}"), dropped.clone(), notes);
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
            api_spelt: Vec::new(),
            ignore_changes: Vec::new(),
        }
    }

    #[test]
    fn the_deploy_action_drops_empty_values_and_describe_fields() {
        let mut u = unit(
            r#"{"family": "f", "revision": 3, "status": "", "ipcMode": null, "volumes": [], "cpu": "256",
                "containerDefinitions": [{"name": "a", "image": "x", "essential": false, "cpu": 0, "memory": "128",
                  "environment": [{"name": "EMPTY", "value": ""}], "linuxParameters": {"capabilities": {"add": []}}}]}"#,
        );
        let removed = prepare(Reader::GithubDeployAction, &[], &mut u);
        assert_eq!(removed.iter().map(|r| r.pointer.as_str()).collect::<Vec<_>>(), ["/revision"]);
        assert_eq!(
            u.value,
            json!({"family": "f", "cpu": "256", "containerDefinitions": [{"name": "a", "image": "x", "essential": false,
                "cpu": 0, "memory": 128, "environment": [{"name": "EMPTY", "value": ""}]}]})
        );
    }

    #[test]
    fn ecspresso_drops_nulls_empty_arrays_and_empty_enum_values() {
        let mut u = unit(
            r#"{"family": "f", "ipcMode": "", "taskRoleArn": null, "containerDefinitions": [{"name": "a", "image": "x",
                "links": [], "user": "", "linuxParameters": {"capabilities": {}}}]}"#,
        );
        prepare(Reader::Ecspresso, &[], &mut u);
        assert_eq!(
            u.value,
            json!({"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "user": "",
                "linuxParameters": {"capabilities": {}}}]})
        );
    }

    #[test]
    fn terraform_matches_keys_without_case_and_drops_the_rest() {
        let text = r#"[{"name": "a", "image": "x", "User": null, "portMappings": [{"containerPort": 80, "Protocol": "tcp"}],
                "mountPoints": [{"sourceVolume": "v", "containerPath": "/d", "ReadOnly": true}],
                "dockerLabels": {"Team": "web"}, "networkMode": "awsvpc"}]"#;
        let mut u = unit(text);
        let notes = prepare(Reader::Terraform, &[], &mut u);
        assert_eq!(
            notes,
            [Note { pointer: "/0/networkMode".into(), key: "networkMode".into(), kind: NoteKind::DroppedSilently }]
        );
        assert_eq!(
            u.value,
            json!([{"name": "a", "image": "x", "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
                "mountPoints": [{"sourceVolume": "v", "containerPath": "/d", "readOnly": true}],
                "dockerLabels": {"Team": "web"}}])
        );
        // The renamed key still names its place in the file.
        let span = u.tree.find("/0/portMappings/0/protocol").and_then(|n| n.key).unwrap();
        assert_eq!(span.start, text.find("\"Protocol\"").unwrap());
    }

    #[test]
    fn a_render_step_fills_in_its_containers_image() {
        let mut u =
            unit(r#"{"family": "f", "containerDefinitions": [{"name": "web"}, {"name": "log", "image": "x"}]}"#);
        prepare(Reader::GithubDeployAction, &["web".to_string()], &mut u);
        assert_eq!(u.value["containerDefinitions"][0]["image"], RENDERED_IMAGE);
        assert_eq!(u.value["containerDefinitions"][1]["image"], "x");
        assert!(crate::placeholder::is_placeholder(RENDERED_IMAGE));
    }

    #[test]
    fn names_round_trip() {
        for reader in Reader::ALL {
            assert_eq!(Reader::from_name(reader.name()), Some(reader));
        }
        assert_eq!(Reader::from_name("github"), None);
    }
}
