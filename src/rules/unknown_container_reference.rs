//! `unknown-container-reference`: `dependsOn`, `links`, `volumesFrom` or the proxy
//! configuration naming a container that does not exist.

use crate::diagnostic::{Location, Sink};
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule, did_you_mean};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "unknown-container-reference",
    category: Category::Invalid,
    summary: "`dependsOn`, `links`, `volumesFrom` or `proxyConfiguration` names a container that does not exist",
    doc: include_str!("../../rules/unknown-container-reference.md"),
    aliases: &[],
};

/// Every reference to a container by name: where it is, what it names, and which container
/// (none for the proxy configuration) refers how.
pub fn references<'a>(cx: &Context<'a>) -> Vec<(Location, &'a str, Option<usize>, &'static str)> {
    let mut refs = Vec::new();
    for (i, container) in cx.containers.iter().enumerate() {
        for dep in container.objects(f::dependsOn) {
            if let Some(name) = dep.str(f::containerName) {
                refs.push((dep.at(f::containerName), name, Some(i), "depends on"));
            }
        }
        for (at, link) in container.strings(f::links) {
            // `name` or `name:alias`.
            refs.push((at, link.split(':').next().unwrap_or(link), Some(i), "links to"));
        }
        for from in container.objects(f::volumesFrom) {
            if let Some(name) = from.str(f::sourceContainer) {
                refs.push((from.at(f::sourceContainer), name, Some(i), "mounts the volumes of"));
            }
        }
    }
    if let Some(proxy) = cx.task.as_ref().and_then(|t| t.object(f::proxyConfiguration))
        && let Some(name) = proxy.str(f::containerName)
    {
        refs.push((proxy.at(f::containerName), name, None, "names"));
    }
    refs
}

pub fn check(cx: &Context, out: &mut Sink) {
    // A container that is a placeholder, or whose name is one, could be any of the names.
    if !cx.all_containers_known || cx.containers.iter().any(|c| c.name().is_none_or(is_placeholder)) {
        return;
    }
    let names: Vec<&str> = cx.container_names().collect();
    for (at, name, from, verb) in references(cx) {
        if names.contains(&name) || is_placeholder(name) {
            continue;
        }
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the containers are: {}", names.join(", ")),
        };
        let who = from.map_or_else(|| "the proxy configuration".to_string(), |i| cx.containers[i].label());
        let message = format!("{who} {verb} container `{name}`, which is not in the task definition");
        // ECS's refusal is documented for dependencies ("Cannot depend on container"), not for the proxy.
        if from.is_none() { out.report_uncertain(at, message, help) } else { out.report(at, message, help) }
    }
}
