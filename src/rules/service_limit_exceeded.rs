//! `service-limit-exceeded`: more service registries, subnets or security groups than a
//! service takes.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "service-limit-exceeded",
    category: Category::Invalid,
    summary: "More than one service registry, 16 subnets or 5 security groups on a service, or a negative desired count",
    doc: include_str!("../../rules/service-limit-exceeded.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    if let Some(n) = service.get(f::desiredCount).and_then(|v| v.as_i64()).filter(|n| *n < 0) {
        out.report(
            service.at(f::desiredCount),
            format!("the service's desired count is {n}; a count is 0 or more"),
            "set `desiredCount` to the number of tasks to run",
        );
    }
    let count = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_array()).map_or(0, Vec::len);
    let registries = count(service.get(f::serviceRegistries));
    if registries > 1 {
        out.report(
            service.key_at(f::serviceRegistries),
            format!("the service has {registries} service registries; a service takes one"),
            "keep one entry in `serviceRegistries` (\"Multiple service registries for each service isn't supported\")",
        );
    }
    let Some(vpc) = service.object(f::networkConfiguration).and_then(|n| n.object(f::awsvpcConfiguration)) else {
        return;
    };
    for (field, max) in [(f::subnets, 16), (f::securityGroups, 5)] {
        let n = count(vpc.get(field));
        if n > max {
            out.report(
                vpc.key_at(field),
                format!("the service's network configuration lists {n} {field}; ECS takes at most {max}"),
                format!(
                    "list at most {max} {field} (\"There's a limit of {max} {}\")",
                    if max == 16 { "subnets" } else { "security groups" }
                ),
            );
        }
    }
}
