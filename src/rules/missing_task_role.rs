//! `missing-task-role`: no `taskRoleArn`, or an empty one.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "missing-task-role",
    category: Category::Security,
    summary: "No task IAM role: containers get no AWS credentials of their own",
    doc: include_str!("../../rules/missing-task-role.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // A bare container array has no task level: the role is set where the task is.
    let Some(task) = &cx.task else { return };
    let help = "create an IAM role for the application with only the permissions it needs, trusted by \
                `ecs-tasks.amazonaws.com`, and set `\"taskRoleArn\"` to its ARN";
    match task.get(f::taskRoleArn) {
        None | Some(Value::Null) => {
            let at = if task.get(f::family).is_some() { task.key_at(f::family) } else { task.start() };
            out.report(at, "the task definition has no task role (`taskRoleArn`)", help);
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            out.report(task.at(f::taskRoleArn), "`taskRoleArn` is empty", help);
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    #[test]
    fn looks_inside_describe_output_and_not_at_container_arrays() {
        let describe = r#"{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "x"}]}}"#;
        assert_eq!(
            messages(describe, &RULE),
            ["/taskDefinition/family: the task definition has no task role (`taskRoleArn`)"]
        );
        assert!(messages(r#"[{"name": "a", "image": "x"}]"#, &RULE).is_empty());
        let placeholder =
            r#"{"family": "f", "taskRoleArn": "${TASK_ROLE}", "containerDefinitions": [{"name": "a", "image": "x"}]}"#;
        assert!(messages(placeholder, &RULE).is_empty());
    }
}
