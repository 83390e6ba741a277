//! `invalid-ulimit`: a ulimit whose soft limit is above its hard limit.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-ulimit",
    category: Category::Correctness,
    summary: "A ulimit whose `softLimit` is above its `hardLimit`, or one set twice",
    doc: include_str!("../../rules/invalid-ulimit.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let mut seen: Vec<&str> = Vec::new();
        for limit in container.objects(f::ulimits) {
            if let Some(name) = limit.str(f::name) {
                if seen.contains(&name) {
                    // No source says ECS refuses it; Docker keeps one of the two.
                    out.report_uncertain(
                        limit.at(f::name),
                        format!("{} sets the `{name}` ulimit twice", container.label()),
                        "keep one entry per ulimit: only one of them takes effect",
                    );
                }
                seen.push(name);
            }
            let (Some(soft), Some(hard)) =
                (limit.get(f::softLimit).and_then(|v| v.as_i64()), limit.get(f::hardLimit).and_then(|v| v.as_i64()))
            else {
                continue;
            };
            if soft > hard {
                let name = limit.str(f::name).unwrap_or("the ulimit");
                out.report(
                    limit.at(f::softLimit),
                    format!("the `{name}` ulimit of {} has a soft limit ({soft}) above its hard limit ({hard})", container.label()),
                    "make `softLimit` at most `hardLimit`: the kernel refuses a soft limit above the hard one, so the container cannot start",
                );
            }
        }
    }
}
