//! `insecure-exec-configuration`: a cluster whose ECS Exec sessions are not logged, or logged
//! without encryption.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::Kind;
use crate::view::Context;
use crate::view::resources::{at, boolean, key_at, object, string, value};

pub static RULE: Rule = Rule {
    name: "insecure-exec-configuration",
    category: Category::Security,
    summary: "A cluster's ECS Exec configuration that turns session logging off, or logs without encryption",
    doc: include_str!("../../rules/insecure-exec-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(cluster) = cx.resource(Kind::Cluster) else { return };
    let Some(configuration) = object(cluster, ("configuration", "configuration")) else { return };
    let name = ("executeCommandConfiguration", "execute_command_configuration");
    let Some(exec) = object(&configuration, name) else { return };
    let logging = ("logging", "logging");
    if string(&exec, logging) == Some("NONE") {
        out.report(
            at(&exec, logging),
            "ECS Exec sessions on the cluster are not logged (`logging: NONE`)",
            "use `DEFAULT` (the task's awslogs configuration) or `OVERRIDE` with a CloudWatch log group or S3 bucket, so that every command run in a container is on record",
        );
        return;
    }
    if value(&exec, logging).and_then(|v| v.as_str()).is_some_and(crate::placeholder::is_placeholder) {
        return;
    }
    let kms = value(&exec, ("kmsKeyId", "kms_key_id")).is_some();
    let log = object(&exec, ("logConfiguration", "log_configuration"));
    let encrypted = log.as_ref().is_some_and(|l| {
        boolean(l, ("cloudWatchEncryptionEnabled", "cloud_watch_encryption_enabled")) == Some(true)
            || boolean(l, ("s3EncryptionEnabled", "s3_bucket_encryption_enabled")) == Some(true)
    });
    if !kms || (log.is_some() && !encrypted) {
        out.report(
            key_at(&configuration, name),
            "ECS Exec sessions on the cluster are not encrypted with your KMS key, or their logs are written unencrypted",
            "set `kmsKeyId` to a KMS key for the session data, and `cloudWatchEncryptionEnabled` or `s3EncryptionEnabled` for the session logs",
        );
    }
}
