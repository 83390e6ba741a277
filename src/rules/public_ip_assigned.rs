//! `public-ip-assigned`: a service that gives its tasks public IP addresses.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "public-ip-assigned",
    category: Category::Security,
    summary: "A service gives its tasks public IP addresses (`assignPublicIp: ENABLED`)",
    doc: include_str!("../../rules/public-ip-assigned.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    // On EC2 it is refused: `incompatible-launch-type`.
    if service.str(f::launchType) == Some("EC2") {
        return;
    }
    let vpc = service.object(f::networkConfiguration).and_then(|n| n.object(f::awsvpcConfiguration));
    if let Some(vpc) = vpc.filter(|v| v.str(f::assignPublicIp) == Some("ENABLED")) {
        out.report(
            vpc.at(f::assignPublicIp),
            "the service gives each task a public IP address, reachable from the internet wherever its security groups allow",
            "run the tasks in private subnets with `assignPublicIp: DISABLED`, reach the internet through a NAT gateway and ECR, S3 and CloudWatch through VPC endpoints, and serve traffic through a load balancer",
        );
    }
}
