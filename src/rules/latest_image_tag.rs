//! `latest-image-tag`: an image with `:latest` or no tag.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use crate::view::image::parse_image;

pub static RULE: Rule = Rule {
    name: "latest-image-tag",
    category: Category::BestPractice,
    summary: "An image tagged `latest`, or with no tag (which means `latest`)",
    doc: include_str!("../../rules/latest-image-tag.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(image) = container.str(f::image).filter(|i| !i.is_empty() && !is_placeholder(i)) else { continue };
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
            container.at(f::image),
            message,
            "pin a version tag (`:1.27.3`), or better a digest (`@sha256:...`), so that every task runs the image you tested",
        );
    }
}
