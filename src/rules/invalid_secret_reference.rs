//! `invalid-secret-reference`: a `valueFrom` that is neither an SSM parameter nor a Secrets Manager ARN.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-secret-reference",
    category: Category::Correctness,
    summary: "A secret's `valueFrom` that is neither an SSM parameter (name or ARN) nor a Secrets Manager ARN",
    doc: include_str!("../../rules/invalid-secret-reference.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let log_secrets =
            container.object(f::logConfiguration).map(|l| l.objects(f::secretOptions)).unwrap_or_default();
        let secrets = container
            .objects(f::secrets)
            .into_iter()
            .map(|s| (s, "secret"))
            .chain(log_secrets.into_iter().map(|s| (s, "log secret option")));
        if let Some(credentials) = container.object(f::repositoryCredentials)
            && let Some(value) = credentials.str(f::credentialsParameter).filter(|v| !is_placeholder(v))
            && value.starts_with("arn:")
            && value.split(':').nth(2) != Some("secretsmanager")
        {
            // The agent reads it from Secrets Manager alone (`ASMAuthResource`).
            out.report(
                credentials.at(f::credentialsParameter),
                format!("the registry credentials of {} come from `{value}`, which is not a Secrets Manager secret", container.label()),
                "store the registry's username and password in Secrets Manager and give that secret's ARN (or, in the same Region, its name): ECS reads private registry credentials from Secrets Manager only",
            );
        }
        for (secret, kind) in secrets {
            let Some(value) = secret.str(f::valueFrom).filter(|v| !is_placeholder(v)) else { continue };
            if let Err(problem) = check_reference(value) {
                out.report(
                    secret.at(f::valueFrom),
                    format!(
                        "the {kind} `{}` of {} comes from `{value}`, which {problem}",
                        secret.str(f::name).unwrap_or("?"),
                        container.label()
                    ),
                    "use a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME, optionally followed by \
                     :JSON-KEY:VERSION-STAGE:VERSION-ID), an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME), or the \
                     name of an SSM parameter in the task's Region",
                );
            }
        }
    }
}

/// Checks a `valueFrom`. Region and account are not judged (they are often templated).
pub fn check_reference(value: &str) -> Result<(), String> {
    let Some(rest) = value.strip_prefix("arn:") else {
        // An SSM parameter name: letters, digits, `_.-` and `/` for hierarchies.
        return match value.chars().find(|c| !(c.is_ascii_alphanumeric() || "_.-/".contains(*c))) {
            None if !value.is_empty() => Ok(()),
            None => Err("is empty".into()),
            Some(c) => Err(format!("is not an ARN, and an SSM parameter name cannot contain `{}`", c.escape_default())),
        };
    };
    let parts: Vec<&str> = rest.split(':').collect();
    // partition : service : region : account : resource...
    if parts.len() < 5 {
        return Err("is not a complete ARN".into());
    }
    match parts[1] {
        "ssm" => match parts[4].strip_prefix("parameter") {
            Some(name) if name.starts_with('/') && name.len() > 1 && parts.len() == 5 => Ok(()),
            _ => Err("is not an SSM parameter ARN (…:parameter/NAME)".into()),
        },
        "secretsmanager" => {
            if parts[4] != "secret" || parts.len() < 6 || parts[5].is_empty() {
                return Err("is not a Secrets Manager secret ARN (…:secret:NAME)".into());
            }
            match parts.len() {
                6 => Ok(()),
                9 => {
                    if !parts[7].is_empty() && !parts[8].is_empty() {
                        Err("names both a version stage and a version ID; use one".into())
                    } else {
                        Ok(())
                    }
                }
                _ => Err("has a partial suffix: after the secret name write all three of JSON-KEY:VERSION-STAGE:VERSION-ID, \
                          leaving unused ones empty (…:secret:NAME:username::)"
                    .into()),
            }
        }
        service => Err(format!("is an ARN of `{service}`, not of Secrets Manager or SSM Parameter Store")),
    }
}

#[cfg(test)]
mod tests {
    use super::check_reference;

    #[test]
    fn references() {
        for ok in [
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:username::",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf::AWSPREVIOUS:",
            "arn:aws-us-gov:secretsmanager:us-gov-west-1:ACCOUNT_ID:secret:db",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/db_password",
            "/prod/db/password",
            "db_password",
        ] {
            assert_eq!(check_reference(ok), Ok(()), "{ok}");
        }
        for bad in [
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db:username",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db::AWSCURRENT:1111-2222",
            "arn:aws:ssm:eu-west-1:123456789012:db_password",
            "arn:aws:s3:::bucket/secret.env",
            "arn:aws:secretsmanager",
            "my password",
            "",
        ] {
            assert!(check_reference(bad).is_err(), "{bad}");
        }
    }
}
