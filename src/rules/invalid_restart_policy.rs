//! `invalid-restart-policy`: a container restart policy outside what ECS takes.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-restart-policy",
    category: Category::Invalid,
    summary: "A restart policy whose `restartAttemptPeriod` is outside 60 to 1800 seconds, or with more than 50 `ignoredExitCodes`",
    doc: include_str!("../../rules/invalid-restart-policy.md"),
    aliases: &[],
};

/// "You can set a minimum restartAttemptPeriod of 60 seconds and a maximum restartAttemptPeriod
/// of 1800 seconds"; "You can specify a maximum of 50 container exit codes" (API model,
/// `ContainerRestartPolicy`).
const PERIOD: std::ops::RangeInclusive<i64> = 60..=1800;
const MAX_IGNORED: usize = 50;

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(policy) = container.object(f::restartPolicy) else { continue };
        if let Some(period) =
            policy.get(f::restartAttemptPeriod).and_then(|v| v.as_i64()).filter(|p| !PERIOD.contains(p))
        {
            out.report(
                policy.at(f::restartAttemptPeriod),
                format!("`restartAttemptPeriod` is {period} seconds ({}); ECS takes 60 to 1800", container.label()),
                "set `restartAttemptPeriod` between 60 and 1800 seconds (300 when left out): how long the container must run before ECS restarts it",
            );
        }
        let ignored = policy.get(f::ignoredExitCodes).and_then(|v| v.as_array()).map_or(0, Vec::len);
        if ignored > MAX_IGNORED {
            out.report(
                policy.key_at(f::ignoredExitCodes),
                format!(
                    "the restart policy of {} ignores {ignored} exit codes; ECS takes at most {MAX_IGNORED}",
                    container.label()
                ),
                "list at most 50 exit codes in `ignoredExitCodes`",
            );
        }
    }
}
