//! `host-port-overlap`: two port mappings that would bind the same host port and protocol.

use crate::diagnostic::{Location, Sink};
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::ports::parse_range;
use crate::view::{Context, NetworkMode};
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "host-port-overlap",
    category: Category::Correctness,
    summary: "Two port mappings bind the same host port and protocol",
    doc: include_str!("../../rules/host-port-overlap.md"),
    aliases: &[],
};

/// A host port (or range) a mapping binds.
struct Binding {
    container: String,
    container_index: usize,
    protocol: &'static str,
    low: u64,
    high: u64,
    at: Location,
}

impl Binding {
    fn ports(&self) -> String {
        if self.low == self.high {
            format!("port {}/{}", self.low, self.protocol)
        } else {
            format!("ports {}-{}/{}", self.low, self.high, self.protocol)
        }
    }
}

pub fn check(cx: &Context, out: &mut Sink) {
    // In awsvpc and host mode the containers share one network namespace, so a container
    // port is a host port. In bridge mode only a static `hostPort` binds one; 0 or none is
    // dynamic. Without a task (a container array) the mode is unknown: only static host ports count.
    let mode = cx.network_mode();
    if mode == Some(NetworkMode::None) {
        return;
    }
    let shared = mode.is_some_and(NetworkMode::shares_host_ports);
    let mut bindings: Vec<Binding> = Vec::new();
    for container in &cx.containers {
        for mapping in container.objects(f::portMappings) {
            // Any protocol but `udp` is treated as tcp by ECS.
            let protocol = if mapping.str(f::protocol) == Some("udp") { "udp" } else { "tcp" };
            let host = mapping.get(f::hostPort).and_then(Value::as_u64).filter(|&p| p > 0);
            let (range, at) = if let Some(port) = host {
                ((port, port), mapping.at(f::hostPort))
            } else if !shared {
                continue;
            } else if let Some(port) = mapping.get(f::containerPort).and_then(Value::as_u64) {
                ((port, port), mapping.at(f::containerPort))
            } else if let Some(range) = mapping.str(f::containerPortRange).and_then(parse_range) {
                (range, mapping.at(f::containerPortRange))
            } else {
                continue;
            };
            let binding = Binding {
                container: container.label(),
                container_index: container.index,
                protocol,
                low: range.0,
                high: range.1,
                at,
            };
            if let Some(earlier) = bindings
                .iter()
                .find(|b| b.protocol == binding.protocol && b.low <= binding.high && binding.low <= b.high)
            {
                let message = if earlier.container_index == binding.container_index {
                    format!("{} binds host {} twice", binding.container, binding.ports())
                } else if (earlier.low, earlier.high) == (binding.low, binding.high) {
                    format!("{} binds host {}, as does {}", binding.container, binding.ports(), earlier.container)
                } else {
                    format!(
                        "{} binds host {}, and {} binds host {}",
                        binding.container,
                        binding.ports(),
                        earlier.container,
                        earlier.ports()
                    )
                };
                let help = if shared {
                    "in awsvpc and host mode all containers of a task share one network namespace, so each port can \
                     be bound once: give one of them another `containerPort`"
                } else {
                    "give one of them another `hostPort`, or set `\"hostPort\": 0` to let ECS pick a free port"
                };
                out.report(binding.at.clone(), message, help);
            }
            bindings.push(binding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn task(mode: &str, containers: &str) -> String {
        format!(r#"{{"family": "t", "networkMode": "{mode}", "containerDefinitions": [{containers}]}}"#)
    }

    #[test]
    fn awsvpc_compares_container_ports() {
        let text = task(
            "awsvpc",
            r#"{"name": "a", "portMappings": [{"containerPort": 80}]}, {"name": "b", "portMappings": [{"containerPort": 80, "hostPort": 80}]}"#,
        );
        assert_eq!(
            messages(&text, &RULE),
            [
                "/containerDefinitions/1/portMappings/0/hostPort: container `b` binds host port 80/tcp, as does container `a`"
            ]
        );
    }

    #[test]
    fn bridge_ignores_dynamic_ports() {
        let text = task(
            "bridge",
            r#"{"name": "a", "portMappings": [{"containerPort": 80}, {"containerPort": 80, "hostPort": 0}]}, {"name": "b", "portMappings": [{"containerPort": 80}]}"#,
        );
        assert!(messages(&text, &RULE).is_empty());
        // Omitted networkMode is bridge on EC2.
        let text = r#"{"family": "t", "containerDefinitions": [{"name": "a", "portMappings": [{"containerPort": 80}]}, {"name": "b", "portMappings": [{"containerPort": 80}]}]}"#;
        assert!(messages(text, &RULE).is_empty());
    }

    #[test]
    fn protocols_do_not_collide_but_unknown_ones_count_as_tcp() {
        let text = task(
            "host",
            r#"{"name": "a", "portMappings": [{"containerPort": 53, "protocol": "udp"}, {"containerPort": 53}]}"#,
        );
        assert!(messages(&text, &RULE).is_empty());
        let text = task(
            "host",
            r#"{"name": "a", "portMappings": [{"containerPort": 53, "protocol": "sctp"}, {"containerPort": 53}]}"#,
        );
        assert_eq!(
            messages(&text, &RULE),
            ["/containerDefinitions/0/portMappings/1/containerPort: container `a` binds host port 53/tcp twice"]
        );
    }

    #[test]
    fn ranges_overlap_ports_and_ranges_inside_them() {
        let text = task(
            "awsvpc",
            r#"{"name": "a", "portMappings": [{"containerPortRange": "8000-8010"}]}, {"name": "b", "portMappings": [{"containerPort": 8005}, {"containerPortRange": "8010-8020"}, {"containerPortRange": "9000-9001"}]}"#,
        );
        assert_eq!(
            messages(&text, &RULE),
            [
                "/containerDefinitions/1/portMappings/0/containerPort: container `b` binds host port 8005/tcp, and container `a` binds host ports 8000-8010/tcp",
                "/containerDefinitions/1/portMappings/1/containerPortRange: container `b` binds host ports 8010-8020/tcp, and container `a` binds host ports 8000-8010/tcp",
            ]
        );
        // In bridge mode a range gets dynamic host ports.
        let text = task(
            "bridge",
            r#"{"name": "a", "portMappings": [{"containerPortRange": "8000-8010"}]}, {"name": "b", "portMappings": [{"containerPortRange": "8000-8010"}]}"#,
        );
        assert!(messages(&text, &RULE).is_empty());
    }

    #[test]
    fn a_container_array_compares_static_host_ports_only() {
        let text = r#"[{"name": "a", "image": "x", "portMappings": [{"containerPort": 80, "hostPort": 80}]}, {"name": "b", "image": "x", "portMappings": [{"containerPort": 81, "hostPort": 80}, {"containerPort": 80}]}]"#;
        assert_eq!(
            messages(text, &RULE),
            ["/1/portMappings/0/hostPort: container `b` binds host port 80/tcp, as does container `a`"]
        );
    }

    #[test]
    fn none_mode_binds_nothing() {
        let text = task(
            "none",
            r#"{"name": "a", "portMappings": [{"containerPort": 80, "hostPort": 80}]}, {"name": "b", "portMappings": [{"containerPort": 80, "hostPort": 80}]}"#,
        );
        assert!(messages(&text, &RULE).is_empty());
    }
}
