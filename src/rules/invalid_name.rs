//! `invalid-name`: family, container, volume and service names outside `[A-Za-z0-9_-]{1,255}`,
//! and port mapping names outside `[a-z0-9_][a-z0-9_-]{0,63}` or given twice.

use crate::diagnostic::{Location, Sink};
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-name",
    category: Category::Invalid,
    summary: "A family, container, volume or service name that is not 1 to 255 letters, digits, `-` and `_`, or a bad port mapping name",
    doc: include_str!("../../rules/invalid-name.md"),
    aliases: &[],
};

/// "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens" (API model:
/// RegisterTaskDefinitionRequest.family, ContainerDefinition.name, Volume.name).
const MAX_LEN: usize = 255;

pub fn check(cx: &Context, out: &mut Sink) {
    let mut names: Vec<(Location, &str, &str)> = Vec::new();
    if let Some(task) = &cx.task {
        if let Some(family) = task.str(f::family) {
            names.push((task.at(f::family), family, "family"));
        }
        for volume in task.objects(f::volumes) {
            if let Some(name) = volume.str(f::name) {
                names.push((volume.at(f::name), name, "volume name"));
            }
        }
    }
    for container in &cx.containers {
        if let Some(name) = container.name() {
            names.push((container.at(f::name), name, "container name"));
        }
    }
    if let Some(service) = &cx.service
        && let Some(name) = service.str(f::serviceName)
    {
        names.push((service.at(f::serviceName), name, "service name"));
    }
    port_names(cx, out);
    for (at, name, what) in names {
        if is_placeholder(name) {
            continue;
        }
        if let Some(problem) = problem(name) {
            out.report(
                at,
                format!("the {what} `{name}` {problem}"),
                format!("a {what} may have up to {MAX_LEN} letters, digits, hyphens (-) and underscores (_)"),
            );
        }
    }
}

fn problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".into());
    }
    if name.chars().count() > MAX_LEN {
        return Some(format!("is longer than {MAX_LEN} characters"));
    }
    let bad: String = name.chars().filter(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')).collect();
    if bad.is_empty() {
        return None;
    }
    let mut shown: Vec<String> = Vec::new();
    for c in bad.chars() {
        let s = if c == ' ' { "space".to_string() } else { format!("`{}`", c.escape_default()) };
        if !shown.contains(&s) {
            shown.push(s);
        }
    }
    Some(format!("contains {}", shown.join(", ")))
}

/// "The name can include up to 64 characters. The characters can include lowercase letters,
/// numbers, underscores (_), and hyphens (-). The name can't start with a hyphen" (API model,
/// `PortMapping.name`); Service Connect finds a port by it, so two ports of one name are a doubt.
fn port_names(cx: &Context, out: &mut Sink) {
    let mut seen: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for container in &cx.containers {
        for mapping in container.objects(f::portMappings) {
            let Some(name) = mapping.str(f::name).filter(|n| !is_placeholder(n)) else { continue };
            let bad = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-'));
            let problem = if name.is_empty() {
                Some("is empty".to_string())
            } else if name.chars().count() > 64 {
                Some("is longer than 64 characters".into())
            } else if name.starts_with('-') {
                Some("starts with a hyphen".into())
            } else {
                bad.map(|c| format!("contains `{}`", c.escape_default()))
            };
            if let Some(problem) = problem {
                out.report(
                    mapping.at(f::name),
                    format!("the port mapping name `{name}` ({}) {problem}", container.label()),
                    "a port mapping name has up to 64 lower-case letters, digits, `_` and `-`, and does not start with `-`",
                );
            } else if let Some(first) = seen.get(name) {
                out.report_uncertain(
                    mapping.at(f::name),
                    format!("the port mapping name `{name}` ({}) is also used by {first}", container.label()),
                    "give each port mapping its own name: Service Connect finds the port by it",
                );
            } else {
                seen.insert(name, container.label());
            }
        }
    }
}
