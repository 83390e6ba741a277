//! `launch-type-with-capacity-provider`: a service sets both `launchType` and a
//! `capacityProviderStrategy`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "launch-type-with-capacity-provider",
    category: Category::Invalid,
    summary: "A service sets both a launch type and a capacity provider strategy",
    doc: include_str!("../../rules/launch-type-with-capacity-provider.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    if service.get(f::launchType).is_some_and(|v| !v.is_null()) && service.is_set(f::capacityProviderStrategy) {
        out.report(
            service.key_at(f::launchType),
            "the service sets both `launchType` and `capacityProviderStrategy`; ECS accepts one or the other",
            "remove `launchType` to place tasks with the capacity providers, or remove `capacityProviderStrategy`",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn one_or_the_other() {
        let both = r#"{"serviceName": "s", "taskDefinition": "web", "launchType": "EC2",
            "capacityProviderStrategy": [{"capacityProvider": "cp"}]}"#;
        assert_eq!(
            messages(both, &RULE),
            [
                "/launchType: the service sets both `launchType` and `capacityProviderStrategy`; ECS accepts one or the other"
            ]
        );
        let empty =
            r#"{"serviceName": "s", "taskDefinition": "web", "launchType": "EC2", "capacityProviderStrategy": []}"#;
        assert!(messages(empty, &RULE).is_empty());
    }
}
