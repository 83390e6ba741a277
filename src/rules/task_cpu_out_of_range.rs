//! `task-cpu-out-of-range`: a task-level `cpu` outside the 128 to 196,608 units ECS takes on
//! EC2 and external instances (Fargate's sizes are `invalid-fargate-cpu-memory`'s).

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Amount, Context, cpu_units};

pub static RULE: Rule = Rule {
    name: "task-cpu-out-of-range",
    category: Category::Invalid,
    summary: "A task-level `cpu` outside 128 to 196,608 CPU units (0.125 to 192 vCPU)",
    doc: include_str!("../../rules/task-cpu-out-of-range.md"),
    aliases: &[],
};

/// "Supported values are between 128 CPU units (0.125 vCPUs) and 196608 CPU units (192 vCPUs)"
/// (API model, `RegisterTaskDefinitionRequest.cpu`).
const RANGE: std::ops::RangeInclusive<u64> = 128..=196_608;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    // Fargate has its own sizes; Windows ignores task-level cpu.
    if cx.is_fargate() || cx.is_windows() {
        return;
    }
    if let Amount::Known(units) = cpu_units(task.get(f::cpu))
        && !RANGE.contains(&units)
    {
        out.report(
            task.at(f::cpu),
            format!("task `cpu` is {units} CPU units; ECS takes 128 to 196,608 (1,024 units are one vCPU)"),
            "set `cpu` between 128 and 196608, or leave it out on EC2 (containers then share the instance's CPU)",
        );
    }
}
