//! `privileged-container`: `"privileged": true`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "privileged-container",
    category: Category::Security,
    summary: "A container runs privileged, with root access to the host",
    doc: include_str!("../../rules/privileged-container.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        if container.get(f::privileged) == Some(&Value::Bool(true)) {
            out.report(
                container.at(f::privileged),
                format!("{} runs privileged", container.label()),
                "remove `privileged`; grant only the capabilities the container needs with `linuxParameters.capabilities.add`",
            );
        }
    }
}
