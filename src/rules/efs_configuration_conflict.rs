//! `efs-configuration-conflict`: EFS settings that exclude each other.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "efs-configuration-conflict",
    category: Category::Invalid,
    summary: "EFS IAM authorization or an access point without transit encryption, or an access point with a `rootDirectory`",
    doc: include_str!("../../rules/efs-configuration-conflict.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    for volume in task.objects(f::volumes) {
        let Some(efs) = volume.object(f::efsVolumeConfiguration) else {
            continue;
        };
        let name = volume.str(f::name).unwrap_or("?");
        let encrypted = efs.str(f::transitEncryption) == Some("ENABLED");
        let auth = efs.object(f::authorizationConfig);
        let iam = auth.as_ref().is_some_and(|a| a.str(f::iam) == Some("ENABLED"));
        let access_point = auth.as_ref().filter(|a| a.is_set(f::accessPointId));
        let encrypt_at = || {
            if efs.get(f::transitEncryption).is_some() { efs.at(f::transitEncryption) } else { efs.start() }
        };
        if iam && !encrypted {
            out.report(
                encrypt_at(),
                format!("EFS volume `{name}` uses IAM authorization without transit encryption"),
                "set `\"transitEncryption\": \"ENABLED\"`: EFS IAM authorization works only over TLS",
            );
        } else if access_point.is_some() && !encrypted {
            out.report(
                encrypt_at(),
                format!("EFS volume `{name}` uses an access point without transit encryption"),
                "set `\"transitEncryption\": \"ENABLED\"`: access points work only over TLS",
            );
        }
        if access_point.is_some()
            && let Some(root) = efs.str(f::rootDirectory)
            && root != "/"
        {
            out.report(
                efs.at(f::rootDirectory),
                format!("EFS volume `{name}` sets `rootDirectory` to `{root}` and an access point"),
                "remove `rootDirectory` (or set it to \"/\"): the access point's own root directory applies",
            );
        }
    }
}
