//! `terraform show -json` output (a saved plan, or the state): each managed
//! `aws_ecs_task_definition` becomes a task definition spelt as the ECS API spells it, and each
//! `aws_ecs_service` a `CreateService` input. The same conversion, from the provider's schema
//! to the API's shape, serves `.tf` files (`hcl.rs`).
//!
//! The resource's arguments are snake_case blocks
//! (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition>);
//! `container_definitions` is a JSON string, parsed here. Values a plan does not know yet
//! (`after_unknown`) are placeholders, never wrong. Positions: each argument points at its
//! value in the output; everything parsed out of `container_definitions` points at that string,
//! the best place the output offers.
//! JSON output format: <https://developer.hashicorp.com/terraform/internals/json-format>.

use crate::convert::Builder;
use crate::json::{self, NodeId, Parsed, SpanTree};
use crate::span::Span;
use crate::unit::{Converted, Origin, Shape, TaskRef, Unit, Unreadable};
use serde_json::{Map, Value};

const TASK_DEFINITION: &str = "aws_ecs_task_definition";
const SERVICE: &str = "aws_ecs_service";

/// Whether a document is `terraform show -json` output.
pub fn is_show_json(value: &Value) -> bool {
    value.get("format_version").is_some()
        && ["planned_values", "values", "resource_changes", "terraform_version"].iter().any(|k| value.get(*k).is_some())
}

/// The task definitions of a plan or state.
pub fn units(text: &str, parsed: &Parsed) -> Converted {
    let tree = &parsed.tree;
    let (values_key, root) = match ["planned_values", "values"].iter().find(|k| parsed.value.get(**k).is_some()) {
        Some(k) => (*k, &parsed.value[*k]),
        None => return (Vec::new(), Vec::new()),
    };
    let mut unknown: Map<String, Value> = Map::new();
    for change in parsed.value.get("resource_changes").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(address), Some(after_unknown)) =
            (change.get("address").and_then(Value::as_str), change.pointer("/change/after_unknown"))
        {
            unknown.insert(address.to_string(), after_unknown.clone());
        }
    }
    let mut converted = (Vec::new(), Vec::new());
    let node = tree.member(0, values_key).and_then(|n| tree.member(n, "root_module"));
    if let Some(module) = root.get("root_module") {
        module_units(text, tree, module, node, &unknown, &mut converted);
    }
    converted
}

fn module_units(
    text: &str,
    tree: &SpanTree,
    module: &Value,
    node: Option<NodeId>,
    unknown: &Map<String, Value>,
    out: &mut Converted,
) {
    let resources_node = node.and_then(|n| tree.member(n, "resources"));
    for (i, resource) in module.get("resources").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let kind = resource.get("type").and_then(Value::as_str);
        if !matches!(kind, Some(TASK_DEFINITION | SERVICE))
            || resource.get("mode").and_then(Value::as_str).is_some_and(|m| m != "managed")
        {
            continue;
        }
        let (Some(values), Some(resource_node)) =
            (resource.get("values"), resources_node.and_then(|n| tree.item(n, i)))
        else {
            continue;
        };
        let address = resource.get("address").and_then(Value::as_str).unwrap_or(TASK_DEFINITION).to_string();
        let values_node = tree.member(resource_node, "values");
        let fallback = tree.node(resource_node).span;
        if kind == Some(SERVICE) {
            let Some(values_node) = values_node else { continue };
            let mut values = values.clone();
            // Arguments the plan does not know yet: placeholders, never wrong.
            if let (Some(map), Some(after)) = (values.as_object_mut(), unknown.get(&address).and_then(Value::as_object))
            {
                for (key, _) in after.iter().filter(|(_, v)| **v == Value::Bool(true)) {
                    map.insert(key.clone(), Value::String(format!("${{{key}}}")));
                }
            }
            let task = values.get("task_definition").and_then(Value::as_str).and_then(TaskRef::from_name);
            let (value, unit_tree) = service(tree, &values, values_node, fallback);
            out.0.push(Unit {
                shape: Shape::CreateService,
                value,
                tree: unit_tree,
                origin: Origin::Terraform(address),
                task,
                api_spelt: Vec::new(),
                ignore_changes: Vec::new(),
            });
            continue;
        }
        let mut converter =
            Converter { text, source: tree, builder: Builder::new(), address: &address, errors: Vec::new() };
        let (value, root) = converter.block(values, values_node, fallback, unknown.get(&address));
        let errors = std::mem::take(&mut converter.errors);
        out.0.push(Unit {
            shape: Shape::Register,
            value,
            tree: converter.builder.finish(root),
            origin: Origin::Terraform(address),
            task: None,
            api_spelt: Vec::new(),
            ignore_changes: Vec::new(),
        });
        out.1.extend(errors);
    }
    let children_node = node.and_then(|n| tree.member(n, "child_modules"));
    for (i, child) in module.get("child_modules").and_then(Value::as_array).into_iter().flatten().enumerate() {
        module_units(text, tree, child, children_node.and_then(|n| tree.item(n, i)), unknown, out);
    }
}

/// A task definition's arguments, as the provider's schema has them (from a plan, or read
/// from HCL by `hcl.rs` with `source` built to match), in the API's shape.
pub(crate) fn task_definition(
    text: &str,
    source: &SpanTree,
    values: &Value,
    address: &str,
) -> (Value, SpanTree, Vec<Unreadable>) {
    let fallback = source.node(0).span;
    let mut converter = Converter { text, source, builder: Builder::new(), address, errors: Vec::new() };
    let (value, root) = converter.block(values, Some(0), fallback, None);
    let errors = std::mem::take(&mut converter.errors);
    (value, converter.builder.finish(root), errors)
}

/// How a provider argument becomes an API field: a value as it is, a block that holds at most
/// one item (an object), or a repeated block (a list), each with its own arguments.
enum Field {
    Value,
    One(&'static [(&'static str, &'static str, Field)]),
    Many(&'static [(&'static str, &'static str, Field)]),
}

/// `service_connect_configuration`, as the provider spells it
/// (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service#service_connect_configuration>)
/// and as `ServiceConnectConfiguration` has it in the API model.
const SERVICE_CONNECT: &[(&str, &str, Field)] = &[
    ("enabled", "enabled", Field::Value),
    ("namespace", "namespace", Field::Value),
    (
        "log_configuration",
        "logConfiguration",
        Field::One(&[
            ("log_driver", "logDriver", Field::Value),
            ("options", "options", Field::Value),
            (
                "secret_option",
                "secretOptions",
                Field::Many(&[("name", "name", Field::Value), ("value_from", "valueFrom", Field::Value)]),
            ),
        ]),
    ),
    (
        "service",
        "services",
        Field::Many(&[
            ("port_name", "portName", Field::Value),
            ("discovery_name", "discoveryName", Field::Value),
            ("ingress_port_override", "ingressPortOverride", Field::Value),
            (
                "client_alias",
                "clientAliases",
                Field::Many(&[("port", "port", Field::Value), ("dns_name", "dnsName", Field::Value)]),
            ),
            (
                "timeout",
                "timeout",
                Field::One(&[
                    ("idle_timeout_seconds", "idleTimeoutSeconds", Field::Value),
                    ("per_request_timeout_seconds", "perRequestTimeoutSeconds", Field::Value),
                ]),
            ),
            (
                "tls",
                "tls",
                Field::One(&[
                    (
                        "issuer_cert_authority",
                        "issuerCertificateAuthority",
                        Field::One(&[("aws_pca_authority_arn", "awsPcaAuthorityArn", Field::Value)]),
                    ),
                    ("kms_key", "kmsKey", Field::Value),
                    ("role_arn", "roleArn", Field::Value),
                ]),
            ),
        ]),
    ),
];

/// A block's arguments (at `node` in `source`) renamed by `fields`; others left out.
fn nested(
    b: &mut Builder,
    source: &SpanTree,
    value: &Value,
    node: Option<NodeId>,
    span: Span,
    fields: &[(&str, &str, Field)],
) -> (Value, NodeId) {
    let mut out = Map::new();
    let mut members = Vec::new();
    for (tf, api, field) in fields {
        let Some(v) = value.get(*tf).filter(|v| !v.is_null() && v.as_str() != Some("")) else { continue };
        let child = node.and_then(|n| source.member(n, tf));
        let here = child.map_or(span, |c| source.node(c).span);
        let key = child.and_then(|c| source.node(c).key);
        let converted = match (field, v) {
            (Field::Value, v) => Some((v.clone(), b.copy(source, v, child, here, &|s| s))),
            (Field::One(inner), Value::Array(items)) => items.first().map(|item| {
                let item_node = child.and_then(|c| source.item(c, 0));
                nested(b, source, item, item_node, item_node.map_or(here, |n| source.node(n).span), inner)
            }),
            (Field::Many(inner), Value::Array(items)) => {
                let mut values = Vec::new();
                let mut ids = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_node = child.and_then(|c| source.item(c, i));
                    let (v, id) =
                        nested(b, source, item, item_node, item_node.map_or(here, |n| source.node(n).span), inner);
                    values.push(v);
                    ids.push(id);
                }
                Some((Value::Array(values), b.array(here, ids)))
            }
            // Unknown (a `dynamic` block): a placeholder.
            (_, other) => Some((other.clone(), b.leaf(here))),
        };
        if let Some((v, id)) = converted {
            members.push((api.to_string(), id, key));
            out.insert(api.to_string(), v);
        }
    }
    (Value::Object(out), b.object(span, members))
}

/// Argument names: the provider's, then the API's.
type Renames = &'static [(&'static str, &'static str)];

/// A service argument: its name in the provider, and where it goes in `CreateService`.
const SERVICE_ARGUMENTS: &[(&str, &str)] = &[
    ("name", "serviceName"),
    ("cluster", "cluster"),
    ("task_definition", "taskDefinition"),
    ("desired_count", "desiredCount"),
    ("launch_type", "launchType"),
    ("platform_version", "platformVersion"),
    ("scheduling_strategy", "schedulingStrategy"),
    ("health_check_grace_period_seconds", "healthCheckGracePeriodSeconds"),
    ("enable_execute_command", "enableExecuteCommand"),
    ("enable_ecs_managed_tags", "enableECSManagedTags"),
    ("propagate_tags", "propagateTags"),
    ("iam_role", "role"),
];

/// Blocks of a service: their name in the provider, where they go, and their arguments.
const SERVICE_LISTS: &[(&str, &str, Renames)] = &[
    (
        "load_balancer",
        "loadBalancers",
        &[
            ("target_group_arn", "targetGroupArn"),
            ("elb_name", "loadBalancerName"),
            ("container_name", "containerName"),
            ("container_port", "containerPort"),
        ],
    ),
    ("ordered_placement_strategy", "placementStrategy", &[("type", "type"), ("field", "field")]),
    ("placement_constraints", "placementConstraints", &[("type", "type"), ("expression", "expression")]),
    (
        "capacity_provider_strategy",
        "capacityProviderStrategy",
        &[("capacity_provider", "capacityProvider"), ("weight", "weight"), ("base", "base")],
    ),
    (
        "service_registries",
        "serviceRegistries",
        &[
            ("registry_arn", "registryArn"),
            ("port", "port"),
            ("container_name", "containerName"),
            ("container_port", "containerPort"),
        ],
    ),
];

// Long: one step per part of `CreateService` the provider spreads over its own arguments and
// blocks, in the order the API lists them; split, the steps would share a dozen parameters.
/// An `aws_ecs_service` (its arguments at `root` in `source`, from a plan or read from HCL) in
/// `CreateService`'s shape. Arguments the API has no place for
/// (`wait_for_steady_state`, `triggers`, ...) are left out.
pub(crate) fn service(source: &SpanTree, values: &Value, root: NodeId, span: Span) -> (Value, SpanTree) {
    let mut b = Builder::new();
    let node = |key: &str| source.member(root, key);
    let at = |n: Option<NodeId>| n.map_or(span, |n| source.node(n).span);
    let key_at = |n: Option<NodeId>| n.and_then(|n| source.node(n).key);
    let mut out = Map::new();
    let mut members = Vec::new();
    let copy = |b: &mut Builder, from: &Value, from_node: Option<NodeId>, fields: &[(&str, &str)]| {
        let mut obj = Map::new();
        let mut m = Vec::new();
        for (tf, api) in fields {
            // Unset arguments: null, or (in a plan) an empty string.
            let Some(v) = from.get(*tf).filter(|v| !v.is_null() && v.as_str() != Some("")) else { continue };
            let child = from_node.and_then(|n| source.member(n, tf));
            m.push((api.to_string(), b.copy(source, v, child, at(from_node), &|s| s), key_at(child)));
            obj.insert(api.to_string(), v.clone());
        }
        (obj, m)
    };
    let (top, top_members) = copy(&mut b, values, Some(root), SERVICE_ARGUMENTS);
    out.extend(top);
    members.extend(top_members);
    // The deployment configuration gathers two arguments and a block.
    let (mut deployment, mut deployment_members) = copy(
        &mut b,
        values,
        Some(root),
        &[
            ("deployment_minimum_healthy_percent", "minimumHealthyPercent"),
            ("deployment_maximum_percent", "maximumPercent"),
        ],
    );
    if let Some(breaker) = values.get("deployment_circuit_breaker").and_then(|v| v.get(0)) {
        let n = node("deployment_circuit_breaker").and_then(|n| source.item(n, 0));
        let (obj, m) = copy(&mut b, breaker, n, &[("enable", "enable"), ("rollback", "rollback")]);
        deployment_members.push((
            "deploymentCircuitBreaker".into(),
            b.object(at(n), m),
            key_at(node("deployment_circuit_breaker")),
        ));
        deployment.insert("deploymentCircuitBreaker".into(), Value::Object(obj));
    }
    if !deployment.is_empty() {
        members.push(("deploymentConfiguration".into(), b.object(span, deployment_members), None));
        out.insert("deploymentConfiguration".into(), Value::Object(deployment));
    }
    if let Some(connect) = values.get("service_connect_configuration").and_then(|v| v.get(0)) {
        let n = node("service_connect_configuration").and_then(|n| source.item(n, 0));
        let (value, id) = nested(&mut b, source, connect, n, at(n), SERVICE_CONNECT);
        members.push(("serviceConnectConfiguration".into(), id, key_at(node("service_connect_configuration"))));
        out.insert("serviceConnectConfiguration".into(), value);
    }
    if let Some(controller) = values.get("deployment_controller").and_then(|v| v.get(0)) {
        let n = node("deployment_controller").and_then(|n| source.item(n, 0));
        let (obj, m) = copy(&mut b, controller, n, &[("type", "type")]);
        members.push(("deploymentController".into(), b.object(at(n), m), key_at(node("deployment_controller"))));
        out.insert("deploymentController".into(), Value::Object(obj));
    }
    if let Some(network) = values.get("network_configuration").and_then(|v| v.get(0)) {
        let n = node("network_configuration").and_then(|n| source.item(n, 0));
        let (mut obj, mut m) =
            copy(&mut b, network, n, &[("subnets", "subnets"), ("security_groups", "securityGroups")]);
        if let Some(public) = network.get("assign_public_ip") {
            let child = n.and_then(|n| source.member(n, "assign_public_ip"));
            let value = match public {
                Value::Bool(true) => Value::String("ENABLED".into()),
                Value::Bool(false) => Value::String("DISABLED".into()),
                other => other.clone(),
            };
            m.push(("assignPublicIp".into(), b.leaf(at(child)), key_at(child)));
            obj.insert("assignPublicIp".into(), value);
        }
        let vpc = b.object(at(n), m);
        let id = b.object(at(n), vec![("awsvpcConfiguration".into(), vpc, None)]);
        members.push(("networkConfiguration".into(), id, key_at(node("network_configuration"))));
        out.insert("networkConfiguration".into(), serde_json::json!({"awsvpcConfiguration": obj}));
    }
    for (tf, api, fields) in SERVICE_LISTS {
        let Some(list) = values.get(*tf) else { continue };
        let list_node = node(tf);
        let Some(items) = list.as_array() else {
            // A `dynamic` block: unknown.
            members.push((api.to_string(), b.leaf(at(list_node)), key_at(list_node)));
            out.insert(api.to_string(), list.clone());
            continue;
        };
        let mut values_out = Vec::new();
        let mut ids = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let n = list_node.and_then(|n| source.item(n, i));
            let (obj, m) = copy(&mut b, item, n, fields);
            ids.push(b.object(at(n), m));
            values_out.push(Value::Object(obj));
        }
        members.push((api.to_string(), b.array(at(list_node), ids), key_at(list_node)));
        out.insert(api.to_string(), Value::Array(values_out));
    }
    let root = b.object(span, members);
    (Value::Object(out), b.finish(root))
}

/// Blocks that hold at most one item: the API has an object where Terraform has a list.
const SINGLE_BLOCKS: &[&str] = &[
    "runtime_platform",
    "ephemeral_storage",
    "proxy_configuration",
    "docker_volume_configuration",
    "efs_volume_configuration",
    "fsx_windows_file_server_volume_configuration",
    "authorization_config",
];

/// Maps whose keys are the user's own.
const USER_MAPS: &[&str] = &["driver_opts", "labels"];

/// Terraform-only attributes, not part of a task definition.
const TERRAFORM_ONLY: &[&str] =
    &["arn", "arn_without_revision", "id", "revision", "skip_destroy", "track_latest", "tags_all", "region"];

fn api_name(snake: &str) -> String {
    match snake {
        "size_in_gib" => return "sizeInGiB".into(),
        "configure_at_launch" => return "configuredAtLaunch".into(),
        "volume" => return "volumes".into(),
        "inference_accelerator" => return "inferenceAccelerators".into(),
        _ => {}
    }
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

struct Converter<'s> {
    text: &'s str,
    source: &'s SpanTree,
    builder: Builder,
    address: &'s str,
    errors: Vec<Unreadable>,
}

impl Converter<'_> {
    fn span(&self, node: Option<NodeId>, fallback: Span) -> Span {
        node.map_or(fallback, |n| self.source.node(n).span)
    }

    /// Arguments a plan leaves out because they are not known yet: placeholders.
    fn unknown_members(
        &mut self,
        unknown: Option<&Value>,
        span: Span,
        out: &mut Map<String, Value>,
        members: &mut Vec<(String, NodeId, Option<Span>)>,
    ) {
        for (key, _) in
            unknown.and_then(Value::as_object).into_iter().flatten().filter(|(_, v)| **v == Value::Bool(true))
        {
            let name = api_name(key);
            if TERRAFORM_ONLY.contains(&key.as_str()) || out.contains_key(&name) {
                continue;
            }
            members.push((name.clone(), self.builder.leaf(span), None));
            out.insert(name, Value::String(format!("${{{key}}}")));
        }
    }

    fn container_definitions(&mut self, v: &Value, span: Span) -> Option<(Value, NodeId)> {
        let text = v.as_str()?;
        // Each place in the string's text, mapped to where it is written in the output.
        let offsets = literal_offsets(&self.text[span.start..span.end]).filter(|o| o.len() == text.len() + 1);
        let place = |s: Span| match &offsets {
            Some(o) => Span::new(span.start + o[s.start.min(text.len())], span.start + o[s.end.min(text.len())]),
            None => span,
        };
        match json::parse(text) {
            Ok(inner) => {
                let id = self.builder.copy(&inner.tree, &inner.value, Some(0), span, &place);
                Some((inner.value, id))
            }
            Err(e) => {
                self.errors.push(Unreadable {
                    message: format!("`container_definitions` of {} is not valid JSON: {}", self.address, e.message),
                    span: place(e.span),
                });
                // Unreadable, so unknown: not missing.
                Some((Value::String("${container_definitions}".into()), self.builder.leaf(span)))
            }
        }
    }

    /// A map as a list of `{key, value}` (tags) or `{name, value}` (proxy properties).
    fn pairs(&mut self, v: &Value, span: Span, key_name: &str) -> (Value, NodeId) {
        let mut items = Vec::new();
        let mut ids = Vec::new();
        for (k, value) in v.as_object().into_iter().flatten() {
            let mut pair = Map::new();
            pair.insert(key_name.into(), Value::String(k.clone()));
            pair.insert("value".into(), value.clone());
            let (a, b) = (self.builder.leaf(span), self.builder.leaf(span));
            ids.push(self.builder.object(span, vec![(key_name.into(), a, None), ("value".into(), b, None)]));
            items.push(Value::Object(pair));
        }
        (Value::Array(items), self.builder.array(span, ids))
    }

    /// An argument's value in the API's shape.
    fn block_value(
        &mut self,
        key: &str,
        v: &Value,
        node: Option<NodeId>,
        span: Span,
        unknown: Option<&Value>,
    ) -> Option<(Value, NodeId)> {
        if SINGLE_BLOCKS.contains(&key) {
            let first = v.as_array().and_then(|items| items.first())?;
            let first_node = node.and_then(|n| self.source.item(n, 0));
            let unknown = unknown.and_then(|u| u.get(0));
            return Some(self.block(first, first_node, span, unknown));
        }
        if USER_MAPS.contains(&key) {
            return Some((v.clone(), self.builder.copy(self.source, v, node, span, &|s| s)));
        }
        match v {
            Value::Array(items) => {
                let mut out = Vec::new();
                let mut ids = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_node = node.and_then(|n| self.source.item(n, i));
                    let item_span = self.span(item_node, span);
                    let (value, id) = if item.is_object() {
                        self.block(item, item_node, item_span, unknown.and_then(|u| u.get(i)))
                    } else {
                        (item.clone(), self.builder.leaf(item_span))
                    };
                    out.push(value);
                    ids.push(id);
                }
                Some((Value::Array(out), self.builder.array(span, ids)))
            }
            Value::Object(_) => Some(self.block(v, node, span, unknown)),
            _ => Some((v.clone(), self.builder.leaf(span))),
        }
    }

    /// A block (the resource itself, or one nested in it): its arguments renamed, unset ones
    /// left out, unknown ones placeholders.
    fn block(&mut self, v: &Value, node: Option<NodeId>, fallback: Span, unknown: Option<&Value>) -> (Value, NodeId) {
        let span = self.span(node, fallback);
        let mut out = Map::new();
        let mut members = Vec::new();
        for (key, value) in v.as_object().into_iter().flatten() {
            let child = node.and_then(|n| self.source.member(n, key));
            let key_span = child.and_then(|c| self.source.node(c).key);
            let here = self.span(child, span);
            let converted = if unknown.and_then(|u| u.get(key)) == Some(&Value::Bool(true)) {
                Some((Value::String(format!("${{{key}}}")), self.builder.leaf(here)))
            } else if TERRAFORM_ONLY.contains(&key.as_str()) || is_unset(value) {
                None
            } else if key == "container_definitions"
                && value.is_string()
                && !crate::placeholder::is_placeholder(value.as_str().unwrap_or_default())
            {
                self.container_definitions(value, here)
            } else if key == "container_definitions" {
                // Read from HCL already (see `hcl.rs`), or unknown.
                Some((value.clone(), self.builder.copy(self.source, value, child, here, &|s| s)))
            } else if key == "tags" {
                Some(self.pairs(value, here, "key"))
            } else if key == "host_path" {
                // `host_path = "/x"` is the API's `host: {sourcePath: "/x"}`.
                let leaf = self.builder.leaf(here);
                let mut host = Map::new();
                host.insert("sourcePath".into(), value.clone());
                let id = self.builder.object(here, vec![("sourcePath".into(), leaf, key_span)]);
                members.push(("host".into(), id, key_span));
                out.insert("host".into(), Value::Object(host));
                continue;
            } else if key == "properties" && value.is_object() {
                Some(self.pairs(value, here, "name"))
            } else {
                self.block_value(key, value, child, here, unknown.and_then(|u| u.get(key)))
            };
            if let Some((value, id)) = converted {
                let name = api_name(key);
                members.push((name.clone(), id, key_span));
                out.insert(name, value);
            }
        }
        self.unknown_members(unknown, span, &mut out, &mut members);
        (Value::Object(out), self.builder.object(span, members))
    }
}

/// For a JSON string literal (quotes included): for each byte of the text it holds, the
/// offset in the literal where that byte is written, and one more for the end. `None` when
/// the literal is not a plain JSON string.
fn literal_offsets(literal: &str) -> Option<Vec<usize>> {
    let bytes = literal.as_bytes();
    if bytes.len() < 2 || bytes[0] != b'"' || bytes[bytes.len() - 1] != b'"' {
        return None;
    }
    let end = bytes.len() - 1;
    let mut offsets = Vec::with_capacity(end);
    let mut i = 1;
    while i < end {
        let (raw, decoded) = if bytes[i] == b'\\' {
            match bytes.get(i + 1)? {
                b'u' => {
                    let code = u32::from_str_radix(literal.get(i + 2..i + 6)?, 16).ok()?;
                    if (0xD800..0xDC00).contains(&code) && literal.get(i + 6..i + 8) == Some("\\u") {
                        (12, 4)
                    } else {
                        (6, char::from_u32(code).map_or(3, char::len_utf8))
                    }
                }
                _ => (2, 1),
            }
        } else {
            let c = literal[i..].chars().next()?;
            (c.len_utf8(), c.len_utf8())
        };
        offsets.extend(std::iter::repeat_n(i, decoded));
        i += raw;
    }
    offsets.push(end);
    Some(offsets)
}

/// Terraform writes unset arguments as null, empty strings or empty lists.
fn is_unset(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn offsets_inside_a_string_literal() {
        let literal = r#""a\"é\u00e9\ud83d\ude00b""#;
        let text: String = serde_json::from_str(literal).unwrap();
        let offsets = literal_offsets(literal).unwrap();
        assert_eq!(offsets.len(), text.len() + 1);
        let b = text.find('b').unwrap();
        assert_eq!(&literal[offsets[b]..offsets[b + 1]], "b");
        assert_eq!(offsets[1], 2, "the quote is written as two bytes from offset 2");
        assert_eq!(literal_offsets("nope"), None);
    }

    #[test]
    fn a_plan_gives_its_task_definitions() {
        let plan = json!({
            "format_version": "1.2",
            "planned_values": {"root_module": {
                "resources": [{
                    "address": "aws_ecs_task_definition.app", "mode": "managed", "type": "aws_ecs_task_definition",
                    "values": {
                        "family": "app", "cpu": "256", "memory": "512", "network_mode": "awsvpc",
                        "requires_compatibilities": ["FARGATE"], "task_role_arn": null, "ipc_mode": "",
                        "runtime_platform": [{"operating_system_family": "LINUX", "cpu_architecture": "ARM64"}],
                        "volume": [{"name": "data", "host_path": "/data", "efs_volume_configuration": []}],
                        "tags": {"team": "a"}, "arn": "x",
                        "container_definitions": "[{\"name\":\"web\",\"image\":\"nginx\"}]"
                    }
                }],
                "child_modules": [{"resources": [{
                    "address": "module.m.aws_ecs_task_definition.t", "mode": "managed", "type": "aws_ecs_task_definition",
                    "values": {"family": "t", "container_definitions": "not json"}
                }]}]
            }},
            "resource_changes": [{"address": "aws_ecs_task_definition.app", "change": {"after_unknown": {"execution_role_arn": true}}}]
        });
        let text = serde_json::to_string(&plan).unwrap();
        let parsed = json::parse(&text).unwrap();
        assert!(is_show_json(&parsed.value));
        let (units, errors) = units(&text, &parsed);
        assert_eq!(units.len(), 2);
        assert_eq!(
            units[0].value,
            json!({
                "family": "app", "cpu": "256", "memory": "512", "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"],
                "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
                "volumes": [{"name": "data", "host": {"sourcePath": "/data"}}],
                "tags": [{"key": "team", "value": "a"}],
                "executionRoleArn": "${execution_role_arn}",
                "containerDefinitions": [{"name": "web", "image": "nginx"}],
            })
        );
        let image = units[0].tree.find("/containerDefinitions/0/image").unwrap();
        assert_eq!(&text[image.span.start..image.span.end], "\\\"nginx\\\"");
        let key = image.key.unwrap();
        assert_eq!(&text[key.start..key.end], "\\\"image\\\"");
        assert_eq!(units[1].origin, Origin::Terraform("module.m.aws_ecs_task_definition.t".into()));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("module.m.aws_ecs_task_definition.t"), "{}", errors[0].message);
    }

    #[test]
    fn a_plan_gives_its_services_tied_to_their_task_definitions() {
        let plan = json!({
            "format_version": "1.2",
            "planned_values": {"root_module": {"resources": [
                {"address": "aws_ecs_task_definition.web", "mode": "managed", "type": "aws_ecs_task_definition",
                 "values": {"family": "web", "memory": "512", "task_role_arn": "arn:aws:iam::1:role/x",
                            "container_definitions": "[{\"name\":\"web\",\"image\":\"nginx:1\",\"portMappings\":[{\"containerPort\":80}]}]"}},
                {"address": "aws_ecs_service.web", "mode": "managed", "type": "aws_ecs_service",
                 "values": {"name": "web", "task_definition": "web", "desired_count": 1, "iam_role": "",
                            "platform_version": null, "wait_for_steady_state": false,
                            "load_balancer": [{"container_name": "app", "container_port": 80, "elb_name": "", "target_group_arn": "arn:x"}]}}
            ]}},
            "resource_changes": [{"address": "aws_ecs_service.web", "change": {"after_unknown": {"cluster": true}}}]
        });
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let parsed = json::parse(&text).unwrap();
        let (units, _) = units(&text, &parsed);
        let service = units.iter().find(|u| u.shape == Shape::CreateService).unwrap();
        assert_eq!(service.task, Some(TaskRef::Family("web".into())));
        assert_eq!(
            service.value,
            json!({"serviceName": "web", "cluster": "${cluster}", "taskDefinition": "web", "desiredCount": 1,
                   "loadBalancers": [{"targetGroupArn": "arn:x", "containerName": "app", "containerPort": 80}]})
        );
        let crate::lint::Outcome::Checked(found) = crate::lint::lint_text(&text, false, &Default::default()) else {
            panic!("checked")
        };
        let lb = found.iter().find(|d| d.rule.name == "unknown-load-balancer-container").expect("the cross-check");
        assert_eq!(&text[lb.span.start..lb.span.end], "\"app\"");
    }
}
