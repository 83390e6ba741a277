//! `duplicate-key`: reported by the parser, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "duplicate-key",
    category: Category::Reliability,
    summary: "A key appears twice in one object; AWS silently keeps the last",
    doc: include_str!("../../rules/duplicate-key.md"),
    aliases: &[],
};
