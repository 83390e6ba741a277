//! `ephemeral-bind-mount`: on Fargate, a volume with no host or EFS configuration.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::{Field, f};

pub static RULE: Rule = Rule {
    name: "ephemeral-bind-mount",
    category: Category::BestPractice,
    summary: "On Fargate, a volume without EFS (or other) storage is lost when the task stops",
    doc: include_str!("../../rules/ephemeral-bind-mount.md"),
    aliases: &[],
};

/// Volume members that give it storage of its own (API model, Volume).
const BACKED_BY: &[Field] = &[
    f::host,
    f::dockerVolumeConfiguration,
    f::efsVolumeConfiguration,
    f::fsxWindowsFileServerVolumeConfiguration,
    f::s3filesVolumeConfiguration,
    f::configuredAtLaunch,
];

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if !cx.is_fargate() {
        return;
    }
    for volume in task.objects(f::volumes) {
        let Some(name) = volume.str(f::name) else { continue };
        if BACKED_BY.iter().any(|&k| volume.get(k).is_some()) {
            continue;
        }
        if cx.containers_mounting(name).next().is_some() {
            out.report(
                volume.at(f::name),
                format!("volume `{name}` lives in the task's ephemeral storage: its data is lost when the task stops"),
                "fine for scratch space and sharing files between the task's containers; for data that must outlive the \
                 task, use an EFS volume (`efsVolumeConfiguration`)",
            );
        }
    }
}
