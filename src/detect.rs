//! Who reads each file, found from the repository the files live in: GitHub workflows that
//! run the ECS deploy or render action name their task definitions in `task-definition:`, and
//! ecspresso configurations name theirs in `task_definition:` and `service_definition:`.
//! Terraform files that read a JSON file with `file()`, `templatefile()` or a `template_file`
//! data source name it as container definitions for the Terraform provider.
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

use crate::config::Config;
use crate::files;
use crate::reader::{ReadBy, Reader};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The readers a repository names, by the absolute path of the file they read.
pub type Claims = HashMap<PathBuf, ReadBy>;

/// Who reads the file at `path`: `--read-by` (`forced`), else the first `[[files]]` entry of
/// the configuration that names it, else the repository; `None` when nothing names it (its
/// format decides).
pub fn read_by(forced: Option<Reader>, config: &Config, claims: &Claims, path: Option<&Path>) -> Option<ReadBy> {
    if let Some(reader) = forced {
        return Some(ReadBy::new(reader, "--read-by"));
    }
    let path = path?;
    if let Some(reader) = config.reader_for(path) {
        let name = config.path.as_deref().map_or("ecslint.toml".into(), files::display_path);
        return Some(ReadBy::new(reader, format!("a [[files]] entry of {name}")));
    }
    claims.get(&normalise(path)).cloned()
}

/// Configuration files larger than this are not read for references.
const MAX_CONFIG_SIZE: u64 = 1 << 20;

/// The repository root for a run started in `cwd`.
pub fn repository_root(cwd: &Path) -> PathBuf {
    let absolute = std::path::absolute(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    absolute.ancestors().find(|dir| dir.join(".git").exists()).map_or(absolute.clone(), Path::to_path_buf)
}

/// The readers the repository at `root` names, by the absolute path of the file they read.
pub fn claims(root: &Path) -> Claims {
    let mut found = Claims::new();
    let walker = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| !(e.file_type().is_dir() && files::SKIPPED_DIRS.iter().any(|d| e.file_name() == *d)));
    for entry in walker.filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let path = entry.path();
        // Configurations are YAML (or `ecspresso.json`), and Terraform: the task definitions
        // themselves, often thousands of JSON files, are not read twice.
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or_default();
        if !matches!(ext, "yml" | "yaml" | "tf") && path.file_name().is_none_or(|n| n != "ecspresso.json") {
            continue;
        }
        let Ok(bytes) = files::read(path, MAX_CONFIG_SIZE) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let in_workflows = path.parent().is_some_and(|p| p.ends_with(".github/workflows"));
        let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
        let dir = path.parent().unwrap_or(root);
        if ext == "tf" {
            for (file, claim) in terraform_reads(path, &shown, text) {
                found.entry(file).or_insert(claim);
            }
        } else if in_workflows && text.contains("amazon-ecs-") {
            // The workflow's repository holds `.github/workflows`.
            let repository = dir.parent().and_then(Path::parent).unwrap_or(root);
            for (file, rendered) in workflow_task_definitions(text) {
                let claim = found
                    .entry(normalise(&repository.join(file)))
                    .or_insert_with(|| ReadBy::new(Reader::GithubDeployAction, format!("named in {shown}")));
                if claim.reader == Reader::GithubDeployAction {
                    claim.fills_image.extend(rendered);
                }
            }
        } else if text.contains("task_definition") || text.contains("service_definition") {
            for file in ecspresso_definitions(text) {
                found
                    .entry(normalise(&dir.join(file)))
                    .or_insert(ReadBy::new(Reader::Ecspresso, format!("named in {shown}")));
            }
        }
    }
    found
}

/// The files the Terraform file at `path` (its text, shown as `shown`) reads as container
/// definitions, by their normalised absolute paths, each claimed for the Terraform provider.
pub fn terraform_reads(path: &Path, shown: &str, text: &str) -> Vec<(PathBuf, ReadBy)> {
    let dir = path.parent().unwrap_or(Path::new("."));
    terraform_files(text)
        .into_iter()
        .map(|(file, template)| {
            let why = format!("read by {shown} with {}", if template { "templatefile()" } else { "file()" });
            (normalise(&dir.join(file)), ReadBy::new(Reader::Terraform, why))
        })
        .collect()
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
/// it is a path (with `${{ env.X }}` taken from the workflow's, job's and step's `env`), with
/// the containers whose image render steps fill in (`container-name`; a render step that reads
/// an earlier one's `steps.ID.outputs.task-definition` fills the same file).
fn workflow_task_definitions(text: &str) -> Vec<(String, Vec<String>)> {
    let Some(workflow) = parse_yaml(text) else { return Vec::new() };
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let jobs = workflow.get("jobs").and_then(Value::as_object).into_iter().flat_map(|j| j.values());
    for job in jobs {
        // The file each render step's output comes from, by step id.
        let mut rendered_from: HashMap<String, usize> = HashMap::new();
        for step in job.get("steps").and_then(Value::as_array).into_iter().flatten() {
            let uses = step.get("uses").and_then(Value::as_str).unwrap_or_default();
            let action = uses.split('@').next().unwrap_or_default();
            let render = action == "aws-actions/amazon-ecs-render-task-definition";
            if !render && action != "aws-actions/amazon-ecs-deploy-task-definition" {
                continue;
            }
            let with = step.get("with");
            let Some(input) = with.and_then(|w| w.get("task-definition")).and_then(Value::as_str) else {
                continue;
            };
            let env = |name: &str| {
                [step, job, &workflow]
                    .iter()
                    .find_map(|scope| scope.get("env")?.get(name)?.as_str().map(str::to_string))
            };
            let index = match step_output(input.trim()) {
                Some(id) => rendered_from.get(id).copied(),
                None => resolve_expression(input.trim(), &env).map(|path| {
                    found.iter().position(|(p, _)| *p == path).unwrap_or_else(|| {
                        found.push((path, Vec::new()));
                        found.len() - 1
                    })
                }),
            };
            let Some(index) = index else { continue };
            if render {
                if let Some(id) = step.get("id").and_then(Value::as_str) {
                    rendered_from.insert(id.to_string(), index);
                }
                let container = with.and_then(|w| w.get("container-name")).and_then(Value::as_str);
                match container.map(|c| resolve_value(c.trim(), &env)) {
                    Some(Some(name)) => found[index].1.push(name),
                    // A container named by an expression ecslint cannot follow: any of them
                    // may be filled.
                    Some(None) => found[index].1.push("*".into()),
                    None => {}
                }
            }
        }
    }
    found
}

/// The step id of `${{ steps.ID.outputs.task-definition }}`.
fn step_output(input: &str) -> Option<&str> {
    let expression = input.strip_prefix("${{")?.strip_suffix("}}")?.trim();
    expression.strip_prefix("steps.")?.strip_suffix(".outputs.task-definition")
}

/// A value as written, or through `${{ env.NAME }}`; `None` for any other expression.
fn resolve_value(input: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match input.strip_prefix("${{").and_then(|r| r.strip_suffix("}}")) {
        Some(expression) => env(expression.trim().strip_prefix("env.")?),
        None if input.contains("${{") => None,
        None => Some(input.to_string()),
    }
}

/// The files a Terraform file reads with `file("...")` or `templatefile("...", ...)` (also
/// inside a `template_file` data source's `template`), each with whether it is a template;
/// `${path.module}` and `${path.root}` are the file's directory (the root module's, as
/// Terraform runs there). JSON files only: a YAML file goes through `yamldecode`, read by the
/// Terraform issue's HCL reader.
fn terraform_files(text: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("file(") {
        let before = &text[..at];
        let template = before.ends_with("template");
        let name_start = if template { at - "template".len() } else { at };
        if text[..name_start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[at + "file(".len()..].trim_start();
        let Some(literal) = rest.strip_prefix('"').and_then(|r| r.split_once('"')).map(|(l, _)| l) else { continue };
        let path = literal.replace("${path.module}/", "").replace("${path.root}/", "");
        let json =
            [".json", ".json.tpl", ".json.tmpl", ".json.tftpl", ".tpl", ".tftpl"].iter().any(|x| path.ends_with(x));
        if json && !path.contains("${") && !path.contains('*') {
            let template = template || !path.ends_with(".json");
            found.push((path, template));
        }
    }
    found
}

/// A `task-definition` value as a path: literal, or `${{ env.NAME }}`; `None` for anything
/// else (a step's output, a family name written as an expression).
fn resolve_expression(input: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let value = resolve_value(input, env)?;
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
        // Jsonnet definitions are evaluated by ecspresso; ecslint does not read them.
        .filter(|path| !path.ends_with(".jsonnet") && !path.ends_with(".libsonnet"))
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
        assert_eq!(
            workflow_task_definitions(workflow),
            [(".aws/task-definition.json".to_string(), vec!["web".to_string()]), ("deploy/worker.json".into(), vec![])]
        );
    }

    #[test]
    fn chained_render_steps_fill_the_same_file() {
        let workflow = r#"
jobs:
  deploy:
    env:
      APP: app
    steps:
      - id: one
        uses: aws-actions/amazon-ecs-render-task-definition@v1
        with: {task-definition: task.json, container-name: "${{ env.APP }}", image: a}
      - id: two
        uses: aws-actions/amazon-ecs-render-task-definition@v1
        with: {task-definition: "${{ steps.one.outputs.task-definition }}", container-name: nginx, image: b}
      - uses: aws-actions/amazon-ecs-render-task-definition@v1
        with: {task-definition: other.json, container-name: "${{ matrix.name }}", image: c}
"#;
        assert_eq!(
            workflow_task_definitions(workflow),
            [
                ("task.json".to_string(), vec!["app".to_string(), "nginx".into()]),
                ("other.json".into(), vec!["*".into()])
            ]
        );
    }

    #[test]
    fn terraform_names_the_files_it_reads() {
        let tf = r#"
resource "aws_ecs_task_definition" "a" {
  container_definitions = file("${path.module}/containers.json")
}
resource "aws_ecs_task_definition" "b" {
  container_definitions = templatefile("tasks/web.json.tpl", { image = var.image })
}
data "template_file" "c" {
  template = file("c.tpl")
}
locals {
  x = myfile("not.json")
  y = file("${var.dir}/unknown.json")
  z = yamldecode(file("containers.yaml"))
}
"#;
        assert_eq!(
            terraform_files(tf),
            [("containers.json".to_string(), false), ("tasks/web.json.tpl".into(), true), ("c.tpl".into(), true)]
        );
    }

    #[test]
    fn ecspresso_configurations_name_theirs() {
        let config = "region: ap-northeast-1\ncluster: default\nservice: web\nservice_definition: ecs-service-def.json\ntask_definition: ecs-task-def.json\n";
        assert_eq!(ecspresso_definitions(config), ["ecs-task-def.json", "ecs-service-def.json"]);
        assert!(ecspresso_definitions("task_definition: '{{ must_env `TD` }}'\n").is_empty());
        assert!(ecspresso_definitions("task_definition: taskdef/app.jsonnet\n").is_empty());
    }
}
