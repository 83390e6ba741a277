//! `invalid-log-configuration`: a log configuration without its required options, or with
//! values the driver refuses.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, Obj};

/// What every driver takes: `mode` (`blocking`, `non-blocking`) and `max-buffer-size` (moby,
/// `daemon/logger/factory.go`, `builtInLogOpts`).
fn common_options(options: &Obj, who: &str, out: &mut Sink) {
    if let Some(mode) = options.entry("mode").and_then(|v| v.as_str())
        && !matches!(mode, "blocking" | "non-blocking" | "")
        && !is_placeholder(mode)
    {
        out.report(
            options.entry_at("mode"),
            format!("the log `mode` of {who} is `{mode}`; it is `blocking` or `non-blocking`"),
            "use `non-blocking` (logs are buffered and the application never waits; the default since June 2025) or `blocking`",
        );
    }
}

pub static RULE: Rule = Rule {
    name: "invalid-log-configuration",
    category: Category::Invalid,
    summary: "`awslogs` without `awslogs-group` (or, on Fargate, `awslogs-stream-prefix`), `splunk` without its URL or token, or options the driver refuses",
    doc: include_str!("../../rules/invalid-log-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(log) = container.object(f::logConfiguration) else {
            continue;
        };
        let who = container.label();
        let options = log.object(f::options);
        // An option may come from a secret (`secretOptions`), as a Splunk token does.
        let secret = |key: &str| log.objects(f::secretOptions).iter().any(|o| o.str(f::name) == Some(key));
        let has = |key: &str| options.as_ref().is_some_and(|o| o.entry(key).is_some()) || secret(key);
        let at = || options.as_ref().map(|o| o.start()).unwrap_or_else(|| log.key_at(f::logDriver));
        if let Some(options) = &options {
            common_options(options, &who, out);
        }
        if log.str(f::logDriver) == Some("splunk") {
            for key in ["splunk-url", "splunk-token"] {
                if !has(key) {
                    out.report(
                        at(),
                        format!("the splunk configuration of {who} has no `{key}`"),
                        format!("add `{key}` to `options` (the token best as a `secretOptions` entry from Secrets Manager): the driver refuses to start without it"),
                    );
                }
            }
        }
        if log.str(f::logDriver) != Some("awslogs") {
            continue;
        }
        if let Some(options) = &options
            && let Some(value) = options.entry("awslogs-create-group").and_then(|v| v.as_str())
            && !value.eq_ignore_ascii_case("true")
            && !is_placeholder(value)
        {
            out.report(
                options.entry_at("awslogs-create-group"),
                format!("`awslogs-create-group` is `{value}` ({who}); ECS takes only `true`"),
                "remove `awslogs-create-group` to use an existing group (\"should only be set to 'true', else omit option\")",
            );
        }
        if !has("awslogs-region") && !has("awslogs-group") {
            // Reported below as a missing group; one problem at a time.
        } else if !has("awslogs-region") {
            out.report_uncertain(
                at(),
                format!("the awslogs configuration of {who} has no `awslogs-region`"),
                "add \"awslogs-region\": \"REGION\" (the log group's Region) to `options`; the API lists it as required",
            );
        }
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
