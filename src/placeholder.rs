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

/// The text of a JSON template (Terraform's `templatefile`) with each `${...}` written outside
/// a string (`"containerPort": ${port}`) replaced by a placeholder of the same length (a
/// string, or `null` for the shortest, `${x}`), so that the JSON parses and every offset stays
/// where it is. `None` when there is none. Terraform substitutes these before the provider
/// reads the JSON: <https://developer.hashicorp.com/terraform/language/functions/templatefile>.
pub fn blank_interpolations(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'$' if !in_string && bytes.get(i + 1) == Some(&b'{') => {
                let Some(len) =
                    bytes[i..].iter().position(|&b| b == b'}' || b == b'\n').filter(|&n| bytes[i + n] == b'}')
                else {
                    i += 1;
                    continue;
                };
                let n = len + 1;
                let blank = if n >= 5 { format!("\"${{{}}}\"", "_".repeat(n - 5)) } else { "null".to_string() };
                out.get_or_insert_with(|| bytes.to_vec())[i..i + n].copy_from_slice(blank.as_bytes());
                i += n;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.and_then(|b| String::from_utf8(b).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_interpolations_outside_strings_are_blanked() {
        let text = r#"[{"name": "${name}", "cpu": ${cpu}, "memory": ${m}, "x": "a\"${b}"}]"#;
        let blanked = blank_interpolations(text).unwrap();
        assert_eq!(blanked, r#"[{"name": "${name}", "cpu": "${_}", "memory": null, "x": "a\"${b}"}]"#);
        assert_eq!(blanked.len(), text.len());
        assert!(is_placeholder("${_}"));
        assert_eq!(blank_interpolations(r#"{"a": "${x}"}"#), None);
    }

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
