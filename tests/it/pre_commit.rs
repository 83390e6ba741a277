//! The pre-commit hook, run by the real `pre-commit` against this repository in a throw-away
//! git repository: a bad task definition or CloudFormation template fails the commit with the
//! finding; a clean one, other JSON and other YAML pass. Skipped, with a message, when `pre-commit` is not installed (`.ci/run`
//! installs it from PyPI). It builds ecslint as pre-commit does, so it takes a minute or two.

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap_or_else(|e| panic!("{program}: {e}"))
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
#[ignore = "builds ecslint in release as pre-commit does (minutes): `.ci/run` runs it with `cargo test -- --ignored`"]
fn the_hook_blocks_bad_task_definitions() {
    if Command::new("pre-commit").arg("--version").output().is_err() {
        eprintln!("skipped: `pre-commit` is not installed (pip install pre-commit; .ci/run does)");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let head = run(repo, "git", &["rev-parse", "HEAD"], &[]);
    if !head.status.success() {
        eprintln!("skipped: {} is not a git checkout", repo.display());
        return;
    }
    let rev = String::from_utf8(head.stdout).unwrap().trim().to_string();
    let work = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    // pre-commit builds the hook with `cargo install`; a shared target directory and a lighter
    // release profile keep that to one build, reused across runs.
    let target = repo.join("target/pre-commit");
    let env = [
        ("PRE_COMMIT_HOME", home.path().to_str().unwrap()),
        ("CARGO_TARGET_DIR", target.to_str().unwrap()),
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        ("GIT_AUTHOR_NAME", "test"),
        ("GIT_AUTHOR_EMAIL", "test@example.com"),
        ("GIT_COMMITTER_NAME", "test"),
        ("GIT_COMMITTER_EMAIL", "test@example.com"),
    ];
    let dir = work.path();
    let git = |args: &[&str]| run(dir, "git", args, &env);
    assert!(git(&["init", "-q"]).status.success());
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!("repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: ecslint\n", repo.display()),
    )
    .unwrap();
    let install = run(dir, "pre-commit", &["install"], &env);
    assert!(install.status.success(), "{}", text(&install));
    git(&["add", ".pre-commit-config.yaml"]);
    let setup = git(&["commit", "-q", "-m", "pre-commit config"]);
    assert!(setup.status.success(), "{}", text(&setup));

    // Other JSON is not a task definition: skipped, the commit passes.
    std::fs::write(dir.join("package.json"), "{\"name\": \"web\", \"version\": \"1.0.0\"}\n").unwrap();
    git(&["add", "package.json"]);
    let other = git(&["commit", "-q", "-m", "other json"]);
    assert!(other.status.success(), "{}", text(&other));

    // A task definition with a host port overlap: the commit fails, naming the finding.
    let bad = std::fs::read_to_string(repo.join("examples/ec2-bridge-problems.json")).unwrap();
    std::fs::write(dir.join("task.json"), &bad).unwrap();
    git(&["add", "task.json"]);
    let blocked = git(&["commit", "-q", "-m", "bad task definition"]);
    let output = text(&blocked);
    assert!(!blocked.status.success(), "the commit should fail: {output}");
    assert!(output.contains("host-port-overlap") && output.contains("task.json:24:60"), "{output}");

    // The clean sample passes.
    let clean = std::fs::read_to_string(repo.join("examples/fargate-web.json")).unwrap();
    std::fs::write(dir.join("task.json"), clean).unwrap();
    git(&["add", "task.json"]);
    let passed = git(&["commit", "-q", "-m", "clean task definition"]);
    assert!(passed.status.success(), "{}", text(&passed));

    // YAML that is not a CloudFormation template with ECS resources is skipped.
    std::fs::write(dir.join("ci.yml"), "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n").unwrap();
    git(&["add", "ci.yml"]);
    let workflow = git(&["commit", "-q", "-m", "a workflow"]);
    assert!(workflow.status.success(), "{}", text(&workflow));

    // A CloudFormation template with a service that lacks its network configuration fails.
    let template = std::fs::read_to_string(repo.join("examples/cloudformation-service.yaml")).unwrap();
    std::fs::write(dir.join("stack.yaml"), &template).unwrap();
    git(&["add", "stack.yaml"]);
    let blocked = git(&["commit", "-q", "-m", "bad template"]);
    let output = text(&blocked);
    assert!(!blocked.status.success(), "the commit should fail: {output}");
    assert!(output.contains("missing-network-configuration") && output.contains("stack.yaml:45:7"), "{output}");
    git(&["rm", "-q", "--cached", "stack.yaml"]);
    std::fs::remove_file(dir.join("stack.yaml")).unwrap();

    // A service and the task definition it runs, staged together, are checked against each
    // other in one run (`require_serial`): the service names a container the task lacks.
    for name in ["web-task.json", "create-web.json"] {
        let fixture = std::fs::read_to_string(repo.join("tests/fixtures/services").join(name)).unwrap();
        std::fs::write(dir.join(name), fixture).unwrap();
        git(&["add", name]);
    }
    let crossed = git(&["commit", "-q", "-m", "service and task definition"]);
    let output = text(&crossed);
    assert!(!crossed.status.success(), "the commit should fail: {output}");
    assert!(output.contains("unknown-load-balancer-container"), "{output}");
    assert_eq!(output.matches("files checked").count(), 1, "one run, one summary: {output}");
}
