//! `invalid-fargate-cpu-memory`: Fargate without task `cpu` and `memory`, or a pair it does not offer.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Amount, Context, cpu_units, memory_mib};

pub static RULE: Rule = Rule {
    name: "invalid-fargate-cpu-memory",
    category: Category::Invalid,
    summary: "Fargate needs task-level `cpu` and `memory`, in a combination Fargate offers",
    doc: include_str!("../../rules/invalid-fargate-cpu-memory.md"),
    aliases: &[],
};

/// Memory a Fargate task of a given size may have, in MiB.
enum Memory {
    Range { min: u64, max: u64, step: u64 },
    OneOf(&'static [u64]),
}

/// One Fargate task size.
struct Size {
    cpu: u64,
    memory: Memory,
    windows: bool,
    /// Read only in third-party sources, so a mismatch is a warning, not an error.
    verified: bool,
}

/// The Fargate task sizes. Source: the "Task CPU and memory" table,
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
/// and the `memory` doc of RegisterTaskDefinition in the API model (botocore 1.44.5). 32 vCPU
/// is not in the model's doc; its sizes come from cfn-lint 1.58 and pulumi-awsx (unverified).
const SIZES: &[Size] = &[
    Size { cpu: 256, memory: Memory::OneOf(&[512, 1024, 2048]), windows: false, verified: true },
    Size { cpu: 512, memory: Memory::Range { min: 1024, max: 4096, step: 1024 }, windows: false, verified: true },
    Size { cpu: 1024, memory: Memory::Range { min: 2048, max: 8192, step: 1024 }, windows: true, verified: true },
    Size { cpu: 2048, memory: Memory::Range { min: 4096, max: 16384, step: 1024 }, windows: true, verified: true },
    Size { cpu: 4096, memory: Memory::Range { min: 8192, max: 30720, step: 1024 }, windows: true, verified: true },
    Size { cpu: 8192, memory: Memory::Range { min: 16384, max: 61440, step: 4096 }, windows: false, verified: true },
    Size { cpu: 16384, memory: Memory::Range { min: 32768, max: 122880, step: 8192 }, windows: false, verified: true },
    Size { cpu: 32768, memory: Memory::OneOf(&[61440, 122880, 249856]), windows: false, verified: false },
];

impl Memory {
    fn allows(&self, mib: u64) -> bool {
        match *self {
            Memory::Range { min, max, step } => (min..=max).contains(&mib) && (mib - min) % step == 0,
            Memory::OneOf(values) => values.contains(&mib),
        }
    }

    fn describe(&self) -> String {
        let gb = |mib: u64| format!("{} GB", mib as f64 / 1024.0);
        match *self {
            Memory::Range { min, max, step } => {
                format!("{} to {} in steps of {}", gb(min), gb(max), gb(step))
            }
            Memory::OneOf(values) => values.iter().map(|&v| gb(v)).collect::<Vec<_>>().join(", "),
        }
    }
}

fn vcpu(units: u64) -> String {
    format!("{} vCPU", units as f64 / 1024.0)
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if !cx.is_fargate() {
        return;
    }
    let sizes = || SIZES.iter().map(|s| s.cpu.to_string()).collect::<Vec<_>>().join(", ");
    for field in [f::cpu, f::memory] {
        if task.get(field).is_none() {
            out.report(
                task.key_at(f::requiresCompatibilities),
                format!("Fargate requires a task-level `{field}`, and the task definition sets none"),
                format!("add `\"cpu\"` and `\"memory\"` at the task level, for example \"cpu\": \"256\", \"memory\": \"512\"; Fargate sizes are {} CPU units", sizes()),
            );
        }
    }
    let (cpu, memory) = (cpu_units(task.get(f::cpu)), memory_mib(task.get(f::memory)));
    if cpu == Amount::Invalid {
        out.report(
            task.at(f::cpu),
            "task `cpu` is not in a form AWS reads",
            "write CPU units (\"1024\") or vCPUs (\"1 vCPU\")",
        );
    }
    if memory == Amount::Invalid {
        out.report(
            task.at(f::memory),
            "task `memory` is not in a form AWS reads",
            "write MiB (\"2048\") or GB (\"2 GB\")",
        );
    }
    let Amount::Known(cpu) = cpu else { return };
    let Some(size) = SIZES.iter().find(|s| s.cpu == cpu) else {
        out.report(
            task.at(f::cpu),
            format!("Fargate does not offer a task with {cpu} CPU units"),
            format!("use one of {} (CPU units; 1024 = 1 vCPU)", sizes()),
        );
        return;
    };
    if cx.is_windows() && !size.windows {
        out.report(
            task.at(f::cpu),
            format!("Windows containers on Fargate cannot use {} ({cpu} CPU units)", vcpu(cpu)),
            "Windows tasks on Fargate take 1, 2 or 4 vCPU (1024, 2048 or 4096)",
        );
        return;
    }
    let Amount::Known(mib) = memory else { return };
    if !size.memory.allows(mib) {
        let message = format!("Fargate does not offer {mib} MiB of memory with {}", vcpu(cpu));
        let help = format!("with {} (\"{cpu}\"), memory may be {}", vcpu(cpu), size.memory.describe());
        if size.verified {
            out.report(task.at(f::memory), message, help);
        } else {
            out.report_uncertain(task.at(f::memory), message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn task(cpu: &str, memory: &str, extra: &str) -> String {
        format!(
            r#"{{"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "{cpu}", "memory": "{memory}"{extra}, "containerDefinitions": [{{"name": "a", "image": "x"}}]}}"#
        )
    }

    #[test]
    fn accepts_every_form_aws_accepts() {
        for (cpu, memory) in [
            ("256", "512"),
            (".25 vCPU", "0.5GB"),
            ("1 vCPU", "2 GB"),
            ("1024", "8192"),
            ("4096", "30720"),
            ("8192", "61440"),
            ("16 vCPU", "120 GB"),
            ("2048", "16GB"),
        ] {
            assert!(messages(&task(cpu, memory, ""), &RULE).is_empty(), "{cpu} {memory}");
        }
    }

    #[test]
    fn rejects_pairs_fargate_does_not_offer() {
        assert_eq!(
            messages(&task("256", "4096", ""), &RULE),
            ["/memory: Fargate does not offer 4096 MiB of memory with 0.25 vCPU"]
        );
        assert_eq!(
            messages(&task("8192", "18432", ""), &RULE),
            ["/memory: Fargate does not offer 18432 MiB of memory with 8 vCPU"]
        );
        assert_eq!(
            messages(&task("300", "512", ""), &RULE),
            ["/cpu: Fargate does not offer a task with 300 CPU units"]
        );
        assert_eq!(messages(&task("lots", "512", ""), &RULE), ["/cpu: task `cpu` is not in a form AWS reads"]);
    }

    #[test]
    fn windows_needs_at_least_one_vcpu() {
        let windows = r#", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"#;
        assert_eq!(
            messages(&task("512", "1024", windows), &RULE),
            ["/cpu: Windows containers on Fargate cannot use 0.5 vCPU (512 CPU units)"]
        );
        assert!(messages(&task("1024", "2048", windows), &RULE).is_empty());
    }

    #[test]
    fn thirty_two_vcpu_is_uncertain_so_a_warning() {
        let text = task("32768", "65536", "");
        let crate::lint::Outcome::Checked(d) = crate::lint::lint_text(&text, false, &Default::default()) else {
            panic!()
        };
        let found: Vec<_> = d.iter().filter(|d| d.rule == &RULE).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::rule::Severity::Warning);
        assert!(messages(&task("32768", "122880", ""), &RULE).is_empty());
    }

    #[test]
    fn missing_sizes_and_placeholders() {
        let text = r#"{"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "x"}]}"#;
        assert_eq!(messages(text, &RULE).len(), 2);
        assert!(messages(&task("${CPU}", "${MEMORY}", ""), &RULE).is_empty());
        let ec2 = r#"{"family": "f", "requiresCompatibilities": ["EC2"], "cpu": "300", "containerDefinitions": [{"name": "a", "image": "x"}]}"#;
        assert!(messages(ec2, &RULE).is_empty());
    }
}
