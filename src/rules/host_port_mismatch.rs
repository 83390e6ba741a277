//! `host-port-mismatch`: `awsvpc` or `host` mode with a `hostPort` other than its `containerPort`.

use crate::diagnostic::{FixSpec, Sink};
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "host-port-mismatch",
    category: Category::Invalid,
    summary: "In `awsvpc` and `host` mode a `hostPort` must equal its `containerPort`",
    doc: include_str!("../../rules/host-port-mismatch.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(mode) = cx.network_mode().filter(|m| m.shares_host_ports()) else {
        return;
    };
    let mode = if mode == NetworkMode::Host { "host" } else { "awsvpc" };
    for container in &cx.containers {
        for mapping in container.objects(f::portMappings) {
            let (Some(host), Some(port)) = (mapping.u64(f::hostPort), mapping.u64(f::containerPort)) else {
                continue;
            };
            // 0 asks for a dynamic port; whether awsvpc accepts it is not documented: not reported.
            if host != 0 && host != port {
                out.report_fix(
                    mapping.at(f::hostPort),
                    format!(
                        "in `{mode}` mode {} maps host port {host} to container port {port}, but they must be equal",
                        container.label()
                    ),
                    format!(
                        "remove `hostPort` or set it to {port}: in `{mode}` mode the container's port is the host's"
                    ),
                    FixSpec {
                        title: format!("Set hostPort to {port}"),
                        edits: vec![(mapping.at(f::hostPort), port.to_string())],
                    },
                );
            }
        }
    }
}
