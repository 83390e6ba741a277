//! `duplicate-environment-variable`: one name twice in `environment`, or in both `environment` and `secrets`.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::fields::f;
use crate::view::{Context, Obj};
use std::collections::HashSet;

fn name<'a>(o: &Obj<'a>) -> Option<&'a str> {
    o.str(f::name).filter(|n| !is_placeholder(n))
}

pub static RULE: Rule = Rule {
    name: "duplicate-environment-variable",
    category: Category::Invalid,
    summary: "The same variable twice in `environment`, twice in `secrets`, or in both",
    doc: include_str!("../../rules/duplicate-environment-variable.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let who = container.label();
        let mut environment: HashSet<&str> = HashSet::new();
        for var in container.objects(f::environment) {
            let Some(n) = name(&var) else { continue };
            if !environment.insert(n) {
                // Whether ECS refuses this is not documented; Docker keeps the last one.
                out.report_uncertain(
                    var.at(f::name),
                    format!("{who} sets environment variable `{n}` twice"),
                    "remove one of them: only one value reaches the container",
                );
            }
        }
        let mut secrets: HashSet<&str> = HashSet::new();
        for secret in container.objects(f::secrets) {
            let Some(n) = name(&secret) else { continue };
            if !secrets.insert(n) {
                out.report(
                    secret.at(f::name),
                    format!("{who} sets secret `{n}` twice"),
                    "remove one of them: ECS refuses duplicate secret names",
                );
            } else if environment.contains(n) {
                out.report(
                    secret.at(f::name),
                    format!("{who} sets `{n}` both in `environment` and in `secrets`"),
                    "remove it from `environment`: ECS refuses a secret that has the name of an environment variable",
                );
            }
        }
    }
}
