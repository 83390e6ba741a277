//! `invalid-resource-requirement`: a container's `resourceRequirements` that ECS refuses: a GPU
//! count that is not a whole number, a Neuron device value other than `ALL` or on two
//! containers, an inference accelerator the task does not declare.

use crate::diagnostic::Sink;
use crate::placeholder::is_placeholder;
use crate::rule::{Category, Rule};
use crate::view::Context;
use crate::view::fields::f;

pub static RULE: Rule = Rule {
    name: "invalid-resource-requirement",
    category: Category::Invalid,
    summary: "A GPU count that is not a whole number, a `NeuronDevice` other than `ALL` or on two containers, or an inference accelerator the task does not declare",
    doc: include_str!("../../rules/invalid-resource-requirement.md"),
    aliases: &[],
};

pub fn check(cx: &Context, out: &mut Sink) {
    let accelerators: Option<Vec<&str>> = cx
        .task
        .as_ref()
        .map(|t| t.objects(f::inferenceAccelerators).iter().filter_map(|a| a.str(f::deviceName)).collect());
    let unknown_accelerator = accelerators.as_ref().is_some_and(|names| names.iter().any(|n| is_placeholder(n)));
    let mut neuron: Option<String> = None;
    for container in &cx.containers {
        for requirement in container.objects(f::resourceRequirements) {
            let Some(value) = requirement.str(f::value).filter(|v| !is_placeholder(v)) else { continue };
            let who = container.label();
            match requirement.str(f::r#type) {
                Some("GPU") if value != "ALL" && !value.parse::<u64>().is_ok_and(|n| n > 0) => out.report(
                    requirement.at(f::value),
                    format!("{who} asks for `{value}` GPUs; the value is a whole number of GPUs, or `ALL`"),
                    "write the number of physical GPUs to reserve (`\"1\"`), or `\"ALL\"`",
                ),
                Some("NeuronDevice") => {
                    if value != "ALL" {
                        out.report(requirement.at(f::value), format!("{who} asks for `{value}` Neuron devices; the value must be `ALL`"), "write `\"ALL\"`: a container gets every Neuron device of the instance");
                    } else if let Some(first) = &neuron {
                        out.report(requirement.at(f::r#type), format!("{who} and {first} both ask for Neuron devices; only one container of a task may"), "keep `NeuronDevice` on one container");
                    } else {
                        neuron = Some(who);
                    }
                }
                Some("InferenceAccelerator")
                    if !unknown_accelerator && accelerators.as_ref().is_some_and(|names| !names.contains(&value)) =>
                {
                    out.report(
                        requirement.at(f::value),
                        format!("{who} uses the inference accelerator `{value}`, which the task's `inferenceAccelerators` does not declare"),
                        "declare it in the task's `inferenceAccelerators` (its `deviceName`), or name one declared there",
                    )
                }
                _ => {}
            }
        }
    }
}
