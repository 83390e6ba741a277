//! `unknown-log-option`: a log driver option the driver does not know, often a misspelling.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule, did_you_mean};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "unknown-log-option",
    category: Category::Invalid,
    summary: "A log driver option the driver does not know (`awslogs-stream-prefx`), often a misspelling",
    doc: include_str!("../../rules/unknown-log-option.md"),
    aliases: &[],
};

/// Options every driver takes (moby, `daemon/logger/factory.go`, `builtInLogOpts`).
const COMMON: &[&str] = &["mode", "max-buffer-size"];

/// Each driver's options, from its `ValidateLogOpt` in moby (`daemon/logger/<driver>`) and
/// Docker's documentation of the driver; `awslogs` has ECS's `awslogs-stream-prefix` too.
const DRIVERS: &[(&str, &[&str])] = &[
    (
        "awslogs",
        &[
            "tag",
            "awslogs-group",
            "awslogs-stream",
            "awslogs-stream-prefix",
            "awslogs-create-group",
            "awslogs-create-stream",
            "awslogs-region",
            "awslogs-endpoint",
            "awslogs-datetime-format",
            "awslogs-multiline-pattern",
            "awslogs-credentials-endpoint",
            "awslogs-force-flush-interval-seconds",
            "awslogs-max-buffered-events",
            "awslogs-format",
        ],
    ),
    (
        "splunk",
        &[
            "splunk-url",
            "splunk-token",
            "splunk-source",
            "splunk-sourcetype",
            "splunk-index",
            "splunk-capath",
            "splunk-caname",
            "splunk-insecureskipverify",
            "splunk-format",
            "splunk-verify-connection",
            "splunk-gzip",
            "splunk-gzip-level",
            "env",
            "env-regex",
            "labels",
            "labels-regex",
            "tag",
        ],
    ),
    ("json-file", &["max-file", "max-size", "compress", "labels", "labels-regex", "env", "env-regex", "tag"]),
    (
        "fluentd",
        &[
            "fluentd-address",
            "fluentd-async",
            "fluentd-async-connect",
            "fluentd-async-reconnect-interval",
            "fluentd-buffer-limit",
            "fluentd-max-retries",
            "fluentd-request-ack",
            "fluentd-retry-wait",
            "fluentd-sub-second-precision",
            "fluentd-write-timeout",
            "fluentd-read-timeout",
            "tag",
            "env",
            "env-regex",
            "labels",
            "labels-regex",
        ],
    ),
    (
        "gelf",
        &[
            "gelf-address",
            "gelf-compression-type",
            "gelf-compression-level",
            "gelf-tcp-max-reconnect",
            "gelf-tcp-reconnect-delay",
            "tag",
            "labels",
            "labels-regex",
            "env",
            "env-regex",
        ],
    ),
    ("journald", &["tag", "labels", "labels-regex", "env", "env-regex"]),
    (
        "syslog",
        &[
            "syslog-address",
            "syslog-facility",
            "syslog-tls-ca-cert",
            "syslog-tls-cert",
            "syslog-tls-key",
            "syslog-tls-skip-verify",
            "syslog-format",
            "tag",
            "labels",
            "labels-regex",
            "env",
            "env-regex",
        ],
    ),
];

pub fn check(cx: &Context, out: &mut Sink) {
    for container in &cx.containers {
        let Some(log) = container.object(f::logConfiguration) else { continue };
        // `awsfirelens` options are the output plugin's own: any name goes.
        let Some(driver) = log.str(f::logDriver) else { continue };
        let Some((_, known)) = DRIVERS.iter().find(|(d, _)| *d == driver) else { continue };
        let names =
            log.object(f::options).map(|o| o.obj.keys().map(|k| (o.entry_key_at(k), k.as_str())).collect::<Vec<_>>());
        let secret_names = log.objects(f::secretOptions);
        let secret_names = secret_names.iter().filter_map(|o| Some((o.at(f::name), o.str(f::name)?)));
        for (at, name) in names.into_iter().flatten().chain(secret_names) {
            if known.contains(&name) || COMMON.contains(&name) || is_placeholder(name) {
                continue;
            }
            let near = did_you_mean(name, known.iter().chain(COMMON).copied());
            let message = format!("`{name}` ({}) is not an option of the `{driver}` log driver", container.label());
            let help = match near {
                _ if name.contains("retention") => "remove it: retention is a setting of the log group (`aws logs put-retention-policy`, or `retention_in_days` of an `aws_cloudwatch_log_group`), not of the driver".to_string(),
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("remove it; the `{driver}` driver refuses options it does not know (\"unknown log opt\"), and the container does not start"),
            };
            // awslogs's list is Docker's and ECS's own, checked at registration; the other
            // drivers' lists may trail newer Docker releases.
            if driver == "awslogs" || near.is_some() {
                out.report(at, message, help);
            } else {
                out.report_uncertain(at, message, help);
            }
        }
    }
}
