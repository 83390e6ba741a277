//! `static-host-port`: bridge mode with a fixed `hostPort`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "static-host-port",
    category: Category::BestPractice,
    summary: "A fixed `hostPort` in bridge mode: one such task per instance, and no dynamic port mapping",
    doc: include_str!("../../rules/static-host-port.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    if !matches!(cx.network_mode(), Some(NetworkMode::Bridge | NetworkMode::Default))
        || cx.is_fargate()
        || cx.is_windows()
    {
        return;
    }
    for container in &cx.containers {
        for mapping in container.objects(f::portMappings) {
            if let Some(port) = mapping.u64(f::hostPort).filter(|&p| p > 0) {
                out.report(
                    mapping.at(f::hostPort),
                    format!("{} binds the fixed host port {port}", container.label()),
                    "set `\"hostPort\": 0` (or leave it out) for a dynamic port: the load balancer learns it from ECS, and \
                     several copies of the task fit on one instance",
                );
            }
        }
    }
}
