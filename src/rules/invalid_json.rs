//! `invalid-json`: reported by the parser, not by a check over the view.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "invalid-json",
    category: Category::Invalid,
    summary: "The file is not valid JSON (or not UTF-8), so AWS cannot read it",
    doc: include_str!("../../rules/invalid-json.md"),
    aliases: &[],
};
