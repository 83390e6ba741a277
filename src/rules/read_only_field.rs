//! `read-only-field`: reported by the schema, not by a check over the view.

use crate::diagnostic::{Finding, FixSpec, Group, Location};
use crate::rule::{Category, Rule, Severity};

pub static RULE: Rule = Rule {
    name: "read-only-field",
    category: Category::Invalid,
    summary: "A describe-only field (revision, status...) in a file meant for registration",
    doc: include_str!("../../rules/read-only-field.md"),
    aliases: &[],
};

/// A field of describe-task-definition output at `at`. The fields of a unit are one problem,
/// with one fix that removes them. `removed_by` is what the file's reader does with them
/// ("the deploy action removes"): then a warning, as the reader only warns; without it the
/// registration refuses them.
pub fn describe_only(key: &str, at: Location, removed_by: Option<&str>) -> Finding {
    let (one, many) =
        ("a read-only field of describe-task-definition output", "read-only fields of describe-task-definition output");
    let (message, more, help, cap) = match removed_by {
        None => (
            format!("`{key}` is {one}"),
            format!("`{key}` and {{more}} are {many}"),
            "RegisterTaskDefinition refuses the fields that describe output adds; remove `taskDefinitionArn`, \
             `revision`, `status`, `requiresAttributes`, `compatibilities`, `registeredAt`, `registeredBy`, \
             `deregisteredAt` and `deleteRequestedAt`"
                .to_string(),
            None,
        ),
        Some(how) => (
            format!("`{key}` is {one}; {how} it, with a warning"),
            format!("`{key}` and {{more}} are {many}; {how} them, with a warning each"),
            "remove it from the file, and the reader's warning with it".to_string(),
            Some(Severity::Warning),
        ),
    };
    let fix = FixSpec::removal(key, &at.pointer);
    Finding {
        fix: Some(fix),
        group: Some(Group {
            key: "describe-only",
            message: more,
            fix_title: "Remove the fields of describe output".into(),
        }),
        ..Finding::new(&RULE, at, message, help).capped(cap)
    }
}
