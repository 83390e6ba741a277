//! Typed views over a task definition. Each view carries its JSON Pointer, so a rule names
//! the place of a finding by field, never by building a pointer or a byte offset by hand.

pub mod fields;
pub mod image;
pub mod ports;
pub mod resources;
pub mod secrets;
pub mod service;

use crate::diagnostic::{Location, Target};
use crate::placeholder::is_placeholder;
use crate::span::escape_pointer_segment;
use crate::unit::{Kind, Origin, Shape, Unit};
use fields::{Field, f};
use serde_json::{Map, Value};

/// What a rule sees: the task (absent for a bare container array) and its containers, or
/// a service and what is known of the task definition it runs.
pub struct Context<'a> {
    /// The unit itself: where it comes from, what its reader leaves alone.
    pub unit: &'a Unit,
    /// The whole unit (the file, or a template's resource in the API's spelling).
    pub root: &'a Value,
    pub shape: Shape,
    /// The length of the file's source text, in bytes.
    pub source_len: usize,
    pub task: Option<Obj<'a>>,
    pub containers: Vec<Container<'a>>,
    /// Where the container list is, for findings about the list itself.
    pub containers_at: Option<Location>,
    /// Whether every item of the container list is a container definition; a template can put
    /// a placeholder (`$SIDECAR_JSON`) where a whole container will go.
    pub all_containers_known: bool,
    /// A service (`CreateService` or `UpdateService` input, or a CloudFormation service).
    pub service: Option<Obj<'a>>,
    /// For a service, the task definition it runs, when it is among the files checked.
    pub service_task: Option<TaskFacts>,
    /// Another resource of a template or module (a cluster, a scalable target...).
    pub resource: Option<(Kind, Obj<'a>)>,
    /// Every unit of the file (a template's or module's other resources), for the checks
    /// that tie one resource to another.
    pub siblings: &'a [Unit],
}

impl<'a> Context<'a> {
    pub fn new(unit: &'a Unit, source_len: usize, service_task: Option<TaskFacts>) -> Context<'a> {
        let root = &unit.value;
        let whole = || root.as_object().map(|obj| Obj { obj, pointer: String::new() });
        if unit.shape.is_service() || matches!(unit.shape, Shape::Resource(_)) {
            return Context {
                unit,
                root,
                shape: unit.shape,
                source_len,
                task: None,
                containers: Vec::new(),
                containers_at: None,
                all_containers_known: true,
                service: if unit.shape.is_service() { whole() } else { None },
                service_task,
                resource: match unit.shape {
                    Shape::Resource(kind) => whole().map(|obj| (kind, obj)),
                    _ => None,
                },
                siblings: &[],
            };
        }
        let (task, list, list_pointer) = match unit.shape {
            Shape::ContainerArray => (None, root.as_array(), String::new()),
            _ => {
                let pointer = if unit.shape == Shape::Describe { "/taskDefinition" } else { "" };
                let task = root
                    .pointer(pointer)
                    .and_then(Value::as_object)
                    .map(|obj| Obj { obj, pointer: pointer.to_string() });
                let list = task.as_ref().and_then(|t| t.get(f::containerDefinitions)).and_then(Value::as_array);
                (task, list, format!("{pointer}/containerDefinitions"))
            }
        };
        let containers = list
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, v)| {
                        let obj = v.as_object()?;
                        Some(Container { obj: Obj { obj, pointer: index_pointer(&list_pointer, index) }, index })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let containers_at = list.map(|_| Location { pointer: list_pointer, target: Target::Key });
        // A placeholder where the list stands (a Terraform value known only at plan time)
        // stands for containers not known here.
        let written = task.as_ref().and_then(|t| t.get(f::containerDefinitions));
        let all_containers_known = match list {
            Some(items) => items.iter().all(Value::is_object),
            None => written.is_none_or(|v| !v.as_str().is_some_and(is_placeholder)),
        };
        Context {
            unit,
            root,
            shape: unit.shape,
            source_len,
            task,
            containers,
            containers_at,
            all_containers_known,
            service: None,
            service_task: None,
            resource: None,
            siblings: &[],
        }
    }

    /// The context with the other units of its file.
    pub fn with_siblings(self, siblings: &'a [Unit]) -> Context<'a> {
        Context { siblings, ..self }
    }

    /// The resource of `kind` this unit is, if it is one.
    pub fn resource(&self, kind: Kind) -> Option<&Obj<'a>> {
        self.resource.as_ref().filter(|(k, _)| *k == kind).map(|(_, obj)| obj)
    }

    /// The task's network mode; `None` when the file holds only containers.
    pub fn network_mode(&self) -> Option<NetworkMode> {
        let task = self.task.as_ref()?;
        Some(match task.get(f::networkMode) {
            None | Some(Value::Null) => NetworkMode::Default,
            Some(Value::String(s)) => match s.as_str() {
                "default" => NetworkMode::Default,
                "bridge" => NetworkMode::Bridge,
                "host" => NetworkMode::Host,
                "awsvpc" => NetworkMode::Awsvpc,
                "none" => NetworkMode::None,
                _ => NetworkMode::Unknown,
            },
            Some(_) => NetworkMode::Unknown,
        })
    }

    /// Whether `requiresCompatibilities` lists `name` (e.g. `FARGATE`).
    pub fn requires(&self, name: &str) -> bool {
        self.task
            .as_ref()
            .and_then(|t| t.get(f::requiresCompatibilities))
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|v| v.as_str() == Some(name)))
    }
}

impl<'a> Context<'a> {
    /// Whether the task is meant for Fargate (`requiresCompatibilities` lists `FARGATE`).
    pub fn is_fargate(&self) -> bool {
        self.requires("FARGATE")
    }

    /// Whether `runtimePlatform.operatingSystemFamily` names a Windows Server.
    pub fn is_windows(&self) -> bool {
        self.task
            .as_ref()
            .and_then(|t| t.object(f::runtimePlatform))
            .and_then(|p| p.str(f::operatingSystemFamily))
            .is_some_and(|os| os.starts_with("WINDOWS"))
    }

    /// The containers that mount the task volume named `volume`.
    pub fn containers_mounting<'c>(&'c self, volume: &'c str) -> impl Iterator<Item = &'c Container<'a>> + 'c {
        self.containers
            .iter()
            .filter(move |c| c.objects(f::mountPoints).iter().any(|m| m.str(f::sourceVolume) == Some(volume)))
    }

    /// Whether the service runs on Fargate: `launchType` `FARGATE`, or a capacity provider
    /// strategy of only `FARGATE` and `FARGATE_SPOT`.
    pub fn service_on_fargate(&self) -> bool {
        let Some(service) = &self.service else { return false };
        if service.str(f::launchType) == Some("FARGATE") {
            return true;
        }
        let providers = service.objects(f::capacityProviderStrategy);
        !providers.is_empty()
            && providers.iter().all(|p| matches!(p.str(f::capacityProvider), Some("FARGATE" | "FARGATE_SPOT")))
    }

    pub fn container(&self, name: &str) -> Option<&Container<'a>> {
        self.containers.iter().find(|c| c.name() == Some(name))
    }

    pub fn container_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.containers.iter().filter_map(|c| c.name())
    }
}

/// What a service needs to know of the task definition it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFacts {
    /// Its `family`, when written out.
    pub family: Option<String>,
    /// Its CloudFormation logical ID.
    pub resource: Option<String>,
    pub network_mode: Option<NetworkMode>,
    /// Whether `requiresCompatibilities` lists `FARGATE`.
    pub fargate: bool,
    /// `requiresCompatibilities` as written; `None` when absent or not known (ECS then works
    /// out what the task definition is compatible with from its parameters).
    pub requires: Option<Vec<String>>,
    /// The log drivers every container names, where known.
    pub log_drivers: Vec<String>,
    /// The names of the port mappings (`portMappings[].name`), for Service Connect.
    pub port_names: Vec<String>,
    /// Each container's name and the container ports it maps.
    pub containers: Vec<(String, Vec<u64>)>,
    /// Whether every container, name and port is known (no placeholder stands for one).
    pub complete: bool,
}

impl TaskFacts {
    pub fn of(cx: &Context, origin: &Origin) -> TaskFacts {
        let mut complete = cx.all_containers_known && cx.task.is_some();
        let containers = cx
            .containers
            .iter()
            .map(|c| {
                let name = c.name().unwrap_or_default().to_string();
                complete &= !name.is_empty() && !is_placeholder(&name);
                let ports = c
                    .objects(f::portMappings)
                    .iter()
                    .filter_map(|m| {
                        let port = m.u64(f::containerPort);
                        // A range, or a placeholder, stands for ports not listed here.
                        complete &= port.is_some()
                            || m.get(f::containerPortRange).is_none() && m.get(f::containerPort).is_none();
                        port
                    })
                    .collect();
                (name, ports)
            })
            .collect();
        TaskFacts {
            family: cx.task.as_ref().and_then(|t| t.str(f::family)).filter(|f| !is_placeholder(f)).map(str::to_string),
            resource: match origin {
                Origin::CloudFormation(id) | Origin::Terraform(id) => Some(id.clone()),
                _ => None,
            },
            network_mode: cx.network_mode(),
            fargate: cx.is_fargate(),
            requires: cx
                .task
                .as_ref()
                .and_then(|t| t.get(f::requiresCompatibilities))
                .and_then(Value::as_array)
                .and_then(|list| {
                    list.iter().map(|v| v.as_str().filter(|s| !is_placeholder(s)).map(str::to_string)).collect()
                }),
            log_drivers: cx
                .containers
                .iter()
                .filter_map(|c| {
                    c.object(f::logConfiguration)?.str(f::logDriver).filter(|d| !is_placeholder(d)).map(str::to_string)
                })
                .collect(),
            port_names: cx
                .containers
                .iter()
                .flat_map(|c| c.objects(f::portMappings))
                .filter_map(|m| m.str(f::name).map(str::to_string))
                .collect(),
            containers,
            complete,
        }
    }

    /// What holds for every one of several task definitions of a family (its revisions or its
    /// copies per environment): names and ports in any of them, a mode they agree on.
    pub fn merge(candidates: &[TaskFacts]) -> Option<TaskFacts> {
        let (first, rest) = candidates.split_first()?;
        let mut merged = first.clone();
        for other in rest {
            if merged.network_mode != other.network_mode {
                merged.network_mode = Some(NetworkMode::Unknown);
            }
            merged.fargate &= other.fargate;
            if merged.requires != other.requires {
                merged.requires = None;
            }
            // A driver counts when every candidate uses it; a port name when any has it.
            merged.log_drivers.retain(|d| other.log_drivers.contains(d));
            merged.port_names.extend(other.port_names.iter().cloned());
            merged.complete &= other.complete;
            for (name, ports) in &other.containers {
                match merged.containers.iter_mut().find(|(n, _)| n == name) {
                    Some((_, known)) => known.extend(ports),
                    None => merged.containers.push((name.clone(), ports.clone())),
                }
            }
        }
        Some(merged)
    }
}

/// A cpu or memory amount read from a task definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    Known(u64),
    /// Absent, or a placeholder.
    Unknown,
    /// Written in a form AWS does not read.
    Invalid,
}

/// Task-level `cpu` in CPU units: `"1024"`, `"1 vCPU"`, `".25 vcpu"` (any case and spacing).
pub fn cpu_units(v: Option<&Value>) -> Amount {
    amount(v, "vcpu")
}

/// Task-level `memory` in MiB: `"2048"`, `"2 GB"`, `"2GB"`.
pub fn memory_mib(v: Option<&Value>) -> Amount {
    amount(v, "gb")
}

fn amount(v: Option<&Value>, unit: &str) -> Amount {
    let text = match v {
        None | Some(Value::Null) => return Amount::Unknown,
        Some(Value::Number(n)) => return n.as_u64().map_or(Amount::Invalid, Amount::Known),
        Some(Value::String(s)) if is_placeholder(s) => return Amount::Unknown,
        Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
        Some(_) => return Amount::Unknown,
    };
    if let Ok(n) = text.parse::<u64>() {
        return Amount::Known(n);
    }
    match text.strip_suffix(unit).map(str::trim).and_then(|n| n.parse::<f64>().ok()) {
        Some(n) if n > 0.0 && n.is_finite() => Amount::Known((n * 1024.0).round() as u64),
        _ => Amount::Invalid,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkMode {
    /// Not given: `bridge` on Linux EC2 instances.
    Default,
    Bridge,
    Host,
    Awsvpc,
    None,
    /// A placeholder or a value the schema reports.
    Unknown,
}

impl NetworkMode {
    /// Whether containers share the task's network namespace, so that host port = container port.
    pub fn shares_host_ports(self) -> bool {
        matches!(self, NetworkMode::Awsvpc | NetworkMode::Host)
    }
}

/// A JSON object in the document, with its pointer.
#[derive(Debug, Clone)]
pub struct Obj<'a> {
    pub obj: &'a Map<String, Value>,
    pub pointer: String,
}

impl<'a> Obj<'a> {
    pub fn get(&self, field: Field) -> Option<&'a Value> {
        self.obj.get(field.name())
    }

    /// A member of a map the user names (log driver options, Docker labels): not a field.
    pub fn entry(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key)
    }

    pub fn str(&self, field: Field) -> Option<&'a str> {
        self.get(field).and_then(Value::as_str)
    }

    pub fn object(&self, field: Field) -> Option<Obj<'a>> {
        let obj = self.get(field)?.as_object()?;
        Some(Obj { obj, pointer: self.child_pointer(field.name()) })
    }

    /// The objects in the array at `field`, with their index.
    pub fn objects(&self, field: Field) -> Vec<Obj<'a>> {
        let Some(items) = self.get(field).and_then(Value::as_array) else { return Vec::new() };
        let base = self.child_pointer(field.name());
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some(Obj { obj: v.as_object()?, pointer: index_pointer(&base, i) }))
            .collect()
    }

    pub fn u64(&self, field: Field) -> Option<u64> {
        self.get(field).and_then(Value::as_u64)
    }

    /// Whether `field` holds something: a non-empty list, object or string, `true`, or a number.
    /// (An empty string sets nothing; where the schema refuses it, it reports it.)
    pub fn is_set(&self, field: Field) -> bool {
        match self.get(field) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
            Some(_) => true,
        }
    }

    /// The strings in the array at `field`, each with its location.
    pub fn strings(&self, field: Field) -> Vec<(Location, &'a str)> {
        let base = self.child_pointer(field.name());
        self.get(field)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        Some((Location { pointer: index_pointer(&base, i), target: Target::Value }, v.as_str()?))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The pointer of the member `key` (a field, or an entry of a user's map).
    pub fn child_pointer(&self, key: &str) -> String {
        let key = escape_pointer_segment(key);
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + key.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        pointer.push_str(&key);
        pointer
    }

    /// The value at `field`.
    pub fn at(&self, field: Field) -> Location {
        self.entry_at(field.name())
    }

    /// The value of the entry `key` of a user's map.
    pub fn entry_at(&self, key: &str) -> Location {
        Location { pointer: self.child_pointer(key), target: Target::Value }
    }

    /// The key of the entry `key` of a user's map, as written.
    pub fn entry_key_at(&self, key: &str) -> Location {
        Location { pointer: self.child_pointer(key), target: Target::Key }
    }

    /// The key of `field`, as written.
    pub fn key_at(&self, field: Field) -> Location {
        Location { pointer: self.child_pointer(field.name()), target: Target::Key }
    }

    /// The object itself, for something missing from it: its opening brace.
    pub fn start(&self) -> Location {
        Location { pointer: self.pointer.clone(), target: Target::Start }
    }
}

/// One container definition.
#[derive(Debug, Clone)]
pub struct Container<'a> {
    pub obj: Obj<'a>,
    pub index: usize,
}

impl<'a> std::ops::Deref for Container<'a> {
    type Target = Obj<'a>;
    fn deref(&self) -> &Obj<'a> {
        &self.obj
    }
}

impl<'a> Container<'a> {
    pub fn name(&self) -> Option<&'a str> {
        self.str(f::name)
    }

    /// How messages name the container: "container `web`", or by its place in the list.
    pub fn label(&self) -> String {
        match self.name() {
            Some(name) if !name.is_empty() => format!("container `{name}`"),
            _ => format!("the container at index {}", self.index),
        }
    }

    /// Where to point when the container as a whole is meant: its name, or its brace.
    pub fn anchor(&self) -> Location {
        if self.get(f::name).is_some() { self.at(f::name) } else { self.start() }
    }

    /// Only an explicit `false` makes a container non-essential: an omitted one is essential.
    pub fn is_essential(&self) -> bool {
        self.get(f::essential) != Some(&Value::Bool(false))
    }
}

/// `base/index`, without the formatting machinery (this is on every rule's path).
pub fn index_pointer(base: &str, index: usize) -> String {
    use std::fmt::Write;
    let mut pointer = String::with_capacity(base.len() + 4);
    pointer.push_str(base);
    pointer.push('/');
    let _ = write!(pointer, "{index}");
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        use serde_json::json;
        assert_eq!(cpu_units(Some(&json!("1024"))), Amount::Known(1024));
        assert_eq!(cpu_units(Some(&json!("1 vCPU"))), Amount::Known(1024));
        assert_eq!(cpu_units(Some(&json!(".25   vCpU"))), Amount::Known(256));
        assert_eq!(cpu_units(Some(&json!("0.5vcpu"))), Amount::Known(512));
        assert_eq!(cpu_units(Some(&json!(256))), Amount::Known(256));
        assert_eq!(cpu_units(Some(&json!("${CPU}"))), Amount::Unknown);
        assert_eq!(cpu_units(None), Amount::Unknown);
        assert_eq!(cpu_units(Some(&json!("lots"))), Amount::Invalid);
        assert_eq!(memory_mib(Some(&json!("2 GB"))), Amount::Known(2048));
        assert_eq!(memory_mib(Some(&json!("2GB"))), Amount::Known(2048));
        assert_eq!(memory_mib(Some(&json!("0.5gb"))), Amount::Known(512));
        assert_eq!(memory_mib(Some(&json!("512"))), Amount::Known(512));
        assert_eq!(memory_mib(Some(&json!("2 vCPU"))), Amount::Invalid);
    }
}
