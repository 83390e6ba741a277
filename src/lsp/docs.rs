//! Field documentation for hovers, from AWS's API model (the same vendored file the schema is
//! generated from), read on first use.

use crate::unit::Shape;
use serde_json::Value;
use std::sync::OnceLock;

fn shapes() -> &'static serde_json::Map<String, Value> {
    static MODEL: OnceLock<Value> = OnceLock::new();
    let model = MODEL.get_or_init(|| {
        serde_json::from_str(include_str!("../../schemas/ecs-service-2.json")).expect("the vendored model is JSON")
    });
    model["shapes"].as_object().expect("the model has shapes")
}

/// A documented field: its name, the model's shape for it, and its documentation as Markdown.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldDoc {
    pub name: String,
    pub shape: String,
    pub markdown: String,
}

/// The documentation of the field at `path` in a document of `shape`: the innermost member of
/// a structure that the path goes through.
pub fn field_doc(shape: Shape, path: &[String]) -> Option<FieldDoc> {
    let shapes = shapes();
    let mut current = match shape {
        Shape::Register => "RegisterTaskDefinitionRequest",
        Shape::Describe => "DescribeTaskDefinitionResponse",
        Shape::ContainerArray => "ContainerDefinitions",
        Shape::CreateService => "CreateServiceRequest",
        Shape::UpdateService => "UpdateServiceRequest",
        // Not ECS API input: no documentation here.
        Shape::Resource(_) => return None,
    };
    let mut found = None;
    for segment in path {
        let spec = shapes.get(current)?;
        current = match spec["type"].as_str()? {
            "structure" => {
                let member = spec["members"].get(segment)?;
                let member_shape = member["shape"].as_str()?;
                found = Some(FieldDoc {
                    name: segment.clone(),
                    shape: member_shape.to_string(),
                    markdown: html_to_markdown(member["documentation"].as_str().unwrap_or("")),
                });
                member_shape
            }
            "list" => spec["member"]["shape"].as_str()?,
            "map" => spec["value"]["shape"].as_str()?,
            _ => return found,
        };
    }
    found
}

/// The API model's documentation is HTML; hovers are Markdown.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut link: Option<String> = None;
    while let Some(open) = rest.find('<') {
        out.push_str(&unescape(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("p" | "note" | "important", true) => out.push_str("\n\n"),
            ("code", _) => out.push('`'),
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("li", false) => out.push_str("\n- "),
            ("ul" | "ol", true) => out.push_str("\n\n"),
            ("a", false) => {
                link = tag.split("href=\"").nth(1).and_then(|h| h.split('"').next()).map(str::to_string);
                if link.is_some() {
                    out.push('[');
                }
            }
            ("a", true) => {
                if let Some(href) = link.take() {
                    out.push_str(&format!("]({href})"));
                }
            }
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&unescape(rest));
    // Collapse the blank lines the tags leave behind.
    let mut collapsed = String::new();
    for paragraph in out.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push_str("\n\n");
        }
        let lines: Vec<String> = paragraph
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        collapsed.push_str(&lines.join("\n"));
    }
    collapsed
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_a_container_has_documentation() {
        let container = &shapes()["ContainerDefinition"]["members"];
        for name in container.as_object().unwrap().keys() {
            let doc = field_doc(Shape::Register, &["containerDefinitions".into(), "0".into(), name.clone()]).unwrap();
            assert_eq!(&doc.name, name);
            assert!(!doc.markdown.is_empty(), "{name}");
        }
    }

    #[test]
    fn paths_through_lists_and_maps() {
        let doc = field_doc(
            Shape::Describe,
            &[
                "taskDefinition".into(),
                "containerDefinitions".into(),
                "0".into(),
                "portMappings".into(),
                "1".into(),
                "hostPort".into(),
            ],
        )
        .unwrap();
        assert_eq!(doc.name, "hostPort");
        assert!(doc.markdown.contains("`awsvpc`"), "{}", doc.markdown);
        let doc = field_doc(
            Shape::ContainerArray,
            &["0".into(), "logConfiguration".into(), "options".into(), "awslogs-group".into()],
        )
        .unwrap();
        assert_eq!(doc.name, "options");
        assert_eq!(field_doc(Shape::Register, &["nope".into()]), None);
    }

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(
            html_to_markdown(
                "<p>The <code>name</code> &amp; <b>more</b>.</p> <ul> <li> <p>one</p> </li> </ul> <p>See <a href=\"https://x\">this</a>.</p>"
            ),
            "The `name` & **more**.\n\n- one\n\nSee [this](https://x)."
        );
    }
}
