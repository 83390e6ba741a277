//! What several service rules read alike: the deployment controller, placement lists.

use crate::diagnostic::Sink;
use crate::view::fields::Field;
use crate::view::fields::f;
use crate::view::{Context, Obj};

/// Whether a rolling deployment of the service is ECS's own (not CodeDeploy's or external).
pub fn is_rolling(service: &Obj) -> bool {
    service
        .object(f::deploymentController)
        .and_then(|c| c.str(f::r#type).map(str::to_string))
        .is_none_or(|t| t == "ECS")
}

/// A service's placement list, as its two rules read it.
pub struct Placement {
    pub key: Field,
    pub what: &'static str,
    pub max: usize,
    pub on_fargate: &'static str,
    pub too_many: &'static str,
}

/// The items of a placement list to check one by one, after what holds for the whole list:
/// none at all on Fargate ("Placement strategies/constraints are not supported with FARGATE
/// launch type"), and at most `max`. `None` when there is nothing more to check.
pub fn placement_items<'a>(cx: &Context<'a>, out: &mut Sink, list: Placement) -> Option<Vec<Obj<'a>>> {
    let service = cx.service.as_ref()?;
    let items = service.objects(list.key);
    if items.is_empty() {
        return None;
    }
    if cx.service_on_fargate() {
        out.report(service.key_at(list.key), format!("{} are not supported on Fargate", list.what), list.on_fargate);
        return None;
    }
    if items.len() > list.max {
        out.report(
            items[list.max].start(),
            format!("the service has {} {}; ECS allows at most {}", items.len(), list.what, list.max),
            list.too_many,
        );
    }
    Some(items)
}
