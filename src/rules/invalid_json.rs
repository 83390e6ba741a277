//! `invalid-json`: a file (or a part of one) that cannot be read. A diagnostic of the reading
//! stage: the readers say what they could not read and where (`unit::Unreadable`), and this
//! file turns that into a finding.

use crate::diagnostic::{Finding, Location, Target};
use crate::rule::{Category, Rule};
use crate::unit::Unreadable;

pub static RULE: Rule = Rule {
    name: "invalid-json",
    category: Category::Invalid,
    summary: "The file is not valid JSON (or not UTF-8), so AWS cannot read it",
    doc: include_str!("../../rules/invalid-json.md"),
    aliases: &[],
};

/// The finding for what a reader could not read, with what to do about it.
pub fn finding(unreadable: &Unreadable, help: &str) -> Finding {
    Finding {
        rule: &RULE,
        at: Location { pointer: String::new(), target: Target::Start },
        message: unreadable.message.clone(),
        help: Some(help.into()),
        span: Some(unreadable.span),
        cap: None,
        fix: None,
        group: None,
    }
}
