//! Each file judged as the tool that reads it: one small repository per reader under
//! `tests/fixtures/repos/`, checked as a user would check it (from the repository's root, with
//! `.git` there), then with the wrong reader forced, to show what the reader changes.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A copy of the fixture repository `name` in a temporary directory, with a `.git` so that
/// it is a repository of its own.
pub fn repository(name: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos").join(name);
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// `ecslint --format json ARGS` in `dir`: the exit code and the problems.
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .args(["--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let problems = serde_json::from_str::<Value>(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code().unwrap(), problems.as_array().unwrap().clone())
}

/// One line per problem, and the reader of each file once, for a snapshot a person reads.
fn concise(problems: &[Value]) -> String {
    let mut out = String::new();
    let mut file = "";
    for p in problems {
        if p["file"] != file {
            file = p["file"].as_str().unwrap();
            let (reader, why) = (p["read_by"].as_str().unwrap(), p["read_by_reason"].as_str().unwrap());
            out.push_str(&format!("{file}: read by {reader} ({why})\n"));
        }
        let related = p["related"].as_array().map_or(0, Vec::len);
        let related = if related > 0 { format!(" [+{related} related]") } else { String::new() };
        out.push_str(&format!(
            "  {}:{} {} {}: {}{related}\n",
            p["line"],
            p["column"],
            p["rule"].as_str().unwrap(),
            p["severity"].as_str().unwrap(),
            p["message"].as_str().unwrap()
        ));
    }
    out
}

fn errors(problems: &[Value]) -> usize {
    problems.iter().filter(|p| p["severity"] == "error").count()
}

#[test]
fn the_deploy_action_reads_what_the_workflow_names() {
    let repo = repository("deploy-action");
    let (code, problems) = check(repo.path(), &["."]);
    // The render step fills in the `latest` image; the deploy action drops the nulls, and
    // warns of the describe-only fields, as ecslint does.
    assert_eq!((code, errors(&problems)), (1, 0), "{problems:?}");
    assert!(problems.iter().all(|p| p["read_by"] == "github-deploy-action"));
    insta::assert_snapshot!("repo_deploy_action", concise(&problems));
    let (code, forced) = check(repo.path(), &["--read-by", "aws-cli", "."]);
    assert_eq!(code, 1);
    assert_eq!(errors(&forced), 2, "describe-only fields and nulls, each one problem");
    insta::assert_snapshot!("repo_deploy_action_read_by_aws_cli", concise(&forced));
    // From a subdirectory, the same file is found by the same workflow.
    let (_, from_below) = check(&repo.path().join(".aws"), &["task-definition.json"]);
    assert!(from_below.iter().all(|p| p["read_by"] == "github-deploy-action"), "{from_below:?}");
}

#[test]
fn ecspresso_reads_its_definitions() {
    let repo = repository("ecspresso");
    let (_, problems) = check(repo.path(), &["."]);
    assert_eq!(errors(&problems), 0, "{problems:?}");
    // `{{ ssm ... }}` in a plain environment value is still plain text in the task definition.
    assert!(problems.iter().any(|p| p["rule"] == "secret-in-environment"), "{problems:?}");
    insta::assert_snapshot!("repo_ecspresso", concise(&problems));
    let (_, forced) = check(repo.path(), &["--read-by", "aws-cli", "."]);
    assert!(errors(&forced) > 0);
    insta::assert_snapshot!("repo_ecspresso_read_by_aws_cli", concise(&forced));
}

#[test]
fn terraform_reads_the_files_its_modules_name() {
    let repo = repository("terraform");
    let (_, problems) = check(repo.path(), &["."]);
    assert_eq!(errors(&problems), 0, "{problems:?}");
    // The template is walked though it is no `.json` file: a Terraform file names it.
    assert!(problems.iter().any(|p| p["file"] == "modules/web/web.json.tpl"), "{problems:?}");
    insta::assert_snapshot!("repo_terraform", concise(&problems));
    let (_, forced) = check(repo.path(), &["--read-by", "aws-cli", "containers/worker.json"]);
    assert!(errors(&forced) > 0, "the AWS CLI refuses `Essential` and `networkMode` in a container");
    insta::assert_snapshot!("repo_terraform_read_by_aws_cli", concise(&forced));
}

#[test]
fn cloudformation_reads_templates_in_its_own_spelling() {
    let repo = repository("cloudformation");
    let (_, problems) = check(repo.path(), &["."]);
    let spelt: Vec<&str> =
        problems.iter().filter(|p| p["rule"] == "unknown-field").map(|p| p["pointer"].as_str().unwrap()).collect();
    assert_eq!(
        spelt,
        [
            "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/essential",
            "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Environment/0/value"
        ]
    );
    insta::assert_snapshot!("repo_cloudformation", concise(&problems));
    // A template's reader is its format: --read-by changes the files it names, not templates.
    let (_, forced) = check(repo.path(), &["--read-by", "aws-cli", "."]);
    assert_eq!(concise(&forced), concise(&problems));
}
