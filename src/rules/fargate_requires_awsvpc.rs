//! `fargate-requires-awsvpc`: a Fargate task definition in a network mode other than `awsvpc`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "fargate-requires-awsvpc",
    category: Category::Invalid,
    summary: "Fargate task definitions must use the `awsvpc` network mode",
    doc: include_str!("../../rules/fargate-requires-awsvpc.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let (Some(task), Some(mode)) = (&cx.task, cx.network_mode()) else {
        return;
    };
    if !cx.is_fargate() || matches!(mode, NetworkMode::Awsvpc | NetworkMode::Unknown) {
        return;
    }
    let help = "set `\"networkMode\": \"awsvpc\"`: on Fargate each task gets its own network interface";
    match task.str(f::networkMode) {
        Some(mode) => out.report(
            task.at(f::networkMode),
            format!("Fargate requires the `awsvpc` network mode, not `{mode}`"),
            help,
        ),
        None => out.report(
            task.key_at(f::requiresCompatibilities),
            "Fargate requires `\"networkMode\": \"awsvpc\"`, and the task definition sets no network mode",
            help,
        ),
    }
}
