//! `healthy-dependency-without-health-check`: a `HEALTHY` condition on a container with no `healthCheck`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "healthy-dependency-without-health-check",
    category: Category::Correctness,
    summary: "A `HEALTHY` dependency on a container that has no `healthCheck`",
    doc: include_str!("../../rules/healthy-dependency-without-health-check.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        for dep in container.objects(f::dependsOn) {
            if dep.str(f::condition) != Some("HEALTHY") {
                continue;
            }
            let Some(target) = dep.str(f::containerName).and_then(|n| cx.container(n)) else {
                continue;
            };
            if target.get(f::healthCheck).is_none() {
                // The API doc says HEALTHY "requires" a health check; what ECS does without
                // one is not documented, so this is at most a warning.
                out.report_uncertain(
                    dep.at(f::condition),
                    format!(
                        "{} waits for {} to be HEALTHY, but it has no `healthCheck`",
                        container.label(),
                        target.label()
                    ),
                    format!("add a `healthCheck` to {}, or wait for `START` instead", target.label()),
                );
            }
        }
    }
}
