//! `duplicate-container-name`: two containers with the same name.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "duplicate-container-name",
    category: Category::Invalid,
    summary: "Two containers in one task definition have the same name",
    doc: include_str!("../../rules/duplicate-container-name.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // The first container of each name, by name: linear in the number of containers.
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for container in &cx.containers {
        let Some(name) = container.name().filter(|n| !is_placeholder(n)) else {
            continue;
        };
        if let Some(&first) = first_of.get(name) {
            out.report(
                container.at(f::name),
                format!("two containers are named `{name}` (at index {first} and {})", container.index),
                "give each container its own name: links, dependsOn, load balancers and logs refer to containers by name",
            );
        } else {
            first_of.insert(name, container.index);
        }
    }
}
