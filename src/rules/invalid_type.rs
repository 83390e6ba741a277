//! `invalid-type`: reported by the schema, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "invalid-type",
    category: Category::Invalid,
    summary: "A value of the wrong JSON type, such as a number where AWS wants a string",
    doc: include_str!("../../rules/invalid-type.md"),
    aliases: &[],
};
