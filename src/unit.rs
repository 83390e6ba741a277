//! A unit: one task definition or service of a file, in the API's spelling, with its spans in
//! the file; and the shapes of input it can have.

use crate::json::SpanTree;
use crate::span::Span;
use serde_json::Value;

/// The shapes of input ecslint reads, once a template's resources are taken out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `RegisterTaskDefinition` input, as `aws ecs register-task-definition --cli-input-json` takes.
    Register,
    /// `DescribeTaskDefinition` output: `{"taskDefinition": {...}, "tags": [...]}`.
    Describe,
    /// A bare array of container definitions (Terraform's `container_definitions`).
    ContainerArray,
    /// `CreateService` input (`aws ecs create-service --cli-input-json`).
    CreateService,
    /// `UpdateService` input (`aws ecs update-service --cli-input-json`).
    UpdateService,
    /// Another resource of a template or module that the ECS rules look at (a cluster, a
    /// scalable target...), as its reader spells it: CloudFormation's properties with their
    /// first letter in lower case, the Terraform provider's arguments as written. No schema
    /// checks it.
    Resource(Kind),
}

/// The other resources of a template or module that ecslint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `AWS::ECS::Cluster`, `aws_ecs_cluster`.
    Cluster,
    /// `AWS::ECS::CapacityProvider`, `aws_ecs_capacity_provider`.
    CapacityProvider,
    /// `AWS::ApplicationAutoScaling::ScalableTarget`, `aws_appautoscaling_target`.
    ScalableTarget,
    /// `AWS::ApplicationAutoScaling::ScalingPolicy`, `aws_appautoscaling_policy`.
    ScalingPolicy,
    /// `AWS::ElasticLoadBalancingV2::TargetGroup`, `aws_lb_target_group` (and `aws_alb_target_group`).
    TargetGroup,
}

impl Kind {
    /// The kind of a CloudFormation resource type.
    pub fn of_cloudformation(kind: &str) -> Option<Kind> {
        Some(match kind {
            "AWS::ECS::Cluster" => Kind::Cluster,
            "AWS::ECS::CapacityProvider" => Kind::CapacityProvider,
            "AWS::ApplicationAutoScaling::ScalableTarget" => Kind::ScalableTarget,
            "AWS::ApplicationAutoScaling::ScalingPolicy" => Kind::ScalingPolicy,
            "AWS::ElasticLoadBalancingV2::TargetGroup" => Kind::TargetGroup,
            _ => return None,
        })
    }

    /// The kind of a Terraform resource type.
    pub fn of_terraform(kind: &str) -> Option<Kind> {
        Some(match kind {
            "aws_ecs_cluster" => Kind::Cluster,
            "aws_ecs_capacity_provider" => Kind::CapacityProvider,
            "aws_appautoscaling_target" => Kind::ScalableTarget,
            "aws_appautoscaling_policy" => Kind::ScalingPolicy,
            "aws_lb_target_group" | "aws_alb_target_group" => Kind::TargetGroup,
            _ => return None,
        })
    }
}

impl Shape {
    /// Recognises a task definition or a service by its shape, for files found while walking.
    pub fn detect(value: &Value) -> Option<Shape> {
        match value {
            Value::Object(map) => {
                if map
                    .get("taskDefinition")
                    .and_then(Value::as_object)
                    .is_some_and(|td| td.contains_key("containerDefinitions"))
                {
                    Some(Shape::Describe)
                } else if map.contains_key("containerDefinitions") {
                    Some(Shape::Register)
                } else if is_other_ecs_input(map) {
                    None
                } else if SERVICE_KEYS.iter().filter(|k| map.contains_key(**k)).count()
                    >= if map.get("taskDefinition").is_some_and(Value::is_string) { 1 } else { 2 }
                {
                    // A service file need not name its task definition: ecspresso and the
                    // command line (`--task-definition`) fill it in.
                    Some(if map.contains_key("service") && !map.contains_key("serviceName") {
                        Shape::UpdateService
                    } else {
                        Shape::CreateService
                    })
                } else {
                    None
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let containerish = |v: &Value| {
                    v.as_object().is_some_and(|c| {
                        c.contains_key("image")
                            || (c.contains_key("name") && CONTAINER_KEYS.iter().any(|k| c.contains_key(*k)))
                    })
                };
                items.iter().all(containerish).then_some(Shape::ContainerArray)
            }
            _ => None,
        }
    }

    /// The shape of a file named on the command line, which is linted whatever it holds.
    pub fn assume(value: &Value) -> Shape {
        Shape::detect(value).unwrap_or(if value.is_array() { Shape::ContainerArray } else { Shape::Register })
    }

    pub fn is_service(self) -> bool {
        matches!(self, Shape::CreateService | Shape::UpdateService)
    }

    /// Whether the unit is a task definition (or a list of containers).
    pub fn is_task(self) -> bool {
        matches!(self, Shape::Register | Shape::Describe | Shape::ContainerArray)
    }
}

/// What a document is when it is the input or output of another ECS call that looks like a
/// service's: `CreateTaskSet` input (it has a `scale` or an `externalId`), `DescribeServices`
/// output (a `services` list).
pub fn other_ecs_input(value: &Value) -> Option<&'static str> {
    let map = value.as_object()?;
    if map.contains_key("containerDefinitions") {
        None
    } else if map.contains_key("scale") || map.contains_key("externalId") {
        Some("`CreateTaskSet` input")
    } else if map.get("services").is_some_and(Value::is_array) {
        Some("`DescribeServices` output")
    } else {
        None
    }
}

fn is_other_ecs_input(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key("scale") || map.contains_key("externalId") || map.get("services").is_some_and(Value::is_array)
}

/// Keys that mark an object as service input: one beside a `taskDefinition` string, or two.
const SERVICE_KEYS: &[&str] = &[
    "serviceName",
    "service",
    "desiredCount",
    "loadBalancers",
    "deploymentConfiguration",
    "launchType",
    "capacityProviderStrategy",
    "networkConfiguration",
    "placementStrategy",
    "placementConstraints",
];

/// Keys that, beside `name`, mark an object as a container definition.
const CONTAINER_KEYS: &[&str] = &[
    "portMappings",
    "essential",
    "environment",
    "secrets",
    "memory",
    "memoryReservation",
    "cpu",
    "command",
    "entryPoint",
    "logConfiguration",
    "mountPoints",
];

/// Where a unit was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The file is the task definition (or the service).
    File,
    /// A resource of a CloudFormation template, by its logical ID.
    CloudFormation(String),
    /// A resource in `terraform show -json` output, by its address.
    Terraform(String),
}

/// The task definition a service runs, as far as the file tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskRef {
    /// `!Ref` to a resource of the same template.
    Resource(String),
    /// A family (from `family`, `family:revision` or an ARN).
    Family(String),
}

impl TaskRef {
    /// The family a `taskDefinition` value names: `web`, `web:3`, or an ARN ending `task-definition/web:3`.
    pub fn from_name(name: &str) -> Option<TaskRef> {
        if crate::placeholder::is_placeholder(name) || name.is_empty() {
            return None;
        }
        let last = name.rsplit_once("task-definition/").map_or(name, |(_, rest)| rest);
        let family = last.split_once(':').map_or(last, |(family, _)| family);
        (!family.is_empty()).then(|| TaskRef::Family(family.to_string()))
    }
}

/// One task definition or service in a file: as the API spells it, with its spans in the file.
#[derive(Debug)]
pub struct Unit {
    pub shape: Shape,
    pub value: Value,
    /// Shaped like `value`; spans into the file's text.
    pub tree: SpanTree,
    pub origin: Origin,
    /// For a service, the task definition it runs.
    pub task: Option<TaskRef>,
    /// Members of a CloudFormation template written in the API's spelling (`essential`): their
    /// pointers in the unit, with CloudFormation's spelling (`Essential`).
    pub api_spelt: Vec<(String, String)>,
    /// A Terraform resource's `lifecycle { ignore_changes = [...] }`: the arguments Terraform
    /// leaves as AWS has them (`all` for every one).
    pub ignore_changes: Vec<String>,
}

impl Unit {
    /// Whether the unit was converted from a template's spelling (CloudFormation, Terraform).
    pub fn is_converted(&self) -> bool {
        self.origin != Origin::File
    }
}

/// Why a file could not be read as JSON: a message and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub message: String,
    pub span: Span,
}

/// What a template's reader makes of it: its units, and the parts it could not read.
pub type Converted = (Vec<Unit>, Vec<Unreadable>);
