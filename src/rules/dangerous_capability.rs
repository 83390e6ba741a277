//! `dangerous-capability`: `linuxParameters.capabilities.add` with ALL, SYS_ADMIN, NET_ADMIN and the like.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "dangerous-capability",
    category: Category::Security,
    summary: "A container adds a Linux capability that can break out of it (ALL, SYS_ADMIN, NET_ADMIN...)",
    doc: include_str!("../../rules/dangerous-capability.md"),
    aliases: &[],
};

/// Capabilities that give a container power over the host or other containers, with why.
const DANGEROUS: &[(&str, &str)] = &[
    ("ALL", "every capability, as good as privileged"),
    ("SYS_ADMIN", "mounts, namespaces and much of the kernel: the usual way out of a container"),
    ("NET_ADMIN", "the network configuration: interfaces, routes, firewall rules"),
    ("SYS_MODULE", "loading kernel modules"),
    ("SYS_RAWIO", "raw access to devices and memory"),
    ("SYS_PTRACE", "tracing and reading the memory of other processes"),
    ("SYS_BOOT", "rebooting the host"),
    ("SYS_TIME", "the host's clock"),
    ("DAC_READ_SEARCH", "reading any file, bypassing permissions"),
    ("BPF", "loading BPF programs into the kernel"),
    ("MAC_ADMIN", "the host's mandatory access control policy"),
    ("MAC_OVERRIDE", "bypassing mandatory access control"),
];

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(capabilities) = container.object(f::linuxParameters).and_then(|l| l.object(f::capabilities)) else {
            continue;
        };
        for (at, capability) in capabilities.strings(f::add) {
            let name = capability.trim_start_matches("CAP_");
            if let Some((_, why)) = DANGEROUS.iter().find(|(c, _)| *c == name) {
                out.report(
                    at,
                    format!("{} adds the {name} capability: {why}", container.label()),
                    "add only the narrow capabilities the process needs, and drop the rest (`\"drop\": [\"ALL\"]`)",
                );
            }
        }
    }
}
