//! `unused-ignore`: an `[[ignore]]` entry in ecslint.toml, or a suppression written in a file
//! (CloudFormation `Metadata`, a Terraform `# ecslint:ignore` comment), that hides nothing. A
//! diagnostic of the configuration stage: `src/filter.rs` knows which entries hid nothing, and
//! the lint which suppressions did, and they ask for their findings here.

use crate::diagnostic::{Finding, Location, Target};
use crate::rule::{Category, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    name: "unused-ignore",
    category: Category::Reliability,
    summary: "An `[[ignore]]` entry in ecslint.toml, or a suppression in a file, that hides no problem",
    doc: include_str!("../../rules/unused-ignore.md"),
    aliases: &[],
};

/// The finding for the `index`th entry (0-based), whose `files` are written at `span`.
pub fn finding(index: usize, span: Span) -> Finding {
    Finding {
        rule: &RULE,
        at: Location { pointer: format!("/ignore/{index}"), target: Target::Start },
        message: format!("ignore entry {} hides no problem", index + 1),
        help: Some("remove the entry, or fix its `files` globs and `rules`".into()),
        span: Some(span),
        cap: None,
        fix: None,
        group: None,
    }
}

/// The finding for a suppression written in a file (at `span`) that hides nothing: `what` says why.
pub fn inline(span: Span, what: String) -> Finding {
    Finding {
        rule: &RULE,
        at: Location { pointer: String::new(), target: Target::Start },
        message: what,
        help: Some("remove the suppression, or name the rule of the problem it is for".into()),
        span: Some(span),
        cap: None,
        fix: None,
        group: None,
    }
}
