//! `unknown-volume`: a mount point whose `sourceVolume` is not declared in `volumes`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule, did_you_mean};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "unknown-volume",
    category: Category::Invalid,
    summary: "A mount point names a volume the task definition does not declare",
    doc: include_str!("../../rules/unknown-volume.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // Without a task (a container array) the volumes are declared elsewhere.
    let Some(task) = &cx.task else { return };
    let volumes = task.objects(f::volumes);
    let names: Vec<&str> = volumes.iter().filter_map(|v| v.str(f::name)).collect();
    for container in &cx.containers {
        for mount in container.objects(f::mountPoints) {
            let Some(source) = mount.str(f::sourceVolume) else {
                continue;
            };
            if names.contains(&source) || is_placeholder(source) {
                continue;
            }
            let help = match did_you_mean(source, names.iter().copied()) {
                Some(name) => format!("did you mean `{name}`?"),
                None if names.is_empty() => {
                    format!("declare it: \"volumes\": [{{\"name\": \"{source}\"}}]")
                }
                None => format!("declare it in `volumes`, or use one of {}", names.join(", ")),
            };
            out.report(
                mount.at(f::sourceVolume),
                format!("{} mounts volume `{source}`, which is not declared in `volumes`", container.label()),
                help,
            );
        }
    }
}
