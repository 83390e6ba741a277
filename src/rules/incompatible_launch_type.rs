//! `incompatible-launch-type`: a service whose launch type its task definition, its
//! `platformVersion` or its `assignPublicIp` does not fit.

use super::fargate_unsupported_parameter::FARGATE_LOG_DRIVERS;
use crate::diagnostic::{Location, Sink};
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode, Obj};

pub static RULE: Rule = Rule {
    name: "incompatible-launch-type",
    category: Category::Invalid,
    summary: "A Fargate service whose task definition cannot run on Fargate, or an EC2 service with a `platformVersion` or a public IP",
    doc: include_str!("../../rules/incompatible-launch-type.md"),
    aliases: &[],
};

/// Where the service says it runs on Fargate: its `launchType`, else its strategy.
fn fargate_at(service: &Obj) -> Location {
    if service.get(f::launchType).is_some() {
        service.at(f::launchType)
    } else {
        service.key_at(f::capacityProviderStrategy)
    }
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    if service.str(f::launchType) == Some("EC2") {
        on_ec2(service, out);
    }
    let Some(task) = cx.service_task.as_ref().filter(|_| cx.service_on_fargate()) else { return };
    // A task definition that requires Fargate is checked for Fargate where it is written.
    if task.fargate {
        return;
    }
    let which = task.family.as_ref().map_or("its task definition".to_string(), |f| format!("task definition `{f}`"));
    let refused = "ECS refuses it: \"Task definition does not support launch_type FARGATE\"";
    let mode = match task.network_mode {
        Some(NetworkMode::Bridge) => Some("the `bridge` network mode"),
        Some(NetworkMode::Host) => Some("the `host` network mode"),
        Some(NetworkMode::None) => Some("the `none` network mode"),
        Some(NetworkMode::Default) => Some("no `networkMode` (so `bridge`, on EC2)"),
        _ => None,
    };
    if let Some(mode) = mode {
        out.report(
            fargate_at(service),
            format!("the service runs on Fargate, but {which} uses {mode}; Fargate runs only `awsvpc` tasks"),
            format!("{refused}; set `\"networkMode\": \"awsvpc\"` and `\"requiresCompatibilities\": [\"FARGATE\"]` in the task definition, or run the service on EC2"),
        );
        return;
    }
    if let Some(driver) = task.log_drivers.iter().find(|d| !FARGATE_LOG_DRIVERS.contains(&d.as_str())) {
        out.report(
            fargate_at(service),
            format!(
                "the service runs on Fargate, but {which} logs with the `{driver}` driver, which Fargate does not run"
            ),
            format!("{refused}; use `awslogs`, `splunk` or `awsfirelens` in the task definition"),
        );
        return;
    }
    if let Some(requires) = task.requires.as_ref().filter(|r| !r.iter().any(|c| c == "FARGATE")) {
        // ECS works out the compatibilities from the parameters; an awsvpc task definition
        // whose `requiresCompatibilities` leaves Fargate out may still be Fargate-compatible.
        out.report_uncertain(
            fargate_at(service),
            format!(
                "the service runs on Fargate, but {which} requires {} and not FARGATE",
                requires.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ),
            "add `FARGATE` to the task definition's `requiresCompatibilities`, so that ECS validates it for Fargate",
        );
    }
}

/// What an EC2 service may not set.
fn on_ec2(service: &Obj, out: &mut Sink) {
    if let Some(version) = service.str(f::platformVersion).filter(|v| !v.is_empty() && !is_placeholder(v)) {
        out.report(
            service.at(f::platformVersion),
            format!("the service runs on EC2 but sets `platformVersion` `{version}`, which only Fargate has"),
            "remove `platformVersion`: ECS refuses it with the EC2 launch type (\"The platform version must be null when specifying an EC2 launch type\")",
        );
    }
    let vpc = service.object(f::networkConfiguration).and_then(|n| n.object(f::awsvpcConfiguration));
    if let Some(vpc) = vpc.filter(|v| v.str(f::assignPublicIp) == Some("ENABLED")) {
        out.report(
            vpc.at(f::assignPublicIp),
            "the service runs on EC2 but asks for a public IP (`assignPublicIp: ENABLED`); task network interfaces on EC2 get none",
            "remove `assignPublicIp` (or set it to `DISABLED`): ECS refuses it (\"Assign public IP is not supported for this launch type\"); reach the internet through a NAT gateway",
        );
    }
}
