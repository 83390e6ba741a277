//! `missing-user`: a Linux container that sets no `user`.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "missing-user",
    category: Category::Hardening,
    summary: "A Linux container sets no `user`, so it runs as its image's user (often root)",
    doc: include_str!("../../rules/missing-user.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    // `user` is not supported for Windows containers.
    if cx.is_windows() {
        return;
    }
    for container in cx.containers.iter().filter(|c| c.get(f::user).is_none()) {
        out.report(
            container.anchor(),
            format!(
                "{} sets no `user`, so it runs as the image's user, root unless the image says otherwise",
                container.label()
            ),
            "say which user it runs as: set `\"user\": \"1000\"` (or `\"1000:1000\"`, or a name the image defines)",
        );
    }
}
