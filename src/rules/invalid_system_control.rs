//! `invalid-system-control`: a `systemControls` sysctl the container runtime refuses: one
//! that is not namespaced, an IPC one with `"ipcMode": "host"`, a network one with host
//! networking.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "invalid-system-control",
    category: Category::Correctness,
    summary: "A sysctl in `systemControls` that is not namespaced, or that the task's host IPC or network namespace does not allow",
    doc: include_str!("../../rules/invalid-system-control.md"),
    aliases: &[],
};

/// The IPC namespace's sysctls (runc, `libcontainer/configs/validate`).
const IPC: &[&str] = &[
    "kernel.msgmax",
    "kernel.msgmnb",
    "kernel.msgmni",
    "kernel.sem",
    "kernel.shmall",
    "kernel.shmmax",
    "kernel.shmmni",
    "kernel.shm_rmid_forced",
];

/// The namespace a sysctl belongs to; `None` when it is the host's alone.
fn namespace(name: &str) -> Option<&'static str> {
    if IPC.contains(&name) || name.starts_with("fs.mqueue.") {
        Some("ipc")
    } else if name.starts_with("net.") {
        Some("net")
    } else if matches!(name, "kernel.hostname" | "kernel.domainname") {
        Some("uts")
    } else {
        None
    }
}

pub fn check(cx: &Context, out: &mut Sink) {
    let host_ipc = cx.task.as_ref().and_then(|t| t.str(f::ipcMode)) == Some("host");
    let host_net = cx.network_mode() == Some(NetworkMode::Host);
    for container in &cx.containers {
        for control in container.objects(f::systemControls) {
            let Some(name) = control.str(f::namespace).filter(|n| !n.is_empty() && !is_placeholder(n)) else {
                continue;
            };
            // `net/ipv4/ip_forward` is how sysctl(8) also writes `net.ipv4.ip_forward`.
            let dotted = name.replace('/', ".");
            let who = container.label();
            let at = control.at(f::namespace);
            match namespace(&dotted) {
                None => out.report(
                    at,
                    format!("`{name}` ({who}) is not a namespaced kernel parameter; a container can only set those"),
                    "set it on the container instance instead (its user data or launch template), or remove it; containers may set `net.*`, IPC (`kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`) and `kernel.hostname`/`kernel.domainname` parameters",
                ),
                Some("ipc") if host_ipc => out.report(
                    at,
                    format!("`{name}` ({who}) is an IPC parameter, and the task shares the host's IPC namespace (`\"ipcMode\": \"host\"`)"),
                    "remove it, or use `\"ipcMode\": \"task\"` so the task has an IPC namespace of its own",
                ),
                Some("net") if host_net => out.report(
                    at,
                    format!("`{name}` ({who}) is a network parameter, and the task uses the host's network namespace (`\"networkMode\": \"host\"`)"),
                    "remove it (set it on the instance), or use the `awsvpc` or `bridge` network mode",
                ),
                _ => {}
            }
        }
    }
}
