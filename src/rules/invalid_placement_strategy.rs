//! `invalid-placement-strategy`: a placement strategy ECS refuses or ignores.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::service::{Placement, placement_items};

pub static RULE: Rule = Rule {
    name: "invalid-placement-strategy",
    category: Category::Invalid,
    summary: "A placement strategy without its field, with a field it ignores, too many of them, or on Fargate",
    doc: include_str!("../../rules/invalid-placement-strategy.md"),
    aliases: &[],
};

/// "You can specify a maximum of 5 strategy rules for each service" (the API model's
/// CreateServiceRequest.placementStrategy).
const MAX_STRATEGIES: usize = 5;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(strategies) = placement_items(
        cx,
        out,
        Placement {
            key: f::placementStrategy,
            what: "placement strategies",
            max: MAX_STRATEGIES,
            on_fargate: "remove `placementStrategy`: Fargate places tasks itself, spread across Availability Zones",
            too_many: "keep the five that matter most, in order",
        },
    ) else {
        return;
    };
    for strategy in &strategies {
        let field = strategy.get(f::field).and_then(|v| v.as_str());
        match strategy.str(f::r#type) {
            Some("binpack") => match field {
                Some(f) if f.eq_ignore_ascii_case("cpu") || f.eq_ignore_ascii_case("memory") => {}
                Some(f) => out.report(
                    strategy.at(f::field),
                    format!("`binpack` packs by `cpu` or `memory`, not `{f}`"),
                    "set `field` to `memory` (or `cpu`)",
                ),
                None => out.report(
                    strategy.at(f::r#type),
                    "a `binpack` strategy needs a `field`: `cpu` or `memory`",
                    "add `\"field\": \"memory\"` (or `cpu`)",
                ),
            },
            Some("spread") if field.is_none() => out.report(
                strategy.at(f::r#type),
                "a `spread` strategy needs a `field` to spread over",
                "add `\"field\": \"attribute:ecs.availability-zone\"` (or `instanceId`)",
            ),
            Some("random") if field.is_some() => out.report_uncertain(
                strategy.at(f::field),
                "a `random` strategy takes no `field`; ECS ignores it",
                "remove `field`",
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn service(extra: &str, strategies: &str) -> String {
        crate::lint::service_with(extra, "placementStrategy", strategies)
    }

    #[test]
    fn each_type_and_its_field() {
        let bad = service(
            "",
            r#"[{"type": "binpack"}, {"type": "binpack", "field": "disk"}, {"type": "spread"},
            {"type": "random", "field": "cpu"}]"#,
        );
        assert_eq!(messages(&bad, &RULE).len(), 4);
        let good = service(
            "",
            r#"[{"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "MEMORY"}, {"type": "random"}]"#,
        );
        assert!(messages(&good, &RULE).is_empty());
        let fargate = service(r#""launchType": "FARGATE","#, r#"[{"type": "random"}]"#);
        assert_eq!(
            messages(&fargate, &RULE),
            ["/placementStrategy: placement strategies are not supported on Fargate"]
        );
        let six = service("", &format!("[{}]", [r#"{"type": "random"}"#; 6].join(",")));
        assert_eq!(messages(&six, &RULE).len(), 1);
    }
}
