//! `managed-termination-protection-disabled`: an Auto Scaling group capacity provider without
//! managed termination protection.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::Kind;
use crate::view::Context;
use crate::view::resources::{at, object, string, value};

pub static RULE: Rule = Rule {
    name: "managed-termination-protection-disabled",
    category: Category::BestPractice,
    summary: "An Auto Scaling group capacity provider without managed termination protection",
    doc: include_str!("../../rules/managed-termination-protection-disabled.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(provider) = cx.resource(Kind::CapacityProvider) else { return };
    let Some(group) = object(provider, ("autoScalingGroupProvider", "auto_scaling_group_provider")) else { return };
    let name = ("managedTerminationProtection", "managed_termination_protection");
    if value(&group, name).and_then(|v| v.as_str()).is_some_and(crate::placeholder::is_placeholder) {
        return;
    }
    if string(&group, name) != Some("ENABLED") {
        out.report(
            at(&group, name),
            "the capacity provider does not protect instances that run tasks from scale-in (managed termination protection is off)",
            "set `managedTerminationProtection: ENABLED`, with managed scaling on and instance scale-in protection on the Auto Scaling group, so scale-in never stops an instance with tasks",
        );
    }
}
