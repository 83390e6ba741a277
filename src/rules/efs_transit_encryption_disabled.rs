//! `efs-transit-encryption-disabled`: an EFS volume without transit encryption.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "efs-transit-encryption-disabled",
    category: Category::Security,
    summary: "An EFS volume is mounted without transit encryption",
    doc: include_str!("../../rules/efs-transit-encryption-disabled.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    // Every EFS volume, not only the first.
    for volume in task.objects(f::volumes) {
        let Some(efs) = volume.object(f::efsVolumeConfiguration) else { continue };
        let name = volume.str(f::name).unwrap_or("?");
        let at = match efs.str(f::transitEncryption) {
            Some("ENABLED") => continue,
            Some(_) => efs.at(f::transitEncryption),
            None => efs.start(),
        };
        out.report(
            at,
            format!("EFS volume `{name}` is mounted without transit encryption"),
            "set `\"transitEncryption\": \"ENABLED\"` in its `efsVolumeConfiguration` (the default is DISABLED)",
        );
    }
}
