//! `missing-tags`: a task definition or service with no tags at all.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::Shape;
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-tags",
    category: Category::Hardening,
    summary: "A task definition or service with no tags",
    doc: include_str!("../../rules/missing-tags.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let (holder, what) = match (&cx.service, &cx.task) {
        (Some(service), _) if cx.shape == Shape::CreateService => (service, "service"),
        (None, Some(task)) if cx.shape == Shape::Register => (task, "task definition"),
        // Describe output keeps its tags apart; an update keeps the service's.
        _ => return,
    };
    if holder.get(f::tags).is_none() {
        out.report(
            holder.start(),
            format!("the {what} has no tags"),
            "tag it (`tags`: owner, application, environment, cost centre...) so that cost reports, access policies and inventories can tell it apart",
        );
    }
}
