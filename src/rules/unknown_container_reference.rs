//! `unknown-container-reference`: `dependsOn`, `links`, `volumesFrom` or the proxy
//! configuration naming a container that does not exist.

use crate::diagnostic::Location;
use crate::lint::Sink;
use crate::registry::{Category, Rule, did_you_mean};
use crate::view::{Context, is_placeholder};

pub static RULE: Rule = Rule {
    name: "unknown-container-reference",
    category: Category::Invalid,
    summary: "`dependsOn`, `links`, `volumesFrom` or `proxyConfiguration` names a container that does not exist",
    doc: include_str!("../../rules/unknown-container-reference.md"),
    check: Some(check),
    aliases: &[],
};

/// Every reference to a container by name: where it is, what it names, and what refers.
pub fn references<'a>(cx: &Context<'a>) -> Vec<(Location, &'a str, String)> {
    let mut refs = Vec::new();
    for container in &cx.containers {
        let who = container.label();
        for dep in container.objects("dependsOn") {
            if let Some(name) = dep.str("containerName") {
                refs.push((dep.at("containerName"), name, format!("{who} depends on")));
            }
        }
        for (at, link) in container.strings("links") {
            // `name` or `name:alias`.
            let name = link.split(':').next().unwrap_or(link);
            refs.push((at, name, format!("{who} links to")));
        }
        for from in container.objects("volumesFrom") {
            if let Some(name) = from.str("sourceContainer") {
                refs.push((from.at("sourceContainer"), name, format!("{who} mounts the volumes of")));
            }
        }
    }
    if let Some(proxy) = cx.task.as_ref().and_then(|t| t.object("proxyConfiguration"))
        && let Some(name) = proxy.str("containerName")
    {
        refs.push((proxy.at("containerName"), name, "the proxy configuration names".to_string()));
    }
    refs
}

fn check(cx: &Context, out: &mut Sink) {
    // A container that is a placeholder, or whose name is one, could be any of the names.
    if !cx.all_containers_known || cx.containers.iter().any(|c| c.name().is_none_or(is_placeholder)) {
        return;
    }
    let names: Vec<&str> = cx.container_names().collect();
    for (at, name, what) in references(cx) {
        if names.contains(&name) || is_placeholder(name) {
            continue;
        }
        let proxy = at.pointer.ends_with("/proxyConfiguration/containerName");
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the containers are: {}", names.join(", ")),
        };
        let message = format!("{what} container `{name}`, which is not in the task definition");
        // ECS's refusal is documented for dependencies ("Cannot depend on container"), not for the proxy.
        if proxy { out.report_uncertain(at, message, help) } else { out.report(at, message, help) }
    }
}
