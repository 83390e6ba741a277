//! `duplicate-volume-name`: two volumes of a task definition with the same name.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "duplicate-volume-name",
    category: Category::Invalid,
    summary: "Two volumes of one task definition have the same name",
    doc: include_str!("../../rules/duplicate-volume-name.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, volume) in task.objects(f::volumes).iter().enumerate() {
        let Some(name) = volume.str(f::name).filter(|n| !n.is_empty() && !is_placeholder(n)) else { continue };
        if let Some(&first) = first_of.get(name) {
            // The API model does not say that ECS refuses it: a warning at most.
            out.report_uncertain(
                volume.at(f::name),
                format!("two volumes are named `{name}` (at index {first} and {i})"),
                "give each volume its own name: mount points name the volume they mount, so one of them is never used",
            );
        } else {
            first_of.insert(name, i);
        }
    }
}
