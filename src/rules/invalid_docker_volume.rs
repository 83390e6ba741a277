//! `invalid-docker-volume`: a Docker volume whose settings ECS does not use: `autoprovision`
//! with the `task` scope, or, in a Windows task, a driver other than `local`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "invalid-docker-volume",
    category: Category::Invalid,
    summary: "A Docker volume with `autoprovision` on the `task` scope, or a driver other than `local` in a Windows task",
    doc: include_str!("../../rules/invalid-docker-volume.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    for volume in task.objects(f::volumes) {
        let Some(docker) = volume.object(f::dockerVolumeConfiguration) else { continue };
        // The scope defaults to `task`.
        let scope = docker.str(f::scope).unwrap_or("task");
        if docker.get(f::autoprovision) == Some(&Value::Bool(true)) && scope == "task" {
            out.report_uncertain(
                docker.at(f::autoprovision),
                "`autoprovision` has no effect on a Docker volume of the `task` scope: ECS creates a task volume for each task anyway",
                "remove `autoprovision`, or use `\"scope\": \"shared\"` for a volume that outlives the task and is created when missing",
            );
        }
        if cx.is_windows()
            && let Some(driver) = docker.str(f::driver).filter(|d| *d != "local" && !is_placeholder(d))
        {
            out.report_uncertain(
                docker.at(f::driver),
                format!("Windows containers use only the `local` Docker volume driver, not `{driver}`"),
                "use `\"driver\": \"local\"` (or leave it out)",
            );
        }
    }
}
