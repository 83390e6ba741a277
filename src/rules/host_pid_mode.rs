//! `host-pid-mode`: `"pidMode": "host"`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "host-pid-mode",
    category: Category::Security,
    summary: "The task shares the host's process namespace (`\"pidMode\": \"host\"`)",
    doc: include_str!("../../rules/host-pid-mode.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if task.str(f::pidMode) == Some("host") {
        out.report(
            task.at(f::pidMode),
            "the task shares the host's process namespace",
            "remove `pidMode`, or use `\"pidMode\": \"task\"` to share processes only between the task's containers",
        );
    }
}
