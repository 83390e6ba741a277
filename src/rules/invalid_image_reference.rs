//! `invalid-image-reference`: an `image` that is no image reference: empty, longer than ECS
//! accepts, a malformed digest or tag, or a repository Docker cannot pull (upper case).

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-image-reference",
    category: Category::Invalid,
    summary: "An `image` that is empty, too long, or not a reference Docker can pull (bad digest, empty tag, upper-case repository)",
    doc: include_str!("../../rules/invalid-image-reference.md"),
    aliases: &[],
};

/// What is wrong with an image reference, if anything; placeholders are never judged.
/// The grammar is the distribution project's (`reference/regexp.go`); the 255-character limit
/// and the `sha256` digest are the API model's (`ContainerDefinition.image`).
pub fn defect(image: &str) -> Option<(String, &'static str)> {
    if image.is_empty() {
        return Some((
            "the image is empty".into(),
            "name the image to run, as `repository:tag` or `repository@sha256:DIGEST`",
        ));
    }
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    if name.chars().count() > 255 {
        return Some((
            format!(
                "the image reference is {} characters long before any digest; ECS accepts up to 255",
                name.chars().count()
            ),
            "shorten the repository name or the tag",
        ));
    }
    if let Some(digest) = digest {
        let hex = digest.strip_prefix("sha256:");
        if !hex.is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))) {
            return Some((
                format!("the digest `{digest}` is not `sha256:` and 64 lower-case hexadecimal digits"),
                "copy the digest from the registry (`docker buildx imagetools inspect IMAGE` or the ECR console): `@sha256:` and 64 hex digits",
            ));
        }
    }
    // A `:` after the last `/` starts the tag; one before it is a registry's port.
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match name[slash..].split_once(':') {
        Some((_, tag)) => (&name[..slash + name[slash..].find(':').unwrap_or(0)], Some(tag)),
        None => (name, None),
    };
    if let Some(found) = tag.and_then(|tag| tag_defect(image, tag)) {
        return Some(found);
    }
    // The first part is a registry when it has a `.` or `:`, is `localhost`, or has upper
    // case (distribution's `splitDockerDomain`); the rest is the repository's path.
    let repository = match path.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':']) || first == "localhost" || first.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => path,
    };
    // `YOUR_ECR_REPO_URI:latest`, `IMAGE`: a name in capitals is one to fill in, not judged.
    let filled_in = repository.split('/').any(|part| {
        part.bytes().any(|b| b.is_ascii_uppercase())
            && part.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    });
    if filled_in {
        return None;
    }
    if repository.chars().any(|c| c.is_ascii_uppercase()) {
        return Some((
            format!(
                "the repository `{repository}` has upper-case letters; Docker pulls only lower-case repository names"
            ),
            "write the repository in lower case (ECR and Docker Hub names are lower case); a tag may keep its case",
        ));
    }
    if repository.is_empty() || !repository.split('/').all(path_component) {
        return Some((
            format!(
                "`{repository}` is not a repository name Docker accepts (lower-case letters and digits, joined by `.`, `_`, `__` or dashes, in `/`-separated parts)"
            ),
            "fix the repository name; Docker refuses to pull the image, so the task cannot start",
        ));
    }
    None
}

/// What is wrong with the tag of `image`, if anything: Docker's `[\w][\w.-]{0,127}`.
fn tag_defect(image: &str, tag: &str) -> Option<(String, &'static str)> {
    if tag.is_empty() {
        return Some((
            format!("the image `{image}` ends its name with `:` and no tag"),
            "write the tag after the `:` (`nginx:1.27`), or drop the `:` for `latest`",
        ));
    }
    let valid = tag.len() <= 128
        && tag.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !valid {
        return Some((
            format!(
                "the tag `{tag}` is not a Docker tag (up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`)"
            ),
            "fix the tag; Docker refuses to pull the image, so the task cannot start",
        ));
    }
    None
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn path_component(part: &str) -> bool {
    let b = part.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && alnum(b[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == b.len() {
            return true;
        }
        match b[i] {
            b'.' => i += 1,
            b'_' if b.get(i + 1) == Some(&b'_') => i += 2,
            b'_' => i += 1,
            b'-' => {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(image) = container.str(f::image) else { continue };
        if is_placeholder(image) {
            continue;
        }
        if let Some((message, help)) = defect(image) {
            out.report(container.at(f::image), format!("{}: {message}", container.label()), help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::defect;

    #[test]
    fn references_docker_pulls() {
        for ok in [
            "nginx",
            "nginx:1.27-alpine",
            "library/nginx:latest",
            "public.ecr.aws/docker/library/nginx:1.27",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1.2.3",
            "localhost:5000/app",
            "Registry.Example.com/app:TAG_1",
            "ghcr.io/org/my__app-x.y:1",
            "a--b/c",
            "YOUR_ECR_REPO_URI:latest",
            "IMAGE",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "nginx:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(defect(ok), None, "{ok}");
        }
        for (bad, says) in [
            ("", "empty"),
            ("nginx:", "no tag"),
            ("nginx:-x", "not a Docker tag"),
            ("MyApp:1", "upper-case"),
            ("123.dkr.ecr.us-east-1.amazonaws.com/myApp:latest", "upper-case"),
            ("ghcr.io/Org/app", "upper-case"),
            ("nginx@sha256:abc", "digest"),
            ("nginx@md5:0123", "digest"),
            ("app-", "not a repository name"),
            ("my app:1", "not a repository name"),
            ("ghcr.io/", "not a repository name"),
        ] {
            let found = defect(bad).map(|(m, _)| m).unwrap_or_default();
            assert!(found.contains(says), "{bad}: {found}");
        }
        let long = format!("{}:1", "a".repeat(256));
        assert!(defect(&long).unwrap().0.contains("255"));
    }
}
