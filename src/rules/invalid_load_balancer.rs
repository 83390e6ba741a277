//! `invalid-load-balancer`: a service's `loadBalancers` that ECS refuses: an entry with both a
//! Classic Load Balancer and a target group, a Classic Load Balancer for `awsvpc` tasks, or more
//! target groups or Classic Load Balancers than a service takes.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::{Kind, Shape};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode, resources};

pub static RULE: Rule = Rule {
    name: "invalid-load-balancer",
    category: Category::Invalid,
    summary: "A load balancer entry with both `loadBalancerName` and `targetGroupArn`, a Classic Load Balancer for awsvpc tasks, or more than 5 target groups",
    doc: include_str!("../../rules/invalid-load-balancer.md"),
    aliases: &[],
};

/// Service quotas: "Target groups per service: 5", "Classic Load Balancers per service: 1",
/// neither adjustable.
const MAX_TARGET_GROUPS: usize = 5;

/// The target type of the template's or module's target group that `arn` refers to, when it
/// is `instance` (written, or left out: the default).
fn instance_target_group(cx: &Context, arn: &str) -> Option<&'static str> {
    // How the message names the type.
    let unit = resources::referenced(cx.siblings, arn).filter(|u| u.shape == Shape::Resource(Kind::TargetGroup))?;
    let group = resources::root(unit)?;
    match resources::value(&group, ("targetType", "target_type")) {
        None => Some("`instance` (the default, when it is left out)"),
        Some(v) if v.as_str() == Some("instance") => Some("`instance`"),
        Some(_) => None,
    }
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    let lbs = service.objects(f::loadBalancers);
    let awsvpc = cx.service_on_fargate()
        || cx.service_task.as_ref().is_some_and(|t| t.network_mode == Some(NetworkMode::Awsvpc));
    let (mut groups, mut classic) = (0, Vec::new());
    for lb in &lbs {
        let name = lb.is_set(f::loadBalancerName);
        let group = lb.is_set(f::targetGroupArn);
        if awsvpc && let Some(kind) = lb.str(f::targetGroupArn).and_then(|arn| instance_target_group(cx, arn)) {
            out.report(
                lb.at(f::targetGroupArn),
                format!("the target group's target type is {kind}, but the service's tasks use the `awsvpc` network mode"),
                "give the target group `TargetType: ip` (`target_type = \"ip\"`): awsvpc tasks register by their own IP address (a target group's type cannot change: create a new one)",
            );
        }
        groups += usize::from(group);
        if name && group {
            out.report(
                lb.key_at(f::loadBalancerName),
                "the load balancer entry names both a Classic Load Balancer (`loadBalancerName`) and a target group (`targetGroupArn`)",
                "keep `targetGroupArn` for an Application or Network Load Balancer, or `loadBalancerName` alone for a Classic one (\"loadBalancerName and targetGroupArn cannot both be specified\")",
            );
        } else if name {
            classic.push(lb);
            if awsvpc {
                out.report(
                    lb.key_at(f::loadBalancerName),
                    "a Classic Load Balancer (`loadBalancerName`) cannot serve tasks in the `awsvpc` network mode",
                    "put the service behind an Application or Network Load Balancer's target group (`targetGroupArn`, target type `ip`)",
                );
            }
        }
    }
    if groups > MAX_TARGET_GROUPS {
        out.report(
            service.key_at(f::loadBalancers),
            format!("the service names {groups} target groups; a service takes at most {MAX_TARGET_GROUPS}"),
            "register the service with at most 5 target groups (a service quota that cannot be raised)",
        );
    }
    if let [_, second, ..] = classic.as_slice() {
        out.report(
            second.key_at(f::loadBalancerName),
            format!("the service names {} Classic Load Balancers; a service takes one", classic.len()),
            "keep one Classic Load Balancer, or move to target groups of an Application or Network Load Balancer",
        );
    }
}
