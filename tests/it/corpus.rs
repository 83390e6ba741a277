//! Runs ecslint over the shared corpus of real task definitions (`../shared/corpus`), when it
//! is there: no crash, output that parses, and a known count of errors per rule. A user's
//! clone has no `../shared`: the tests are ignored by a plain `cargo test` (so they are never
//! counted as passed without running), and `.ci/run` runs them with `--ignored`, where the
//! corpus is required (`ECSLINT_CORPUS_REQUIRED`); elsewhere they skip with a message.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn corpus(folder: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(folder);
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("ECSLINT_CORPUS_REQUIRED").is_none(),
            "{} is absent, and ECSLINT_CORPUS_REQUIRED says it must be there",
            dir.display()
        );
        eprintln!("skipped: {} is absent (it is only beside the repository in CI)", dir.display());
        None
    }
}

fn run_json(dir: &PathBuf) -> (i32, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecslint")).args(["--format", "json"]).arg(dir).output().unwrap();
    let code = out.status.code().expect("ecslint exited normally, without a signal");
    let entries: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (code, entries.as_array().unwrap().clone())
}

#[test]
#[ignore = "reads ../shared/corpus, which only CI has beside the repository: run with --ignored"]
fn taskdefs_lint_without_a_crash_and_with_checked_errors() {
    let Some(dir) = corpus("taskdefs") else {
        return;
    };
    let (code, entries) = run_json(&dir);
    assert_eq!(code, 1, "the corpus has problems, and ecslint did its job");
    let errors = errors_of(&entries);
    // Every error here was checked by hand; a change in these counts needs the same check.
    let expected: BTreeMap<String, usize> = [
        // aws-samples' FireLens example: a Fargate task definition whose log router reads its
        // configuration from S3 ("Tasks hosted on Fargate only support the file configuration
        // file type").
        ("fargate-unsupported-parameter", 1),
        ("host-port-mismatch", 2),
        // `XXXXX.dkr.ecr.us-east-1.amazonaws.com/myApp:latest`: Docker pulls only lower-case
        // repository names (and ECR has no other).
        ("invalid-image-reference", 1),
        ("invalid-json", 1),
        ("invalid-log-configuration", 1),
        // Every null of a file is one problem (with the others as related places).
        ("invalid-type", 7),
        ("missing-execution-role", 6),
        ("missing-memory", 1),
        ("missing-required-field", 2),
        // The describe-only fields of a file are one problem.
        ("read-only-field", 2),
        ("unknown-field", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(errors, expected);
}

/// Errors per rule in the JSON output.
fn errors_of(entries: &[Value]) -> BTreeMap<String, usize> {
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for e in entries.iter().filter(|e| e["severity"] == "error") {
        *errors.entry(e["rule"].as_str().unwrap().to_string()).or_default() += 1;
    }
    errors
}

/// The summary line of the human output.
fn summary(dir: &PathBuf) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ecslint")).env("NO_COLOR", "1").arg(dir).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().last().unwrap_or_default().to_string()
}

#[test]
#[ignore = "reads ../shared/corpus, which only CI has beside the repository: run with --ignored"]
fn cloudformation_templates_lint_without_a_crash_or_a_false_error() {
    let Some(dir) = corpus("cloudformation") else {
        return;
    };
    let (_, entries) = run_json(&dir);
    // Every template holds ECS resources and is read (JSON and YAML, short-form intrinsics).
    let templates = std::fs::read_dir(&dir).unwrap().filter(|e| {
        let name = e.as_ref().unwrap().file_name().into_string().unwrap();
        name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") || name.ends_with(".template")
    });
    let count = templates.count();
    assert!(summary(&dir).ends_with(&format!("; {count} files checked")), "{}", summary(&dir));
    // Checked by hand: no template here has an error AWS would reject. The two warnings of
    // invalid-value are `Protocol: http` in port mappings, which ECS reads as tcp.
    assert_eq!(errors_of(&entries), BTreeMap::new());
    let protocol: Vec<_> = entries.iter().filter(|e| e["rule"] == "invalid-value").collect();
    assert_eq!(protocol.len(), 2);
    assert!(protocol.iter().all(|e| e["pointer"].as_str().unwrap().ends_with("/PortMappings/0/Protocol")));
}

#[test]
#[ignore = "reads ../shared/corpus, which only CI has beside the repository: run with --ignored"]
fn repositories_are_judged_for_their_readers_with_checked_errors() {
    let Some(dir) = corpus("repos") else {
        return;
    };
    // Each repository checked from its own root, as its team would run ecslint.
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut readers: BTreeMap<String, usize> = BTreeMap::new();
    for repo in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let out = Command::new(env!("CARGO_BIN_EXE_ecslint"))
            .args(["--format", "json", "."])
            .current_dir(&repo)
            .output()
            .unwrap();
        let entries: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        for e in entries.as_array().unwrap() {
            *readers.entry(e["read_by"].as_str().unwrap_or("none").to_string()).or_default() += 1;
            if e["severity"] == "error" {
                let name = repo.file_name().unwrap().to_string_lossy();
                *errors
                    .entry(format!("{name} {} {}", e["read_by"].as_str().unwrap_or("none"), e["rule"]))
                    .or_default() += 1;
            }
        }
    }
    // Checked by hand: one error is a `null` in a file CodeBuild renders with sed for
    // CodeDeploy, which no workflow, ecspresso or Terraform file names (the AWS CLI's reading);
    // before readers there were nine, eight of them false for the file's reader. The other two
    // are in terraform-aws-modules' container-definition example: an environment file written
    // `s3://my-bucket/my-env-file.env` (the agent parses an ARN, and stops the task), and a
    // sysctl named `network` (runc refuses a kernel parameter outside the container's namespaces).
    let expected: BTreeMap<String, usize> = [
        ("aws-samples__amazon-ecs-fullstack-app-terraform aws-cli \"invalid-type\"".to_string(), 1),
        ("terraform-aws-modules__terraform-aws-ecs terraform \"invalid-environment-file\"".to_string(), 1),
        ("terraform-aws-modules__terraform-aws-ecs terraform \"invalid-system-control\"".to_string(), 1),
    ]
    .into();
    assert_eq!(errors, expected);
    for reader in ["github-deploy-action", "ecspresso", "terraform", "cloudformation"] {
        assert!(readers.contains_key(reader), "the repositories exercise {reader}: {readers:?}");
    }
}

#[test]
#[ignore = "reads ../shared/corpus, which only CI has beside the repository: run with --ignored"]
fn terraform_modules_are_read_without_a_crash_or_an_error() {
    let Some(dir) = corpus("") else {
        return;
    };
    let mut read = 0;
    for entry in walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "tf") || path.components().any(|c| c.as_os_str() == ".terraform") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let has_ecs =
            text.contains("resource \"aws_ecs_task_definition\"") || text.contains("resource \"aws_ecs_service\"");
        let out = Command::new(env!("CARGO_BIN_EXE_ecslint"))
            .args(["--only-task-definitions", "--fail-on", "error"])
            .arg(path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let code = out.status.code().expect("ecslint exited normally, without a signal");
        // Every error in these modules was checked by hand: the one module with errors is the
        // community module's container-definition example (an `s3://` environment file and a
        // sysctl named `network`, see above); an error anywhere else is a false one.
        let checked = path.ends_with("terraform-aws-modules__terraform-aws-ecs/examples/container-definition/main.tf");
        if checked {
            assert!(
                stdout.contains("invalid-environment-file") && stdout.contains("invalid-system-control"),
                "{stdout}"
            );
        } else {
            assert_eq!(code, 0, "{}: {stdout}", path.display());
        }
        // A module with ECS resources is read, not skipped.
        if has_ecs {
            assert!(!stdout.contains("skipped"), "{}: {stdout}", path.display());
            read += 1;
        }
    }
    assert!(read >= 18, "{read} files with ECS resources read");
}
