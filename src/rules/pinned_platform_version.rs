//! `pinned-platform-version`: a Fargate service pinned to a platform version other than `LATEST`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "pinned-platform-version",
    category: Category::BestPractice,
    summary: "A Fargate service pinned to a platform version instead of `LATEST`",
    doc: include_str!("../../rules/pinned-platform-version.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(service) = &cx.service else { return };
    if !cx.service_on_fargate() {
        return;
    }
    let Some(version) = service.str(f::platformVersion).filter(|v| !v.is_empty() && !is_placeholder(v)) else { return };
    if version != "LATEST" {
        out.report(
            service.at(f::platformVersion),
            format!("the Fargate service is pinned to platform version `{version}`"),
            "use `LATEST` (or leave `platformVersion` out) so that new tasks get Fargate's security and feature updates",
        );
    }
}
