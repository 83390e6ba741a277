//! `invalid-placement-constraint`: a placement constraint ECS refuses.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::service::{Placement, placement_items};

pub static RULE: Rule = Rule {
    name: "invalid-placement-constraint",
    category: Category::Invalid,
    summary: "A placement constraint with an expression it cannot take or without one it needs, or on Fargate",
    doc: include_str!("../../rules/invalid-placement-constraint.md"),
    aliases: &[],
};

/// "You can specify a maximum of 10 constraints for each task. This limit includes constraints
/// in the task definition and those specified at runtime" (the API model's CreateServiceRequest).
const MAX_CONSTRAINTS: usize = 10;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(constraints) = placement_items(
        cx,
        out,
        Placement {
            key: f::placementConstraints,
            what: "placement constraints",
            max: MAX_CONSTRAINTS,
            on_fargate: "remove `placementConstraints`: Fargate chooses where tasks run",
            too_many: "combine them: one `memberOf` expression can join conditions with `and`",
        },
    ) else {
        return;
    };
    for constraint in &constraints {
        let expression = constraint.get(f::expression).is_some_and(|v| v.as_str().is_none_or(|s| !s.trim().is_empty()));
        match constraint.str(f::r#type) {
            Some("distinctInstance") if expression => out.report(
                constraint.key_at(f::expression),
                "a `distinctInstance` constraint takes no `expression`",
                "remove `expression`; to restrict instances too, add a separate `memberOf` constraint",
            ),
            Some("memberOf") if !expression => out.report_uncertain(
                constraint.at(f::r#type),
                "a `memberOf` constraint needs an `expression` naming the instances it allows",
                "add an `expression` in the cluster query language, e.g. `attribute:ecs.instance-type =~ t3.*`",
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn service(extra: &str, constraints: &str) -> String {
        crate::lint::service_with(extra, "placementConstraints", constraints)
    }

    #[test]
    fn expressions_where_they_belong() {
        let bad = service("", r#"[{"type": "distinctInstance", "expression": "x"}, {"type": "memberOf"}]"#);
        assert_eq!(messages(&bad, &RULE).len(), 2);
        let good =
            service("", r#"[{"type": "distinctInstance"}, {"type": "memberOf", "expression": "attribute:a == b"}]"#);
        assert!(messages(&good, &RULE).is_empty());
        let spot = service(
            r#""capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT"}],"#,
            r#"[{"type": "distinctInstance"}]"#,
        );
        assert_eq!(
            messages(&spot, &RULE),
            ["/placementConstraints: placement constraints are not supported on Fargate"]
        );
    }
}
