//! `docker-socket-mount`: a host volume exposing the Docker socket or another sensitive host path.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "docker-socket-mount",
    category: Category::Security,
    summary: "A container mounts the Docker socket or another sensitive host path (/, /etc, /proc...)",
    doc: include_str!("../../rules/docker-socket-mount.md"),
    aliases: &[],
};

/// Host paths that give a container power over the host, with what they expose.
const SENSITIVE: &[(&str, &str)] = &[
    ("/var/run/docker.sock", "the Docker socket: control of every container on the host"),
    ("/run/docker.sock", "the Docker socket: control of every container on the host"),
    ("/var/run/containerd", "containerd's socket: control of every container on the host"),
    ("/run/containerd", "containerd's socket: control of every container on the host"),
    ("/var/lib/docker", "Docker's storage: every container's file system"),
    ("/var/lib/ecs", "the ECS agent's data"),
    ("/etc", "the host's configuration"),
    ("/root", "root's home directory"),
    ("/boot", "the host's kernel and boot files"),
    ("/dev", "the host's devices"),
    ("/proc", "the host's processes"),
    ("/sys", "the host's kernel settings"),
];

/// What `path` exposes, if it is `/` or a sensitive path or inside one.
fn exposes(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return Some("the host's whole file system");
    }
    SENSITIVE
        .iter()
        .find(|(p, _)| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
        .map(|(_, what)| *what)
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    for volume in task.objects(f::volumes) {
        let (Some(name), Some(host)) = (volume.str(f::name), volume.object(f::host)) else { continue };
        let Some(path) = host.str(f::sourcePath) else { continue };
        let Some(what) = exposes(path) else { continue };
        let users: Vec<String> = cx.containers_mounting(name).map(|c| c.label()).collect();
        if users.is_empty() {
            continue;
        }
        out.report(
            host.at(f::sourcePath),
            format!("volume `{name}` mounts `{path}` from the host, {what}; mounted by {}", users.join(", ")),
            "avoid mounting host paths that control the host; if an agent truly needs it, mount it read-only and ignore \
             this rule for that file with the reason",
        );
    }
}
