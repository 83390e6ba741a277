//! `invalid-log-configuration`: awslogs without its required options.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-log-configuration",
    category: Category::Invalid,
    summary: "`awslogs` without `awslogs-group` (or, on Fargate, `awslogs-stream-prefix`), or with conflicting options",
    doc: include_str!("../../rules/invalid-log-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(log) = container.object(f::logConfiguration) else {
            continue;
        };
        if log.str(f::logDriver) != Some("awslogs") {
            continue;
        }
        let who = container.label();
        let options = log.object(f::options);
        let has = |key: &str| options.as_ref().is_some_and(|o| o.entry(key).is_some());
        let at = || options.as_ref().map(|o| o.start()).unwrap_or_else(|| log.key_at(f::logDriver));
        if !has("awslogs-group") {
            out.report(
                at(),
                format!("the awslogs configuration of {who} has no `awslogs-group`"),
                "add \"awslogs-group\": \"/ecs/NAME\" to `options` (and \"awslogs-create-group\": \"true\" if ECS should create it)",
            );
        }
        if cx.is_fargate() && !has("awslogs-stream-prefix") {
            out.report(
                at(),
                format!("the awslogs configuration of {who} has no `awslogs-stream-prefix`, which Fargate requires"),
                "add \"awslogs-stream-prefix\": \"NAME\" to `options`: log streams are then named PREFIX/CONTAINER/TASK-ID",
            );
        }
        if let Some(options) = &options
            && has("awslogs-datetime-format")
            && has("awslogs-multiline-pattern")
        {
            out.report(
                options.entry_key_at("awslogs-multiline-pattern"),
                format!("the awslogs configuration of {who} sets both `awslogs-datetime-format` and `awslogs-multiline-pattern`"),
                "keep one: they are two ways of finding where a multi-line message starts",
            );
        }
    }
}
