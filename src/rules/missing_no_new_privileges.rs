//! `missing-no-new-privileges`: a Linux container on EC2 without `no-new-privileges`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-no-new-privileges",
    category: Category::Pedantic,
    summary: "A container on EC2 does not set `no-new-privileges` in `dockerSecurityOptions`",
    doc: include_str!("../../rules/missing-no-new-privileges.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // Fargate refuses `dockerSecurityOptions`; Windows does not support it.
    if cx.is_fargate() || cx.is_windows() {
        return;
    }
    for container in &cx.containers {
        if !container.strings(f::dockerSecurityOptions).iter().any(|(_, o)| *o == "no-new-privileges") {
            out.report(
                container.anchor(),
                format!("{} can gain privileges through setuid programs", container.label()),
                "add \"dockerSecurityOptions\": [\"no-new-privileges\"]",
            );
        }
    }
}
