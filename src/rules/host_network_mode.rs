//! `host-network-mode`: `"networkMode": "host"`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "host-network-mode",
    category: Category::Security,
    summary: "The task shares the host's network stack (`\"networkMode\": \"host\"`)",
    doc: include_str!("../../rules/host-network-mode.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if task.str(f::networkMode) == Some("host") {
        out.report(
            task.at(f::networkMode),
            "the task shares the host's network stack",
            "use `awsvpc` (each task gets its own network interface and security groups) or `bridge`",
        );
    }
}
