//! `plain-environment-variable`: any plain `environment` value at all.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "plain-environment-variable",
    category: Category::Pedantic,
    summary: "Configuration in plain `environment` values rather than in Parameter Store",
    doc: include_str!("../../rules/plain-environment-variable.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        for var in container.objects(f::environment) {
            let Some(name) = var.str(f::name) else { continue };
            out.report(
                var.at(f::name),
                format!("{} sets `{name}` as a plain environment value", container.label()),
                "keep configuration in SSM Parameter Store (`secrets` with a parameter ARN) or in an `environmentFiles` \
                 S3 object, where it can change and be audited without a new task definition revision",
            );
        }
    }
}
