//! `unknown-load-balancer-container`: a service's load balancer names a container, or a
//! container port, that its task definition does not have.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "unknown-load-balancer-container",
    category: Category::Invalid,
    summary: "A load balancer names a container or container port the service's task definition does not expose",
    doc: include_str!("../../rules/unknown-load-balancer-container.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let (Some(service), Some(task)) = (&cx.service, &cx.service_task) else { return };
    if !task.complete {
        return;
    }
    let which = match &task.family {
        Some(family) => format!("task definition `{family}`"),
        None => "the task definition".to_string(),
    };
    for lb in service.objects(f::loadBalancers) {
        let Some(name) = lb.str(f::containerName) else { continue };
        if crate::placeholder::is_placeholder(name) {
            continue;
        }
        let Some((_, ports)) = task.containers.iter().find(|(n, _)| n == name) else {
            let known: Vec<String> = task.containers.iter().map(|(n, _)| format!("`{n}`")).collect();
            out.report(
                lb.at(f::containerName),
                format!("{which} has no container named `{name}`"),
                format!("name one of its containers: {}", known.join(", ")),
            );
            continue;
        };
        let Some(port) = lb.u64(f::containerPort) else { continue };
        if !ports.contains(&port) {
            let mapped: Vec<String> = ports.iter().map(|p| p.to_string()).collect();
            out.report(
                lb.at(f::containerPort),
                format!("container `{name}` of {which} maps no container port {port}"),
                if mapped.is_empty() {
                    format!("add a `portMappings` entry with `containerPort` {port} to the container")
                } else {
                    format!("use a port the container maps ({}), or map {port}", mapped.join(", "))
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::{Outcome, Settings, lint_text};
    use crate::rule::Severity;

    #[test]
    fn a_template_names_its_own_containers() {
        let template = r#"{"Resources": {
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
                {"Name": "web", "Image": "nginx", "PortMappings": [{"ContainerPort": 80}]}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Task"},
                "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": "x"},
                                  {"ContainerName": "api", "ContainerPort": 80, "TargetGroupArn": "y"},
                                  {"ContainerName": "web", "ContainerPort": "80", "TargetGroupArn": "z"}]}}}}"#;
        let mut settings = Settings::default();
        settings.set(RULE.name, Some(Severity::Error)).unwrap();
        let Outcome::Checked(d) = lint_text(template, false, &settings) else { panic!() };
        let found: Vec<_> =
            d.iter().filter(|d| d.rule == &RULE).map(|d| (d.pointer.as_str(), d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    "/Resources/Service/Properties/LoadBalancers/0/ContainerPort",
                    "container `web` of the task definition maps no container port 8080"
                ),
                (
                    "/Resources/Service/Properties/LoadBalancers/1/ContainerName",
                    "the task definition has no container named `api`"
                ),
            ]
        );
    }
}
