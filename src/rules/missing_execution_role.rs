//! `missing-execution-role`: features that need the task execution role, without one.

use crate::diagnostic::{Location, Sink};
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-execution-role",
    category: Category::Correctness,
    summary: "Secrets, awslogs or private ECR images on Fargate, or repository credentials, without `executionRoleArn`",
    doc: include_str!("../../rules/missing-execution-role.md"),
    aliases: &[],
};

/// A private Amazon ECR image: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/...`.
pub fn is_private_ecr(image: &str) -> bool {
    image.split('/').next().is_some_and(|host| host.contains(".dkr.ecr.") && host.contains(".amazonaws.com"))
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    if task.str(f::executionRoleArn).is_some_and(|r| !r.trim().is_empty()) {
        return;
    }
    let fargate = cx.is_fargate();
    let mut needs: Vec<(Location, String)> = Vec::new();
    for container in &cx.containers {
        let who = container.label();
        if container.is_set(f::secrets) {
            needs.push((container.key_at(f::secrets), format!("{who} reads `secrets`")));
        }
        if container.is_set(f::environmentFiles) {
            needs.push((container.key_at(f::environmentFiles), format!("{who} loads `environmentFiles` from S3")));
        }
        if container.is_set(f::repositoryCredentials) {
            needs.push((
                container.key_at(f::repositoryCredentials),
                format!("{who} pulls with `repositoryCredentials`"),
            ));
        }
        if let Some(log) = container.object(f::logConfiguration) {
            if log.is_set(f::secretOptions) {
                needs.push((log.key_at(f::secretOptions), format!("{who} passes log `secretOptions`")));
            }
            if fargate && log.str(f::logDriver) == Some("awslogs") {
                needs.push((log.at(f::logDriver), format!("{who} logs with `awslogs` on Fargate")));
            }
        }
        if fargate && container.str(f::image).is_some_and(is_private_ecr) {
            needs.push((container.at(f::image), format!("{who} pulls a private ECR image on Fargate")));
        }
    }
    let Some((at, _)) = needs.first() else { return };
    let reasons: Vec<&str> = needs.iter().map(|(_, why)| why.as_str()).collect();
    out.report(
        at.clone(),
        format!("the task has no execution role (`executionRoleArn`), but {}", reasons.join("; ")),
        "create a task execution role (AWS manages the policy AmazonECSTaskExecutionRolePolicy; add read access to the \
         secrets it needs) and set `\"executionRoleArn\"` to its ARN",
    );
}
