//! `invalid-scalable-target`: an Application Auto Scaling target of an ECS service with its
//! minimum above its maximum, a resource ID that is not `service/CLUSTER/SERVICE`, or one that
//! names no service of the template or module.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::{Kind, Shape};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::resources::{at, number, string};

pub static RULE: Rule = Rule {
    name: "invalid-scalable-target",
    category: Category::Invalid,
    summary: "An ECS service's scalable target with `MinCapacity` above `MaxCapacity`, or a `ResourceId` that is not `service/CLUSTER/SERVICE`",
    doc: include_str!("../../rules/invalid-scalable-target.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(target) = cx.resource(Kind::ScalableTarget) else { return };
    let namespace = string(target, ("serviceNamespace", "service_namespace"));
    let dimension = string(target, ("scalableDimension", "scalable_dimension"));
    if namespace != Some("ecs") && !dimension.is_some_and(|d| d.starts_with("ecs:")) {
        return;
    }
    if let Some(dimension) = dimension.filter(|d| *d != "ecs:service:DesiredCount") {
        out.report(
            at(target, ("scalableDimension", "scalable_dimension")),
            format!("`{dimension}` is not a dimension of ECS; a service scales by `ecs:service:DesiredCount`"),
            "use `ecs:service:DesiredCount`",
        );
    }
    let (min, max) = (("minCapacity", "min_capacity"), ("maxCapacity", "max_capacity"));
    if let (Some(low), Some(high)) = (number(target, min), number(target, max))
        && low > high
    {
        out.report(
            at(target, min),
            format!("the scalable target's minimum capacity ({low}) is above its maximum ({high})"),
            "make `MinCapacity` at most `MaxCapacity`: the scaler keeps the count between the two",
        );
    }
    let Some(id) = string(target, ("resourceId", "resource_id")) else { return };
    let parts: Vec<&str> = id.split('/').collect();
    let [kind, cluster, service] = parts.as_slice() else {
        out.report(
            at(target, ("resourceId", "resource_id")),
            format!("`{id}` is not the resource ID of an ECS service"),
            "write `service/CLUSTER/SERVICE`, the cluster's and the service's names",
        );
        return;
    };
    if *kind != "service" || cluster.is_empty() || service.is_empty() {
        out.report(
            at(target, ("resourceId", "resource_id")),
            format!("`{id}` is not the resource ID of an ECS service"),
            "write `service/CLUSTER/SERVICE`, the cluster's and the service's names",
        );
        return;
    }
    // Only when every service of the file has a name written out can one be missing.
    let names: Option<Vec<&str>> = cx
        .siblings
        .iter()
        .filter(|u| u.shape == Shape::CreateService)
        .map(|u| {
            u.value
                .get(f::serviceName.name())
                .and_then(|v| v.as_str())
                .filter(|n| !crate::placeholder::is_placeholder(n))
        })
        .collect();
    if let Some(names) = names.filter(|n| !n.is_empty())
        && !names.contains(service)
    {
        out.report_uncertain(
            at(target, ("resourceId", "resource_id")),
            format!(
                "`{id}` names the service `{service}`, which is not one of this file's services ({})",
                names.join(", ")
            ),
            "name the service this target scales (or refer to it, so the name cannot drift)",
        );
    }
}
