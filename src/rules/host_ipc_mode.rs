//! `host-ipc-mode`: `"ipcMode": "host"`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "host-ipc-mode",
    category: Category::Security,
    summary: "The task shares the host's IPC namespace (`\"ipcMode\": \"host\"`)",
    doc: include_str!("../../rules/host-ipc-mode.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if task.str(f::ipcMode) == Some("host") {
        out.report(
            task.at(f::ipcMode),
            "the task shares the host's IPC namespace",
            "remove `ipcMode`, or use `\"ipcMode\": \"task\"` to share IPC only between the task's containers",
        );
    }
}
