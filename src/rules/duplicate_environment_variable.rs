//! `duplicate-environment-variable`: one name twice in `environment`, or in both `environment` and `secrets`.

use crate::lint::Sink;
use crate::registry::{Category, Rule};
use crate::view::{Context, Obj, is_placeholder};

fn name<'a>(o: &Obj<'a>) -> Option<&'a str> {
    o.str("name").filter(|n| !is_placeholder(n))
}

pub static RULE: Rule = Rule {
    name: "duplicate-environment-variable",
    category: Category::Invalid,
    summary: "The same variable twice in `environment`, twice in `secrets`, or in both",
    doc: include_str!("../../rules/duplicate-environment-variable.md"),
    check: Some(check),
    aliases: &[],
};

fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let who = container.label();
        let env = container.objects("environment");
        let secrets = container.objects("secrets");
        for (i, var) in env.iter().enumerate() {
            let Some(n) = name(var) else { continue };
            if env[..i].iter().any(|e| name(e) == Some(n)) {
                // Whether ECS refuses this is not documented; Docker keeps the last one.
                out.report_uncertain(
                    var.at("name"),
                    format!("{who} sets environment variable `{n}` twice"),
                    "remove one of them: only one value reaches the container",
                );
            }
        }
        for (i, secret) in secrets.iter().enumerate() {
            let Some(n) = name(secret) else { continue };
            if secrets[..i].iter().any(|s| name(s) == Some(n)) {
                out.report(
                    secret.at("name"),
                    format!("{who} sets secret `{n}` twice"),
                    "remove one of them: ECS refuses duplicate secret names",
                );
            } else if env.iter().any(|e| name(e) == Some(n)) {
                out.report(
                    secret.at("name"),
                    format!("{who} sets `{n}` both in `environment` and in `secrets`"),
                    "remove it from `environment`: ECS refuses a secret that has the name of an environment variable",
                );
            }
        }
    }
}
