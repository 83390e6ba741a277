//! `secret-in-log-options`: credentials in `logConfiguration.options` rather than `secretOptions`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::secrets::{is_secret_name, only_points_at_a_secret, secret_value_kind};

pub static RULE: Rule = Rule {
    name: "secret-in-log-options",
    category: Category::Security,
    summary: "A credential in `logConfiguration.options` instead of `secretOptions`",
    doc: include_str!("../../rules/secret-in-log-options.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(options) = container.object(f::logConfiguration).and_then(|l| l.object(f::options)) else { continue };
        for (key, value) in options.obj {
            let Some(value) = value.as_str().map(str::trim).filter(|v| !v.is_empty()) else { continue };
            let by_name = is_secret_name(key) && !is_placeholder(value) && !only_points_at_a_secret(value);
            if by_name || secret_value_kind(value).is_some() {
                out.report(
                    options.entry_at(key),
                    format!("log option `{key}` of {} holds a credential in plain text", container.label()),
                    format!(
                        "move it to `secretOptions`: [{{\"name\": \"{key}\", \"valueFrom\": \"arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME\"}}], \
                         and let the execution role read it"
                    ),
                );
            }
        }
    }
}
