//! `invalid-proxy-configuration`: an App Mesh proxy configuration without the properties its
//! CNI plugin needs; and App Mesh itself, which AWS discontinued on 2026-09-30.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-proxy-configuration",
    category: Category::Invalid,
    summary: "An App Mesh `proxyConfiguration` without `IgnoredUID`/`IgnoredGID`, `AppPorts` or its proxy ports; App Mesh is discontinued",
    doc: include_str!("../../rules/invalid-proxy-configuration.md"),
    aliases: &[],
};

/// The properties the API model marks "(Required)" (`ProxyConfiguration.properties`), beside
/// `IgnoredUID`/`IgnoredGID`, of which one may be empty; `EgressIgnoredPorts` and
/// `EgressIgnoredIPs` "can be an empty list".
const REQUIRED: &[&str] = &["AppPorts", "ProxyIngressPort", "ProxyEgressPort"];

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(proxy) = cx.task.as_ref().and_then(|t| t.object(f::proxyConfiguration)) else { return };
    let properties = proxy.objects(f::properties);
    // A list of properties that is a placeholder, or names that are, may hold any of them.
    if proxy.get(f::properties).is_some_and(|p| !p.is_array())
        || properties.iter().any(|p| p.str(f::name).is_none_or(is_placeholder))
    {
        return;
    }
    let value = |name: &str| {
        properties
            .iter()
            .find(|p| p.str(f::name) == Some(name))
            .and_then(|p| p.get(f::value))
            .filter(|v| !v.as_str().is_some_and(str::is_empty))
    };
    let mut missing: Vec<&str> = REQUIRED.iter().copied().filter(|n| value(n).is_none()).collect();
    if value("IgnoredUID").is_none() && value("IgnoredGID").is_none() {
        missing.insert(0, "IgnoredUID or IgnoredGID");
    }
    if !missing.is_empty() {
        // The model calls them required; ecslint found no refusal at registration.
        out.report_uncertain(
            proxy.key_at(f::properties),
            format!("the App Mesh proxy configuration has no {}", missing.join(", ")),
            "give the proxy's user (`IgnoredUID`, the Envoy container's `user`), the application's ports (`AppPorts`) and the Envoy ports (`ProxyIngressPort` 15000, `ProxyEgressPort` 15001)",
        );
    }
    out.report_uncertain(
        proxy.start(),
        "the task uses an App Mesh proxy; AWS discontinued App Mesh on 2026-09-30",
        "move the service to ECS Service Connect (`serviceConnectConfiguration` on the service), or to Amazon VPC Lattice",
    );
}
