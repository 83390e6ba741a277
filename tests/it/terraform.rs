//! Terraform modules as written (`.tf` files): every form of `container_definitions`, the
//! module's locals, variables and `.tfvars`, services tied to their task definitions, walking,
//! bad HCL, and the same findings as the JSON they stand for.

use serde_json::{Map, Value};
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
}

fn ecslint(dir: &Path, args: &[&str]) -> Run {
    let out =
        Command::new(env!("CARGO_BIN_EXE_ecslint")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
    Run { code: out.status.code().unwrap(), stdout: String::from_utf8(out.stdout).unwrap() }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn problems(run: &Run) -> Vec<Value> {
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
        .as_array()
        .unwrap()
        .clone()
}

/// `FILE:LINE:COL RULE` of each problem: where it points, for a snapshot a person reads.
fn places(run: &Run) -> String {
    problems(run)
        .iter()
        .map(|p| {
            format!(
                "{}:{}:{} {} {}: {}",
                p["file"].as_str().unwrap(),
                p["line"],
                p["column"],
                p["severity"].as_str().unwrap(),
                p["rule"].as_str().unwrap(),
                p["message"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_form_of_container_definitions_in_a_module() {
    let run = ecslint(root(), &["--format", "json", "tests/fixtures/terraform/module"]);
    assert_eq!(run.code, 1);
    let found = places(&run);
    // `.terraform/` (vendored modules) is never read.
    assert!(!found.contains(".terraform"), "{found}");
    insta::assert_snapshot!(found);
}

#[test]
fn the_sample_module_in_the_human_format() {
    let run = ecslint(root(), &["examples/terraform"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn bad_hcl_is_an_hcl_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \n}\n")
        .unwrap();
    let run = ecslint(dir.path(), &["--format", "json", "main.tf"]);
    assert_eq!(run.code, 1);
    let p = &problems(&run)[0];
    assert!(p["message"].as_str().unwrap().starts_with("invalid Terraform (HCL)"), "{p}");
    assert_eq!((p["line"].as_u64(), p["column"].as_u64()), (Some(2), Some(12)));
    // Walking, a broken `.tf` file without ECS resources is Terraform's to report, not ours.
    std::fs::write(dir.path().join("main.tf"), "variable \"x\" {\n  default = \n}\n").unwrap();
    let run = ecslint(dir.path(), &["--format", "json", "."]);
    assert_eq!((run.code, problems(&run).len()), (0, 0), "{}", run.stdout);
}

#[test]
fn tfvars_win_over_defaults_and_other_files_of_the_module_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("variables.tf", "variable \"essential\" {\n  default = true\n}\n");
    write(
        "main.tf",
        "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \"x\"\n  task_role_arn = \"arn:aws:iam::1:role/x\"\n  container_definitions = jsonencode([{ name = \"a\", image = \"a:1\", essential = var.essential }])\n}\n",
    );
    let rules = |run: &Run| problems(run).iter().map(|p| p["rule"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let before = ecslint(dir.path(), &["--format", "json", "main.tf"]);
    assert!(!rules(&before).contains(&"missing-essential-container".to_string()), "{}", before.stdout);
    write("terraform.tfvars", "essential = false\n");
    let after = ecslint(dir.path(), &["--format", "json", "main.tf"]);
    assert!(rules(&after).contains(&"missing-essential-container".to_string()), "{}", after.stdout);
}

fn snake(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A task definition written as an `aws_ecs_task_definition` resource: scalars and string
/// lists as arguments, objects as blocks, the containers through `jsonencode`.
fn as_terraform(task: &Map<String, Value>) -> String {
    let mut out = String::from("resource \"aws_ecs_task_definition\" \"t\" {\n");
    for (key, value) in task {
        match (key.as_str(), value) {
            ("containerDefinitions", v) => out.push_str(&format!(
                "  container_definitions = jsonencode({})\n",
                serde_json::to_string_pretty(v).unwrap()
            )),
            (_, Value::Object(block)) => {
                out.push_str(&format!("  {} {{\n", snake(key)));
                for (k, v) in block {
                    out.push_str(&format!("    {} = {v}\n", snake(k)));
                }
                out.push_str("  }\n");
            }
            (_, v) => out.push_str(&format!("  {} = {v}\n", snake(key))),
        }
    }
    out + "}\n"
}

#[test]
fn the_json_samples_written_as_terraform_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for name in ["ec2-bridge-problems.json", "fargate-web.json"] {
        let json = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
        let task: Map<String, Value> = serde_json::from_str(&json).unwrap();
        let tf = dir.path().join(name.replace(".json", ".tf"));
        std::fs::write(&tf, as_terraform(&task)).unwrap();
        let findings = |run: &Run| {
            let mut f: Vec<(String, String, String)> = problems(run)
                .iter()
                .map(|p| {
                    (
                        p["rule"].as_str().unwrap().into(),
                        p["severity"].as_str().unwrap().into(),
                        p["message"].as_str().unwrap().into(),
                    )
                })
                .collect();
            f.sort();
            f
        };
        let from_json =
            findings(&ecslint(root(), &["--format", "json", "--read-by", "terraform", &format!("examples/{name}")]));
        let from_tf = findings(&ecslint(root(), &["--format", "json", tf.to_str().unwrap()]));
        assert_eq!(from_json, from_tf, "{name}");
        compared += from_json.len();
    }
    assert!(compared >= 5, "the samples have problems to compare");
}

#[test]
fn a_service_finds_its_task_definition_in_another_file_of_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("variables.tf", "variable \"env\" {\n  default = \"prod\"\n}\n");
    write(
        "task.tf",
        "resource \"aws_ecs_task_definition\" \"web\" {\n  family = \"web-${var.env}\"\n  memory = 512\n  task_role_arn = \"arn:aws:iam::1:role/x\"\n  container_definitions = jsonencode([{ name = \"web\", image = \"nginx:1\", portMappings = [{ containerPort = 80 }] }])\n}\n",
    );
    write(
        "service.tf",
        "resource \"aws_ecs_service\" \"web\" {\n  name = \"web\"\n  task_definition = aws_ecs_task_definition.web.arn\n  load_balancer {\n    target_group_arn = \"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/x/1\"\n    container_name = \"app\"\n    container_port = 80\n  }\n}\n",
    );
    let run = ecslint(dir.path(), &["--format", "json", "."]);
    let found = places(&run);
    assert!(
        found.contains("service.tf:6:") && found.contains("task definition `web-prod` has no container named `app`"),
        "{found}"
    );
}

#[test]
fn a_value_from_a_variable_default_points_where_it_is_written_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \"x\"\n  task_role_arn = \"arn:aws:iam::1:role/x\"\n  container_definitions = jsonencode([{ name = \"a\", image = \"a:1\", memory = 128, privileged = var.privileged }])\n}\n\nvariable \"privileged\" {\n  default = true\n}\n",
    )
    .unwrap();
    let run = ecslint(dir.path(), &["--format", "json", "main.tf"]);
    let found = problems(&run);
    let privileged = found.iter().find(|p| p["rule"] == "privileged-container").expect("privileged-container");
    assert_eq!((privileged["line"].as_u64(), privileged["column"].as_u64()), (Some(8), Some(13)), "at the default");
    assert!(
        privileged["message"]
            .as_str()
            .unwrap()
            .ends_with("the value is the default of `var.privileged`, used at line 4"),
        "{privileged}"
    );
}

#[test]
fn a_tf_file_checked_alone_reports_the_files_it_reads_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "infra/main.tf",
        "resource \"aws_ecs_task_definition\" \"x\" {\n  family = \"x\"\n  task_role_arn = \"arn:aws:iam::1:role/x\"\n  container_definitions = templatefile(\"${path.module}/containers/web.json.tpl\", { image = \"a:1\" })\n}\n",
    );
    write(
        "infra/containers/web.json.tpl",
        "[\n  {\"name\": \"web\", \"image\": \"${image}\", \"memory\": 128,\n   \"privileged\": true}\n]\n",
    );
    // Named alone, from another directory: the file it reads is checked too, at its own lines,
    // for the Terraform provider, and every format says which `.tf` file reads it.
    let run = ecslint(dir.path(), &["--format", "json", "infra/main.tf"]);
    let all = problems(&run);
    let found: Vec<&Value> = all.iter().filter(|p| p["rule"] == "privileged-container").collect();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    let p = found[0];
    assert_eq!(p["file"], "infra/containers/web.json.tpl");
    assert_eq!((p["line"].as_u64(), p["column"].as_u64()), (Some(3), Some(18)));
    assert_eq!(p["read_by"], "terraform");
    assert_eq!(p["read_by_reason"], "read by infra/main.tf with templatefile()");
    let github = ecslint(dir.path(), &["--format", "github", "infra/main.tf"]);
    let line = github.stdout.lines().find(|l| l.contains("privileged-container")).unwrap();
    assert!(line.contains("file=infra/containers/web.json.tpl,line=3"), "{line}");
    assert!(line.ends_with("%0Ajudged for terraform (read by infra/main.tf with templatefile())"), "{line}");
    // Walked together with the `.tf` file, it is checked once.
    let walked = ecslint(dir.path(), &["--format", "json", "."]);
    let count = problems(&walked).iter().filter(|p| p["rule"] == "privileged-container").count();
    assert_eq!(count, 1, "{}", walked.stdout);
    // A file the configuration excludes stays out.
    write("ecslint.toml", "exclude = [\"infra/containers/**\"]\n");
    let excluded = ecslint(dir.path(), &["--format", "json", "infra/main.tf"]);
    assert!(!excluded.stdout.contains("web.json.tpl"), "{}", excluded.stdout);
}

#[test]
fn a_whole_stack_in_cloudformation_and_in_terraform_gives_the_same_findings() {
    // A cluster, a task definition, a target group, a service, a scalable target and a policy,
    // each with what AWS refuses; the service's findings need the task definition and the
    // target group beside it, the policy's the scalable target it refers to.
    let run = ecslint(root(), &["--format", "json", "tests/fixtures/stack"]);
    assert_eq!(run.code, 1);
    let of = |file: &str| -> Vec<String> {
        problems(&run)
            .iter()
            .filter(|p| p["file"] == file)
            .map(|p| format!("{} {}", p["rule"].as_str().unwrap(), p["message"].as_str().unwrap()))
            .collect()
    };
    let (cfn, tf) = (of("tests/fixtures/stack/template.yaml"), of("tests/fixtures/stack/module/main.tf"));
    assert!(cfn.len() >= 10, "{cfn:#?}");
    assert_eq!(cfn, tf);
    insta::assert_snapshot!(places(&run));
}
