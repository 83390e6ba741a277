//! `ignore-without-reason`: a suppression written in a file without a reason. A diagnostic of
//! the configuration stage, made where the lint applies the file's suppressions.

use crate::diagnostic::{Finding, Location, Target};
use crate::rule::{Category, Rule};
use crate::span::Span;

pub static RULE: Rule = Rule {
    name: "ignore-without-reason",
    category: Category::Reliability,
    summary: "A suppression in a file (CloudFormation `Metadata`, `# ecslint:ignore`) that gives no reason",
    doc: include_str!("../../rules/ignore-without-reason.md"),
    aliases: &[],
};

/// The finding for the suppression at `span`.
pub fn finding(span: Span) -> Finding {
    Finding {
        rule: &RULE,
        at: Location { pointer: String::new(), target: Target::Start },
        message: "this suppression gives no reason".into(),
        help: Some("say why the problem is accepted: `# ecslint:ignore RULE the reason`, or `reason:` beside `rule:` in the Metadata".into()),
        span: Some(span),
        cap: None,
        fix: None,
        group: None,
    }
}
