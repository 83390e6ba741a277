//! `too-many-containers`: more than 10 container definitions, or none.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;

pub static RULE: Rule = Rule {
    name: "too-many-containers",
    category: Category::Invalid,
    summary: "More than 10 container definitions in one task definition, or none at all",
    doc: include_str!("../../rules/too-many-containers.md"),
    aliases: &[],
};

/// Containers per task definition: 10, not adjustable.
/// Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
const MAX_CONTAINERS: usize = 10;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(list) = &cx.containers_at else {
        return;
    };
    let count = cx.containers.len();
    if count > MAX_CONTAINERS {
        out.report(
            cx.containers[MAX_CONTAINERS].start(),
            format!("the task definition has {count} containers; ECS allows at most {MAX_CONTAINERS}"),
            "split the containers across task definitions (one per service), or fold sidecars together",
        );
    } else if count == 0 && cx.all_containers_known {
        out.report(
            list.clone(),
            "the task definition has no containers",
            "add at least one container definition with a `name` and an `image`",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn points_at_the_eleventh_container() {
        let containers: Vec<String> = (0..12).map(|i| format!(r#"{{"name": "c{i}", "image": "x"}}"#)).collect();
        let text = format!(r#"{{"family": "f", "containerDefinitions": [{}]}}"#, containers.join(","));
        assert_eq!(
            messages(&text, &RULE),
            ["/containerDefinitions/10: the task definition has 12 containers; ECS allows at most 10"]
        );
        let ten = format!(r#"{{"family": "f", "containerDefinitions": [{}]}}"#, containers[..10].join(","));
        assert!(messages(&ten, &RULE).is_empty());
    }
}
