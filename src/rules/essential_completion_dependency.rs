//! `essential-completion-dependency`: `COMPLETE`/`SUCCESS` conditions on an essential container.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "essential-completion-dependency",
    category: Category::Invalid,
    summary: "A `COMPLETE` or `SUCCESS` dependency on an essential container",
    doc: include_str!("../../rules/essential-completion-dependency.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        for dep in container.objects(f::dependsOn) {
            let Some(condition) = dep.str(f::condition).filter(|c| matches!(*c, "COMPLETE" | "SUCCESS")) else {
                continue;
            };
            let Some(target) = dep.str(f::containerName).and_then(|n| cx.container(n)) else {
                continue;
            };
            if target.is_essential() {
                out.report(
                    dep.at(f::condition),
                    format!("{} waits for {} to {condition}, but it is essential", container.label(), target.label()),
                    format!(
                        "set `\"essential\": false` on {}: a container that must exit cannot be essential, since an essential container's exit stops the task",
                        target.label()
                    ),
                );
            }
        }
    }
}
