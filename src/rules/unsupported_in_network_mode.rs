//! `unsupported-in-network-mode`: container settings the task's network mode does not allow.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "unsupported-in-network-mode",
    category: Category::Invalid,
    summary: "A container setting the task's network mode does not allow (`links` outside bridge, ports with `none`...)",
    doc: include_str!("../../rules/unsupported-in-network-mode.md"),
    aliases: &[],
};

/// "APPMESH proxy configuration is only supported in networkMode=awsvpc" (RegisterTaskDefinition's
/// answer; the API model does not say so, see the doc).
fn proxy_configuration(cx: &Context, mode: NetworkMode, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    let named = match mode {
        NetworkMode::Bridge => "`bridge`",
        NetworkMode::Host => "`host`",
        NetworkMode::None => "`none`",
        NetworkMode::Default => "no `networkMode` (the instance's default)",
        NetworkMode::Awsvpc | NetworkMode::Unknown => return,
    };
    if task.is_set(f::proxyConfiguration) {
        out.report(
            task.key_at(f::proxyConfiguration),
            format!("the task sets a `proxyConfiguration` (App Mesh) but uses {named}; only `awsvpc` supports it"),
            "set `\"networkMode\": \"awsvpc\"`, or remove `proxyConfiguration`",
        );
    }
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(mode) = cx.network_mode() else {
        return;
    };
    proxy_configuration(cx, mode, out);
    let name = match mode {
        NetworkMode::Host => "host",
        NetworkMode::Awsvpc => "awsvpc",
        NetworkMode::None => "none",
        NetworkMode::Bridge | NetworkMode::Default | NetworkMode::Unknown => "",
    };
    if name.is_empty() {
        return;
    }
    for container in &cx.containers {
        let who = container.label();
        // On Fargate, `fargate-unsupported-parameter` reports `links`.
        if container.is_set(f::links) && !cx.is_fargate() {
            out.report(
                container.key_at(f::links),
                format!("{who} uses `links`, which only `bridge` mode supports, not `{name}`"),
                if mode == NetworkMode::Awsvpc || mode == NetworkMode::Host {
                    "remove `links`: in this mode the task's containers reach each other on localhost"
                } else {
                    "remove `links`"
                },
            );
        }
        if mode == NetworkMode::None && container.is_set(f::portMappings) {
            out.report(
                container.key_at(f::portMappings),
                format!("{who} maps ports, but a task in `none` mode has no network to expose them on"),
                "remove `portMappings`, or use another network mode",
            );
        }
        if mode == NetworkMode::Awsvpc {
            for field in [f::hostname, f::extraHosts] {
                if container.is_set(field) {
                    out.report(
                        container.at(field),
                        format!("{who} sets `{field}`, which `awsvpc` mode does not support"),
                        "remove it; in awsvpc mode the hostname and /etc/hosts come from the task's network interface",
                    );
                }
            }
        }
    }
}
