//! The task definition and service schemas, each compiled once when first needed, and the
//! mapping of their errors to findings.
//!
//! `schemas/task-definition.schema.json` and `schemas/service.schema.json` are generated from
//! AWS's API model (see `tests/generated.rs`). Each schema error becomes one named finding; a
//! value gets at most one finding, however many keywords it breaks.

use crate::cloudformation;
use crate::diagnostic::{Finding, FixSpec, Group, Location, Target};
use crate::model::{SERVICE_SCHEMA_TEXT, TASK_SCHEMA_TEXT, definition_of, object_schema_at, schema};
use crate::placeholder::is_placeholder;
use crate::rule::{Rule, did_you_mean};
use crate::rules::{invalid_type, invalid_value, missing_required_field, read_only_field, unknown_field};
use crate::span::{escape_pointer_segment, unescape_pointer_segment};
use crate::unit::{Origin, Shape, Unit};
use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, Validator};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The validator for one shape, compiled on first use.
fn validator(shape: Shape) -> &'static Validator {
    static VALIDATORS: [OnceLock<Validator>; 5] = [const { OnceLock::new() }; 5];
    let slot = match shape {
        Shape::Register => 0,
        Shape::Describe => 1,
        Shape::ContainerArray => 2,
        Shape::CreateService => 3,
        Shape::UpdateService => 4,
        // `check` never asks for one.
        Shape::Resource(_) => 0,
    };
    VALIDATORS[slot].get_or_init(|| {
        // Parsed afresh rather than cloned from `schema()`, which a clean run never needs.
        let text = if shape.is_service() { SERVICE_SCHEMA_TEXT } else { TASK_SCHEMA_TEXT };
        let mut root: Value = serde_json::from_str(text).expect("the generated schema is JSON");
        let target = match shape {
            Shape::ContainerArray => {
                serde_json::json!({"type": "array", "items": {"$ref": "#/definitions/ContainerDefinition"}})
            }
            _ => serde_json::json!({"$ref": format!("#/definitions/{}", definition_of(shape))}),
        };
        // `allOf` (not the file's `anyOf`) so that errors are reported one by one.
        if let Some(root) = root.as_object_mut() {
            root.remove("anyOf");
            root.insert("allOf".into(), Value::Array(vec![target]));
        }
        jsonschema::draft7::options()
            .should_validate_formats(false)
            .build(&root)
            .expect("the generated schema compiles")
    })
}

/// Read-only members of describe output that `RegisterTaskDefinition` refuses.
fn read_only_fields() -> Vec<&'static str> {
    let defs = &schema(Shape::Register)["definitions"];
    let register = defs["RegisterTaskDefinitionRequest"]["properties"].as_object();
    defs["TaskDefinition"]["properties"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.keys())
        .filter(|k| register.is_some_and(|r| !r.contains_key(*k)))
        .map(String::as_str)
        .collect()
}

/// Checks a unit against its shape's schema. The readers have finished their conversions (a
/// CloudFormation unit holds the scalars CloudFormation converts), so the unit is only read.
pub fn check(unit: &Unit, out: &mut Vec<Finding>) {
    if let Shape::Resource(_) = unit.shape {
        return;
    }
    let validator = validator(unit.shape);
    // Most files are valid: the quick answer first, the errors only when there are some.
    if validator.is_valid(&unit.value) {
        return;
    }
    let cx = Reading {
        shape: unit.shape,
        cfn: matches!(unit.origin, Origin::CloudFormation(_)),
        terraform: matches!(unit.origin, Origin::Terraform(_)),
    };
    // The CloudFormation service resource differs from the API in more than spelling (its
    // `ForceNewDeployment` is an object, for one): nothing is reported on it.
    if cx.cfn && unit.shape.is_service() {
        return;
    }
    let mut seen_values: HashSet<String> = HashSet::new();
    for error in validator.iter_errors(&unit.value) {
        let pointer = error.instance_path().as_str().to_string();
        let instance = unit.value.pointer(&pointer).unwrap_or(&Value::Null);
        for finding in cx.findings(&error, &pointer, instance) {
            // One problem, one finding: a value breaking two keywords is reported once.
            if finding.at.target == Target::Value && !seen_values.insert(pointer.clone()) {
                continue;
            }
            out.push(finding);
        }
    }
}

/// How a unit is read: its shape, and the reader's spelling.
struct Reading {
    shape: Shape,
    cfn: bool,
    terraform: bool,
}

impl Reading {
    /// A field's name as the file spells it.
    fn spell(&self, field: String) -> String {
        if self.cfn { cloudformation::cfn_name(&field) } else { field }
    }

    fn findings(&self, error: &ValidationError, pointer: &str, instance: &Value) -> Vec<Finding> {
        let one = |f: Option<Finding>| f.into_iter().collect();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
                .iter()
                .map(String::as_str)
                // New arguments of the Terraform provider, and CloudFormation properties newer
                // than the API model, are not the user's mistakes.
                .filter(|key| {
                    !((self.terraform && pointer.is_empty()) || (self.cfn && cloudformation::CFN_ONLY.contains(key)))
                })
                .map(|key| unknown_key(self.shape, pointer, key, self.cfn, instance))
                .collect(),
            ValidationErrorKind::Required { property } => {
                one(self.missing(pointer, property.as_str().unwrap_or_default()))
            }
            ValidationErrorKind::Type { kind } => one(self.wrong_type(pointer, instance, kind)),
            ValidationErrorKind::Enum { options } => one(self.not_an_option(pointer, instance, options)),
            other => vec![value_finding(pointer, out_of_bounds(other, pointer, error), None)],
        }
    }

    fn missing(&self, pointer: &str, field: &str) -> Option<Finding> {
        // CloudFormation names the family when the template does not.
        if self.cfn && pointer.is_empty() && field == "family" {
            return None;
        }
        let what = object_title(self.shape, pointer);
        let written = self.spell(field.to_string());
        Some(Finding {
            rule: &missing_required_field::RULE,
            at: Location { pointer: pointer.to_string(), target: Target::Start },
            message: format!("{} is missing the required field `{written}`", with_article(&what)),
            help: Some(if self.cfn { format!("add `{written}`") } else { required_help(field, &what) }),
            span: None,
            cap: None,
            fix: None,
            group: None,
        })
    }

    fn wrong_type(&self, pointer: &str, instance: &Value, kind: &TypeKind) -> Option<Finding> {
        if instance.as_str().is_some_and(is_placeholder) {
            return None;
        }
        let field = self.spell(field_name(pointer));
        // Every null in a file is one problem, with one fix that removes them all.
        let null = instance.is_null().then(|| Group {
            key: "null",
            message: format!("`{field}` and {{more}} are null: the AWS CLI rejects null"),
            fix_title: "Remove the fields that are null".into(),
        });
        let fix = match null {
            Some(_) => Some(FixSpec::removal(&field, pointer)),
            None => type_fix(pointer, instance, kind),
        };
        Some(Finding {
            group: null,
            fix,
            rule: &invalid_type::RULE,
            at: Location { pointer: pointer.to_string(), target: Target::Value },
            message: format!(
                "`{}` must be {}, not {}",
                self.spell(field_name(pointer)),
                expected_types(kind),
                describe_json_type(instance)
            ),
            help: Some(type_help(pointer, instance, kind)),
            span: None,
            cap: None,
        })
    }

    fn not_an_option(&self, pointer: &str, instance: &Value, options: &Value) -> Option<Finding> {
        let text = instance.as_str().filter(|t| !is_placeholder(t))?;
        let options: Vec<&str> = options.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let mut help = match did_you_mean(text, options.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? "),
            None => String::new(),
        };
        help.push_str(&format!("Valid values: {}.", options.join(", ")));
        // "Amazon ECS treats any other specified value as tcp" (the API model's
        // PortMapping.protocol): registered, so not an error.
        let port_protocol = pointer.ends_with("/protocol") && pointer.contains("/portMappings/");
        let mut message = format!("`{text}` is not a valid `{}`", self.spell(field_name(pointer)));
        if port_protocol {
            message.push_str("; ECS treats it as `tcp`");
        }
        Some(value_finding(pointer, (message, help), port_protocol.then_some(crate::rule::Severity::Warning)))
    }
}

/// An `invalid-value` finding about the value at `pointer`.
fn value_finding(pointer: &str, (message, help): (String, String), cap: Option<crate::rule::Severity>) -> Finding {
    let at = Location { pointer: pointer.to_string(), target: Target::Value };
    Finding::new(&invalid_value::RULE, at, message, help).capped(cap)
}

/// The message and help for a value outside a bound of the schema.
fn out_of_bounds(kind: &ValidationErrorKind, pointer: &str, error: &ValidationError) -> (String, String) {
    let field = field_name(pointer);
    match kind {
        ValidationErrorKind::MaxItems { limit } => {
            (format!("`{field}` has more than {limit} items"), format!("AWS allows at most {limit}; remove some"))
        }
        ValidationErrorKind::MinItems { limit } => {
            (format!("`{field}` needs at least {limit} items"), "add the missing items or remove the field".into())
        }
        ValidationErrorKind::MaxLength { limit } => (
            format!("`{field}` is longer than {limit} characters"),
            format!("shorten it to at most {limit} characters"),
        ),
        ValidationErrorKind::MinLength { limit } => {
            (format!("`{field}` is shorter than {limit} characters"), format!("give it at least {limit} characters"))
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            (format!("`{field}` is out of range"), format!("the limit is {limit}"))
        }
        ValidationErrorKind::MaxProperties { .. } => {
            (format!("`{field}` sets more than one of its alternatives"), "keep exactly one of its fields".into())
        }
        _ => (format!("`{field}` is not valid: {error}"), "see the API reference".into()),
    }
}

/// Members of the API model's `Service` (describe-services output) that `CreateServiceRequest`
/// does not have; a unit test checks the list against the model.
const SERVICE_OUTPUT_FIELDS: &[&str] = &[
    "clusterArn",
    "createdAt",
    "createdBy",
    "currentServiceDeployment",
    "currentServiceRevisions",
    "deployments",
    "events",
    "pendingCount",
    "platformFamily",
    "resourceManagementType",
    "roleArn",
    "runningCount",
    "serviceArn",
    "status",
    "taskSets",
];

/// `key` is a member of `object` (at `object_pointer`) that the schema does not have.
fn unknown_key(shape: Shape, object_pointer: &str, key: &str, cfn: bool, object: &Value) -> Finding {
    let pointer = format!("{object_pointer}/{}", escape_pointer_segment(key));
    let at = Location { pointer, target: Target::Key };
    let schema = object_schema_at(shape, object_pointer);
    let title = schema.and_then(|s| s["title"].as_str()).unwrap_or("object");
    let what = human_title(title);
    let fields = schema.and_then(|s| s["properties"].as_object());
    if (title == "RegisterTaskDefinitionRequest") && read_only_fields().contains(&key) {
        return read_only_field::describe_only(key, at, None);
    }
    if title == "CreateServiceRequest" && SERVICE_OUTPUT_FIELDS.contains(&key) {
        // Uncertain for the file's reader: `aws ecs create-service` refuses it, but ecspresso
        // reads its service definitions as describe-services output and ignores these.
        return Finding {
            rule: &read_only_field::RULE,
            message: format!("`{key}` is a read-only field of describe-services output"),
            help: Some("CreateService does not take it (ecspresso ignores it); remove it".into()),
            at,
            span: None,
            cap: Some(crate::rule::Severity::Warning),
            fix: None,
            group: None,
        };
    }
    let suggestion = fields.and_then(|f| did_you_mean(key, f.keys().map(String::as_str)));
    if cfn {
        // In the template's spelling; no fix, as the edit would be in the API's.
        let (key, suggestion) = (cloudformation::cfn_name(key), suggestion.map(cloudformation::cfn_name));
        return Finding {
            rule: &unknown_field::RULE,
            at,
            message: format!("`{key}` is not a property of {}", with_article(&what)),
            help: Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "CloudFormation rejects unknown properties; remove it".into(),
            }),
            span: None,
            cap: None,
            fix: None,
            group: None,
        };
    }
    // Renaming onto a key the object already has would make a duplicate, of which AWS keeps
    // the last: one of the two values would be lost. No fix then; the help says to merge.
    let taken = suggestion.is_some_and(|s| object.get(s).is_some());
    let fix = suggestion.filter(|_| !taken).map(|s| FixSpec {
        title: format!("Rename `{key}` to `{s}`"),
        edits: vec![(at.clone(), Value::from(s).to_string())],
    });
    let help = match suggestion {
        Some(s) if taken => format!("did you mean `{s}`? It is already set here: move what `{key}` holds into it"),
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            format!("AWS rejects unknown fields; remove it, or see the fields of {what} at {}", api_reference(title))
        }
    };
    Finding {
        rule: &unknown_field::RULE,
        at,
        message: format!("`{key}` is not a field of {}", with_article(&what)),
        help: Some(help),
        span: None,
        cap: None,
        fix,
        group: None,
    }
}

fn object_title(shape: Shape, pointer: &str) -> String {
    human_title(object_schema_at(shape, pointer).and_then(|s| s["title"].as_str()).unwrap_or("object"))
}

/// "ContainerDefinition" -> "container definition".
fn human_title(title: &str) -> String {
    match title {
        "RegisterTaskDefinitionRequest" | "TaskDefinition" => return "task definition".into(),
        "DescribeTaskDefinitionResponse" => return "describe-task-definition output".into(),
        "CreateServiceRequest" => return "service".into(),
        "UpdateServiceRequest" => return "service update".into(),
        _ => {}
    }
    // Split "ContainerDefinition" into words, keeping the acronyms AWS writes in its names.
    const ACRONYMS: &[&str] = &["EFS", "FSx", "IAM", "GPU", "S3"];
    let mut words: Vec<String> = Vec::new();
    let mut rest = title;
    while let Some(c) = rest.chars().next() {
        if let Some(acronym) = ACRONYMS.iter().find(|a| rest.starts_with(**a)) {
            words.push(acronym.to_string());
            rest = &rest[acronym.len()..];
            continue;
        }
        let len = rest[c.len_utf8()..].find(|c: char| c.is_uppercase()).map_or(rest.len(), |i| i + c.len_utf8());
        words.push(rest[..len].to_lowercase());
        rest = &rest[len..];
    }
    words.join(" ")
}

fn with_article(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u', 'E', 'A', 'I', 'O', 'U']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

fn api_reference(title: &str) -> String {
    let page = match title {
        "RegisterTaskDefinitionRequest" => "RegisterTaskDefinition",
        "DescribeTaskDefinitionResponse" => "DescribeTaskDefinition",
        "CreateServiceRequest" => "CreateService",
        "UpdateServiceRequest" => "UpdateService",
        other => other,
    };
    format!("https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_{page}.html")
}

fn required_help(field: &str, what: &str) -> String {
    match field {
        "family" => "add `\"family\": \"my-app\"`: the name that groups the revisions of this task definition".into(),
        "containerDefinitions" => "add `\"containerDefinitions\": [...]` with at least one container".into(),
        "image" => "add `\"image\"`: the container image to run, e.g. `\"public.ecr.aws/nginx/nginx:1.27\"`".into(),
        "name" => "add `\"name\"`: containers are referred to by name in links, dependsOn and load balancers".into(),
        _ => format!("AWS requires `{field}` in {}", with_article(what)),
    }
}

/// The last key in a pointer, skipping array indexes: what a message calls the field.
fn field_name(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .find(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .map(|s| unescape_pointer_segment(s).into_owned())
        .unwrap_or_else(|| "the document".into())
}

fn json_type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Array => "an array",
        JsonType::Boolean => "a boolean",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "an object",
        JsonType::String => "a string",
    }
}

fn expected_types(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => json_type_name(*t).into(),
        TypeKind::Multiple(set) => set.iter().map(json_type_name).collect::<Vec<_>>().join(" or "),
    }
}

fn describe_json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Quoting a number where a string belongs, or unquoting a number where a number belongs.
fn type_fix(pointer: &str, v: &Value, kind: &TypeKind) -> Option<FixSpec> {
    let wants = |t| accepts(kind, t);
    let at = Location { pointer: pointer.to_string(), target: Target::Value };
    match v {
        Value::Number(n) if wants(JsonType::String) => {
            Some(FixSpec { title: format!("Write {n} as a string"), edits: vec![(at, format!("\"{n}\""))] })
        }
        Value::String(s) if wants(JsonType::Integer) && s.trim().parse::<u64>().is_ok() => {
            Some(FixSpec { title: format!("Write {} as a number", s.trim()), edits: vec![(at, s.trim().to_string())] })
        }
        _ => None,
    }
}

fn accepts(kind: &TypeKind, t: JsonType) -> bool {
    match kind {
        TypeKind::Single(s) => *s == t,
        TypeKind::Multiple(set) => set.contains(t),
    }
}

fn type_help(pointer: &str, v: &Value, kind: &TypeKind) -> String {
    let wants = |t| accepts(kind, t);
    match v {
        Value::Null => "remove the field or give it a value: the AWS CLI rejects null".into(),
        Value::Number(n) if wants(JsonType::String) => {
            let field = field_name(pointer);
            let why = if matches!(field.as_str(), "cpu" | "memory") && pointer.matches('/').count() <= 2 {
                "task-level `cpu` and `memory` are strings in the API; "
            } else {
                ""
            };
            format!("{why}write it in quotes: \"{n}\"")
        }
        Value::String(s)
            if (wants(JsonType::Integer) || wants(JsonType::Number)) && s.trim().parse::<f64>().is_ok() =>
        {
            format!("write it without quotes: {}", s.trim())
        }
        Value::String(s) if wants(JsonType::Boolean) && matches!(s.as_str(), "true" | "false") => {
            format!("write it without quotes: {s}")
        }
        Value::Object(_) if wants(JsonType::Array) => "wrap it in a list: [ ... ]".into(),
        _ => format!("give it {} value", expected_types(kind).replace("an ", "").replace("a ", "")),
    }
}

/// The rules this module reports, so the engine can tell whether any is enabled.
pub const RULES: &[&Rule] = &[
    &unknown_field::RULE,
    &missing_required_field::RULE,
    &invalid_type::RULE,
    &invalid_value::RULE,
    &read_only_field::RULE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_output_fields_are_those_of_the_model() {
        let model: Value = serde_json::from_str(include_str!("../schemas/ecs-service-2.json")).unwrap();
        let members = |shape: &str| -> Vec<String> {
            model["shapes"][shape]["members"].as_object().unwrap().keys().cloned().collect()
        };
        let create = members("CreateServiceRequest");
        let mut output: Vec<String> = members("Service").into_iter().filter(|m| !create.contains(m)).collect();
        output.sort();
        assert_eq!(output, SERVICE_OUTPUT_FIELDS);
    }

    #[test]
    fn human_titles() {
        assert_eq!(human_title("ContainerDefinition"), "container definition");
        assert_eq!(human_title("EFSVolumeConfiguration"), "EFS volume configuration");
        assert_eq!(
            human_title("FSxWindowsFileServerVolumeConfiguration"),
            "FSx windows file server volume configuration"
        );
        assert_eq!(human_title("RegisterTaskDefinitionRequest"), "task definition");
    }

    #[test]
    fn field_names_skip_indexes() {
        assert_eq!(field_name("/containerDefinitions/0/portMappings/1"), "portMappings");
        assert_eq!(field_name("/requiresCompatibilities/0"), "requiresCompatibilities");
        assert_eq!(field_name(""), "the document");
    }

    #[test]
    fn read_only_fields_come_from_the_model() {
        let fields = read_only_fields();
        for f in ["taskDefinitionArn", "revision", "status", "registeredAt", "compatibilities"] {
            assert!(fields.contains(&f), "{f}");
        }
        assert!(!fields.contains(&"family"));
    }
}
