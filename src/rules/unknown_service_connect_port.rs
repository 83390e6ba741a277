//! `unknown-service-connect-port`: a Service Connect service whose `portName` names no port
//! mapping of the service's task definition.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;
use serde_json::Value;

pub static RULE: Rule = Rule {
    name: "unknown-service-connect-port",
    category: Category::Invalid,
    summary: "A Service Connect `portName` that names no port mapping of the service's task definition",
    doc: include_str!("../../rules/unknown-service-connect-port.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let (Some(service), Some(task)) = (&cx.service, &cx.service_task) else { return };
    let Some(connect) = service.object(f::serviceConnectConfiguration) else { return };
    if connect.get(f::enabled) == Some(&Value::Bool(false))
        || !task.complete
        || task.port_names.iter().any(|n| is_placeholder(n))
    {
        return;
    }
    let which = task.family.as_ref().map_or("the task definition".to_string(), |f| format!("task definition `{f}`"));
    for entry in connect.objects(f::services) {
        let Some(name) = entry.str(f::portName).filter(|n| !is_placeholder(n)) else { continue };
        if task.port_names.iter().any(|n| n == name) {
            continue;
        }
        let help = if task.port_names.is_empty() {
            format!(
                "name the port mapping the service serves on, in the task definition: `\"name\": \"{name}\"` beside its `containerPort`"
            )
        } else {
            let known: Vec<String> = task.port_names.iter().map(|n| format!("`{n}`")).collect();
            format!("use one of the port mapping names: {}", known.join(", "))
        };
        out.report(entry.at(f::portName), format!("{which} has no port mapping named `{name}`"), help);
    }
}
