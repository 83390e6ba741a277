//! `missing-memory`: no task memory and a container with neither `memory` nor `memoryReservation`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::{Field, f};

pub static RULE: Rule = Rule {
    name: "missing-memory",
    category: Category::Invalid,
    summary: "No task-level memory, and a container with neither `memory` nor `memoryReservation`",
    doc: include_str!("../../rules/missing-memory.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // A container array's task memory is set elsewhere; Fargate's absence of task memory is
    // `invalid-fargate-cpu-memory`'s to report.
    let Some(task) = &cx.task else { return };
    if task.get(f::memory).is_some() || cx.is_fargate() {
        return;
    }
    for container in &cx.containers {
        let set = |field: Field| container.get(field).is_some_and(|v| v.as_u64() != Some(0) && !v.is_null());
        if !set(f::memory) && !set(f::memoryReservation) {
            out.report(
                container.anchor(),
                format!("{} has no `memory` or `memoryReservation`, and the task sets no `memory`", container.label()),
                "set `memoryReservation` (a soft limit, e.g. 256) or `memory` (a hard limit) on the container, or `memory` on the task",
            );
        }
    }
}
