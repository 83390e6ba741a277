//! `writable-root-filesystem`: `readonlyRootFilesystem` not true.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "writable-root-filesystem",
    category: Category::Hardening,
    summary: "A container's root file system is writable (`readonlyRootFilesystem` is not true)",
    doc: include_str!("../../rules/writable-root-filesystem.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // Not supported for Windows containers.
    if cx.is_windows() {
        return;
    }
    for container in &cx.containers {
        let (at, message) = match container.get(f::readonlyRootFilesystem) {
            Some(Value::Bool(true)) => continue,
            Some(Value::Bool(false)) => {
                (container.at(f::readonlyRootFilesystem), "sets `readonlyRootFilesystem` to false")
            }
            Some(_) => continue,
            None => (container.anchor(), "has a writable root file system (`readonlyRootFilesystem` is not set)"),
        };
        out.report(
            at,
            format!("{} {message}", container.label()),
            "set `\"readonlyRootFilesystem\": true`, and mount a volume where the application must write (a bind mount for /tmp)",
        );
    }
}
