//! `read-only-field`: reported by the schema, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "read-only-field",
    category: Category::Invalid,
    summary: "A describe-only field (revision, status...) in a file meant for registration",
    doc: include_str!("../../rules/read-only-field.md"),
    aliases: &[],
};
