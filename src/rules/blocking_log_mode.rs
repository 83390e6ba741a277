//! `blocking-log-mode`: a container whose logs are delivered in blocking mode.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "blocking-log-mode",
    category: Category::BestPractice,
    summary: "A container's logs are delivered in `blocking` mode: the application stalls when the log driver does",
    doc: include_str!("../../rules/blocking-log-mode.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(options) = container.object(f::logConfiguration).and_then(|l| l.object(f::options)) else { continue };
        if options.entry("mode").and_then(|v| v.as_str()) == Some("blocking") {
            out.report(
                options.entry_at("mode"),
                format!("{} logs in `blocking` mode: when the log driver cannot deliver, the application's writes to stdout and stderr wait", container.label()),
                "use `\"mode\": \"non-blocking\"` (with `max-buffer-size`, such as `25m`), the default since June 2025",
            );
        }
    }
}
