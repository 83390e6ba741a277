//! `fargate-unsupported-parameter`: parameters that Fargate refuses.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::fields::{Field, f};
use crate::view::{Container, Context, NetworkMode, Obj};

pub static RULE: Rule = Rule {
    name: "fargate-unsupported-parameter",
    category: Category::Invalid,
    summary: "A parameter that Fargate does not support",
    doc: include_str!("../../rules/fargate-unsupported-parameter.md"),
    aliases: &[],
};

/// Log drivers Fargate supports. Source: LogConfiguration.logDriver in the API model.
pub const FARGATE_LOG_DRIVERS: &[&str] = &["awslogs", "splunk", "awsfirelens"];

/// "For tasks that use the Fargate launch type, the max stop timeout value is 120 seconds"
/// (API model, ContainerDefinition.stopTimeout; the Fargate page says the same of startTimeout).
const FARGATE_MAX_TIMEOUT: u64 = 120;

/// Container parameters Fargate refuses, each stated in its member's doc in the API model.
const CONTAINER_PARAMETERS: &[Field] = &[f::privileged, f::dockerSecurityOptions];

/// Container parameters that the Fargate user guide lists as unsupported but the API model
/// does not (or no longer) say so: reported as warnings.
const CONTAINER_PARAMETERS_UNVERIFIED: &[Field] = &[f::disableNetworking, f::dnsServers, f::dnsSearchDomains];

/// `linuxParameters` members Fargate refuses (API model, LinuxParameters).
const LINUX_PARAMETERS: &[Field] = &[f::devices, f::sharedMemorySize, f::maxSwap, f::swappiness];

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if !cx.is_fargate() {
        return;
    }
    let unsupported = |what: &str| format!("Fargate does not support {what}");
    let remove = "remove it, or run the task on EC2 instead of Fargate";

    if task.is_set(f::ipcMode) {
        out.report(task.at(f::ipcMode), unsupported("`ipcMode`"), remove);
    }
    if task.str(f::pidMode) == Some("host") {
        out.report(
            task.at(f::pidMode),
            unsupported("`\"pidMode\": \"host\"`"),
            "use `\"pidMode\": \"task\"` to share processes between the task's containers, or leave it out",
        );
    }
    if task.is_set(f::placementConstraints) {
        out.report(
            task.key_at(f::placementConstraints),
            unsupported("placement constraints"),
            "remove `placementConstraints`: Fargate places tasks itself",
        );
    }
    for volume in task.objects(f::volumes) {
        if volume.object(f::host).is_some_and(|h| h.is_set(f::sourcePath)) {
            let at = volume.object(f::host).map(|h| h.at(f::sourcePath)).unwrap_or_else(|| volume.start());
            out.report(at, unsupported("host volumes with a `sourcePath`"), "use an EFS volume (`efsVolumeConfiguration`) for data that must outlive the task, or drop `sourcePath` for a bind mount in the task's storage");
        }
        if volume.get(f::dockerVolumeConfiguration).is_some() {
            out.report(
                volume.key_at(f::dockerVolumeConfiguration),
                unsupported("Docker volumes (`dockerVolumeConfiguration`)"),
                "use an EFS volume (`efsVolumeConfiguration`) or a bind mount",
            );
        }
    }
    if task.is_set(f::inferenceAccelerators) {
        // Elastic Inference was for EC2 instances; the API model does not say so of Fargate.
        out.report_uncertain(
            task.key_at(f::inferenceAccelerators),
            unsupported("Elastic Inference accelerators (`inferenceAccelerators`)"),
            "remove `inferenceAccelerators`: Elastic Inference attached accelerators to EC2 instances, and AWS no longer offers it to new customers; use a GPU or AWS Inferentia instance on EC2",
        );
    }
    let windows_arm =
        task.object(f::runtimePlatform).filter(|p| cx.is_windows() && p.str(f::cpuArchitecture) == Some("ARM64"));
    if let Some(platform) = windows_arm {
        out.report(
            platform.at(f::cpuArchitecture),
            unsupported("Windows containers on ARM64"),
            "use `\"cpuArchitecture\": \"X86_64\"` for Windows on Fargate",
        );
    }

    for container in &cx.containers {
        container_parameters(cx, container, out);
    }
}

/// What Fargate refuses in one container.
fn container_parameters(cx: &Context, container: &Container, out: &mut Sink) {
    let unsupported = |what: &str| format!("Fargate does not support {what}");
    let remove = "remove it, or run the task on EC2 instead of Fargate";
    let who = container.label();
    for &field in CONTAINER_PARAMETERS {
        if container.is_set(field) {
            out.report(container.at(field), unsupported(&format!("`{field}` ({who})")), remove);
        }
    }
    for &field in CONTAINER_PARAMETERS_UNVERIFIED {
        if container.is_set(field) {
            out.report_uncertain(container.at(field), unsupported(&format!("`{field}` ({who})")), remove);
        }
    }
    // `links`, `hostname` and `extraHosts` are refused in awsvpc mode too: reported here
    // unless `unsupported-in-network-mode` reports them.
    if container.is_set(f::links) {
        out.report(
            container.key_at(f::links),
            unsupported(&format!("`links` ({who})")),
            "containers of a Fargate task reach each other on localhost; remove `links`",
        );
    }
    if cx.network_mode() != Some(NetworkMode::Awsvpc) {
        for field in [f::hostname, f::extraHosts] {
            if container.is_set(field) {
                out.report(container.at(field), unsupported(&format!("`{field}` ({who})")), remove);
            }
        }
    }
    if let Some(linux) = container.object(f::linuxParameters) {
        linux_parameters(&linux, &who, out);
    }
    if let Some(log) = container.object(f::logConfiguration)
        && let Some(driver) = log.str(f::logDriver)
        && !FARGATE_LOG_DRIVERS.contains(&driver)
    {
        out.report(
            log.at(f::logDriver),
            unsupported(&format!("the `{driver}` log driver ({who})")),
            "use `awslogs`, `splunk`, or `awsfirelens` (FireLens can forward to fluentd, Elasticsearch and more)",
        );
    }
    for requirement in container.objects(f::resourceRequirements) {
        if requirement.str(f::r#type) == Some("GPU") {
            out.report_uncertain(
                requirement.at(f::r#type),
                unsupported(&format!("GPUs ({who})")),
                "run GPU workloads on EC2 instances with GPUs",
            );
        }
    }
    for field in [f::startTimeout, f::stopTimeout] {
        if let Some(seconds) = container.u64(field).filter(|s| *s > FARGATE_MAX_TIMEOUT) {
            out.report_uncertain(
                container.at(field),
                format!("`{field}` is {seconds} seconds ({who}); on Fargate the most is {FARGATE_MAX_TIMEOUT}"),
                format!("set `{field}` to {FARGATE_MAX_TIMEOUT} or less"),
            );
        }
    }
    let firelens_options = container.object(f::firelensConfiguration).and_then(|c| c.object(f::options));
    if let Some(options) =
        firelens_options.filter(|o| o.entry("config-file-type").and_then(|v| v.as_str()) == Some("s3"))
    {
        out.report(
            options.entry_at("config-file-type"),
            unsupported(&format!("a FireLens configuration file from S3 ({who})")),
            "build the configuration into the log router's image and use `\"config-file-type\": \"file\"` with its path",
        );
    }
    if let Some(linux) = container.object(f::linuxParameters).filter(|l| l.is_set(f::tmpfs)) {
        out.report_uncertain(
            linux.key_at(f::tmpfs),
            unsupported(&format!("`tmpfs` mounts ({who})")),
            "remove `tmpfs`; write scratch data to a bind mount in the task's ephemeral storage",
        );
    }
}

fn linux_parameters(linux: &Obj, who: &str, out: &mut Sink) {
    for &field in LINUX_PARAMETERS {
        if linux.is_set(field) {
            out.report(
                linux.at(field),
                format!("Fargate does not support `linuxParameters.{field}` ({who})"),
                "remove it, or run the task on EC2 instead of Fargate",
            );
        }
    }
    if let Some(capabilities) = linux.object(f::capabilities) {
        for (at, capability) in capabilities.strings(f::add) {
            if capability != "SYS_PTRACE" {
                out.report(
                    at,
                    format!("Fargate can add only the SYS_PTRACE capability, not {capability} ({who})"),
                    "remove it from `capabilities.add`; Fargate allows adding SYS_PTRACE alone (dropping any capability is fine)",
                );
            }
        }
    }
}
