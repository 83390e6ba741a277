//! Task definitions for benchmarks, made from the repository's own samples.

// Each benchmark uses some of these helpers.
#![allow(dead_code)]

use serde_json::{Value, json};

/// The samples in `examples/` that are task definitions.
pub fn samples() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut samples: Vec<(String, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let value: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
            let is_task = value.get("containerDefinitions").is_some()
                || value.get("taskDefinition").is_some_and(Value::is_object)
                || value.is_array();
            is_task.then(|| (path.display().to_string(), value))
        })
        .collect();
    samples.sort_by(|a, b| a.0.cmp(&b.0));
    samples.into_iter().map(|(_, v)| v).collect()
}

/// The `n`th generated task definition: a sample, renamed so that no two are alike.
pub fn generated(n: usize, samples: &[Value]) -> String {
    let mut value = samples[n % samples.len()].clone();
    let task = if value.get("taskDefinition").is_some() { &mut value["taskDefinition"] } else { &mut value };
    if let Some(family) = task.get_mut("family") {
        *family = json!(format!("service-{n}"));
    }
    serde_json::to_string_pretty(&value).unwrap()
}

/// A task definition of about `size` bytes: the clean sample with environment variables added.
pub fn large(size: usize) -> String {
    let mut value: Value =
        serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/fargate-web.json"))).unwrap();
    let mut i = 0;
    while serde_json::to_string_pretty(&value).unwrap().len() < size {
        value["containerDefinitions"][0]["environment"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": format!("FEATURE_FLAG_{i:04}"), "value": format!("enabled-for-cohort-{i}")}));
        i += 1;
    }
    serde_json::to_string_pretty(&value).unwrap()
}
