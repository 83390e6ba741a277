//! `missing-log-configuration`: a container that sends its logs nowhere.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-log-configuration",
    category: Category::Reliability,
    summary: "A container has no `logConfiguration`, so its logs go nowhere you can read them",
    doc: include_str!("../../rules/missing-log-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        if container.object(f::logConfiguration).is_some_and(|l| l.get(f::logDriver).is_some()) {
            continue;
        }
        out.report(
            container.anchor(),
            format!("{} has no `logConfiguration`", container.label()),
            "send its logs somewhere: \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \
             \"/ecs/NAME\", \"awslogs-region\": \"REGION\", \"awslogs-stream-prefix\": \"NAME\"}}",
        );
    }
}
