//! `same-task-and-execution-role`: one role for both the task and the execution role.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "same-task-and-execution-role",
    category: Category::Security,
    summary: "The task role and the execution role are the same role",
    doc: include_str!("../../rules/same-task-and-execution-role.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    let (Some(task_role), Some(execution_role)) = (task.str(f::taskRoleArn), task.str(f::executionRoleArn)) else {
        return;
    };
    if !task_role.trim().is_empty() && task_role == execution_role {
        out.report(
            task.at(f::executionRoleArn),
            "the task role and the execution role are the same role",
            "give the application its own task role with only what the code needs; the execution role (image pulls, \
             secrets, logs) serves the ECS agent",
        );
    }
}
