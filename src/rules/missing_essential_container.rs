//! `missing-essential-container`: every container sets `essential` to false.

use crate::diagnostic::{FixSpec, Sink};
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-essential-container",
    category: Category::Invalid,
    summary: "No container is essential (an omitted `essential` counts as true)",
    doc: include_str!("../../rules/missing-essential-container.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // Only an explicit `false` makes a container non-essential; `essential` defaults to true.
    if cx.containers.is_empty() || !cx.all_containers_known || cx.containers.iter().any(|c| c.is_essential()) {
        return;
    }
    let first = &cx.containers[0];
    let message = if cx.containers.len() == 1 {
        format!("{} is the only container and is not essential", first.label())
    } else {
        format!("none of the {} containers is essential", cx.containers.len())
    };
    out.report_fix(
        first.at(f::essential),
        message,
        "set `\"essential\": true` on the main container (or remove `essential` from it: omitted means true); \
         a task needs at least one essential container",
        FixSpec {
            title: format!("Make {} essential", first.label()),
            edits: vec![(first.at(f::essential), "true".into())],
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn only_an_explicit_false_is_non_essential() {
        let omitted = r#"{"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "essential": false}, {"name": "b", "image": "x"}]}"#;
        assert!(messages(omitted, &RULE).is_empty());
        let placeholder =
            r#"{"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "essential": "${ESSENTIAL}"}]}"#;
        assert!(messages(placeholder, &RULE).is_empty());
        let alone = r#"[{"name": "a", "image": "x", "essential": false}]"#;
        assert_eq!(messages(alone, &RULE), ["/0/essential: container `a` is the only container and is not essential"]);
    }
}
