//! `invalid-value`: reported by the schema, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "invalid-value",
    category: Category::Invalid,
    summary: "A value outside what AWS accepts, such as an unknown enum value",
    doc: include_str!("../../rules/invalid-value.md"),
    aliases: &[],
};
