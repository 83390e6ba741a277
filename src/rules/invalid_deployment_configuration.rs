//! `invalid-deployment-configuration`: deployment percentages out of range, or a minimum
//! above the maximum.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::{Field, f};
use crate::view::service::is_rolling;

pub static RULE: Rule = Rule {
    name: "invalid-deployment-configuration",
    category: Category::Invalid,
    summary: "Deployment percentages out of range, or the minimum above the maximum",
    doc: include_str!("../../rules/invalid-deployment-configuration.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    let Some(config) = service.object(f::deploymentConfiguration) else { return };
    let controller = service.object(f::deploymentController).and_then(|c| c.str(f::r#type).map(str::to_string));
    if let Some(kind @ ("CODE_DEPLOY" | "EXTERNAL")) = controller.as_deref()
        && config
            .object(f::deploymentCircuitBreaker)
            .is_some_and(|b| b.get(f::enable) == Some(&serde_json::Value::Bool(true)))
    {
        // Accepted and not kept (a provider's plan never settles), not refused: a doubt.
        out.report_uncertain(
            config.key_at(f::deploymentCircuitBreaker),
            format!("the deployment circuit breaker has no effect with the `{kind}` deployment controller"),
            "remove `deploymentCircuitBreaker`: \"The deployment circuit breaker can only be used for services using the rolling update (ECS) deployment type\"; roll back with CodeDeploy's own alarms",
        );
    }
    let percent = |field: Field| config.get(field).and_then(|v| v.as_i64());
    let (min, max) = (percent(f::minimumHealthyPercent), percent(f::maximumPercent));
    for (field, value) in [(f::minimumHealthyPercent, min), (f::maximumPercent, max)] {
        if let Some(v) = value.filter(|v| *v < 0) {
            out.report(config.at(field), format!("`{field}` is {v}; a percentage cannot be negative"), "use 0 or more");
        }
    }
    let daemon = service.str(f::schedulingStrategy) == Some("DAEMON");
    if let (Some(min), Some(max)) = (min, max)
        && min > max
        && min >= 0
    {
        out.report_uncertain(
            config.at(f::minimumHealthyPercent),
            format!("`minimumHealthyPercent` {min} is above `maximumPercent` {max}"),
            "the tasks kept running can never outnumber the tasks allowed to run: lower `minimumHealthyPercent` or \
             raise `maximumPercent`",
        );
    }
    if let Some(max) = max.filter(|m| (0..100).contains(m))
        && !daemon
        && is_rolling(service)
    {
        out.report_uncertain(
            config.at(f::maximumPercent),
            format!(
                "`maximumPercent` {max} is below 100: fewer tasks than the desired count may run during a deployment"
            ),
            "use 100 or more (200, the default, lets a deployment start every new task before stopping old ones)",
        );
    }
    if let Some(min) = min.filter(|m| *m > 100) {
        out.report_uncertain(
            config.at(f::minimumHealthyPercent),
            format!("`minimumHealthyPercent` {min} is above 100: more healthy tasks than the desired count can never be kept"),
            "use at most 100",
        );
    }
    if daemon && let Some(max) = max.filter(|m| *m != 100 && *m >= 0) {
        out.report_uncertain(
            config.at(f::maximumPercent),
            format!(
                "`maximumPercent` {max} on a DAEMON service: a daemon runs one task per instance, so it must stay 100"
            ),
            "remove `maximumPercent`, or set it to 100",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn service(extra: &str, config: &str) -> String {
        crate::lint::service_with(extra, "deploymentConfiguration", config)
    }

    #[test]
    fn ranges_and_order() {
        assert_eq!(
            messages(&service("", r#"{"minimumHealthyPercent": 150, "maximumPercent": 120}"#), &RULE),
            [
                "/deploymentConfiguration/minimumHealthyPercent: `minimumHealthyPercent` 150 is above `maximumPercent` 120",
                "/deploymentConfiguration/minimumHealthyPercent: `minimumHealthyPercent` 150 is above 100: more healthy \
                 tasks than the desired count can never be kept"
            ]
        );
        assert_eq!(messages(&service("", r#"{"maximumPercent": -5}"#), &RULE).len(), 1);
        assert_eq!(messages(&service("", r#"{"maximumPercent": 50}"#), &RULE).len(), 1);
        assert_eq!(
            messages(&service(r#""schedulingStrategy": "DAEMON","#, r#"{"maximumPercent": 200}"#), &RULE).len(),
            1
        );
        assert!(messages(&service("", r#"{"minimumHealthyPercent": 50, "maximumPercent": 200}"#), &RULE).is_empty());
        assert!(
            messages(
                &service(
                    r#""schedulingStrategy": "DAEMON","#,
                    r#"{"minimumHealthyPercent": 0, "maximumPercent": 100}"#
                ),
                &RULE
            )
            .is_empty()
        );
    }
}
