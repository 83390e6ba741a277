//! `container-memory-too-low`: a container `memory` or `memoryReservation` below the 6 MiB
//! Docker takes.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "container-memory-too-low",
    category: Category::Correctness,
    summary: "A container `memory` or `memoryReservation` below 6 MiB, which Docker refuses",
    doc: include_str!("../../rules/container-memory-too-low.md"),
    aliases: &[],
};

/// "The Docker 20.10.0 or later daemon reserves a minimum of 6 MiB of memory for a container.
/// So, don't specify less than 6 MiB" (API model, `ContainerDefinition.memory`).
const MIN_MIB: u64 = 6;

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        for field in [f::memory, f::memoryReservation] {
            // 0 is "not set" for `memoryReservation` in some readers; `missing-memory` speaks of it.
            if let Some(mib) = container.u64(field).filter(|m| (1..MIN_MIB).contains(m)) {
                out.report(
                    container.at(field),
                    format!(
                        "`{field}` of {} is {mib} MiB; Docker needs at least {MIN_MIB} MiB for a container",
                        container.label()
                    ),
                    "give the container at least 6 MiB (the unit is MiB, not GiB: 512 is half a GiB)",
                );
            }
        }
    }
}
