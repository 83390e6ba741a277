//! `invalid-health-check`: a health check command or timing that AWS refuses.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::{Field, f};

pub static RULE: Rule = Rule {
    name: "invalid-health-check",
    category: Category::Invalid,
    summary: "A health check whose command does not start with `CMD` or `CMD-SHELL`, or whose timings are out of range",
    doc: include_str!("../../rules/invalid-health-check.md"),
    aliases: &[],
};

/// Ranges in seconds (retries: a count), from the API model's HealthCheck member docs.
const RANGES: &[(Field, i64, i64)] =
    &[(f::interval, 5, 300), (f::timeout, 2, 60), (f::retries, 1, 10), (f::startPeriod, 0, 300)];

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(check) = container.object(f::healthCheck) else {
            continue;
        };
        let who = container.label();
        if let Some((at, first)) = check.strings(f::command).into_iter().next()
            && !matches!(first, "CMD" | "CMD-SHELL")
            && !is_placeholder(first)
        {
            let help = if first.contains(' ') {
                format!(
                    "start the list with \"CMD-SHELL\" to run it in a shell: [\"CMD-SHELL\", \"{}\"]",
                    first.escape_default()
                )
            } else {
                "start the list with \"CMD\" (run the arguments directly) or \"CMD-SHELL\" (run them in the container's shell)".to_string()
            };
            // The API says the command "must start with CMD or CMD-SHELL", but ECS registers
            // others (AWS's own samples use ["/healthcheck"]); Docker then ignores the check
            // ("Unknown healthcheck type"), so the container never gets a health status.
            // Not verified as a refusal: a warning.
            if first == "NONE" {
                out.report_uncertain(
                    at,
                    format!("the health check of {who} starts with `NONE`, which ECS does not document"),
                    "remove the `healthCheck` to have none",
                );
            } else {
                out.report_uncertain(
                    at,
                    format!("the health check command of {who} starts with `{first}`, not `CMD` or `CMD-SHELL`, so it never runs"),
                    help,
                );
            }
        }
        for &(field, min, max) in RANGES {
            if let Some(v) = check.get(field).and_then(|v| v.as_i64())
                && !(min..=max).contains(&v)
            {
                out.report(
                    check.at(field),
                    format!("the health check `{field}` of {who} is {v}, outside {min} to {max}"),
                    format!("set `{field}` between {min} and {max}"),
                );
            }
        }
    }
}
