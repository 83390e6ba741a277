//! Whether a name or a value looks like a secret: shared by the rules that look for secrets
//! in plain text (environment, command, log options).

use crate::placeholder::is_placeholder;

/// Why a variable holds a secret, judged by its value first and then by its name.
pub fn secret_reason(name: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Some(kind) = secret_value_kind(value) {
        return Some(format!("holds {kind} in plain text"));
    }
    // A name that is a credential whatever it holds: its JSON (`{"https://index.docker.io/v1/": ...}`)
    // is no pointer to a secret.
    let credential = SECRET_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name));
    if !is_secret_name(name) || (only_points_at_a_secret(value) && !(credential && value.starts_with('{'))) {
        return None;
    }
    // `${DB_PASSWORD}`, or `MY_SPLUNK_ACCESS_TOKEN` as samples write "put yours here".
    let upper_snake =
        value.contains('_') && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if is_placeholder(value) || upper_snake {
        Some(format!("will hold a secret in plain text once `{value}` is filled in"))
    } else {
        Some("holds a secret in plain text".into())
    }
}

/// Values that are secrets whatever their name.
pub fn secret_value_kind(value: &str) -> Option<&'static str> {
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    if url_has_password(value) {
        return Some("a URL with a password");
    }
    if is_webhook_url(value) {
        return Some("a webhook URL with its token");
    }
    for word in value.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')) {
        if is_aws_access_key_id(word) {
            return Some("an AWS access key ID");
        }
        if TOKEN_PREFIXES.iter().any(|p| word.starts_with(p) && word.len() >= p.len() + 16) {
            return Some("an access token");
        }
        if word.starts_with("eyJ") && word.matches('.').count() == 2 && word.len() > 40 {
            return Some("a JSON Web Token");
        }
    }
    None
}

/// Prefixes of well-known token formats (GitHub, GitLab, Slack, Stripe).
const TOKEN_PREFIXES: &[&str] = &[
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "sk_live_",
    "rk_live_",
];

/// Webhook URLs whose path is the credential: anyone who has one can post as the webhook.
/// Slack (`hooks.slack.com/services/T.../B.../TOKEN`), Discord (`discord.com/api/webhooks/ID/TOKEN`)
/// and Microsoft Teams (`*.webhook.office.com/webhookb2/...`).
fn is_webhook_url(value: &str) -> bool {
    let after = |marker: &str| {
        value.find(marker).map(|i| &value[i + marker.len()..]).is_some_and(|rest| {
            // The token part is there, not a placeholder for it.
            rest.split('/').filter(|p| !p.is_empty()).count() >= 2 && !is_placeholder(rest)
        })
    };
    after("hooks.slack.com/services/")
        || after("discord.com/api/webhooks/")
        || after("discordapp.com/api/webhooks/")
        || (value.contains(".webhook.office.com/") && after("/webhookb2/"))
}

/// Variable names that hold a credential whatever their words say: the ECS agent's private
/// registry credentials.
const SECRET_NAMES: &[&str] = &["ECS_ENGINE_AUTH_DATA"];

/// `AKIA` (long-term) or `ASIA` (temporary) followed by 16 upper-case letters or digits.
fn is_aws_access_key_id(word: &str) -> bool {
    word.len() == 20
        && (word.starts_with("AKIA") || word.starts_with("ASIA"))
        && word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// `scheme://user:password@host`, with a real password (not a placeholder).
fn url_has_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return false;
    };
    match userinfo.split_once(':') {
        Some((_, password)) => !password.is_empty() && !is_placeholder(password) && !password.starts_with('$'),
        None => false,
    }
}

/// Values that name where a secret is rather than holding it, or cannot be one.
pub fn only_points_at_a_secret(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.parse::<f64>().is_ok()
        || matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "none" | "null" | "disabled" | "n/a" | "-"
        )
        || ["arn:", "/", "./", "../", "~/", "file:", "ssm:", "secretsmanager:", "vault:", "sm://"]
            .iter()
            .any(|p| lower.starts_with(p))
        || (lower.contains("://") && !url_has_password(value))
}

/// Words in a variable name that mark it as holding a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
    "creds",
    "privatekey",
];

/// Pairs of words that together mark a secret: `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`.
const SECRET_KEY_WORDS: &[&str] =
    &["api", "private", "secret", "access", "signing", "encryption", "master", "client", "license"];

/// Last words that make a name describe a secret rather than hold one (`SECRET_ARN`, `TOKEN_URL`).
const DESCRIPTIVE_LAST_WORDS: &[&str] = &[
    "arn",
    "name",
    "id",
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "endpoint",
    "host",
    "hostname",
    "port",
    "region",
    "ttl",
    "timeout",
    "expiry",
    "expires",
    "expiration",
    "length",
    "size",
    "min",
    "max",
    "enabled",
    "enable",
    "disabled",
    "header",
    "type",
    "version",
    "policy",
    "rotation",
    "location",
    "user",
    "username",
    "field",
    "param",
    "parameter",
    "algorithm",
    "method",
    "mode",
    "format",
    "provider",
    "prefix",
    "suffix",
    "store",
    "count",
    "interval",
    "lifetime",
    "duration",
    "issuer",
    "audience",
    "scope",
    "scopes",
    "kind",
];

pub fn is_secret_name(name: &str) -> bool {
    if SECRET_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        return true;
    }
    let words = split_words(name);
    let Some(last) = words.last() else {
        return false;
    };
    if DESCRIPTIVE_LAST_WORDS.contains(&last.as_str()) {
        return false;
    }
    words.iter().any(|w| {
        SECRET_WORDS.contains(&w.as_str()) || w.contains("password") || w.contains("passwd") || w.contains("apikey")
    }) || words.windows(2).any(|pair| pair[1] == "key" && SECRET_KEY_WORDS.contains(&pair[0].as_str()))
}

/// `DB_PASSWORD`, `dbPassword`, `db-password` -> ["db", "password"].
fn split_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "DB_PASSWORD",
            "dbPassword",
            "MYSQL_ROOT_PASSWORD",
            "API_KEY",
            "apiKey",
            "APIKEY",
            "JWT_SECRET",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "SECRET_KEY_BASE",
            "DB_PASS",
            "PRIVATE_KEY",
            "client-secret",
            "REDIS_AUTH_TOKEN",
            "DATABASE_CREDENTIALS",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "SECRET_ARN",
            "TOKEN_URL",
            "PASSWORD_MIN_LENGTH",
            "DB_SECRET_NAME",
            "PORT",
            "BYPASS_CACHE",
            "PASSENGER_APP_ENV",
            "CACHE_KEY",
            "TOKENIZERS_PARALLELISM",
            "AWS_ACCESS_KEY_ID",
            "SECRETS_PATH",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn values() {
        assert_eq!(secret_value_kind("AKIAIOSFODNN7EXAMPLE"), Some("an AWS access key ID"));
        assert_eq!(secret_value_kind("postgres://app:hunter2@db:5432/app"), Some("a URL with a password"));
        assert_eq!(secret_value_kind("postgres://app:${DB_PASSWORD}@db/app"), None);
        assert_eq!(secret_value_kind("postgres://app@db/app"), None);
        assert_eq!(secret_value_kind("-----BEGIN RSA PRIVATE KEY-----\nabc"), Some("a private key"));
        assert_eq!(secret_value_kind("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), Some("an access token"));
        assert_eq!(secret_value_kind("hello world"), None);
        let webhook = Some("a webhook URL with its token");
        assert_eq!(secret_value_kind("https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnop"), webhook);
        assert_eq!(secret_value_kind("https://discord.com/api/webhooks/123456/abcDEF-token"), webhook);
        assert_eq!(
            secret_value_kind("https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/x/y"),
            webhook
        );
        assert_eq!(secret_value_kind("https://hooks.slack.com/services/${SLACK_PATH}"), None);
        assert_eq!(secret_value_kind("https://hooks.slack.com/services/"), None);
        assert!(is_secret_name("ECS_ENGINE_AUTH_DATA"));
    }

    #[test]
    fn reasons() {
        assert!(secret_reason("DB_PASSWORD", "hunter2").is_some());
        assert!(secret_reason("DB_PASSWORD", "${DB_PASSWORD}").unwrap().contains("once"));
        assert!(secret_reason("SPLUNK_ACCESS_TOKEN", "MY_SPLUNK_ACCESS_TOKEN").unwrap().contains("once"));
        for harmless in [
            "",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
            "/run/secrets/db",
            "true",
            "3600",
            "https://vault.example.com/v1/secret",
        ] {
            assert_eq!(secret_reason("DB_PASSWORD", harmless), None, "{harmless}");
        }
        assert!(secret_reason("DATABASE_URL", "mysql://root:pw@db/x").is_some());
        let auth = r#"{"https://index.docker.io/v1/":{"username":"me","password":"pw"}}"#;
        assert!(secret_reason("ECS_ENGINE_AUTH_DATA", auth).is_some());
    }
}
