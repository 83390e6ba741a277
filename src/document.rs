//! A file read once and parsed once, spans kept; and which of the input shapes it has.

use crate::json::{self, DuplicateKey, OutOfRange, Parsed, SpanTree};
use crate::placeholder::mask_template;
use crate::span::Span;
use crate::unit::{Converted, Origin, Shape, TaskRef, Unit, Unreadable};
use crate::{cloudformation, hcl, terraform, yaml};
use serde_json::Value;

/// A parsed file.
#[derive(Debug)]
pub struct Document {
    /// The length of the source text, in bytes.
    pub source_len: usize,
    pub units: Vec<Unit>,
    /// For a template, the file's own tree, to name places in it.
    pub source: Option<SpanTree>,
    pub duplicates: Vec<DuplicateKey>,
    pub out_of_range: Vec<OutOfRange>,
    /// Parts that cannot be read (a Terraform `container_definitions` string that is not JSON).
    pub unreadable: Vec<Unreadable>,
    /// Template values outside strings read as unknown values (`"cpu": ${cpu}`).
    pub masked: Vec<Span>,
    /// Where a Terraform file reads another file (`file()`, `templatefile()`): problems found
    /// inside what it read are that file's, reported when it is checked itself.
    pub elsewhere: Vec<Span>,
    /// Where a Terraform variable's value stands, where the variable is used, and a note that
    /// says so: added to the problems found at that value.
    pub origins: Vec<(Span, Span, String)>,
    /// Suppressions written in the file (CloudFormation `Metadata`, Terraform comments).
    pub suppressions: Vec<crate::suppress::Suppression>,
}

/// The text of a file: UTF-8, with a byte order mark tolerated and dropped.
pub fn decode(bytes: &[u8]) -> Result<&str, Unreadable> {
    let at_start = |message: String| Unreadable { message, span: Span::new(0, 0) };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(encoding) = other_encoding(bytes) {
        return Err(at_start(format!(
            "the file is encoded as {encoding}; task definitions must be UTF-8 \
             (convert it, for example with `iconv -f {} -t UTF-8`)",
            encoding.split(' ').next().unwrap_or(encoding)
        )));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        Unreadable {
            message: format!(
                "the file is not valid UTF-8: byte 0x{:02X} at offset {at} cannot start a character",
                bytes[at]
            ),
            span: Span::new(at, at + 1),
        }
    })
}

/// Recognises UTF-16 and UTF-32 by their byte order mark or, without one, by the zero
/// bytes around the first (ASCII) character, as RFC 4627 describes.
fn other_encoding(b: &[u8]) -> Option<&'static str> {
    match b {
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32BE (with a byte order mark)"),
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32LE (with a byte order mark)"),
        [0xFE, 0xFF, ..] => Some("UTF-16BE (with a byte order mark)"),
        [0xFF, 0xFE, ..] => Some("UTF-16LE (with a byte order mark)"),
        [0, 0, 0, x, ..] if *x != 0 => Some("UTF-32BE"),
        [x, 0, 0, 0, ..] if *x != 0 => Some("UTF-32LE"),
        [0, x, ..] if *x != 0 => Some("UTF-16BE"),
        [x, 0, ..] if *x != 0 => Some("UTF-16LE"),
        _ => None,
    }
}

/// Parses `text`. With `sniff`, a file that is not a task definition gives `Ok(None)`.
///
/// A template whose placeholders stand outside strings (`"cpu": ${cpu}`, `"family": $NAME`,
/// `"memory": <MEMORY>`, `[{{command}}]`), as Terraform's `templatefile` and shell scripts
/// use them, is read with each placeholder masked as a string of the same length, so that
/// the rest of it is checked and every span stays where it is.
///
/// `text` is the content of the file at `path`, when there is one: a `.tf` file is read as
/// Terraform, in its module (see `hcl.rs`).
pub fn parse_at(text: &str, sniff: bool, path: Option<&std::path::Path>) -> Result<Option<Document>, Unreadable> {
    if path.is_some_and(hcl::is_terraform_path) {
        return terraform_module(text, sniff, path);
    }
    let mut masked = Vec::new();
    let parsed = match json::parse(text) {
        Ok(parsed) => parsed,
        Err(e) => match mask_template(text).and_then(|(text, spans)| Some((json::parse(&text).ok()?, spans))) {
            Some((parsed, spans)) => {
                masked = spans;
                parsed
            }
            None => return parse_yaml(text, sniff, e),
        },
    };
    if is_appspec(&parsed.value) {
        return appspec(sniff);
    }
    if let Some(what) = crate::unit::other_ecs_input(&parsed.value) {
        return if sniff {
            Ok(None)
        } else {
            Err(Unreadable {
                message: format!("this is {what}, not a task definition or a service; ecslint does not check it"),
                span: Span::new(0, 0),
            })
        };
    }
    if cloudformation::is_template(&parsed.value) {
        return Ok(template(text, parsed, sniff, cloudformation::units).map(|d| Document { masked, ..d }));
    }
    if terraform::is_show_json(&parsed.value) {
        return Ok(template(text, parsed, sniff, terraform::units).map(|d| Document { masked, ..d }));
    }
    let shape = if sniff {
        match Shape::detect(&parsed.value) {
            Some(shape) => shape,
            None => return Ok(None),
        }
    } else {
        Shape::assume(&parsed.value)
    };
    let task = match shape {
        Shape::CreateService | Shape::UpdateService => {
            parsed.value.get("taskDefinition").and_then(Value::as_str).and_then(TaskRef::from_name)
        }
        _ => None,
    };
    Ok(Some(Document {
        source_len: text.len(),
        units: vec![Unit {
            shape,
            value: parsed.value,
            tree: parsed.tree,
            origin: Origin::File,
            task,
            api_spelt: Vec::new(),
            ignore_changes: Vec::new(),
        }],
        source: None,
        duplicates: parsed.duplicates,
        out_of_range: parsed.out_of_range,
        unreadable: Vec::new(),
        masked,
        elsewhere: Vec::new(),
        origins: Vec::new(),
        suppressions: Vec::new(),
    }))
}

/// A `.tf` file: its task definitions and services. While walking, a file without any is
/// skipped, and so is one that is not valid HCL (Terraform itself reports it).
fn terraform_module(text: &str, sniff: bool, path: Option<&std::path::Path>) -> Result<Option<Document>, Unreadable> {
    let ((units, unreadable), elsewhere, origins) = match hcl::units(text, path) {
        Ok(converted) => converted,
        Err(_) if sniff && !text.contains("aws_ecs_") => return Ok(None),
        Err(e) => return Err(e),
    };
    if sniff && units.is_empty() && unreadable.is_empty() {
        return Ok(None);
    }
    Ok(Some(Document {
        source_len: text.len(),
        units,
        source: None,
        duplicates: Vec::new(),
        out_of_range: Vec::new(),
        unreadable,
        masked: Vec::new(),
        elsewhere,
        origins,
        suppressions: crate::suppress::terraform(text),
    }))
}

fn template(text: &str, parsed: Parsed, sniff: bool, convert: fn(&str, &Parsed) -> Converted) -> Option<Document> {
    let (units, unreadable) = convert(text, &parsed);
    if sniff && units.is_empty() && unreadable.is_empty() {
        return None;
    }
    let suppressions =
        if cloudformation::is_template(&parsed.value) { crate::suppress::cloudformation(&parsed) } else { Vec::new() };
    Some(Document {
        source_len: text.len(),
        units,
        source: Some(parsed.tree),
        duplicates: parsed.duplicates,
        out_of_range: parsed.out_of_range,
        unreadable,
        masked: Vec::new(),
        elsewhere: Vec::new(),
        origins: Vec::new(),
        suppressions,
    })
}

/// A CodeDeploy AppSpec file (`version` and a list of `Resources`, for blue/green ECS
/// deployments): it names a task definition but is none. See
/// <https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html>.
fn is_appspec(value: &Value) -> bool {
    value.get("version").is_some() && value.get("Resources").is_some_and(Value::is_array)
}

/// What an AppSpec file gets: skipped while walking, a word of what it is when named.
fn appspec(sniff: bool) -> Result<Option<Document>, Unreadable> {
    if sniff {
        return Ok(None);
    }
    Err(Unreadable {
        message: "this is a CodeDeploy AppSpec file, not a task definition or a service; ecslint does not check it"
            .into(),
        span: Span::new(0, 0),
    })
}

/// Whether the text starts as JSON does (so that the JSON error is the one to give).
fn starts_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[') | None)
}

/// Text that is not JSON: read as a CloudFormation template in YAML, or not at all.
fn parse_yaml(text: &str, sniff: bool, json_error: json::ParseError) -> Result<Option<Document>, Unreadable> {
    let json_error = Unreadable { message: json_error.message, span: json_error.span };
    // Broken JSON stays a JSON error (and, while walking, is skipped unless it looks like a
    // task definition, as the caller decides).
    if !text.contains("AWS::ECS::") && (sniff || starts_like_json(text)) {
        return Err(json_error);
    }
    match yaml::parse(text) {
        Ok(parsed) if is_appspec(&parsed.value) => appspec(sniff),
        Ok(parsed) if cloudformation::is_template(&parsed.value) => {
            Ok(template(text, parsed, sniff, cloudformation::units))
        }
        Ok(_) if starts_like_json(text) => Err(json_error),
        Ok(_) if sniff => Ok(None),
        Ok(_) if hcl::looks_like_terraform(text) => terraform_module(text, sniff, None),
        Ok(_) => Err(Unreadable {
            message: "this is YAML but not a CloudFormation template; ecslint reads task definitions and \
                      services as JSON, and YAML only as CloudFormation templates"
                .into(),
            span: Span::new(0, 0),
        }),
        Err(_) if starts_like_json(text) => Err(json_error),
        Err(_) if !sniff && hcl::looks_like_terraform(text) => terraform_module(text, sniff, None),
        Err(e) => Err(Unreadable { message: e.message, span: e.span }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn templates_are_masked_in_place() {
        let text = r#"{"family": $NAME, "cpu": ${cpu}, "memory": <MEM>, "command": [{{command}}], "image": "a:${v}"}"#;
        let (masked, spans) = mask_template(text).unwrap();
        assert_eq!(masked.len(), text.len());
        assert_eq!(spans.len(), 4);
        assert_eq!(
            masked,
            r#"{"family": "$__", "cpu": "$___", "memory": "$__", "command": ["$________"], "image": "a:${v}"}"#
        );
        assert!(parse_at(text, false, None).unwrap().is_some());
        assert_eq!(mask_template(r#"{"a": 1,}"#), None);
        assert_eq!(mask_template(r#"{"a": "${not_outside}"}"#), None);
        assert_eq!(mask_template(r#"{"a": $}"#), None);
        // JSON inside double braces is no template value: it stays, and the file is broken.
        assert_eq!(mask_template(r#"{"containerDefinitions": [{{"name": "a", "privileged": true}}]}"#), None);
    }

    #[test]
    fn a_broken_file_stays_broken() {
        let e = parse_at("{\"a\": 1,}", false, None).unwrap_err();
        assert!(e.message.contains("trailing comma"));
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn detects_the_three_shapes() {
        assert_eq!(Shape::detect(&json!({"family": "x", "containerDefinitions": []})), Some(Shape::Register));
        assert_eq!(
            Shape::detect(&json!({"taskDefinition": {"containerDefinitions": []}, "tags": []})),
            Some(Shape::Describe)
        );
        assert_eq!(Shape::detect(&json!([{"name": "a", "image": "b"}])), Some(Shape::ContainerArray));
        assert_eq!(Shape::detect(&json!([{"name": "a", "essential": true}])), Some(Shape::ContainerArray));
    }

    #[test]
    fn services_and_the_task_definitions_they_name() {
        let create = json!({"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 2});
        assert_eq!(Shape::detect(&create), Some(Shape::CreateService));
        let update = json!({"service": "web", "taskDefinition": "web:4"});
        assert_eq!(Shape::detect(&update), Some(Shape::UpdateService));
        // A `taskDefinition` string alone is not enough to call a file a service.
        assert_eq!(Shape::detect(&json!({"taskDefinition": "web"})), None);
        for (name, family) in [
            ("web", Some("web")),
            ("web:12", Some("web")),
            ("arn:aws:ecs:us-east-1:123456789012:task-definition/web:12", Some("web")),
            ("${TASK_DEFINITION}", None),
            ("", None),
        ] {
            assert_eq!(TaskRef::from_name(name), family.map(|f| TaskRef::Family(f.into())), "{name}");
        }
    }

    #[test]
    fn other_json_is_not_a_task_definition() {
        for v in [json!({"name": "pkg", "version": "1"}), json!([{"name": "alice"}]), json!([]), json!([1]), json!("x")]
        {
            assert_eq!(Shape::detect(&v), None, "{v}");
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert!(decode(b"\xFF\xFE{\0}\0").unwrap_err().message.contains("UTF-16LE (with a byte order mark)"));
        assert!(decode(b"{\0}\0").unwrap_err().message.contains("UTF-16LE"));
        assert!(decode(b"\0{\0}").unwrap_err().message.contains("UTF-16BE"));
        assert!(decode(b"{\0\0\0").unwrap_err().message.contains("UTF-32LE"));
        let e = decode(b"{\"a\": \"\xC3\x28\"}").unwrap_err();
        assert_eq!(e.span, Span::new(7, 8));
        assert!(e.message.contains("not valid UTF-8"));
    }
}
