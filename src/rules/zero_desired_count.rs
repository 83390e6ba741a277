//! `zero-desired-count`: a replica service that asks for no tasks.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "zero-desired-count",
    category: Category::BestPractice,
    summary: "A replica service with `desiredCount: 0`, which runs no tasks",
    doc: include_str!("../../rules/zero-desired-count.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    if service.str(f::schedulingStrategy) == Some("DAEMON") {
        return;
    }
    if service.get(f::desiredCount).and_then(|v| v.as_u64()) == Some(0) {
        out.report(
            service.at(f::desiredCount),
            "the service asks for 0 tasks, so it runs none",
            "set `desiredCount` to the number of tasks to run (2 or more spreads them over Availability Zones); if an auto scaler sets it, turn the rule off for this file in ecslint.toml",
        );
    }
}
