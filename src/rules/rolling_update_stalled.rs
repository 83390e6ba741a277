//! `rolling-update-stalled`: `minimumHealthyPercent` and `maximumPercent` leave a rolling
//! deployment no room to replace a task.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::service::is_rolling;

pub static RULE: Rule = Rule {
    name: "rolling-update-stalled",
    category: Category::Correctness,
    summary: "The deployment percentages leave no room to replace a task: deployments never progress",
    doc: include_str!("../../rules/rolling-update-stalled.md"),
    aliases: &[],
};

/// The defaults for a REPLICA service (the API model's `DeploymentConfiguration`).
const DEFAULT_MINIMUM: u64 = 100;
const DEFAULT_MAXIMUM: u64 = 200;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    let Some(config) = service.object(f::deploymentConfiguration) else { return };
    if !is_rolling(service) || service.str(f::schedulingStrategy) == Some("DAEMON") {
        return;
    }
    let (min, max) = (config.u64(f::minimumHealthyPercent), config.u64(f::maximumPercent));
    if min.is_none() && max.is_none() {
        return;
    }
    let (min, max) = (min.unwrap_or(DEFAULT_MINIMUM), max.unwrap_or(DEFAULT_MAXIMUM));
    let at = if config.get(f::maximumPercent).is_some() {
        config.at(f::maximumPercent)
    } else {
        config.at(f::minimumHealthyPercent)
    };
    let help = "raise `maximumPercent` above 100 so that new tasks start before old ones stop (200 is the default), \
                or lower `minimumHealthyPercent` so that old tasks stop first";
    match service.u64(f::desiredCount) {
        Some(0) => {}
        Some(n) => {
            // maximumPercent rounds down, minimumHealthyPercent up (the API model's DeploymentConfiguration).
            let most = n * max / 100;
            let least = (n * min).div_ceil(100);
            if most <= n && least >= n {
                out.report(
                    at,
                    format!(
                        "with {n} task{s}, `maximumPercent` {max} allows {most} running (rounded down) and \
                         `minimumHealthyPercent` {min} keeps {least} (rounded up): a deployment can neither start a \
                         new task nor stop an old one",
                        s = if n == 1 { "" } else { "s" }
                    ),
                    help,
                );
            }
        }
        None if max <= 100 && min >= 100 => out.report(
            at,
            format!(
                "`maximumPercent` {max} and `minimumHealthyPercent` {min}: a deployment can neither start a new task \
                 nor stop an old one, whatever the desired count"
            ),
            help,
        ),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn service(desired: &str, config: &str) -> String {
        crate::lint::service_with(desired, "deploymentConfiguration", config)
    }

    #[test]
    fn rounding_decides() {
        let stalled = service(r#""desiredCount": 1,"#, r#"{"minimumHealthyPercent": 50, "maximumPercent": 150}"#);
        assert_eq!(messages(&stalled, &RULE).len(), 1, "1 task: 150% is 1, 50% is 1");
        let room = service(r#""desiredCount": 2,"#, r#"{"minimumHealthyPercent": 50, "maximumPercent": 150}"#);
        assert!(messages(&room, &RULE).is_empty(), "2 tasks: 150% is 3");
        let unknown_count = service("", r#"{"minimumHealthyPercent": 100, "maximumPercent": 100}"#);
        assert_eq!(messages(&unknown_count, &RULE).len(), 1);
        let unknown_count_room = service("", r#"{"minimumHealthyPercent": 100, "maximumPercent": 150}"#);
        assert!(messages(&unknown_count_room, &RULE).is_empty());
        let defaults =
            service(r#""desiredCount": 1,"#, r#"{"deploymentCircuitBreaker": {"enable": true, "rollback": true}}"#);
        assert!(messages(&defaults, &RULE).is_empty());
        let zero = service(r#""desiredCount": 0,"#, r#"{"minimumHealthyPercent": 100, "maximumPercent": 100}"#);
        assert!(messages(&zero, &RULE).is_empty());
    }
}
