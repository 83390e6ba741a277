//! `desired-count-not-ignored`: a Terraform service whose count a scalable target manages, but
//! whose `desired_count` is not in `lifecycle { ignore_changes }`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::{Kind, Origin, Shape, Unit};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::resources::mentions;

pub static RULE: Rule = Rule {
    name: "desired-count-not-ignored",
    category: Category::Reliability,
    summary: "A Terraform service scaled by Application Auto Scaling whose `desired_count` every apply resets",
    doc: include_str!("../../rules/desired-count-not-ignored.md"),
    aliases: &[],
};

/// Whether the scalable target `target` scales `service` (named `name`): its `resource_id`
/// refers to the service's resource, or names it.
fn scales(target: &Unit, service: &Unit, name: Option<&str>) -> bool {
    let Some(id) = target.value.get("resource_id").and_then(|v| v.as_str()) else { return false };
    mentions(id, service) || name.is_some_and(|n| id.rsplit('/').next() == Some(n) && id.starts_with("service/"))
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    let Origin::Terraform(_) = &cx.unit.origin else { return };
    if service.get(f::desiredCount).is_none() {
        return;
    }
    let ignored = cx.unit.ignore_changes.iter().any(|a| a == "desired_count" || a == "all");
    if ignored {
        return;
    }
    let name = service.str(f::serviceName).filter(|n| !crate::placeholder::is_placeholder(n));
    let scaled =
        cx.siblings.iter().any(|u| u.shape == Shape::Resource(Kind::ScalableTarget) && scales(u, cx.unit, name));
    if scaled {
        out.report(
            service.at(f::desiredCount),
            "a scalable target manages this service's count, but every `terraform apply` sets it back to `desired_count`",
            "add `lifecycle { ignore_changes = [desired_count] }` to the service, so Terraform leaves the count the scaler chose",
        );
    }
}
