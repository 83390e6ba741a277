//! `invalid-mount-point`: a container's mounts that Docker refuses when it creates the
//! container: two mounts on one `containerPath`, a relative `containerPath`, or `volumesFrom`
//! naming the container itself.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    name: "invalid-mount-point",
    category: Category::Correctness,
    summary: "Two mounts on one `containerPath`, a relative `containerPath`, or `volumesFrom` naming its own container",
    doc: include_str!("../../rules/invalid-mount-point.md"),
    aliases: &[],
};

/// Whether `path` is absolute for the task's operating system (`C:\data`, `C:/data` and
/// `\\server\share` on Windows).
fn absolute(path: &str, windows: bool) -> bool {
    let b = path.as_bytes();
    let drive = b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
    path.starts_with('/') || (windows && (drive || path.starts_with('\\')))
}

pub fn check(cx: &Context, out: &mut Sink) {
    let windows = cx.is_windows();
    for container in &cx.containers {
        let who = container.label();
        let mut first_at: HashMap<String, usize> = HashMap::new();
        // mountPoints and tmpfs mounts share the container's file system.
        let mounts = container.objects(f::mountPoints);
        let tmpfs = container.object(f::linuxParameters).map(|l| l.objects(f::tmpfs)).unwrap_or_default();
        for (i, mount) in mounts.iter().chain(tmpfs.iter()).enumerate() {
            let Some(path) = mount.str(f::containerPath).filter(|p| !p.is_empty() && !is_placeholder(p)) else {
                continue;
            };
            if !absolute(path, windows) {
                out.report(
                    mount.at(f::containerPath),
                    format!("{who} mounts a volume at the relative path `{path}`; Docker needs an absolute path"),
                    format!("write the path from the root of the container's file system: `/{path}`"),
                );
                continue;
            }
            // `/data/` and `/data` are one place.
            let key = if path.len() > 1 { path.trim_end_matches(['/', '\\']) } else { path };
            let key = if windows { key.to_ascii_lowercase() } else { key.to_string() };
            if let Some(&first) = first_at.get(&key) {
                let what = if first < mounts.len() { "a mount point" } else { "a tmpfs mount" };
                out.report(
                    mount.at(f::containerPath),
                    format!("{who} mounts two volumes at `{path}` ({what} before this one mounts there too)"),
                    "give each mount its own `containerPath`; Docker refuses to create the container (\"Duplicate mount point\")",
                );
            } else {
                first_at.insert(key, i);
            }
        }
        let Some(name) = container.name().filter(|n| !n.is_empty() && !is_placeholder(n)) else { continue };
        for from in container.objects(f::volumesFrom) {
            if from.str(f::sourceContainer) == Some(name) {
                out.report(
                    from.at(f::sourceContainer),
                    format!("{who} takes its volumes from itself"),
                    "name another container of the task in `sourceContainer`, or remove this `volumesFrom` entry",
                );
            }
        }
    }
}
