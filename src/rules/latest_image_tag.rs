//! `latest-image-tag`: an image with `:latest` or no tag.

use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule, Sink};
use crate::view::Context;

pub static RULE: Rule = Rule {
    name: "latest-image-tag",
    category: Category::Reliability,
    summary: "An image tagged `latest`, or with no tag (which means `latest`)",
    doc: include_str!("../../rules/latest-image-tag.md"),
    aliases: &[],
};

/// The parts of an image reference that matter here.
pub struct ImageRef<'a> {
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// `[registry[:port]/]repository[:tag][@digest]`.
pub fn parse_image(image: &str) -> ImageRef<'_> {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    // A `:` after the last `/` starts the tag; one before it is a registry's port.
    let last = name.rsplit('/').next().unwrap_or(name);
    ImageRef { tag: last.split_once(':').map(|(_, tag)| tag), digest }
}

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(image) = container.str("image").filter(|i| !i.is_empty() && !is_placeholder(i)) else { continue };
        let parsed = parse_image(image);
        if parsed.digest.is_some() {
            continue;
        }
        let message = match parsed.tag {
            Some("latest") => format!("{} runs `{image}`, tagged `latest`", container.label()),
            None => format!("{} runs `{image}` with no tag, which means `latest`", container.label()),
            Some(_) => continue,
        };
        out.report(
            container.at("image"),
            message,
            "pin a version tag (`:1.27.3`), or better a digest (`@sha256:...`), so that every task runs the image you tested",
        );
    }
}
