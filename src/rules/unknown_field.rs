//! `unknown-field`: reported by the schema, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "unknown-field",
    category: Category::Invalid,
    summary: "A field AWS does not know, often a misspelling",
    doc: include_str!("../../rules/unknown-field.md"),
    aliases: &[],
};
