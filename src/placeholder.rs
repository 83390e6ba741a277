//! Values written to be filled in before AWS sees them: template placeholders, which every
//! check treats as unknown, never as wrong.

/// A value written to be filled in by a template engine before registration:
/// `${VAR}`, `$VAR`, `{{ .Env.X }}`, `{INSERT your role}`, `<IMAGE_NAME>`, `%{x}`, `#{x}`.
use crate::span::Span;
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

/// Replaces the template placeholders that stand outside JSON strings by string literals of
/// the same byte length (`${cpu}` -> `"$___"`). `None` when there are none, or one is too
/// short to mask.
pub fn mask_template(text: &str) -> Option<(String, Vec<Span>)> {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut masked = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let end = match b {
            b'"' => {
                in_string = true;
                i += 1;
                continue;
            }
            b'$' if bytes.get(i + 1) == Some(&b'{') => closing(bytes, i + 1),
            // `{{ .Env.X }}` is a template expression; `{{"name": ...}}` is JSON in braces, which
            // is no template value: masking it would hide what it holds.
            b'{' if bytes.get(i + 1) == Some(&b'{') => text[i..]
                .find("}}")
                .map(|j| i + j + 2)
                .filter(|&end| !text[i + 2..end - 2].trim_start_matches(['-', ' ']).starts_with(['"', '{', '['])),
            b'$' => identifier_end(bytes, i + 1),
            b'<' => identifier_end(bytes, i + 1).filter(|&e| bytes.get(e) == Some(&b'>')).map(|e| e + 1),
            _ => None,
        };
        match end {
            Some(end) if end - i >= 3 => {
                out[i] = b'"';
                out[i + 1] = b'$';
                out[i + 2..end - 1].fill(b'_');
                out[end - 1] = b'"';
                masked.push(Span::new(i, end));
                i = end;
            }
            Some(_) => return None,
            None => i += 1,
        }
    }
    // Only ASCII bytes were written, over whole tokens: the text is still UTF-8.
    (!masked.is_empty()).then(|| Some((String::from_utf8(out).ok()?, masked))).flatten()
}

/// The index after the `}` that balances the `{` at `start`, on the same line.
fn closing(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'\n' => return None,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of an identifier (`[A-Za-z_][A-Za-z0-9_]*`) starting at `start`.
fn identifier_end(bytes: &[u8], start: usize) -> Option<usize> {
    let first = *bytes.get(start)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
    Some(start + len)
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
