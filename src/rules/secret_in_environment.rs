//! `secret-in-environment`: a secret in a plain `environment` value.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::secrets::secret_reason;

pub static RULE: Rule = Rule {
    name: "secret-in-environment",
    category: Category::Security,
    summary: "A secret in a plain `environment` value instead of `secrets` (SSM Parameter Store or Secrets Manager)",
    doc: include_str!("../../rules/secret-in-environment.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        for var in container.objects(f::environment) {
            let (Some(name), Some(value)) = (var.str(f::name), var.str(f::value)) else {
                continue;
            };
            let Some(why) = secret_reason(name, value) else {
                continue;
            };
            out.report(
                var.at(f::value),
                format!("environment variable `{name}` {why}"),
                format!(
                    "anyone who can read the task definition can read it: move it to `secrets`, as \
                     {{\"name\": \"{name}\", \"valueFrom\": \"arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME\"}} \
                     (or an SSM parameter ARN), and let the execution role read it"
                ),
            );
        }
    }
}
