//! `invalid-credential-spec`: `credentialSpecs` with more than one entry, or an entry that
//! starts with neither `credentialspec:` nor `credentialspecdomainless:`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-credential-spec",
    category: Category::Invalid,
    summary: "`credentialSpecs` with more than one ARN, or one not written `credentialspec:ARN` or `credentialspecdomainless:ARN`",
    doc: include_str!("../../rules/invalid-credential-spec.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let specs = container.strings(f::credentialSpecs);
        if specs.len() > 1 {
            out.report(
                container.key_at(f::credentialSpecs),
                format!("{} lists {} credential specs; ECS takes one", container.label(), specs.len()),
                "keep one credential spec: \"The maximum number of ARNs is 1\"",
            );
        }
        for (at, spec) in specs {
            if is_placeholder(spec) {
                continue;
            }
            let arn = spec.strip_prefix("credentialspecdomainless:").or_else(|| spec.strip_prefix("credentialspec:"));
            match arn {
                None => out.report(
                    at,
                    format!("the credential spec `{spec}` ({}) does not start with `credentialspec:` or `credentialspecdomainless:`", container.label()),
                    "write `credentialspec:ARN` (the instance is joined to the domain) or `credentialspecdomainless:ARN`, with the ARN of the CredSpec file in SSM or S3",
                ),
                Some(arn) if !arn.starts_with("arn:") && !is_placeholder(arn) => out.report(
                    at,
                    format!("the credential spec `{spec}` ({}) does not name an ARN", container.label()),
                    "give the ARN of the CredSpec file in SSM Parameter Store (`arn:aws:ssm:...:parameter/...`) or S3 (`arn:aws:s3:::bucket/key`)",
                ),
                Some(_) => {}
            }
        }
    }
}
