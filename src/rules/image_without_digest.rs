//! `image-without-digest`: an image not pinned by digest.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::image::parse_image;

pub static RULE: Rule = Rule {
    name: "image-without-digest",
    category: Category::Pedantic,
    summary: "An image referenced by tag rather than pinned by digest",
    doc: include_str!("../../rules/image-without-digest.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(image) = container.str(f::image).filter(|i| !i.is_empty() && !is_placeholder(i)) else { continue };
        let parsed = parse_image(image);
        // No tag or `latest` is `latest-image-tag`'s to report.
        if parsed.digest.is_none() && parsed.tag.is_some_and(|t| t != "latest") {
            out.report(
                container.at(f::image),
                format!("{} runs `{image}`, pinned by tag, not by digest", container.label()),
                "append the digest of the image you tested: `repository:tag@sha256:...` (docker buildx imagetools inspect shows it)",
            );
        }
    }
}
