//! `missing-required-field`: reported by the schema, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "missing-required-field",
    category: Category::Invalid,
    summary: "A field AWS requires is missing",
    doc: include_str!("../../rules/missing-required-field.md"),
    aliases: &[],
};
