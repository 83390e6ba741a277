//! `duplicate-key`: a key twice in one object. A diagnostic of the reading stage: the parsers
//! record each duplicate (`json::DuplicateKey`), and this file turns them into findings.

use crate::diagnostic::{Finding, Location, Target};
use crate::json::DuplicateKey;
use crate::rule::{Category, Rule};

pub static RULE: Rule = Rule {
    name: "duplicate-key",
    category: Category::Reliability,
    summary: "A key appears twice in one object; AWS silently keeps the last",
    doc: include_str!("../../rules/duplicate-key.md"),
    aliases: &[],
};

/// The finding for a duplicate the parser recorded, at its second occurrence.
pub fn finding(dup: &DuplicateKey) -> Finding {
    Finding {
        rule: &RULE,
        at: Location { pointer: dup.pointer.clone(), target: Target::Key },
        message: format!("`{}` appears twice in the same object; AWS keeps only the last one", dup.key),
        help: Some("remove one of the two, keeping the value you mean".into()),
        span: Some(dup.second),
        cap: None,
        fix: None,
        group: None,
    }
}
