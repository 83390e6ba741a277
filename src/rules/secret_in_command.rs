//! `secret-in-command`: secrets in `command`, `entryPoint` or `dockerLabels`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::secrets::{is_secret_name, only_points_at_a_secret, secret_value_kind};

pub static RULE: Rule = Rule {
    name: "secret-in-command",
    category: Category::Security,
    summary: "A secret written into `command`, `entryPoint` or `dockerLabels`",
    doc: include_str!("../../rules/secret-in-command.md"),
    aliases: &[],
};

/// Whether `value`, given for a secret-named flag or variable, is a secret rather than a pointer.
fn holds_secret(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    !value.is_empty() && !is_placeholder(value) && !only_points_at_a_secret(value)
}

/// Why an argument list holds a secret: `--password=x`, `--password x`, `DB_PASSWORD=x`, or a
/// value that is a secret by its form.
fn secret_in_args(args: &[&str]) -> Option<(usize, String)> {
    for (i, arg) in args.iter().enumerate() {
        for word in arg.split_whitespace() {
            if let Some(kind) = secret_value_kind(word) {
                return Some((i, kind.to_string()));
            }
            if let Some((key, value)) = word.split_once('=')
                && is_secret_name(key.trim_start_matches('-'))
                && holds_secret(value)
            {
                return Some((i, format!("`{}` set to a secret", key.trim_start_matches('-'))));
            }
        }
        if let Some(flag) = arg.strip_prefix("--").filter(|f| !f.contains('=') && is_secret_name(f))
            && let Some(value) = args.get(i + 1)
            && holds_secret(value)
        {
            return Some((i + 1, format!("a secret after `--{flag}`")));
        }
    }
    None
}

pub fn check(cx: &Context, out: &mut Sink) {
    let help = "pass secrets through `secrets` (from Secrets Manager or SSM Parameter Store) and read them from the \
                environment in the command";
    for container in &cx.containers {
        for field in [f::command, f::entryPoint] {
            let args = container.strings(field);
            let words: Vec<&str> = args.iter().map(|(_, s)| *s).collect();
            if let Some((i, what)) = secret_in_args(&words) {
                out.report(args[i].0.clone(), format!("the `{field}` of {} holds {what}", container.label()), help);
            }
        }
        if let Some(labels) = container.object(f::dockerLabels) {
            for (key, value) in labels.obj {
                let Some(value) = value.as_str() else { continue };
                let why = secret_value_kind(value)
                    .map(str::to_string)
                    .or_else(|| (is_secret_name(key) && holds_secret(value)).then(|| "a secret".to_string()));
                if let Some(why) = why {
                    out.report(
                        labels.entry_at(key),
                        format!("Docker label `{key}` of {} holds {why}", container.label()),
                        help,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::secret_in_args;

    #[test]
    fn arguments() {
        assert_eq!(secret_in_args(&["serve", "--db-password=hunter2"]).map(|(i, _)| i), Some(1));
        assert_eq!(secret_in_args(&["serve", "--api-key", "abc123"]).map(|(i, _)| i), Some(2));
        assert_eq!(secret_in_args(&["sh", "-c", "export DB_PASSWORD=hunter2 && ./run"]).map(|(i, _)| i), Some(2));
        assert_eq!(secret_in_args(&["sh", "-c", "./run --token=$TOKEN"]), None);
        assert_eq!(secret_in_args(&["serve", "--password-file", "/run/secrets/db"]), None);
        assert_eq!(secret_in_args(&["serve", "--port", "8080", "--token-ttl=3600"]), None);
        assert_eq!(secret_in_args(&["aws", "s3", "cp", "s3://bucket/key", "."]), None);
    }
}
