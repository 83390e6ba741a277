//! `missing-network-configuration`: a service of an `awsvpc` task definition, or on Fargate,
//! without `networkConfiguration`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::Shape;
use crate::view::fields::f;
use crate::view::{Context, NetworkMode};

pub static RULE: Rule = Rule {
    name: "missing-network-configuration",
    category: Category::Invalid,
    summary: "A service of an awsvpc task definition (or on Fargate) has no network configuration",
    doc: include_str!("../../rules/missing-network-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    // An update keeps the service's network configuration unless it sets a new one.
    if cx.shape == Shape::UpdateService || service.is_set(f::networkConfiguration) {
        return;
    }
    let awsvpc = cx.service_task.as_ref().is_some_and(|t| t.network_mode == Some(NetworkMode::Awsvpc));
    let why = if awsvpc {
        "its task definition uses the `awsvpc` network mode"
    } else if cx.service_on_fargate() {
        "it runs on Fargate, where every task uses the `awsvpc` network mode"
    } else {
        return;
    };
    let at = if service.get(f::taskDefinition).is_some() { service.key_at(f::taskDefinition) } else { service.start() };
    out.report(
        at,
        format!("the service has no `networkConfiguration`, but {why}"),
        "add `networkConfiguration.awsvpcConfiguration` with the `subnets` (and `securityGroups`) its tasks get \
         their network interfaces in",
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn fargate_services_need_subnets() {
        let fargate = r#"{"serviceName": "s", "taskDefinition": "web", "launchType": "FARGATE"}"#;
        assert_eq!(
            messages(fargate, &RULE),
            ["/taskDefinition: the service has no `networkConfiguration`, but it runs on Fargate, where every task \
              uses the `awsvpc` network mode"]
        );
        let update = r#"{"service": "s", "taskDefinition": "web", "launchType": "FARGATE"}"#;
        assert!(messages(update, &RULE).is_empty());
        let ec2 = r#"{"serviceName": "s", "taskDefinition": "web", "launchType": "EC2"}"#;
        assert!(messages(ec2, &RULE).is_empty());
    }
}
