//! `unused-ignore`: an `[[ignore]]` entry in ecslint.toml that hides nothing.

use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "unused-ignore",
    category: Category::Reliability,
    summary: "An `[[ignore]]` entry in ecslint.toml that hides no problem",
    doc: include_str!("../../rules/unused-ignore.md"),
    aliases: &[],
};
