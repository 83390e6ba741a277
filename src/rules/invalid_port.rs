//! `invalid-port`: port numbers out of range, bad `containerPortRange`, a `hostPort` beside a range.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::ports::parse_range;
use crate::view::{Context, NetworkMode, Obj};

pub static RULE: Rule = Rule {
    name: "invalid-port",
    category: Category::Invalid,
    summary: "A port out of range, a malformed `containerPortRange`, or a `hostPort` beside a range",
    doc: include_str!("../../rules/invalid-port.md"),
    aliases: &[],
};

/// Host ports the ECS agent reserves on container instances by default (API model, PortMapping.hostPort).
const RESERVED_HOST_PORTS: &[i64] = &[22, 2375, 2376, 51678, 51679, 51680];

pub fn check(cx: &Context, out: &mut Sink) {
    let mode = cx.network_mode();
    for container in &cx.containers {
        let who = container.label();
        for mapping in container.objects(f::portMappings) {
            check_mapping(cx, mode, &who, &mapping, out);
        }
    }
}

/// One port mapping of a container (`who`).
fn check_mapping(cx: &Context, mode: Option<NetworkMode>, who: &str, mapping: &Obj, out: &mut Sink) {
    let container_port = mapping.get(f::containerPort).and_then(|v| v.as_i64());
    let host_port = mapping.get(f::hostPort).and_then(|v| v.as_i64());
    if let Some(port) = container_port {
        if !(0..=65535).contains(&port) {
            out.report(
                mapping.at(f::containerPort),
                format!("container port {port} of {who} is not a port number"),
                "ports are 1 to 65535",
            );
        } else if port == 0 {
            out.report_uncertain(
                mapping.at(f::containerPort),
                format!("container port 0 of {who} is not a port a process can listen on"),
                "set the port the container listens on (1 to 65535)",
            );
        }
    }
    if let Some(port) = host_port {
        if !(0..=65535).contains(&port) {
            out.report(
                mapping.at(f::hostPort),
                format!("host port {port} of {who} is not a port number"),
                "ports are 1 to 65535, or 0 for a dynamic host port in bridge mode",
            );
        } else if RESERVED_HOST_PORTS.contains(&port)
            && !cx.is_fargate()
            && matches!(mode, Some(NetworkMode::Bridge | NetworkMode::Default | NetworkMode::Host))
        {
            out.report_uncertain(mapping.at(f::hostPort), format!("host port {port} of {who} is reserved by the ECS agent on container instances"), "pick another host port, or 0 for a dynamic one; ECS reserves 22, 2375, 2376 and 51678-51680 by default");
        }
    }
    if let Some(range) = mapping.str(f::containerPortRange).filter(|r| !is_placeholder(r)) {
        match parse_range(range) {
            Some((low, high)) if low >= 1 && high <= 65535 && low < high => {}
            _ => out.report(
                mapping.at(f::containerPortRange),
                format!("`{range}` ({who}) is not a port range"),
                "write it as \"START-END\", with 1 <= START < END <= 65535, e.g. \"8000-8010\"",
            ),
        }
        if mapping.get(f::hostPort).is_some() {
            out.report(
                mapping.key_at(f::hostPort),
                format!("{who} sets `hostPort` beside `containerPortRange`"),
                "remove `hostPort`: ECS sets the host ports of a range itself",
            );
        }
        let unsupported_mode = match mode {
            Some(NetworkMode::Host) => Some("host"),
            Some(NetworkMode::None) => Some("none"),
            _ => None,
        };
        if let Some(name) = unsupported_mode {
            out.report(
                mapping.at(f::containerPortRange),
                format!("{who} maps a port range, which `{name}` mode does not support"),
                "port ranges work in `bridge` and `awsvpc` mode only",
            );
        }
        if mapping.get(f::containerPort).is_some() {
            out.report_uncertain(
                mapping.key_at(f::containerPort),
                format!("{who} sets both `containerPort` and `containerPortRange` in one mapping"),
                "use one mapping per port or range",
            );
        }
    } else if mapping.get(f::containerPort).is_none() && mapping.get(f::containerPortRange).is_none() {
        out.report_uncertain(
            mapping.start(),
            format!("a port mapping of {who} has neither `containerPort` nor `containerPortRange`"),
            "add the port the container listens on",
        );
    }
}
