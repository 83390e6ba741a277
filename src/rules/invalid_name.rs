//! `invalid-name`: family, container and volume names outside `[A-Za-z0-9_-]{1,255}`.

use crate::diagnostic::{Location, Sink};
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-name",
    category: Category::Invalid,
    summary: "A family, container or volume name that is not 1 to 255 letters, digits, `-` and `_`",
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
