//! `invalid-ephemeral-storage`: `ephemeralStorage.sizeInGiB` outside 21 to 200.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-ephemeral-storage",
    category: Category::Invalid,
    summary: "`ephemeralStorage.sizeInGiB` outside 21 to 200 GiB",
    doc: include_str!("../../rules/invalid-ephemeral-storage.md"),
    aliases: &[],
};

/// "The minimum supported value is 21 GiB and the maximum supported value is 200 GiB"
/// (API model, EphemeralStorage.sizeInGiB).
const RANGE: std::ops::RangeInclusive<i64> = 21..=200;

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(storage) = cx.task.as_ref().and_then(|t| t.object(f::ephemeralStorage)) else {
        return;
    };
    let only_instances =
        cx.task.as_ref().and_then(|t| t.get(f::requiresCompatibilities)).and_then(|v| v.as_array()).is_some_and(
            |list| !list.is_empty() && list.iter().all(|c| matches!(c.as_str(), Some("EC2" | "EXTERNAL"))),
        );
    if only_instances {
        // The model says what it is for, not that EC2 refuses it: a doubt.
        out.report_uncertain(
            storage.start(),
            "`ephemeralStorage` sizes a Fargate task's storage, and this task definition is for EC2 or external instances only",
            "remove `ephemeralStorage`: tasks on instances use the instance's storage (size it in the launch template)",
        );
    }
    let Some(size) = storage.get(f::sizeInGiB).and_then(|v| v.as_i64()) else {
        return;
    };
    if !RANGE.contains(&size) {
        out.report(
            storage.at(f::sizeInGiB),
            format!("ephemeral storage of {size} GiB is outside the 21 to 200 GiB that Fargate offers"),
            "set `sizeInGiB` between 21 and 200; leave `ephemeralStorage` out for the default 20 GiB",
        );
    }
}
