//! CloudFormation templates (JSON or YAML): each `AWS::ECS::TaskDefinition` and
//! `AWS::ECS::Service` resource becomes a unit spelt as the ECS API spells it, so that the
//! same schema and rules check it, with every span still in the template.
//!
//! CloudFormation spells properties in PascalCase (`ContainerDefinitions`); the API in
//! camelCase (`containerDefinitions`), with a few exceptions listed in [`api_name`]. Keys of
//! user maps (`DockerLabels`, log `Options`) are kept as written. An intrinsic function
//! (`Ref`, `Fn::If`, `Fn::GetAtt`...) is a value not known until deployment: it becomes a
//! placeholder string, which the schema and the rules treat as unknown, never as wrong.
//! `Fn::Sub` keeps its text (`"${Repository}:latest"`), and `Fn::Join` joins what it knows.
//! `Ref: AWS::NoValue` removes the property, as in CloudFormation.
//!
//! Resource types: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-service.html>.
//! The other resources the rules look at (clusters, capacity providers, scalable targets and
//! policies, target groups: `unit::Kind`) are converted the same way, without a schema.

use crate::convert::Builder;
use crate::json::{NodeId, Parsed, SpanTree};
use crate::model;
use crate::span::Span;
use crate::unit::{Converted, Kind, Origin, Shape, TaskRef, Unit};
use serde_json::{Map, Value};

pub const TASK_DEFINITION: &str = "AWS::ECS::TaskDefinition";
pub const SERVICE: &str = "AWS::ECS::Service";

/// Whether a document is a CloudFormation template: a `Resources` mapping of typed resources.
pub fn is_template(value: &Value) -> bool {
    let Some(resources) = value.get("Resources").and_then(Value::as_object) else { return false };
    value.get("AWSTemplateFormatVersion").is_some()
        || (!resources.is_empty()
            && resources.values().all(|r| r.get("Type").and_then(Value::as_str).is_some_and(|t| t.contains("::"))))
}

/// The ECS task definitions and services of a template.
pub fn units(_text: &str, parsed: &Parsed) -> Converted {
    let mut units = Vec::new();
    let (Some(resources), Some(resources_node)) =
        (parsed.value.get("Resources").and_then(Value::as_object), parsed.tree.member(0, "Resources"))
    else {
        return (units, Vec::new());
    };
    for (logical_id, resource) in resources {
        let shape = match resource.get("Type").and_then(Value::as_str) {
            Some(TASK_DEFINITION) => Shape::Register,
            Some(SERVICE) => Shape::CreateService,
            Some(other) => match Kind::of_cloudformation(other) {
                Some(kind) => Shape::Resource(kind),
                None => continue,
            },
            None => continue,
        };
        let Some(resource_node) = parsed.tree.member(resources_node, logical_id) else { continue };
        let empty = Value::Object(Map::new());
        let (properties, node) = match resource.get("Properties") {
            Some(p) => (p, parsed.tree.member(resource_node, "Properties")),
            None => (&empty, None),
        };
        let mut converter =
            Converter { source: &parsed.tree, builder: Builder::new(), path: Vec::new(), api_spelt: Vec::new() };
        let fallback = parsed.tree.node(resource_node).span;
        let Some((mut value, root)) = converter.convert(properties, node, fallback, false) else { continue };
        // CloudFormation converts scalars to the type of the property before it calls the API.
        model::convert_cloudformation_scalars(shape, &mut value);
        let task = match shape {
            Shape::CreateService => properties.get("TaskDefinition").and_then(task_ref),
            _ => None,
        };
        units.push(Unit {
            shape,
            value,
            tree: converter.builder.finish(root),
            origin: Origin::CloudFormation(logical_id.clone()),
            task,
            // A resource of another kind has no API spelling to tell apart.
            api_spelt: if let Shape::Resource(_) = shape { Vec::new() } else { converter.api_spelt },
            ignore_changes: Vec::new(),
        });
    }
    (units, Vec::new())
}

/// The task definition a service's `TaskDefinition` names: a resource of the template, or a family.
fn task_ref(value: &Value) -> Option<TaskRef> {
    match value {
        Value::String(s) => TaskRef::from_name(s),
        Value::Object(map) if map.len() == 1 => {
            map.get("Ref").and_then(Value::as_str).map(|id| TaskRef::Resource(id.to_string()))
        }
        _ => None,
    }
}

/// Names that differ otherwise than by the case of their first letter: CloudFormation's, the
/// API's, and whether the API's name always maps back (`fileSystemId` is `FileSystemId` for
/// FSx but `FilesystemId` for EFS; `properties` is not only the proxy's).
const SPELLINGS: &[(&str, &str, bool)] = &[
    ("EFSVolumeConfiguration", "efsVolumeConfiguration", true),
    ("FSxWindowsFileServerVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration", true),
    ("IAM", "iam", true),
    ("PlacementStrategies", "placementStrategy", true),
    ("FilesystemId", "fileSystemId", false),
    ("ProxyConfigurationProperties", "properties", false),
];

/// The API's name for a CloudFormation property.
pub fn api_name(cfn: &str) -> String {
    match SPELLINGS.iter().find(|(c, _, _)| *c == cfn) {
        Some((_, api, _)) => api.to_string(),
        None => with_first(cfn, char::to_ascii_lowercase),
    }
}

/// CloudFormation's name for an API field (for messages and suggestions in a template's spelling).
pub fn cfn_name(api: &str) -> String {
    match SPELLINGS.iter().find(|(_, a, both_ways)| *both_ways && *a == api) {
        Some((cfn, _, _)) => cfn.to_string(),
        None => with_first(api, char::to_ascii_uppercase),
    }
}

fn with_first(name: &str, change: fn(&char) -> char) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => change(&first).to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// CloudFormation properties (in the API's spelling) that the vendored API model does not
/// have yet: `S3FilesVolumeConfiguration` is in the CloudFormation resource schema
/// (`AWS::ECS::TaskDefinition`, 2026) but not in botocore 1.44.5. Not reported as unknown.
pub const CFN_ONLY: &[&str] = &["s3FilesVolumeConfiguration"];

/// Members whose keys are the user's own (labels, driver and log options): kept as written.
const USER_MAPS: &[&str] = &["DockerLabels", "Options", "DriverOpts", "Labels"];

struct Converter<'s> {
    source: &'s SpanTree,
    builder: Builder,
    /// The pointer, in the API's spelling, of the value being converted.
    path: Vec<String>,
    /// Properties written in the API's spelling: pointer, and CloudFormation's spelling.
    api_spelt: Vec<(String, String)>,
}

impl Converter<'_> {
    /// `value` (at `node` in the template) in the API's spelling; `None` when it is
    /// `Ref: AWS::NoValue`, which removes the property.
    fn convert(
        &mut self,
        value: &Value,
        node: Option<NodeId>,
        fallback: Span,
        user_keys: bool,
    ) -> Option<(Value, NodeId)> {
        let span = node.map_or(fallback, |n| self.source.node(n).span);
        if let Some(placeholder) = intrinsic(value) {
            let placeholder = placeholder?;
            return Some((Value::String(placeholder), self.builder.leaf(span)));
        }
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                let mut members = Vec::new();
                for (key, v) in map {
                    let child = node.and_then(|n| self.source.member(n, key));
                    let key_span = child.and_then(|c| self.source.node(c).key);
                    let name = if user_keys { key.clone() } else { api_name(key) };
                    self.path.push(crate::span::escape_pointer_segment(&name).into_owned());
                    // CloudFormation's names start with a capital; `essential` is the API's.
                    if !user_keys && key.starts_with(|c: char| c.is_ascii_lowercase()) {
                        self.api_spelt.push((format!("/{}", self.path.join("/")), cfn_name(key)));
                    }
                    let converted = self.convert(v, child, span, USER_MAPS.contains(&key.as_str()));
                    self.path.pop();
                    let Some((v, id)) = converted else { continue };
                    members.push((name.clone(), id, key_span));
                    out.insert(name, v);
                }
                Some((Value::Object(out), self.builder.object(span, members)))
            }
            Value::Array(items) => {
                let mut out = Vec::new();
                let mut ids = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    let child = node.and_then(|n| self.source.item(n, i));
                    self.path.push(out.len().to_string());
                    let converted = self.convert(v, child, span, false);
                    self.path.pop();
                    if let Some((v, id)) = converted {
                        out.push(v);
                        ids.push(id);
                    }
                }
                Some((Value::Array(out), self.builder.array(span, ids)))
            }
            _ => Some((value.clone(), self.builder.leaf(span))),
        }
    }
}

/// For an intrinsic function: `Some(None)` for `Ref: AWS::NoValue`, else `Some(Some(text))`
/// with a placeholder standing for its value. `None` for any other value.
fn intrinsic(value: &Value) -> Option<Option<String>> {
    let map = value.as_object().filter(|m| m.len() == 1)?;
    let (name, argument) = map.iter().next()?;
    if name != "Ref" && name != "Condition" && !name.starts_with("Fn::") {
        return None;
    }
    Some(match (name.as_str(), argument) {
        ("Ref", Value::String(s)) if s == "AWS::NoValue" => None,
        ("Ref", Value::String(s)) => Some(format!("${{{s}}}")),
        // The text of `Fn::Sub` is the value, its `${...}` parts unknown.
        ("Fn::Sub", Value::String(s)) => Some(s.clone()),
        ("Fn::Sub", Value::Array(args)) if args.first().is_some_and(Value::is_string) => {
            args[0].as_str().map(str::to_string)
        }
        ("Fn::GetAtt", Value::Array(args)) => {
            Some(format!("${{{}}}", args.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(".")))
        }
        ("Fn::Join", Value::Array(args)) if args.len() == 2 => {
            let separator = args[0].as_str().unwrap_or("");
            match &args[1] {
                Value::Array(parts) => Some(
                    parts
                        .iter()
                        .map(|p| match p {
                            Value::String(s) => s.clone(),
                            other => intrinsic(other).flatten().unwrap_or_else(|| other_placeholder(name, other)),
                        })
                        .collect::<Vec<_>>()
                        .join(separator),
                ),
                _ => Some(other_placeholder(name, argument)),
            }
        }
        _ => Some(other_placeholder(name, argument)),
    })
}

/// `${Fn::If [...]}`: unknown, and told apart from other expressions (two roles given by
/// different expressions are not "the same role").
fn other_placeholder(name: &str, argument: &Value) -> String {
    format!("${{{name} {argument}}}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_map_both_ways() {
        for (cfn, api) in [
            ("ContainerDefinitions", "containerDefinitions"),
            ("EFSVolumeConfiguration", "efsVolumeConfiguration"),
            ("IAM", "iam"),
            ("PlacementStrategies", "placementStrategy"),
        ] {
            assert_eq!(api_name(cfn), api);
            assert_eq!(cfn_name(api), cfn);
        }
        assert_eq!(api_name("FilesystemId"), "fileSystemId");
        assert_eq!(api_name("ProxyConfigurationProperties"), "properties");
    }

    #[test]
    fn intrinsics_are_unknown_values() {
        assert_eq!(intrinsic(&json!({"Ref": "AWS::NoValue"})), Some(None));
        assert_eq!(intrinsic(&json!({"Ref": "Cpu"})), Some(Some("${Cpu}".into())));
        assert_eq!(intrinsic(&json!({"Fn::Sub": "${Repo}:latest"})), Some(Some("${Repo}:latest".into())));
        assert_eq!(
            intrinsic(&json!({"Fn::Join": [":", [{"Ref": "Repo"}, "latest"]]})),
            Some(Some("${Repo}:latest".into()))
        );
        assert_eq!(intrinsic(&json!({"Fn::If": ["c", 1, 2]})), Some(Some("${Fn::If [\"c\",1,2]}".into())));
        assert_eq!(intrinsic(&json!({"Fn::GetAtt": ["Role", "Arn"]})), Some(Some("${Role.Arn}".into())));
        assert_eq!(intrinsic(&json!({"Name": "x"})), None);
        assert_eq!(intrinsic(&json!({"Ref": "a", "b": 1})), None);
    }

    #[test]
    fn resources_become_units_in_the_api_spelling() {
        let text = r#"{"Resources": {
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                "Family": "web", "TaskRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                "ContainerDefinitions": [{"Name": "app", "Image": "nginx", "DockerLabels": {"Team": "a"},
                    "Memory": {"Ref": "AWS::NoValue"}}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Task"}}},
            "Bucket": {"Type": "AWS::S3::Bucket"}}}"#;
        let parsed = crate::json::parse(text).unwrap();
        assert!(is_template(&parsed.value));
        let (units, _) = units(text, &parsed);
        assert_eq!(units.len(), 2);
        let service = units.iter().find(|u| u.shape == Shape::CreateService).unwrap();
        assert_eq!(service.task, Some(TaskRef::Resource("Task".into())));
        let task = units.iter().find(|u| u.shape == Shape::Register).unwrap();
        assert_eq!(
            task.value,
            json!({"family": "web", "taskRoleArn": "${Role.Arn}",
                   "containerDefinitions": [{"name": "app", "image": "nginx", "dockerLabels": {"Team": "a"}}]})
        );
        let image = task.tree.find("/containerDefinitions/0/image").unwrap();
        assert_eq!(&text[image.span.start..image.span.end], "\"nginx\"");
        assert_eq!(&text[image.key.unwrap().start..image.key.unwrap().end], "\"Image\"");
    }
}
