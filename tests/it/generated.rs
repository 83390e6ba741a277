//! Files generated from a source of truth, and the generators that make them.
//!
//! Each test regenerates a committed file and fails when it differs. To update the files
//! after changing their source, run `UPDATE_GENERATED=1 cargo test --test it generated`, then
//! review and commit the change.

use serde_json::{Map, Value, json};
use std::path::Path;

fn check_generated(path: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == generated {
        return;
    }
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, generated).unwrap();
        eprintln!("updated {}", path.display());
    } else {
        panic!(
            "{} is out of date with its generator; run `UPDATE_GENERATED=1 cargo test --test it generated` and commit the result",
            path.display()
        );
    }
}

#[test]
fn rules_index_is_generated_from_the_registry() {
    check_generated("rules/README.md", &ecslint::rules::index_markdown());
}

#[test]
fn config_schema_is_generated_from_the_registry() {
    use ecslint::rule::Category;
    use ecslint::rules::all;
    let level = json!({"enum": ["off", "info", "warning", "error"]});
    let mut rules = Map::new();
    for category in Category::ALL {
        let mut entry = level.clone();
        entry["description"] =
            json!(format!("Every rule in the `{}` category: {}.", category.name(), category.description()));
        rules.insert(category.name().to_string(), entry);
    }
    for rule in all() {
        let mut entry = level.clone();
        entry["description"] = json!(format!(
            "{} ({} by default). {}",
            rule.summary,
            rule.default_severity().map_or("off", |s| s.as_str()),
            rule.url()
        ));
        rules.insert(rule.name.to_string(), entry);
    }
    let names: Vec<Value> = rules.keys().map(|k| json!(k)).collect();
    let schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "ecslint configuration (ecslint.toml)",
        "description": "Generated from the rule registry by tests/it/generated.rs; do not edit.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "include": {"description": "Globs (relative to this file) of the files to lint when walking directories; default: files ending .json, .yaml, .yml or .template.", "type": "array", "items": {"type": "string"}},
            "exclude": {"description": "Globs (relative to this file) of files never to lint, even when named.", "type": "array", "items": {"type": "string"}},
            "fail-on": {"description": "The least severity that makes ecslint exit 1; --fail-on overrides it.", "enum": ["error", "warning", "info"]},
            "rules": {"description": "Levels of rules or whole categories; a rule's own entry beats its category's.", "type": "object", "additionalProperties": false, "properties": rules},
            "files": {
                "description": "Which tool reads some files, where ecslint cannot see it: each file is judged as its reader reads it.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["paths", "read-by"],
                    "properties": {
                        "paths": {"description": "Globs, relative to this file.", "type": "array", "items": {"type": "string"}},
                        "read-by": {"description": "The reader.", "enum": ["aws-cli", "github-deploy-action", "ecspresso", "terraform", "cloudformation"]}
                    }
                }
            },
            "ignore": {
                "description": "Problems to hide in some files, each with its reason.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["files", "reason"],
                    "properties": {
                        "files": {"description": "Globs, relative to this file.", "type": "array", "items": {"type": "string"}},
                        "rules": {"description": "Rules or categories to hide; all when absent.", "type": "array", "items": {"enum": names}},
                        "reason": {"description": "Why these problems are accepted.", "type": "string", "minLength": 1}
                    }
                }
            }
        }
    });
    check_generated("schemas/ecslint.schema.json", &(serde_json::to_string_pretty(&schema).unwrap() + "\n"));
}

#[test]
fn task_definition_schema_is_generated_from_the_aws_model() {
    let model: Value = serde_json::from_str(include_str!("../../schemas/ecs-service-2.json")).unwrap();
    let schema = task_definition_schema(&model);
    check_generated("schemas/task-definition.schema.json", &(serde_json::to_string_pretty(&schema).unwrap() + "\n"));
}

/// Fields the AWS model leaves optional but the API requires, with the source of each.
const REQUIRED_OVERRIDES: &[(&str, &[&str], &str)] = &[(
    "ContainerDefinition",
    &["name", "image"],
    "required by the ECS API (\"Required: Yes\" in the task definition parameters docs) and by \
     the CloudFormation schema, though the botocore model marks no member required",
)];

/// Fields the model requires that a file need not hold, with why: without the override
/// ecslint would raise false errors.
const NOT_REQUIRED_IN_A_FILE: &[(&str, &str, &str)] = &[
    (
        "CreateServiceRequest",
        "serviceName",
        "the tools that read a service file supply it: `aws ecs create-service --service-name NAME \
         --cli-input-json file://service.json` (arguments complete the JSON), ecspresso (from its `service`), \
         CloudFormation (it names the service)",
    ),
    (
        "UpdateServiceRequest",
        "service",
        "`aws ecs update-service --service NAME --cli-input-json ...` and ecspresso supply it",
    ),
];

/// Members added to a structure, with why: without them ecslint would raise false errors.
const EXTRA_MEMBERS: &[(&str, &str, &str, &str)] = &[(
    "TaskDefinition",
    "tags",
    "Tags",
    "tools that save describe output for re-registration (ecspresso, for one) keep the tags inside \
     `taskDefinition`; they are valid RegisterTaskDefinition input once unwrapped",
)];

/// Enum values added, with why.
const EXTRA_ENUM_VALUES: &[(&str, &str, &str)] = &[(
    "NetworkMode",
    "default",
    "the model lists bridge, host, awsvpc and none, but the docs describe Windows' mode as `<default>` and \
     AWS's own samples register `\"networkMode\": \"default\"`; unverified, so not reported",
)];

/// A JSON Schema (draft-07) for the three task definition shapes, from botocore's ECS model:
/// every structure reachable from `RegisterTaskDefinitionRequest` and
/// `DescribeTaskDefinitionResponse` becomes a definition that allows only its members.
fn task_definition_schema(model: &Value) -> Value {
    let roots = ["RegisterTaskDefinitionRequest", "DescribeTaskDefinitionResponse", "ContainerDefinition"];
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Amazon ECS task definition",
        "description": format!(
            "An ECS task definition: RegisterTaskDefinition input, DescribeTaskDefinition output, or an array of \
             container definitions. Generated by ecslint from the AWS API model ({}); do not edit.",
            model_name(model)
        ),
        "anyOf": [
            {"$ref": "#/definitions/RegisterTaskDefinitionRequest"},
            {"$ref": "#/definitions/DescribeTaskDefinitionResponse"},
            {"type": "array", "items": {"$ref": "#/definitions/ContainerDefinition"}}
        ],
        "definitions": definitions(model, &roots),
    })
}

#[test]
fn service_schema_is_generated_from_the_aws_model() {
    let model: Value = serde_json::from_str(include_str!("../../schemas/ecs-service-2.json")).unwrap();
    let roots = ["CreateServiceRequest", "UpdateServiceRequest"];
    let schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Amazon ECS service",
        "description": format!(
            "An ECS service: CreateService or UpdateService input. Generated by ecslint from the AWS API model \
             ({}); do not edit.",
            model_name(&model)
        ),
        "anyOf": [
            {"$ref": "#/definitions/CreateServiceRequest"},
            {"$ref": "#/definitions/UpdateServiceRequest"}
        ],
        "definitions": definitions(&model, &roots),
    });
    check_generated("schemas/service.schema.json", &(serde_json::to_string_pretty(&schema).unwrap() + "\n"));
}

fn model_name(model: &Value) -> String {
    let metadata = &model["metadata"];
    format!(
        "{} {}, schemas/ecs-service-2.json",
        metadata["serviceId"].as_str().unwrap_or("ECS"),
        metadata["apiVersion"].as_str().unwrap_or("")
    )
}

/// A definition for every structure reachable from `roots`, allowing only its members.
fn definitions(model: &Value, roots: &[&'static str]) -> Map<String, Value> {
    let shapes = model["shapes"].as_object().expect("model has shapes");
    let mut definitions = Map::new();
    let mut pending: Vec<&str> = roots.to_vec();
    while let Some(name) = pending.pop() {
        if definitions.contains_key(name) {
            continue;
        }
        let shape = &shapes[name];
        let mut properties = Map::new();
        for (member, spec) in shape["members"].as_object().expect("structure has members") {
            properties.insert(member.clone(), member_schema(shapes, spec["shape"].as_str().unwrap(), &mut pending));
        }
        for (shape_name, member, member_shape, why) in EXTRA_MEMBERS {
            if *shape_name == name {
                let mut schema = member_schema(shapes, member_shape, &mut pending);
                schema["$comment"] = json!(format!("not in the model: {why}"));
                properties.insert(member.to_string(), schema);
            }
        }
        let mut def = Map::new();
        def.insert("title".into(), json!(name));
        def.insert("type".into(), json!("object"));
        def.insert("properties".into(), Value::Object(properties));
        def.insert("additionalProperties".into(), json!(false));
        let mut required: Vec<Value> = shape.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
        for (shape_name, field, why) in NOT_REQUIRED_IN_A_FILE {
            if *shape_name == name {
                required.retain(|r| r != field);
                def.insert("$comment".into(), json!(format!("`{field}` is not required in a file: {why}")));
            }
        }
        for (shape_name, fields, why) in REQUIRED_OVERRIDES {
            if *shape_name == name {
                required.extend(fields.iter().map(|f| json!(f)));
                def.insert("$comment".into(), json!(format!("`required` is wider than the model: {why}")));
            }
        }
        if !required.is_empty() {
            def.insert("required".into(), Value::Array(required));
        }
        if shape.get("union") == Some(&json!(true)) {
            def.insert("maxProperties".into(), json!(1));
        }
        definitions.insert(name.to_string(), Value::Object(def));
    }
    definitions.sort_keys();
    definitions
}

fn member_schema<'m>(shapes: &'m Map<String, Value>, name: &'m str, pending: &mut Vec<&'m str>) -> Value {
    let shape = &shapes[name];
    let mut schema = Map::new();
    match shape["type"].as_str().unwrap() {
        "structure" => {
            pending.push(name);
            return json!({"$ref": format!("#/definitions/{name}")});
        }
        "list" => {
            schema.insert("type".into(), json!("array"));
            let item = shape["member"]["shape"].as_str().unwrap();
            schema.insert("items".into(), member_schema(shapes, item, pending));
            bounds(shape, &mut schema, "minItems", "maxItems");
        }
        "map" => {
            schema.insert("type".into(), json!("object"));
            let value = shape["value"]["shape"].as_str().unwrap();
            schema.insert("additionalProperties".into(), member_schema(shapes, value, pending));
        }
        "string" => {
            schema.insert("type".into(), json!("string"));
            if let Some(values) = shape.get("enum") {
                let mut values = values.as_array().cloned().unwrap_or_default();
                for (shape_name, value, why) in EXTRA_ENUM_VALUES {
                    if *shape_name == name {
                        values.push(json!(value));
                        schema.insert("$comment".into(), json!(format!("`{value}` is not in the model: {why}")));
                    }
                }
                schema.insert("enum".into(), Value::Array(values));
            }
            bounds(shape, &mut schema, "minLength", "maxLength");
        }
        "integer" | "long" => {
            schema.insert("type".into(), json!("integer"));
            bounds(shape, &mut schema, "minimum", "maximum");
        }
        "double" | "float" => {
            schema.insert("type".into(), json!("number"));
        }
        "boolean" => {
            schema.insert("type".into(), json!("boolean"));
        }
        // The CLI prints timestamps as ISO 8601 text or as epoch seconds.
        "timestamp" => {
            schema.insert("type".into(), json!(["string", "number"]));
        }
        other => panic!("shape {name} has a type the generator does not know: {other}"),
    }
    Value::Object(schema)
}

fn bounds(shape: &Value, schema: &mut Map<String, Value>, min: &str, max: &str) {
    if let Some(v) = shape.get("min") {
        schema.insert(min.into(), v.clone());
    }
    if let Some(v) = shape.get("max") {
        schema.insert(max.into(), v.clone());
    }
}

/// `src/view/fields.rs`: a constant for every member name of the structures the schemas define,
/// so that a rule names fields through them and a misspelt field is a compile error.
fn field_constants(schemas: &[&str]) -> String {
    let mut names = std::collections::BTreeSet::new();
    for text in schemas {
        let schema: Value = serde_json::from_str(text).unwrap();
        for definition in schema["definitions"].as_object().unwrap().values() {
            if let Some(properties) = definition["properties"].as_object() {
                names.extend(properties.keys().cloned());
            }
        }
    }
    let mut out = String::from(
        "//! The field names of the task definition and service shapes, one constant each: the view\n\
         //! layer's accessors take a [`Field`], so a misspelt field name does not compile.\n\
         //!\n\
         //! Generated from `schemas/*.schema.json` (themselves from the AWS API model) by\n\
         //! `UPDATE_GENERATED=1 cargo test --test it generated`; do not edit.\n\n\
         /// A field of a structure of the AWS API.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq)]\n\
         pub struct Field(&'static str);\n\n\
         impl Field {\n    \
             /// The field's name, as the API spells it.\n    \
             pub const fn name(self) -> &'static str {\n        self.0\n    }\n}\n\n\
         impl std::fmt::Display for Field {\n    \
             fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        \
                 f.write_str(self.0)\n    }\n}\n\n\
         /// Every field, named as the API names it.\n\
         #[allow(non_upper_case_globals, dead_code)]\n\
         pub mod f {\n    use super::Field;\n\n",
    );
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "fn", "for", "if",
        "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
        "trait", "type", "unsafe", "use", "where", "while",
    ];
    for name in names {
        let ident = if KEYWORDS.contains(&name.as_str()) { format!("r#{name}") } else { name.clone() };
        out.push_str(&format!("    pub const {ident}: Field = Field(\"{name}\");\n"));
    }
    out.push_str("}\n");
    out
}

#[test]
fn field_constants_are_generated_from_the_schemas() {
    let generated = field_constants(&[
        include_str!("../../schemas/task-definition.schema.json"),
        include_str!("../../schemas/service.schema.json"),
    ]);
    check_generated("src/view/fields.rs", &generated);
}
