//! Values written to be filled in before AWS sees them: template placeholders, which every
//! check treats as unknown, never as wrong.

/// A value written to be filled in by a template engine before registration:
/// `${VAR}`, `$VAR`, `{{ .Env.X }}`, `{INSERT your role}`, `<IMAGE_NAME>`, `%{x}`, `#{x}`.
pub fn is_placeholder(s: &str) -> bool {
    // Every form below has one of these characters: most values have none.
    if memchr::memchr3(b'{', b'$', b'<', s.as_bytes()).is_none() {
        return false;
    }
    let s = s.trim();
    let braces = s.find('{').is_some_and(|open| {
        let rest = &s[open + 1..];
        !rest.starts_with('"') && rest.contains('}')
    });
    let bytes = s.as_bytes();
    // `$NAME` anywhere (upper case, as environment variables are written), `<NAME>` anywhere.
    let env_var = bytes.windows(2).any(|w| w[0] == b'$' && (w[1].is_ascii_uppercase() || w[1] == b'_'));
    let angle = s.match_indices('<').any(|(i, _)| {
        let rest = &s[i + 1..];
        let len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
        len > 0 && rest[len..].starts_with('>')
    });
    braces
        || env_var
        || angle
        || s.contains("$(")
        || (s.starts_with('<') && s.ends_with('>') && s.len() > 2)
        || s.strip_prefix('$').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "${PORT}",
            "$PORT",
            "{{ .Env.IMAGE }}",
            "<IMAGE1_NAME>",
            "arn:aws:iam::${ACCOUNT}:role/x",
            "%{port}",
            "#{Var}",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in ["8080", "nginx:1.25", "$", "a < b", "<>", "arn:aws:iam::123456789012:role/x", "p$ssword"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
