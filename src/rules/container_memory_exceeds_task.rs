//! `container-memory-exceeds-task`: containers asking for more memory or CPU than the task has.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Amount, Context, cpu_units, memory_mib};

pub static RULE: Rule = Rule {
    name: "container-memory-exceeds-task",
    category: Category::Invalid,
    summary: "Container memory or CPU above what the task has, or `memoryReservation` above `memory`",
    doc: include_str!("../../rules/container-memory-exceeds-task.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        if let (Some(hard), Some(soft)) = (container.u64(f::memory), container.u64(f::memoryReservation))
            && soft > hard
        {
            out.report(
                container.at(f::memoryReservation),
                format!(
                    "{} reserves {soft} MiB (`memoryReservation`) but is limited to {hard} MiB (`memory`)",
                    container.label()
                ),
                "the reservation must be lower than the limit: lower `memoryReservation` or raise `memory`",
            );
        }
    }
    let Some(task) = &cx.task else { return };
    // Task-level sizes are ignored for Windows containers on EC2 (API model, `cpu`).
    if cx.is_windows() && !cx.is_fargate() {
        return;
    }
    if let Amount::Known(limit) = memory_mib(task.get(f::memory)) {
        let mut over = false;
        for container in &cx.containers {
            for field in [f::memory, f::memoryReservation] {
                if let Some(mib) = container.u64(field).filter(|&m| m > limit) {
                    over = true;
                    out.report(
                        container.at(field),
                        format!("{} sets `{field}` to {mib} MiB, more than the task's {limit} MiB", container.label()),
                        "lower it, or raise the task-level `memory`",
                    );
                }
            }
        }
        let total: u64 =
            cx.containers.iter().filter_map(|c| c.u64(f::memoryReservation).or_else(|| c.u64(f::memory))).sum();
        if !over && total > limit {
            out.report(
                task.at(f::memory),
                format!("the containers reserve {total} MiB together, more than the task's {limit} MiB"),
                "lower the containers' `memoryReservation` (or `memory`), or raise the task-level `memory`",
            );
        }
    }
    if let Amount::Known(limit) = cpu_units(task.get(f::cpu)) {
        let total: u64 = cx.containers.iter().filter_map(|c| c.u64(f::cpu)).sum();
        if total > limit {
            out.report(
                task.at(f::cpu),
                format!("the containers ask for {total} CPU units together, more than the task's {limit}"),
                "lower the containers' `cpu`, or raise the task-level `cpu` (1024 units = 1 vCPU)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn sums_and_single_containers() {
        let text = r#"{"family": "f", "cpu": "1 vCPU", "memory": "1 GB", "containerDefinitions": [
            {"name": "a", "image": "x", "memory": 512, "cpu": 512},
            {"name": "b", "image": "x", "memoryReservation": 600, "cpu": 600}]}"#;
        assert_eq!(
            messages(text, &RULE),
            [
                "/cpu: the containers ask for 1112 CPU units together, more than the task's 1024",
                "/memory: the containers reserve 1112 MiB together, more than the task's 1024 MiB",
            ]
        );
        let one = r#"{"family": "f", "memory": "512", "containerDefinitions": [{"name": "a", "image": "x", "memory": 1024}]}"#;
        assert_eq!(
            messages(one, &RULE),
            ["/containerDefinitions/0/memory: container `a` sets `memory` to 1024 MiB, more than the task's 512 MiB"]
        );
        let equal = r#"{"family": "f", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "a", "image": "x", "memory": 512, "cpu": 256}]}"#;
        assert!(messages(equal, &RULE).is_empty());
    }
}
