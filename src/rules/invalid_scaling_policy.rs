//! `invalid-scaling-policy`: an ECS service's scaling policy that Application Auto Scaling
//! refuses: a predefined metric that is not an ECS one, `ALBRequestCountPerTarget` without its
//! resource label (or a label on another metric), or step adjustments that overlap or leave gaps.

use crate::diagnostic::Sink;
use crate::rule::{Category, Rule};
use crate::unit::{Kind, Shape};
use crate::view::resources::{at, key_at, mentions, number, object, objects, referenced, root, string, value};
use crate::view::{Context, Obj};

pub static RULE: Rule = Rule {
    name: "invalid-scaling-policy",
    category: Category::Invalid,
    summary: "An ECS service's scaling policy with a metric that is not an ECS one, `ALBRequestCountPerTarget` without its label, or step adjustments that overlap or leave gaps",
    doc: include_str!("../../rules/invalid-scaling-policy.md"),
    aliases: &[],
};

/// The predefined metrics of ECS services (Application Auto Scaling, `PredefinedMetricSpecification`).
const ECS_METRICS: &[&str] = &[
    "ECSServiceAverageCPUUtilization",
    "ECSServiceAverageMemoryUtilization",
    "ALBRequestCountPerTarget",
    "ECSServiceAverageCPUUtilizationHighResolution",
    "ECSServiceAverageMemoryUtilizationHighResolution",
];

/// Whether the policy scales an ECS service: its own namespace, dimension or resource ID say
/// so, or the scalable target it refers to does.
fn scales_ecs(cx: &Context, policy: &Obj) -> bool {
    let ecs = |o: &Obj| {
        string(o, ("serviceNamespace", "service_namespace")) == Some("ecs")
            || string(o, ("scalableDimension", "scalable_dimension")).is_some_and(|d| d.starts_with("ecs:"))
            || string(o, ("resourceId", "resource_id")).is_some_and(|id| id.starts_with("service/"))
    };
    ecs(policy) || target(cx, policy).and_then(root).is_some_and(|t| ecs(&t))
}

/// The scalable target of the file the policy refers to (`ScalingTargetId: !Ref Target`,
/// `resource_id = aws_appautoscaling_target.web.resource_id`).
fn target<'u>(cx: &Context<'u>, policy: &Obj) -> Option<&'u crate::unit::Unit> {
    [("scalingTargetId", "scaling_target_id"), ("resourceId", "resource_id")].into_iter().find_map(|name| {
        value(policy, name)
            .and_then(|v| v.as_str())
            .and_then(|r| referenced(cx.siblings, r))
            .filter(|u| u.shape == Shape::Resource(Kind::ScalableTarget))
    })
}

/// The service of the file the policy scales: through the scalable target it refers to (or its
/// own resource ID), whose resource ID refers to the service (`${Service.Name}`,
/// `${aws_ecs_service.web.name}`) or names it.
fn scaled_service<'u>(cx: &Context<'u>, policy: &Obj) -> Option<&'u crate::unit::Unit> {
    let holder = match target(cx, policy) {
        Some(unit) => root(unit)?,
        None => policy.clone(),
    };
    let id = value(&holder, ("resourceId", "resource_id"))?.as_str()?;
    cx.siblings.iter().filter(|u| u.shape == Shape::CreateService).find(|u| {
        let named =
            u.value.get("serviceName").and_then(|v| v.as_str()).is_some_and(|n| id.rsplit('/').next() == Some(n));
        named || mentions(id, u)
    })
}

pub fn check(cx: &Context, out: &mut Sink) {
    let Some(policy) = cx.resource(Kind::ScalingPolicy) else { return };
    if !scales_ecs(cx, policy) {
        return;
    }
    let tracking =
        object(policy, ("targetTrackingScalingPolicyConfiguration", "target_tracking_scaling_policy_configuration"));
    if let Some(spec) =
        tracking.as_ref().and_then(|t| object(t, ("predefinedMetricSpecification", "predefined_metric_specification")))
    {
        predefined(&spec, out);
        let requests =
            string(&spec, ("predefinedMetricType", "predefined_metric_type")) == Some("ALBRequestCountPerTarget");
        let no_balancer = |s: &crate::unit::Unit| {
            s.value.get("loadBalancers").is_none_or(|v| v.as_array().is_some_and(Vec::is_empty))
        };
        if requests && scaled_service(cx, policy).is_some_and(no_balancer) {
            out.report(
                at(&spec, ("predefinedMetricType", "predefined_metric_type")),
                "the policy scales on requests per target (`ALBRequestCountPerTarget`), but the service has no load balancer",
                "put the service behind a target group, or scale on `ECSServiceAverageCPUUtilization` or `ECSServiceAverageMemoryUtilization`",
            );
        }
    }
    let step = object(policy, ("stepScalingPolicyConfiguration", "step_scaling_policy_configuration"));
    if let Some(step) = step {
        steps(&step, out);
    }
}

fn predefined(spec: &Obj, out: &mut Sink) {
    let kind = ("predefinedMetricType", "predefined_metric_type");
    let label = ("resourceLabel", "resource_label");
    let Some(metric) = string(spec, kind) else { return };
    if !ECS_METRICS.contains(&metric) {
        out.report(
            at(spec, kind),
            format!("`{metric}` is not a predefined metric of ECS services"),
            "use `ECSServiceAverageCPUUtilization`, `ECSServiceAverageMemoryUtilization` or `ALBRequestCountPerTarget`",
        );
    } else if metric == "ALBRequestCountPerTarget" && value(spec, label).is_none() {
        out.report(
            key_at(spec, kind),
            "`ALBRequestCountPerTarget` needs a `ResourceLabel` naming the load balancer and target group",
            "add `ResourceLabel: app/LB-NAME/LB-ID/targetgroup/TG-NAME/TG-ID` (the ends of the load balancer's and target group's ARNs)",
        );
    } else if metric != "ALBRequestCountPerTarget" && value(spec, label).is_some() {
        out.report(
            key_at(spec, label),
            format!("`ResourceLabel` is only for `ALBRequestCountPerTarget`, not `{metric}`"),
            "remove `ResourceLabel` (\"You can't specify a resource label unless the metric type is ALBRequestCountPerTarget\")",
        );
    }
}

/// "The ranges of your step adjustments can't overlap or have a gap. At most one step
/// adjustment can have a null lower bound... The upper and lower bound can't be null in the
/// same step adjustment" (Application Auto Scaling, `StepAdjustment`).
fn steps(step: &Obj, out: &mut Sink) {
    let (lower, upper) = (
        ("metricIntervalLowerBound", "metric_interval_lower_bound"),
        ("metricIntervalUpperBound", "metric_interval_upper_bound"),
    );
    let adjustments = objects(step, ("stepAdjustments", "step_adjustment"));
    // A bound written but not known (a placeholder) leaves the whole list unjudged.
    let unknown = adjustments.iter().any(|a| {
        [lower, upper].into_iter().any(|b| value(a, b).is_some_and(|v| !v.is_null()) && number(a, b).is_none())
    });
    if unknown || adjustments.is_empty() {
        return;
    }
    let mut ranges: Vec<(f64, f64, &Obj)> = Vec::new();
    for a in &adjustments {
        let low = number(a, lower).unwrap_or(f64::NEG_INFINITY);
        let high = number(a, upper).unwrap_or(f64::INFINITY);
        if low == f64::NEG_INFINITY && high == f64::INFINITY {
            out.report(
                a.start(),
                "a step adjustment has neither a lower nor an upper bound",
                "give it a lower or an upper bound (relative to the alarm's threshold)",
            );
            return;
        }
        if high <= low {
            out.report(
                at(a, upper),
                format!("a step adjustment's upper bound ({high}) is not above its lower bound ({low})"),
                "make the upper bound greater than the lower bound",
            );
            return;
        }
        ranges.push((low, high, a));
    }
    ranges.sort_by(|x, y| x.0.total_cmp(&y.0));
    for pair in ranges.windows(2) {
        let ((_, high, _), (low, _, next)) = ((pair[0].0, pair[0].1, pair[0].2), (pair[1].0, pair[1].1, pair[1].2));
        if low < high {
            out.report(
                next.start(),
                format!("step adjustments overlap: one ends at {high}, the next starts at {low}"),
                "make each step start where the one below ends",
            );
            return;
        }
        if low > high {
            out.report(
                next.start(),
                format!("step adjustments leave a gap from {high} to {low}"),
                "make each step start where the one below ends",
            );
            return;
        }
    }
    let (first, last) = (ranges[0], ranges[ranges.len() - 1]);
    if first.0 < 0.0 && first.0 != f64::NEG_INFINITY {
        out.report(
            at(first.2, lower),
            "the lowest step adjustment has a negative lower bound, and no step has no lower bound",
            "leave the lower bound out of the lowest step (it then reaches down without end)",
        );
    }
    if last.1 > 0.0 && last.1 != f64::INFINITY {
        out.report(
            at(last.2, upper),
            "the highest step adjustment has a positive upper bound, and no step has no upper bound",
            "leave the upper bound out of the highest step (it then reaches up without end)",
        );
    }
}
