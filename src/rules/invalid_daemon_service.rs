//! `invalid-daemon-service`: a `DAEMON` service with what the daemon scheduler does not take.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-daemon-service",
    category: Category::Invalid,
    summary: "A `DAEMON` service on Fargate, with a CodeDeploy or external controller, a placement strategy, a capacity provider strategy or a desired count",
    doc: include_str!("../../rules/invalid-daemon-service.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    if service.str(f::schedulingStrategy) != Some("DAEMON") {
        return;
    }
    let replica = "use `\"schedulingStrategy\": \"REPLICA\"`";
    if service.str(f::launchType) == Some("FARGATE") {
        out.report(
            service.at(f::schedulingStrategy),
            "a `DAEMON` service cannot run on Fargate: Fargate has no instances to run one task on each of",
            format!("{replica} with a desired count, or run the daemon on EC2"),
        );
    }
    if service.str(f::launchType) == Some("EXTERNAL") {
        // cfn-lint E3044 refuses it; the API model names only the EXTERNAL controller: a doubt.
        out.report_uncertain(
            service.at(f::schedulingStrategy),
            "a `DAEMON` service with the `EXTERNAL` launch type (ECS Anywhere)",
            format!("{replica}; cfn-lint (E3044) reads the API as refusing DAEMON for the EXTERNAL launch type"),
        );
    }
    if let Some(controller) = service.object(f::deploymentController)
        && let Some(kind @ ("CODE_DEPLOY" | "EXTERNAL")) = controller.str(f::r#type)
    {
        out.report(
            controller.at(f::r#type),
            format!("a `DAEMON` service cannot use the `{kind}` deployment controller"),
            format!("{replica}, or use the `ECS` deployment controller (rolling updates)"),
        );
    }
    if service.is_set(f::placementStrategy) {
        out.report(
            service.key_at(f::placementStrategy),
            "a `DAEMON` service cannot have a placement strategy: it places one task on every instance",
            "remove `placementStrategy` (\"The daemon scheduling strategy does not support placement strategies\"); placement constraints are allowed",
        );
    }
    if service.is_set(f::capacityProviderStrategy) {
        out.report(
            service.key_at(f::capacityProviderStrategy),
            "a `DAEMON` service cannot have a capacity provider strategy",
            "remove `capacityProviderStrategy` and set `\"launchType\": \"EC2\"` (\"Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy\")",
        );
    }
    if service.get(f::desiredCount).is_some_and(|v| v.as_u64().is_some_and(|n| n > 0)) {
        // CreateService refuses it; a reader may leave it out of the request (doc: the doubt).
        out.report_uncertain(
            service.at(f::desiredCount),
            "a `DAEMON` service runs one task per instance and takes no desired count",
            "remove the desired count (\"The daemon scheduling strategy does not support a desired count for services\")",
        );
    }
}
