//! `missing-init-process`: a Linux container without `initProcessEnabled`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "missing-init-process",
    category: Category::Pedantic,
    summary: "A container runs without an init process to forward signals and reap zombies",
    doc: include_str!("../../rules/missing-init-process.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    if cx.is_windows() {
        return;
    }
    for container in &cx.containers {
        let enabled = container.object(f::linuxParameters).and_then(|l| l.get(f::initProcessEnabled).cloned());
        if enabled != Some(Value::Bool(true)) {
            out.report(
                container.anchor(),
                format!("{} runs without an init process", container.label()),
                "set \"linuxParameters\": {\"initProcessEnabled\": true}, unless the image has its own init (tini, dumb-init)",
            );
        }
    }
}
