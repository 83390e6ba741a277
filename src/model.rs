//! The AWS API model as data: the schemas generated from it (`schemas/*.schema.json`), and
//! what they tell about a field before anything is validated: the schema of the object at a
//! pointer, and the type CloudFormation converts a scalar to.
//!
//! The schema check (`src/schema.rs`) compiles the same files into a validator; this module only
//! reads them, so that the readers can finish their conversions before validation starts.

use crate::span::unescape_pointer_segment;
use crate::unit::Shape;
use serde_json::{Map, Value};
use std::sync::OnceLock;

pub const TASK_SCHEMA_TEXT: &str = include_str!("../schemas/task-definition.schema.json");
/// Apart, so that a run over task definitions never reads (or compiles) it.
pub const SERVICE_SCHEMA_TEXT: &str = include_str!("../schemas/service.schema.json");

/// The schema that defines `shape`.
pub fn schema(shape: Shape) -> &'static Value {
    static TASK: OnceLock<Value> = OnceLock::new();
    static SERVICE: OnceLock<Value> = OnceLock::new();
    if shape.is_service() {
        SERVICE.get_or_init(|| serde_json::from_str(SERVICE_SCHEMA_TEXT).expect("the generated schema is JSON"))
    } else {
        TASK.get_or_init(|| serde_json::from_str(TASK_SCHEMA_TEXT).expect("the generated schema is JSON"))
    }
}

/// The name of the definition of `shape` in its schema.
pub fn definition_of(shape: Shape) -> &'static str {
    match shape {
        Shape::Register => "RegisterTaskDefinitionRequest",
        Shape::Describe => "DescribeTaskDefinitionResponse",
        Shape::ContainerArray => "ContainerDefinitions",
        Shape::CreateService => "CreateServiceRequest",
        Shape::UpdateService => "UpdateServiceRequest",
        // No schema has one: its callers never get here with a resource (see `schema::check`).
        Shape::Resource(_) => "Resource",
    }
}

/// The schema of the root of a document of `shape`.
fn root_schema(shape: Shape) -> &'static Value {
    match shape {
        Shape::ContainerArray => {
            static ARRAY: OnceLock<Value> = OnceLock::new();
            ARRAY.get_or_init(|| serde_json::json!({"items": {"$ref": "#/definitions/ContainerDefinition"}}))
        }
        _ => &schema(shape)["definitions"][definition_of(shape)],
    }
}

/// A schema with its `$ref` followed.
fn resolve(shape: Shape, s: &'static Value) -> &'static Value {
    match s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/definitions/")) {
        Some(name) => &schema(shape)["definitions"][name],
        None => s,
    }
}

/// The schema of what stands at `key` (an object member, or an array item) inside `node`.
fn child(shape: Shape, node: &'static Value, key: &str) -> Option<&'static Value> {
    let node = resolve(shape, node);
    node.get("properties")
        .and_then(|p| p.get(key))
        .or_else(|| node.get("items"))
        .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
}

/// The schema of the object at `pointer` in a document of `shape`, following `$ref`s.
pub fn object_schema_at(shape: Shape, pointer: &str) -> Option<&'static Value> {
    let mut node = root_schema(shape);
    if !pointer.is_empty() {
        for raw in pointer.strip_prefix('/')?.split('/') {
            node = child(shape, node, &unescape_pointer_segment(raw))?;
        }
    }
    Some(resolve(shape, node))
}

/// Converts, in place, the scalars of the wrong type that CloudFormation converts to the type
/// its schema gives (`"512"` for an integer, `256` for a string, `"true"` for a boolean), as
/// CloudFormation does before it calls the API. The tree of spans keeps its shape: only
/// scalars change.
pub fn convert_cloudformation_scalars(shape: Shape, value: &mut Value) {
    if let Shape::Resource(_) = shape {
        // Without a schema, the rules read numbers written as strings themselves.
        return;
    }
    convert_under(shape, root_schema(shape), value);
}

fn convert_under(shape: Shape, node: &'static Value, value: &mut Value) {
    let node = resolve(shape, node);
    match value {
        Value::Object(map) => convert_members(shape, node, map),
        Value::Array(items) => {
            if let Some(items_schema) = node.get("items") {
                items.iter_mut().for_each(|item| convert_under(shape, items_schema, item));
            }
        }
        scalar => {
            if let Some(converted) = node.get("type").and_then(Value::as_str).and_then(|t| converted(t, scalar)) {
                *scalar = converted;
            }
        }
    }
}

fn convert_members(shape: Shape, node: &'static Value, map: &mut Map<String, Value>) {
    for (key, member) in map.iter_mut() {
        let schema = node
            .get("properties")
            .and_then(|p| p.get(key.as_str()))
            .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()));
        if let Some(schema) = schema {
            convert_under(shape, schema, member);
        }
    }
}

/// The value CloudFormation converts a scalar to when its schema expects `expected`, if it does.
fn converted(expected: &str, instance: &Value) -> Option<Value> {
    match (expected, instance) {
        ("integer", Value::String(s)) => s.trim().parse::<i64>().ok().map(Value::from),
        ("number", Value::String(s)) => {
            s.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
        }
        ("boolean", Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cloudformation_scalars_take_the_schema_type() {
        let mut task = json!({
            "cpu": 256,
            "memory": "512",
            "containerDefinitions": [{"name": "a", "essential": "true", "memory": "x",
                "portMappings": [{"containerPort": "80"}], "dockerLabels": {"n": 1}}]
        });
        convert_cloudformation_scalars(Shape::Register, &mut task);
        assert_eq!(task["cpu"], json!("256"));
        assert_eq!(task["memory"], json!("512"));
        let container = &task["containerDefinitions"][0];
        assert_eq!(container["essential"], json!(true));
        assert_eq!(
            container["memory"],
            json!("x"),
            "what CloudFormation cannot convert stays for the schema to report"
        );
        assert_eq!(container["portMappings"][0]["containerPort"], json!(80));
        assert_eq!(container["dockerLabels"]["n"], json!("1"));
    }

    #[test]
    fn objects_are_found_through_references() {
        let mapping = object_schema_at(Shape::Register, "/containerDefinitions/0/portMappings/0").unwrap();
        assert_eq!(mapping["title"], json!("PortMapping"));
        assert!(object_schema_at(Shape::Register, "/nothing/here").is_none());
    }
}
