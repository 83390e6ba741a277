//! `container-insights-disabled`: a cluster without CloudWatch Container Insights.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::Kind;
use crate::view::Context;
use crate::view::resources::{at, objects, start, string};

pub static RULE: Rule = Rule {
    name: "container-insights-disabled",
    category: Category::Pedantic,
    summary: "A cluster (`AWS::ECS::Cluster`, `aws_ecs_cluster`) without Container Insights",
    doc: include_str!("../../rules/container-insights-disabled.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(cluster) = cx.resource(Kind::Cluster) else { return };
    let settings = objects(cluster, ("clusterSettings", "setting"));
    let insights = settings.iter().find(|s| string(s, ("name", "name")) == Some("containerInsights"));
    let help = "turn it on: `containerInsights` `enhanced` (or `enabled`) in the cluster's settings, for task and container metrics and logs of failures";
    match insights {
        // A placeholder may be either.
        Some(setting)
            if crate::view::resources::value(setting, ("value", "value"))
                .is_some_and(|v| v.as_str().is_none_or(crate::placeholder::is_placeholder)) => {}
        Some(setting) => {
            let value = string(setting, ("value", "value")).unwrap_or_default();
            if !matches!(value, "enabled" | "enhanced") {
                out.report(
                    at(setting, ("value", "value")),
                    format!("Container Insights is `{value}` for the cluster"),
                    help,
                );
            }
        }
        None => out.report(start(), "the cluster does not turn Container Insights on", help),
    }
}
