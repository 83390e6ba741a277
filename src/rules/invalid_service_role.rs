//! `invalid-service-role`: a service `role` where ECS takes none: without load balancers, or
//! for an `awsvpc` task definition (which uses the service-linked role).

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "invalid-service-role",
    category: Category::Invalid,
    summary: "A service `role` without load balancers, or with an `awsvpc` task definition",
    doc: include_str!("../../rules/invalid-service-role.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    // A role that is a placeholder (a Terraform variable that may be null) is not judged.
    let Some(_) = service.str(f::role).filter(|r| !r.is_empty() && !is_placeholder(r)) else { return };
    let help = "remove `role`: ECS uses its service-linked role (AWSServiceRoleForECS), which it creates for you";
    // A list of load balancers that is a placeholder may hold some.
    let lbs = service.get(f::loadBalancers);
    let none = lbs.is_none_or(|v| v.as_array().is_some_and(Vec::is_empty));
    if none {
        out.report(
            service.at(f::role),
            "the service sets `role` but has no `loadBalancers`; the role is only for registering tasks with a load balancer",
            format!("{help} (\"A role was passed, but no load balancers were present\")"),
        );
        return;
    }
    let awsvpc = cx.service_task.as_ref().is_some_and(|t| t.network_mode == Some(NetworkMode::Awsvpc));
    if awsvpc || cx.service_on_fargate() {
        out.report(
            service.at(f::role),
            "the service sets `role`, but its tasks use the `awsvpc` network mode, which needs the service-linked role",
            format!("{help} (\"You cannot specify an IAM role for services that require a service linked role\")"),
        );
    }
}
