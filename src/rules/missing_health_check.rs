//! `missing-health-check`: an essential container with no `healthCheck`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-health-check",
    category: Category::Hardening,
    summary: "An essential container has no `healthCheck`",
    doc: include_str!("../../rules/missing-health-check.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in cx.containers.iter().filter(|c| c.is_essential()) {
        if container.get(f::healthCheck).is_none() {
            out.report(
                container.anchor(),
                format!("essential {} has no `healthCheck`", container.label()),
                "add a health check, e.g. \"healthCheck\": {\"command\": [\"CMD-SHELL\", \"curl -f http://localhost:8080/health || exit 1\"]}",
            );
        }
    }
}
