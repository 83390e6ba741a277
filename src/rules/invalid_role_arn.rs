//! `invalid-role-arn`: `taskRoleArn`/`executionRoleArn` that is not an IAM role.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-role-arn",
    category: Category::Invalid,
    summary: "`taskRoleArn` or `executionRoleArn` is not an IAM role ARN",
    doc: include_str!("../../rules/invalid-role-arn.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(task) = &cx.task else { return };
    for field in [f::taskRoleArn, f::executionRoleArn] {
        let Some(value) = task.str(field) else {
            continue;
        };
        // An empty task role is `missing-task-role`'s; placeholders are not judged.
        if value.trim().is_empty() || is_placeholder(value) {
            continue;
        }
        let help = "use the role's ARN, arn:aws:iam::ACCOUNT:role/NAME (IAM console: Roles > the role > ARN)";
        match role(value) {
            Role::Arn => {}
            // The API model: taskRoleArn is "the short name or full ARN"; executionRoleArn is
            // "the ARN" (whether a short name works there is not documented).
            Role::Name if field == f::taskRoleArn => {}
            Role::Name => out.report_uncertain(
                task.at(field),
                format!("`{field}` is a role name, but the API asks for the role's ARN"),
                help,
            ),
            Role::Invalid(problem) => out.report(task.at(field), format!("`{field}` {problem}"), help),
        }
    }
}

enum Role {
    Arn,
    Name,
    Invalid(String),
}

/// `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`, or a bare role name.
fn role(value: &str) -> Role {
    let name_ok = |name: &str| {
        !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    };
    let Some(rest) = value.strip_prefix("arn:") else {
        return if name_ok(value) {
            Role::Name
        } else {
            Role::Invalid(format!("`{value}` is neither an IAM role ARN nor a role name"))
        };
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    if parts.len() != 5 {
        return Role::Invalid(format!("`{value}` is not a complete ARN"));
    }
    let (service, region, account, resource) = (parts[1], parts[2], parts[3], parts[4]);
    if service != "iam" {
        return Role::Invalid(format!("is an ARN of `{service}`, not of an IAM role"));
    }
    if !region.is_empty() {
        return Role::Invalid("has a Region in it, but IAM ARNs have none (arn:aws:iam::ACCOUNT:…)".into());
    }
    if account.is_empty() {
        return Role::Invalid("has no account ID".into());
    }
    match resource.strip_prefix("role/") {
        Some(path) if path.rsplit('/').next().is_some_and(name_ok) => Role::Arn,
        Some(_) => Role::Invalid(format!("`{value}` does not end in a valid role name")),
        None => {
            let kind = resource.split('/').next().unwrap_or(resource);
            Role::Invalid(format!("is the ARN of an IAM {kind}, not of a role"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::messages;

    fn task(role: &str, execution: &str) -> String {
        format!(
            r#"{{"family": "f", "taskRoleArn": "{role}", "executionRoleArn": "{execution}", "memory": "512", "containerDefinitions": [{{"name": "a", "image": "x"}}]}}"#
        )
    }

    #[test]
    fn roles() {
        assert!(
            messages(
                &task("arn:aws:iam::123456789012:role/app", "arn:aws-cn:iam::123456789012:role/service-role/exec"),
                &RULE
            )
            .is_empty()
        );
        assert!(messages(&task("app-task-role", "arn:aws:iam::${AWS_ACCOUNT_ID}:role/exec"), &RULE).is_empty());
        assert!(
            messages(&task("arn:aws:iam::ACCOUNT_ID:role/app", "arn:aws:iam::XXXXXXXXXXXX:role/exec"), &RULE)
                .is_empty()
        );
        assert_eq!(
            messages(
                &task("arn:aws:iam::123456789012:user/deploy", "arn:aws:iam:us-east-1:123456789012:role/exec"),
                &RULE
            ),
            [
                "/taskRoleArn: `taskRoleArn` is the ARN of an IAM user, not of a role",
                "/executionRoleArn: `executionRoleArn` has a Region in it, but IAM ARNs have none (arn:aws:iam::ACCOUNT:…)",
            ]
        );
        assert_eq!(
            messages(&task("arn:aws:sts::123456789012:assumed-role/app/session", "ecsTaskExecutionRole"), &RULE),
            [
                "/taskRoleArn: `taskRoleArn` is an ARN of `sts`, not of an IAM role",
                "/executionRoleArn: `executionRoleArn` is a role name, but the API asks for the role's ARN",
            ]
        );
    }
}
