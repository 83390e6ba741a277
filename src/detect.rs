//! Who reads each file, found from the repository the files live in: GitHub workflows that
//! run the ECS deploy or render action name their task definitions in `task-definition:`, and
//! ecspresso configurations name theirs in `task_definition:` and `service_definition:`.
//! The repository's root is the nearest directory above the working directory with `.git`,
//! else the working directory.
//!
//! Sources: the deploy action joins a relative `task-definition` to `$GITHUB_WORKSPACE`, the
//! repository root
//! (<https://github.com/aws-actions/amazon-ecs-deploy-task-definition/blob/7f8154eded4e7c13dc5109317fba150564555ef6/index.js#L276>);
//! ecspresso resolves definition paths against the configuration's directory
//! (<https://github.com/kayac/ecspresso/blob/bad7239f2ea96370b3156e56ad275a87f8f7a358/config.go#L127>)
//! and finds a configuration by any name through `--config`, so configurations are found here
//! by their keys, not their names.

use crate::files;
use crate::reader::Reader;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file's reader, and why: the workflow or configuration that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub reader: Reader,
    pub by: String,
}

/// Configuration files larger than this are not read for references.
const MAX_CONFIG_SIZE: u64 = 1 << 20;

/// The repository root for a run started in `cwd`.
pub fn repository_root(cwd: &Path) -> PathBuf {
    let absolute = std::path::absolute(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    absolute.ancestors().find(|dir| dir.join(".git").exists()).map_or(absolute.clone(), Path::to_path_buf)
}

/// The readers the repository at `root` names, by the absolute path of the file they read.
pub fn claims(root: &Path) -> HashMap<PathBuf, Claim> {
    let mut found = HashMap::new();
    let walker = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| !(e.file_type().is_dir() && files::SKIPPED_DIRS.iter().any(|d| e.file_name() == *d)));
    for entry in walker.filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let path = entry.path();
        // Configurations are YAML (or `ecspresso.json`): the task definitions themselves, often
        // thousands of JSON files, are not read twice.
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or_default();
        if !matches!(ext, "yml" | "yaml") && path.file_name().is_none_or(|n| n != "ecspresso.json") {
            continue;
        }
        let Ok(bytes) = files::read(path, MAX_CONFIG_SIZE) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let in_workflows = path.parent().is_some_and(|p| p.ends_with(".github/workflows"));
        let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
        if in_workflows && text.contains("amazon-ecs-") {
            for file in workflow_task_definitions(text) {
                found.entry(root.join(file)).or_insert(Claim { reader: Reader::GithubDeployAction, by: shown.clone() });
            }
        } else if text.contains("task_definition") || text.contains("service_definition") {
            let dir = path.parent().unwrap_or(root);
            for file in ecspresso_definitions(text) {
                found.entry(dir.join(file)).or_insert(Claim { reader: Reader::Ecspresso, by: shown.clone() });
            }
        }
    }
    found.into_iter().map(|(path, claim)| (normalise(&path), claim)).collect()
}

/// `a/./b/../c` as `a/c`, without touching the file system (the file may not exist).
pub fn normalise(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn parse_yaml(text: &str) -> Option<Value> {
    crate::yaml::parse(text).ok().map(|p| p.value)
}

/// The files a workflow's ECS deploy and render steps read: their `task-definition` input when
/// it is a path (with `${{ env.X }}` taken from the workflow's, job's and step's `env`), not a
/// previous step's output.
fn workflow_task_definitions(text: &str) -> Vec<String> {
    let Some(workflow) = parse_yaml(text) else { return Vec::new() };
    let mut found = Vec::new();
    let jobs = workflow.get("jobs").and_then(Value::as_object).into_iter().flat_map(|j| j.values());
    for job in jobs {
        for step in job.get("steps").and_then(Value::as_array).into_iter().flatten() {
            let uses = step.get("uses").and_then(Value::as_str).unwrap_or_default();
            let action = uses.split('@').next().unwrap_or_default();
            if !matches!(
                action,
                "aws-actions/amazon-ecs-deploy-task-definition" | "aws-actions/amazon-ecs-render-task-definition"
            ) {
                continue;
            }
            let Some(input) = step.get("with").and_then(|w| w.get("task-definition")).and_then(Value::as_str) else {
                continue;
            };
            let env = |name: &str| {
                [step, job, &workflow]
                    .iter()
                    .find_map(|scope| scope.get("env")?.get(name)?.as_str().map(str::to_string))
            };
            if let Some(path) = resolve_expression(input.trim(), &env) {
                found.push(path);
            }
        }
    }
    found
}

/// A `task-definition` value as a path: literal, or `${{ env.NAME }}`; `None` for anything
/// else (a step's output, a family name written as an expression).
fn resolve_expression(input: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let value = match input.strip_prefix("${{").and_then(|r| r.strip_suffix("}}")) {
        Some(expression) => env(expression.trim().strip_prefix("env.")?)?,
        None if input.contains("${{") => return None,
        None => input.to_string(),
    };
    // A family name (the deploy action takes one) has no extension; a file has.
    (value.ends_with(".json") || value.ends_with(".yaml") || value.ends_with(".yml")).then_some(value)
}

/// The definition files an ecspresso configuration names.
fn ecspresso_definitions(text: &str) -> Vec<String> {
    let Some(config) = parse_yaml(text) else { return Vec::new() };
    ["task_definition", "service_definition"]
        .iter()
        .filter_map(|key| config.get(*key).and_then(Value::as_str))
        .filter(|path| !path.contains("{{"))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflows_name_their_task_definitions() {
        let workflow = r#"
name: Deploy
env:
  ECS_TASK_DEFINITION: .aws/task-definition.json
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - id: render
        uses: aws-actions/amazon-ecs-render-task-definition@v1
        with:
          task-definition: ${{ env.ECS_TASK_DEFINITION }}
          container-name: web
          image: example/web:1
      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2
        with:
          task-definition: ${{ steps.render.outputs.task-definition }}
      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2
        with:
          task-definition: deploy/worker.json
      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2
        with:
          task-definition: worker-family
"#;
        assert_eq!(workflow_task_definitions(workflow), [".aws/task-definition.json", "deploy/worker.json"]);
    }

    #[test]
    fn ecspresso_configurations_name_theirs() {
        let config = "region: ap-northeast-1\ncluster: default\nservice: web\nservice_definition: ecs-service-def.json\ntask_definition: ecs-task-def.json\n";
        assert_eq!(ecspresso_definitions(config), ["ecs-task-def.json", "ecs-service-def.json"]);
        assert!(ecspresso_definitions("task_definition: '{{ must_env `TD` }}'\n").is_empty());
    }
}
