//! `windows-unsupported-parameter`: parameters the API model says Windows containers do not
//! support, in a task definition whose `runtimePlatform` is a Windows Server; and an FSx for
//! Windows File Server volume in a Linux task.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::{Field, f};
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "windows-unsupported-parameter",
    category: Category::Invalid,
    summary: "A parameter Windows containers do not support (`linuxParameters`, `privileged`, `links`...), or an FSx for Windows volume in a Linux task",
    doc: include_str!("../../rules/windows-unsupported-parameter.md"),
    aliases: &[],
};

/// Container parameters whose doc in the API model says "This parameter is not supported for
/// Windows containers" (`ContainerDefinition`).
const CONTAINER_PARAMETERS: &[Field] = &[
    f::links,
    f::linuxParameters,
    f::disableNetworking,
    f::privileged,
    f::readonlyRootFilesystem,
    f::dnsServers,
    f::dnsSearchDomains,
    f::extraHosts,
    f::ulimits,
];

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    let os = task.object(f::runtimePlatform).and_then(|p| p.str(f::operatingSystemFamily));
    if os == Some("LINUX") {
        for volume in task.objects(f::volumes) {
            if volume.is_set(f::fsxWindowsFileServerVolumeConfiguration) {
                out.report_uncertain(
                    volume.key_at(f::fsxWindowsFileServerVolumeConfiguration),
                    "an FSx for Windows File Server volume in a Linux task: only Windows containers mount it",
                    "mount an EFS volume (`efsVolumeConfiguration`) in Linux tasks, or run Windows containers",
                );
            }
        }
    }
    if !cx.is_windows() {
        return;
    }
    let os = os.unwrap_or("Windows");
    // Every case rests on the API model's word, which is not always current (see the doc).
    let help = "remove it: Windows containers do not support it";
    for field in [f::pidMode, f::ipcMode] {
        if task.is_set(field) {
            out.report_uncertain(
                task.at(field),
                format!("`{field}` is not supported for Windows containers ({os})"),
                help,
            );
        }
    }
    if matches!(cx.network_mode(), Some(NetworkMode::Bridge | NetworkMode::Host | NetworkMode::None)) {
        out.report_uncertain(
            task.at(f::networkMode),
            format!("Windows containers ({os}) run with the default network mode or `awsvpc`"),
            "leave `networkMode` out (the Windows default) or use `awsvpc`",
        );
    }
    for container in &cx.containers {
        for &field in CONTAINER_PARAMETERS {
            if container.is_set(field) {
                out.report_uncertain(
                    container.key_at(field),
                    format!("`{field}` ({}) is not supported for Windows containers ({os})", container.label()),
                    help,
                );
            }
        }
    }
}
