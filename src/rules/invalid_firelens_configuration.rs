//! `invalid-firelens-configuration`: the `awsfirelens` log driver without a log router, a log
//! router no container sends logs to, or two log routers.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-firelens-configuration",
    category: Category::Invalid,
    summary: "The `awsfirelens` log driver with no log router container, a log router no container uses, or two log routers",
    doc: include_str!("../../rules/invalid-firelens-configuration.md"),
    aliases: &[],
};

/// Whether a container's log driver is not known here: its `logConfiguration` or its driver
/// is a placeholder (`"logConfiguration": $LOG_CONFIGURATION`).
fn any_unknown_driver(cx: &Context) -> bool {
    cx.containers.iter().any(|c| match c.get(f::logConfiguration) {
        None => false,
        Some(v) if !v.is_object() => true,
        Some(_) => c.object(f::logConfiguration).and_then(|l| l.str(f::logDriver)).is_none_or(is_placeholder),
    })
}

pub fn check(cx: &Context, out: &mut Sink) {
    // Without the whole task, the router may be in a part not seen here.
    if cx.task.is_none() || !cx.all_containers_known {
        return;
    }
    let routers: Vec<_> = cx.containers.iter().filter(|c| c.object(f::firelensConfiguration).is_some()).collect();
    let users: Vec<_> = cx
        .containers
        .iter()
        .filter(|c| c.object(f::logConfiguration).and_then(|l| l.str(f::logDriver)) == Some("awsfirelens"))
        .collect();
    if routers.is_empty() {
        for user in &users {
            let log = user.object(f::logConfiguration).expect("a user has a log configuration");
            out.report(
                log.at(f::logDriver),
                format!("{} logs with `awsfirelens`, but no container of the task is a log router (`firelensConfiguration`)", user.label()),
                "add a Fluent Bit or Fluentd container with `\"firelensConfiguration\": {\"type\": \"fluentbit\"}` (for example the `aws-for-fluent-bit` image), or use another log driver",
            );
        }
    } else if users.is_empty() && !any_unknown_driver(cx) {
        for router in &routers {
            out.report(
                router.key_at(f::firelensConfiguration),
                format!("{} is a log router, but no container logs with `awsfirelens`", router.label()),
                "send a container's logs to it with `\"logConfiguration\": {\"logDriver\": \"awsfirelens\", ...}`, or remove `firelensConfiguration`",
            );
        }
    }
    if let [first, rest @ ..] = routers.as_slice() {
        for router in rest {
            out.report_uncertain(
                router.key_at(f::firelensConfiguration),
                format!("{} and {} are both log routers; a task has one", first.label(), router.label()),
                "keep `firelensConfiguration` on one container; it can send each stream to several outputs",
            );
        }
    }
}
