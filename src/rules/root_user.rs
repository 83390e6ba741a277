//! `root-user`: a Linux container whose `user` is root.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "root-user",
    category: Category::Security,
    summary: "A container runs as root (`user` is `0` or `root`; on Windows, `ContainerAdministrator`)",
    doc: include_str!("../../rules/root-user.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    if cx.is_windows() {
        // Windows containers run as `ContainerUser` unless told otherwise (Security Hub ECS.21).
        for container in &cx.containers {
            if let Some(user) = container.str(f::user).filter(|u| u.eq_ignore_ascii_case("ContainerAdministrator")) {
                out.report(
                    container.at(f::user),
                    format!("{} runs as the Windows administrator (`{user}`)", container.label()),
                    "run as `ContainerUser` (leave `user` out for the image's default, or set it), not `ContainerAdministrator`",
                );
            }
        }
        return;
    }
    for container in &cx.containers {
        let help =
            "run as an unprivileged user: set `\"user\": \"1000\"` (or `\"1000:1000\"`, or a name the image defines)";
        match container.str(f::user) {
            Some(user) if !is_placeholder(user) && is_root(user) => {
                out.report(container.at(f::user), format!("{} runs as root (`{user}`)", container.label()), help)
            }
            _ => {}
        }
    }
}

/// `0`, `root`, `0:0`, `root:root`, `0:1000`...: the user part is root.
fn is_root(user: &str) -> bool {
    matches!(user.split(':').next().unwrap_or(user).trim(), "0" | "root")
}
