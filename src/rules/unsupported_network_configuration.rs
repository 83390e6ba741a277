//! `unsupported-network-configuration`: a service with a `networkConfiguration` whose task
//! definition does not use the `awsvpc` network mode.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "unsupported-network-configuration",
    category: Category::Invalid,
    summary: "A service sets `networkConfiguration` but its task definition does not use the `awsvpc` network mode",
    doc: include_str!("../../rules/unsupported-network-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let (Some(service), Some(task)) = (&cx.service, &cx.service_task) else { return };
    if !service.is_set(f::networkConfiguration) || cx.service_on_fargate() {
        // On Fargate the task definition itself is what is wrong: `incompatible-launch-type`.
        return;
    }
    let mode = match task.network_mode {
        Some(NetworkMode::Bridge) => "the `bridge` network mode",
        Some(NetworkMode::Host) => "the `host` network mode",
        Some(NetworkMode::None) => "the `none` network mode",
        Some(NetworkMode::Default) => "no `networkMode` (the instance's default, `bridge` on Linux)",
        _ => return,
    };
    let which = task.family.as_ref().map_or("its task definition".to_string(), |f| format!("task definition `{f}`"));
    out.report(
        service.key_at(f::networkConfiguration),
        format!("the service sets `networkConfiguration`, but {which} uses {mode}"),
        "remove `networkConfiguration` (only `awsvpc` tasks take subnets and security groups), or set `\"networkMode\": \"awsvpc\"` in the task definition",
    );
}
