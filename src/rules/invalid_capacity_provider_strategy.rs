//! `invalid-capacity-provider-strategy`: a strategy ECS refuses: a `base` on more than one
//! provider, every weight 0 over several providers, or more than 20 providers.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "invalid-capacity-provider-strategy",
    category: Category::Invalid,
    summary: "A capacity provider strategy with a `base` on more than one provider, every weight 0, or more than 20 providers",
    doc: include_str!("../../rules/invalid-capacity-provider-strategy.md"),
    aliases: &[],
};

/// "A capacity provider strategy can contain a maximum of 20 capacity providers" (API model).
const MAX_PROVIDERS: usize = 20;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    let items = service.objects(f::capacityProviderStrategy);
    if items.is_empty() {
        return;
    }
    if items.len() > MAX_PROVIDERS {
        out.report(
            service.key_at(f::capacityProviderStrategy),
            format!("the capacity provider strategy has {} providers; ECS takes at most {MAX_PROVIDERS}", items.len()),
            "keep at most 20 capacity providers in the strategy",
        );
    }
    // A number, absent (0), or unknown (a placeholder: the rule says nothing).
    let number = |v: Option<&Value>| match v {
        None | Some(Value::Null) => Some(0),
        Some(v) => v.as_u64(),
    };
    let with_base: Vec<_> = items.iter().filter(|i| number(i.get(f::base)).is_some_and(|b| b > 0)).collect();
    if let [first, rest @ ..] = with_base.as_slice() {
        for item in rest {
            out.report(
                item.at(f::base),
                format!(
                    "two capacity providers of the strategy have a `base` (`{}` and `{}`); only one may",
                    first.str(f::capacityProvider).unwrap_or("?"),
                    item.str(f::capacityProvider).unwrap_or("?")
                ),
                "keep the `base` on one provider (the minimum number of tasks it runs) and give the others only a `weight`",
            );
        }
    }
    let weights: Option<Vec<u64>> = items.iter().map(|i| number(i.get(f::weight))).collect();
    if items.len() > 1 && weights.is_some_and(|w| w.iter().all(|w| *w == 0)) {
        out.report(
            service.key_at(f::capacityProviderStrategy),
            format!("every one of the {} capacity providers has weight 0 (an omitted weight is 0)", items.len()),
            "give at least one provider a `weight` above 0; with every weight 0 ECS cannot place tasks and refuses the service",
        );
    }
}
