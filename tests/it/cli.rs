//! The command line as a user runs it: exit codes, input shapes, stdin, walking, output.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ecslint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or_default()).unwrap();
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn ecslint(args: &[&str]) -> Run {
    ecslint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

fn json(run: &Run) -> Vec<Value> {
    serde_json::from_str::<Value>(&run.stdout).expect("--format json prints JSON").as_array().unwrap().clone()
}

/// Leaves out the practice rules, for tests about what AWS rejects.
const ONLY_AWS: [&str; 2] = ["--ignore", "security,reliability,best-practice"];

fn rules_of(run: &Run) -> Vec<String> {
    json(run).iter().map(|d| d["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn human_output_of_the_samples() {
    let run = ecslint(&["examples"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_output_of_the_samples() {
    let run = ecslint(&["check", "--format", "json", "examples"]);
    assert_eq!(run.code, 1);
    let entries = json(&run);
    for entry in &entries {
        for field in
            ["file", "rule", "severity", "message", "help", "pointer", "line", "column", "end_line", "end_column"]
        {
            assert!(entry.get(field).is_some(), "{field} missing from {entry}");
        }
    }
    let keys: Vec<_> = entries
        .iter()
        .map(|e| (e["file"].as_str().unwrap().to_string(), e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by file and position");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_clean_file_exits_zero() {
    let run = ecslint(&["examples/fargate-web.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "no problems; 1 file checked\n");
}

#[test]
fn check_is_the_default_command() {
    let a = ecslint(&["--format", "json", "examples/ec2-bridge-problems.json"]);
    let b = ecslint(&["check", "--format", "json", "examples/ec2-bridge-problems.json"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.code, b.code);
}

#[test]
fn fail_on_sets_the_threshold() {
    // Only a warning (no task role).
    assert_eq!(ecslint(&["tests/fixtures/warnings-only.json"]).code, 1);
    assert_eq!(ecslint(&["--fail-on", "error", "tests/fixtures/warnings-only.json"]).code, 0);
    assert_eq!(ecslint(&["--fail-on", "info", "examples/fargate-web.json"]).code, 0);
    assert_eq!(ecslint(&["--fail-on", "error", "examples/ec2-bridge-problems.json"]).code, 1);
}

#[test]
fn exit_zero_reports_but_passes() {
    let run = ecslint(&["--exit-zero", "examples/ec2-bridge-problems.json"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("host-port-overlap"));
}

#[test]
fn an_unparseable_file_exits_one_with_the_place() {
    let run = ecslint(&["--format", "json", "tests/fixtures/broken.json"]);
    assert_eq!(run.code, 1);
    let entries = json(&run);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["rule"], "invalid-json");
    assert_eq!((entries[0]["line"].as_u64(), entries[0]["column"].as_u64()), (Some(4), Some(60)));
    assert_eq!(entries[0]["message"], "trailing comma before `}` is not allowed in JSON");
}

#[test]
fn a_template_with_unquoted_placeholders_is_checked_around_them() {
    let run = ecslint(&[&ONLY_AWS[..], &["--format", "json", "tests/fixtures/template.json"]].concat());
    let entries = json(&run);
    let found: Vec<_> = entries.iter().map(|e| (e["rule"].as_str().unwrap(), e["line"].as_u64().unwrap())).collect();
    // The masked values are said once, as info, at the first of them.
    assert_eq!(found, [("invalid-json", 8), ("host-port-overlap", 16)], "{entries:?}");
    assert_eq!(entries[0]["severity"], "info");
    assert!(entries[0]["message"].as_str().unwrap().contains("3 values outside strings"), "{entries:?}");
}

#[test]
fn ecslint_failures_exit_two() {
    let missing = ecslint(&["no/such/file.json"]);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stderr, "ecslint: error: no/such/file.json: no such file or directory\n");
    // Even with --exit-zero: ecslint could not do its job.
    assert_eq!(ecslint(&["--exit-zero", "no/such/file.json"]).code, 2);
    let bad_flag = ecslint(&["--format", "yaml", "examples"]);
    assert_eq!(bad_flag.code, 2);
    assert!(bad_flag.stderr.contains("invalid value 'yaml'"), "{}", bad_flag.stderr);
    let bad_rule = ecslint(&["--ignore", "missing-task-roel", "examples"]);
    assert_eq!(bad_rule.code, 2);
    assert_eq!(
        bad_rule.stderr,
        "ecslint: error: unknown rule or category `missing-task-roel`; did you mean `missing-task-role`?\n"
    );
}

#[test]
fn stdin_is_read_and_named() {
    let text = std::fs::read("examples/ec2-bridge-problems.json").unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let named = ecslint_in(dir, &["--format", "json", "--stdin-filename", "deploy/shop.json", "-"], Some(&text));
    assert_eq!(named.code, 1);
    let entries = json(&named);
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| e["file"] == "deploy/shop.json"));
    let from_file = ecslint(&["--format", "json", "examples/ec2-bridge-problems.json"]);
    assert_eq!(named.stdout.replace("deploy/shop.json", "examples/ec2-bridge-problems.json"), from_file.stdout);

    let unnamed = ecslint_in(dir, &["-"], Some(b"{\"family\": \"x\"}"));
    assert_eq!(unnamed.code, 1);
    assert!(unnamed.stdout.contains("<stdin>:1:1"), "{}", unnamed.stdout);
    assert!(unnamed.stdout.contains("missing the required field `containerDefinitions`"));
}

#[test]
fn describe_output_allows_read_only_fields() {
    let run = ecslint(&["--format", "json", "examples/describe-output.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let unwrapped = ecslint(&[&ONLY_AWS[..], &["--format", "json", "tests/fixtures/describe-unwrapped.json"]].concat());
    assert_eq!(unwrapped.code, 1);
    // The three describe-only fields are one problem, with the other two as related places.
    assert_eq!(rules_of(&unwrapped), ["read-only-field"]);
    let entry = &json(&unwrapped)[0];
    assert_eq!(entry["related"].as_array().map(Vec::len), Some(2), "{entry}");
    assert!(entry["message"].as_str().unwrap().contains("and 2 other fields are read-only"), "{entry}");
}

#[test]
fn a_container_array_skips_task_level_rules() {
    let run = ecslint(&["--format", "json", "examples/terraform-container-definitions.json"]);
    let rules = rules_of(&run);
    assert!(rules.contains(&"host-port-overlap".to_string()));
    assert!(!rules.contains(&"missing-task-role".to_string()));
    assert!(!rules.contains(&"missing-required-field".to_string()), "{rules:?}");
}

#[test]
fn a_byte_order_mark_is_tolerated() {
    let run = ecslint(&[&ONLY_AWS[..], &["tests/fixtures/bom.json"]].concat());
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn duplicate_keys_point_at_the_second_key() {
    let run = ecslint(&["--format", "json", "tests/fixtures/duplicate-keys.json"]);
    let entries: Vec<_> = json(&run).into_iter().filter(|e| e["rule"] == "duplicate-key").collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["rule"], "duplicate-key");
    assert_eq!(entries[0]["pointer"], "/containerDefinitions/0/image");
    assert_eq!((entries[0]["line"].as_u64(), entries[0]["column"].as_u64()), (Some(6), Some(47)));
}

#[test]
fn walking_skips_other_json_and_tool_directories() {
    let dir = tempfile::tempdir().unwrap();
    let task = std::fs::read("tests/fixtures/warnings-only.json").unwrap();
    for sub in ["node_modules/pkg", ".git", "target", ".terraform/modules", "deploy"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("task.json"), &task).unwrap();
    }
    std::fs::write(dir.path().join("package.json"), b"{\"name\": \"x\", \"version\": \"1.0.0\"}").unwrap();
    std::fs::write(dir.path().join("tsconfig.json"), b"{ // comments are fine here\n}").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"not json").unwrap();
    let run = ecslint_in(dir.path(), &["--format", "json", "."], None);
    let files: Vec<_> = json(&run).iter().map(|e| e["file"].as_str().unwrap().to_string()).collect();
    assert_eq!(files, ["deploy/task.json"]);
    let human = ecslint_in(dir.path(), &["."], None);
    assert!(
        human.stdout.ends_with(
            "1 problem (1 warning) in 1 file; 1 file checked; 2 files skipped (no task definition or service)\n"
        ),
        "{}",
        human.stdout
    );
    // Named on the command line, any file is linted.
    let named = ecslint_in(dir.path(), &["--format", "json", "package.json"], None);
    assert_eq!(named.code, 1);
    assert!(rules_of(&named).contains(&"unknown-field".to_string()));
}

#[test]
fn rules_lists_every_rule() {
    let run = ecslint(&["rules", "--format", "json"]);
    assert_eq!(run.code, 0);
    let rules: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let find = |name: &str| rules.iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("{name} missing"));
    assert_eq!(find("too-many-containers")["category"], "invalid");
    assert_eq!(find("missing-essential-container")["default_severity"], "error");
    assert_eq!(find("secret-in-environment")["default_severity"], "warning");
    assert_eq!(find("host-port-overlap")["category"], "correctness");
    assert_eq!(find("missing-task-role")["category"], "security");
    let table = ecslint(&["rules"]);
    insta::assert_snapshot!(table.stdout);
}

#[test]
fn explain_prints_the_doc_and_suggests_on_typos() {
    let run = ecslint(&["explain", "host-port-overlap"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let typo = ecslint(&["explain", "host-port-overlaps"]);
    assert_eq!(typo.code, 2);
    assert_eq!(typo.stderr, "ecslint: error: unknown rule `host-port-overlaps`; did you mean `host-port-overlap`?\n");
    let unknown = ecslint(&["explain", "kubernetes"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("`ecslint explain inputs` describes what ecslint reads"), "{}", unknown.stderr);
    assert!(unknown.stderr.contains("`ecslint explain readers` who reads it"), "{}", unknown.stderr);
    // Each reader's name leads to the guide to readers, which links every fact it states.
    for topic in ["readers", "github-deploy-action", "ecspresso", "aws-cli"] {
        let guide = ecslint(&["explain", topic]);
        assert_eq!(guide.code, 0, "{topic}");
        assert!(guide.stdout.starts_with("# Who reads the file"), "{topic}: {}", guide.stdout);
    }
}

#[test]
fn the_readers_guide_names_every_reader_and_links_its_sources() {
    let guide = std::fs::read_to_string("docs/readers.md").unwrap();
    for reader in ["aws-cli", "github-deploy-action", "ecspresso", "terraform", "cloudformation"] {
        assert!(guide.contains(&format!("## {reader}\n")), "a section for {reader}");
    }
    // Every section but the table cites the reader's own code or documentation.
    for section in guide.split("\n## ").skip(1).filter(|s| !s.starts_with("What each reader")) {
        assert!(section.contains("https://"), "no source in: {}", section.lines().next().unwrap());
    }
}

#[test]
fn select_and_ignore_take_rules_and_categories() {
    let file = "examples/ec2-bridge-problems.json";
    let all = rules_of(&ecslint(&["--format", "json", file]));
    assert!(all.contains(&"secret-in-environment".to_string()));
    let no_security = rules_of(&ecslint(&["--format", "json", "--ignore", "security", file]));
    assert!(!no_security.iter().any(|r| r == "secret-in-environment" || r == "missing-task-role"));
    assert!(no_security.contains(&"host-port-overlap".to_string()));
    let one_off = rules_of(&ecslint(&["--format", "json", "--ignore", "host-port-overlap,unknown-field", file]));
    assert!(!one_off.iter().any(|r| r == "host-port-overlap" || r == "unknown-field"));
}

#[test]
fn cloudformation_templates_are_checked_in_their_own_spelling() {
    let run = ecslint(&["tests/fixtures/cloudformation/stack.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let entries = json(&ecslint(&["--format", "json", "tests/fixtures/cloudformation/stack.json"]));
    let pointers: Vec<_> = entries
        .iter()
        .filter(|e| e["severity"] == "error")
        .map(|e| format!("{} {}", e["rule"].as_str().unwrap(), e["pointer"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pointers,
        [
            "unknown-field /Resources/Worker/Properties/ContainerDefinitions/0/Essentail",
            "host-port-mismatch /Resources/Worker/Properties/ContainerDefinitions/0/PortMappings/0/HostPort",
            "missing-execution-role /Resources/Worker/Properties/ContainerDefinitions/0/LogConfiguration/LogDriver",
            "missing-required-field /Resources/Worker/Properties/ContainerDefinitions/1",
        ]
    );
}

#[test]
fn yaml_that_cannot_be_read() {
    let broken = ecslint(&["tests/fixtures/cloudformation/broken.yaml"]);
    assert_eq!(broken.code, 1);
    assert!(
        broken.stdout.starts_with("tests/fixtures/cloudformation/broken.yaml:8:1: error invalid-json\n"),
        "{}",
        broken.stdout
    );
    assert!(broken.stdout.contains("invalid YAML: while parsing a flow sequence"), "{}", broken.stdout);
    // Named, YAML that is no template is an error; walking, or with --only-task-definitions, it is skipped.
    let named = ecslint(&["tests/fixtures/cloudformation/not-a-template.yaml"]);
    assert_eq!(named.code, 1);
    assert!(named.stdout.contains("this is YAML but not a CloudFormation template"), "{}", named.stdout);
    let sniffed = ecslint(&["--only-task-definitions", "tests/fixtures/cloudformation/not-a-template.yaml"]);
    assert_eq!(sniffed.code, 0, "{}", sniffed.stdout);
    assert!(sniffed.stdout.ends_with("1 file skipped (no task definition or service)\n"), "{}", sniffed.stdout);
}

#[test]
fn terraform_state_and_plans() {
    let run = ecslint(&["--format", "json", "tests/fixtures/terraform/state.json"]);
    assert_eq!(run.code, 1);
    let entries = json(&run);
    let found: Vec<_> = entries
        .iter()
        .filter(|e| e["severity"] == "error")
        .map(|e| (e["rule"].as_str().unwrap(), e["line"].as_u64().unwrap(), e["message"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "invalid-log-configuration");
    assert_eq!(found[1].0, "invalid-json");
    assert!(
        found[1]
            .2
            .starts_with("`container_definitions` of module.api.aws_ecs_task_definition.broken is not valid JSON")
    );
    // The data source is not a task definition of the plan's; the managed ones are.
    assert!(entries.iter().all(|e| !e["message"].as_str().unwrap().contains("current")));
    let plan = ecslint(&["--format", "json", "examples/terraform-plan.json"]);
    let rules = rules_of(&plan);
    assert!(rules.contains(&"host-port-overlap".to_string()), "{rules:?}");
    // The plan does not know the task role yet: unknown, not missing.
    assert!(!rules.contains(&"missing-task-role".to_string()), "{rules:?}");
}

#[test]
fn services_meet_their_task_definitions_across_files() {
    let run = ecslint(&["--format", "json", "tests/fixtures/services"]);
    assert_eq!(run.code, 1);
    let found: Vec<_> = json(&run)
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["file"].as_str().unwrap(),
                e["rule"].as_str().unwrap(),
                e["pointer"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "tests/fixtures/services/web-task.json missing-log-configuration /containerDefinitions/0/name",
            // Services whose task definition is in another file come after every other file.
            "tests/fixtures/services/create-web.json missing-network-configuration /taskDefinition",
            "tests/fixtures/services/create-web.json unknown-load-balancer-container /loadBalancers/0/containerName",
            "tests/fixtures/services/create-web.json invalid-placement-constraint /placementConstraints",
            "tests/fixtures/services/update-web.json rolling-update-stalled /deploymentConfiguration/maximumPercent",
        ]
    );
    // Alone, the service's task definition is unknown: nothing is said about its containers.
    let alone = ecslint(&["--format", "json", "tests/fixtures/services/create-web.json"]);
    let rules = rules_of(&alone);
    assert!(!rules.contains(&"unknown-load-balancer-container".to_string()), "{rules:?}");
    assert!(rules.contains(&"invalid-placement-constraint".to_string()), "{rules:?}");
}

#[test]
fn explain_describes_the_inputs() {
    for topic in ["inputs", "cloudformation", "terraform", "services"] {
        let run = ecslint(&["explain", topic]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.starts_with("# What ecslint reads"), "{}", run.stdout);
        assert!(run.stdout.contains("## Terraform") && run.stdout.contains("`!Ref AWS::NoValue`"));
    }
}

#[test]
fn shapes_are_recognised_by_their_content() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes");
    // Walking: the workflow (whose comments mention containerDefinitions), the task set and the
    // AppSpec are not task definitions; the service definition without a name or a task
    // definition (ecspresso's, or `create-service --service-name X --cli-input-json`) is a
    // service, and a sound one.
    let run = ecslint_in(&dir, &["--format", "json", "."], None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(json(&run), Vec::<Value>::new());
    let named = ecslint_in(&dir, &["--format", "json", "service-def.json"], None);
    assert_eq!(named.code, 0, "a service file, not a broken task definition: {}", named.stdout);
    // Named, the others say what they are.
    for (file, what) in [("task-set.json", "`CreateTaskSet` input"), ("appspec.yaml", "a CodeDeploy AppSpec file")] {
        let run = ecslint_in(&dir, &["--format", "json", file], None);
        let problems = json(&run);
        assert_eq!(problems.len(), 1, "{file}: {problems:?}");
        let message = problems[0]["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("this is {what}, not a task definition or a service")), "{message}");
    }
}

#[test]
fn an_empty_ipc_mode_is_one_problem() {
    let text = r#"{"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "ipcMode": "", "containerDefinitions": [{"name": "a", "image": "x:1"}]}"#;
    let run = ecslint_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["--format", "json", "-"], Some(text.as_bytes()));
    let at_ipc: Vec<String> = json(&run)
        .iter()
        .filter(|d| d["pointer"] == "/ipcMode")
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(at_ipc, ["invalid-value"]);
}

/// `line rule severity: message` of each problem, for snapshots of what a reader changes.
fn concise(run: &Run) -> String {
    json(run)
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}: {}\n",
                d["file"].as_str().unwrap(),
                d["line"],
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn each_file_is_judged_as_its_reader_reads_it() {
    // The deploy action removes nulls, empty values and describe-only fields (with a warning)
    // before it registers the file: the configuration says it reads `.aws/*.json`.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/deploy-action");
    let by_action = ecslint_in(&repo, &["--format", "json", "."], None);
    assert_eq!(by_action.code, 1, "warnings only, which fail at the default --fail-on");
    assert!(json(&by_action).iter().all(|d| d["severity"] != "error"), "{}", by_action.stdout);
    insta::assert_snapshot!("read_by_github_deploy_action", concise(&by_action));
    // The same file registered with `aws ecs register-task-definition --cli-input-json`.
    let by_cli = ecslint_in(&repo, &["--format", "json", "--read-by", "aws-cli", "."], None);
    insta::assert_snapshot!("read_by_aws_cli", concise(&by_cli));
    // ecspresso drops nulls and empty lists, and an empty enum value.
    let task = r#"{"family": "f", "ipcMode": "", "taskRoleArn": "arn:aws:iam::123456789012:role/f", "volumes": [],
        "containerDefinitions": [{"name": "a", "image": "x:1", "memory": 256, "secrets": null, "links": []}]}"#;
    let errors = |reader: &str| -> Vec<String> {
        let run = ecslint_in(
            &repo,
            &["--format", "json", "--read-by", reader, "--stdin-filename", "t.json", "-"],
            Some(task.as_bytes()),
        );
        json(&run)
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(errors("ecspresso"), Vec::<String>::new());
    assert_eq!(errors("aws-cli"), ["invalid-value", "invalid-type"]);
    let unknown = ecslint(&["--read-by", "github", "examples"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("the readers are aws-cli, github-deploy-action, ecspresso, terraform, cloudformation"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn readers_are_found_from_the_repository() {
    // A repository (it has `.git`) whose workflow deploys one file with the GitHub action and
    // whose ecspresso configuration names another: each is judged by its reader, from any
    // directory of the repository.
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    for dir in [".git", ".github/workflows", "deploy", "ecs/web"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(
        root.join(".github/workflows/deploy.yml"),
        "env:\n  TASK: deploy/task.json\njobs:\n  deploy:\n    steps:\n      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2\n        with:\n          task-definition: ${{ env.TASK }}\n",
    )
    .unwrap();
    std::fs::write(root.join("ecs/web/config.yaml"), "service: web\ntask_definition: ecs-task-def.json\n").unwrap();
    // Nulls and describe fields: the deploy action and ecspresso remove them; the AWS CLI refuses them.
    let task = r#"{"family": "web", "revision": 3, "taskRoleArn": "arn:aws:iam::123456789012:role/web", "ipcMode": null,
        "containerDefinitions": [{"name": "web", "image": "example/web:1", "memory": 256, "secrets": null}]}"#;
    for file in ["deploy/task.json", "ecs/web/ecs-task-def.json", "elsewhere.json"] {
        std::fs::write(root.join(file), task).unwrap();
    }
    let errors = |cwd: &Path, args: &[&str]| -> Vec<String> {
        let run = ecslint_in(cwd, &[&["--format", "json"][..], args].concat(), None);
        let mut found: Vec<String> = json(&run)
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| format!("{} {}", d["file"].as_str().unwrap(), d["rule"].as_str().unwrap()))
            .collect();
        found.dedup();
        found
    };
    let expected = ["elsewhere.json read-only-field", "elsewhere.json invalid-type"];
    assert_eq!(errors(root, &["."]), expected);
    assert_eq!(errors(&root.join("deploy"), &["task.json"]), Vec::<String>::new(), "found from a subdirectory too");
    // The command line overrides what detection found.
    assert_eq!(
        errors(root, &["--read-by", "aws-cli", "deploy/task.json"]),
        ["deploy/task.json read-only-field", "deploy/task.json invalid-type"]
    );
}

#[test]
fn stdin_filename_alone_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let task = br#"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1", "memory": 2}]}"#;
    let run = ecslint_in(dir.path(), &["--format", "json", "--stdin-filename", "web.json"], Some(task));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = json(&run);
    assert!(found.iter().any(|p| p["file"] == "web.json" && p["rule"] == "container-memory-too-low"), "{found:?}");
    // With a path, the path is read, not standard input.
    std::fs::write(dir.path().join("ok.json"), "{\"family\": \"x\"}").unwrap();
    let named = ecslint_in(dir.path(), &["--format", "json", "--stdin-filename", "web.json", "ok.json"], Some(task));
    assert!(json(&named).iter().all(|p| p["file"] == "ok.json"), "{}", named.stdout);
}

#[test]
fn a_misspelt_command_is_said_before_anything_is_linted() {
    for (typed, meant) in [("chek", "check"), ("explian", "explain"), ("rule", "rules")] {
        let run = ecslint(&[typed, "examples/fargate-web.json"]);
        assert_eq!(run.code, 2, "{typed}: {}", run.stdout);
        assert!(run.stdout.is_empty(), "nothing is linted first: {}", run.stdout);
        assert!(run.stderr.contains(&format!("did you mean `ecslint {meant}`")), "{}", run.stderr);
    }
    // A file of that name is a file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chek"), "{\"family\": \"x\", \"containerDefinitions\": []}").unwrap();
    let file = ecslint_in(dir.path(), &["chek"], None);
    assert!(!file.stderr.contains("did you mean"), "{}", file.stderr);
}

#[test]
fn select_extend_select_and_ignore_read_as_in_ruff() {
    let dir = tempfile::tempdir().unwrap();
    let task = r#"{"family": "web", "memory": "512", "containerDefinitions": [
        {"name": "web", "image": "nginx", "user": "root", "privileged": true}]}"#;
    std::fs::write(dir.path().join("task.json"), task).unwrap();
    let rules = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        all.push("task.json");
        let mut found = rules_of(&ecslint_in(dir.path(), &all, None));
        found.sort();
        found.dedup();
        found
    };
    // --select checks only what it names.
    assert_eq!(rules(&["--select", "root-user"]), ["root-user"]);
    assert!(
        !rules(&["--select", "security", "--ignore", "privileged-container"])
            .contains(&"privileged-container".to_string())
    );
    // A rule's own name beats its category's, whichever flag names which.
    assert!(rules(&["--ignore", "security", "--extend-select", "root-user"]).contains(&"root-user".to_string()));
    assert!(rules(&["--ignore", "security", "--select", "root-user"]).contains(&"root-user".to_string()));
    assert!(!rules(&["--select", "security", "--ignore", "root-user"]).contains(&"root-user".to_string()));
    // --extend-select adds to the defaults: an off-by-default rule joins the others.
    let extended = rules(&["--extend-select", "missing-init-process"]);
    assert!(
        extended.contains(&"latest-image-tag".to_string()) && extended.contains(&"missing-init-process".to_string()),
        "{extended:?}"
    );
    // Unknown names are an error, with a suggestion.
    let bad = ecslint_in(dir.path(), &["--extend-select", "root-usr", "task.json"], None);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("root-user"), "{}", bad.stderr);
}

#[test]
fn named_files_are_checked_even_when_excluded_unless_force_exclude() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ecslint.toml"), "exclude = [\"vendor/**\"]\n").unwrap();
    std::fs::create_dir(dir.path().join("vendor")).unwrap();
    std::fs::write(dir.path().join("vendor/task.json"), r#"{"family": "x", "containerDefinitions": []}"#).unwrap();
    let named = ecslint_in(dir.path(), &["--format", "json", "vendor/task.json"], None);
    assert!(rules_of(&named).contains(&"too-many-containers".to_string()), "{}", named.stdout);
    let forced = ecslint_in(dir.path(), &["--format", "json", "--force-exclude", "vendor/task.json"], None);
    assert_eq!((forced.code, json(&forced).len()), (0, 0), "{}", forced.stdout);
    // Walking leaves it out either way.
    let walked = ecslint_in(dir.path(), &["--format", "json", "."], None);
    assert_eq!(json(&walked).len(), 0, "{}", walked.stdout);
}

#[test]
fn triage_outputs_concise_statistics_and_quiet() {
    let concise = ecslint(&["--format", "concise", "examples/ec2-bridge-problems.json"]);
    assert_eq!(concise.code, 1);
    insta::assert_snapshot!("concise", concise.stdout);
    let quiet = ecslint(&["--format", "concise", "--quiet", "examples/ec2-bridge-problems.json"]);
    assert!(!quiet.stdout.contains("problems ("), "{}", quiet.stdout);
    assert_eq!(quiet.stdout.lines().count(), concise.stdout.lines().count() - 1);
    let human_quiet = ecslint(&["--quiet", "examples/ec2-bridge-problems.json"]);
    assert!(!human_quiet.stdout.contains(" checked"), "{}", human_quiet.stdout);
    let statistics = ecslint(&["--statistics", "examples"]);
    assert_eq!(statistics.code, 1, "the exit code still counts the problems");
    insta::assert_snapshot!("statistics", statistics.stdout);
    let as_json = ecslint(&["--statistics", "--format", "json", "examples"]);
    let rows = json(&as_json);
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    let all = json(&ecslint(&["--format", "json", "examples"])).len() as u64;
    assert_eq!(total, all);
    assert!(rows.iter().any(|r| r["fixable"].as_u64().unwrap() > 0), "{rows:?}");
}

/// Every leaf of a JSON value with its pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, format!("{at}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out)),
        leaf => out.push((at, leaf.clone())),
    }
}

#[test]
fn fix_diff_and_show_fixes_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let task = "{\n  \"family\": \"web\",\n  \"revision\": 3,\n  \"taskRoleArn\": \"arn:aws:iam::123456789012:role/web\",\n  \"containerDefinitions\": [\n    {\"name\": \"web\", \"image\": \"nginx:1.27\", \"memory\": 256, \"essential\": false, \"command\": null}\n  ]\n}\n";
    let path = dir.path().join("task.json");
    std::fs::write(&path, task).unwrap();
    // --diff shows, writes nothing, and says so in its exit code.
    let diff = ecslint_in(dir.path(), &["--diff", "task.json"], None);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    insta::assert_snapshot!("fix_diff", diff.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), task);
    // --fix writes them, lists them, and reports what is left.
    let fixed = ecslint_in(dir.path(), &["--fix", "--show-fixes", "--format", "json", "task.json"], None);
    let left = rules_of(&fixed);
    for gone in ["read-only-field", "missing-essential-container", "invalid-type"] {
        assert!(!left.contains(&gone.to_string()), "{gone}: {left:?}");
    }
    assert!(left.contains(&"missing-log-configuration".to_string()), "{left:?}");
    assert!(
        fixed.stderr.contains("fixed 3 problems in 1 file") && fixed.stderr.contains("task.json: read-only-field"),
        "{}",
        fixed.stderr
    );
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(after["containerDefinitions"][0]["essential"], true);
    assert!(after.get("revision").is_none() && after["containerDefinitions"][0].get("command").is_none());
    // Nothing left to fix.
    let again = ecslint_in(dir.path(), &["--diff", "task.json"], None);
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    // Terraform: a literal is fixed, a reference is not.
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_ecs_task_definition\" \"a\" {\n  family = \"a\"\n  memory = \"512\"\n  container_definitions = jsonencode([{ name = \"a\", image = \"a:1\", essential = false }])\n}\nresource \"aws_ecs_task_definition\" \"b\" {\n  family = \"b\"\n  memory = \"512\"\n  container_definitions = jsonencode([{ name = \"b\", image = \"b:1\", essential = var.essential }])\n}\nvariable \"essential\" {\n  default = false\n}\n",
    )
    .unwrap();
    let tf = ecslint_in(dir.path(), &["--fix", "main.tf"], None);
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert!(text.contains("essential = true }") && text.contains("essential = var.essential"), "{text}\n{}", tf.stderr);
    // CloudFormation: the literal is replaced, in the template's own spelling and lines.
    let yaml = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Memory: \"512\"\n      ContainerDefinitions:\n        - Name: web\n          Image: nginx:1.27\n          Essential: false\n";
    std::fs::write(dir.path().join("stack.yaml"), yaml).unwrap();
    let cfn = ecslint_in(dir.path(), &["--fix", "--format", "json", "stack.yaml"], None);
    assert!(!rules_of(&cfn).contains(&"missing-essential-container".to_string()), "{}", cfn.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("stack.yaml")).unwrap(),
        yaml.replace("Essential: false", "Essential: true")
    );
    // Standard input cannot be fixed in place.
    let stdin = ecslint_in(dir.path(), &["--fix", "-"], Some(task.as_bytes()));
    assert_eq!(stdin.code, 2);
}

#[test]
fn fixes_never_lose_a_value_or_bring_a_new_problem() {
    // Over every JSON sample and fixture: after --fix, every value that was there still is
    // (but the describe-only fields and nulls that AWS refuses, which the fixes remove), and
    // no problem is reported that was not reported before.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|x| x == "json") && entry.file_type().is_file() {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    let mut fixed_files = 0;
    for file in files {
        let original = std::fs::read_to_string(&file).unwrap();
        let Ok(before_value) = serde_json::from_str::<Value>(&original) else { continue };
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join(file.file_name().unwrap());
        std::fs::write(&copy, &original).unwrap();
        let name = copy.file_name().unwrap().to_str().unwrap().to_string();
        let before = ecslint_in(dir.path(), &["--format", "json", &name], None);
        let fixed = ecslint_in(dir.path(), &["--fix", "--format", "json", &name], None);
        let after_text = std::fs::read_to_string(&copy).unwrap();
        if after_text == original {
            continue;
        }
        fixed_files += 1;
        let after_value: Value = serde_json::from_str(&after_text).expect("a fixed file is still JSON");
        let (mut was, mut is) = (Vec::new(), Vec::new());
        leaves(&before_value, String::new(), &mut was);
        leaves(&after_value, String::new(), &mut is);
        let removable = |pointer: &str, v: &Value| {
            v.is_null()
                || [
                    "revision",
                    "status",
                    "taskDefinitionArn",
                    "requiresAttributes",
                    "compatibilities",
                    "registeredAt",
                    "registeredBy",
                    "deregisteredAt",
                ]
                .iter()
                .any(|k| pointer.contains(&format!("/{k}")))
        };
        for (pointer, value) in &was {
            let kept = after_value.pointer(pointer).is_some() || is.iter().any(|(_, v)| v == value);
            assert!(kept || removable(pointer, value), "{}: {pointer} = {value} was lost", file.display());
        }
        let messages = |run: &Run| -> std::collections::BTreeSet<String> {
            json(run).iter().map(|d| format!("{} {}", d["rule"], d["message"])).collect()
        };
        let new: Vec<_> = messages(&fixed).difference(&messages(&before)).cloned().collect();
        assert!(new.is_empty(), "{}: new problems after --fix: {new:?}", file.display());
    }
    assert!(fixed_files >= 1, "some fixture has a fix");
}
