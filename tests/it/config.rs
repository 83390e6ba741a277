//! ecslint.toml as a team uses it: discovery, strictness, levels, include/exclude, ignores.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn ecslint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_ecslint")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn rules(stdout: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["file"].as_str().unwrap(), e["rule"].as_str().unwrap()))
        .collect()
}

/// A repository with one task definition that has exactly two problems: no task role
/// (warning) and a secret in its environment (warning).
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let task = r#"{
  "family": "web",
  "memory": "512",
  "containerDefinitions": [{
    "name": "web",
    "image": "example/web:1",
    "user": "1000",
    "readonlyRootFilesystem": true,
    "healthCheck": {"command": ["CMD", "/healthcheck"]},
    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1"}},
    "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}]
  }]
}
"#;
    std::fs::create_dir_all(dir.path().join("deploy/sub")).unwrap();
    std::fs::write(dir.path().join("deploy/web.json"), task).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn found_by_walking_up_from_the_working_directory() {
    let dir = repo();
    write(dir.path(), "ecslint.toml", "[rules]\nmissing-task-role = \"off\"\n");
    let (code, out, _) = ecslint(&dir.path().join("deploy/sub"), &["--format", "json", ".."]);
    assert_eq!(code, 1);
    assert_eq!(rules(&out), ["../web.json secret-in-environment"]);
    // --no-config ignores it; --config names another.
    let (_, out, _) = ecslint(&dir.path().join("deploy"), &["--format", "json", "--no-config", "."]);
    assert_eq!(rules(&out), ["web.json missing-task-role", "web.json secret-in-environment"]);
    write(dir.path(), "other.toml", "[rules]\nsecurity = \"off\"\n");
    let (code, out, _) = ecslint(dir.path(), &["--format", "json", "--config", "other.toml", "deploy"]);
    assert_eq!((code, rules(&out)), (0, vec![]));
}

#[test]
fn the_dotted_name_works_too() {
    let dir = repo();
    write(dir.path(), ".ecslint.toml", "[rules]\nsecret-in-environment = \"error\"\n");
    let (_, out, _) = ecslint(dir.path(), &["--format", "json", "deploy"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let severities: Vec<_> =
        v.as_array().unwrap().iter().map(|e| e["severity"].as_str().unwrap().to_string()).collect();
    assert_eq!(severities, ["warning", "error"]);
}

#[test]
fn unknown_keys_are_errors_with_their_place() {
    let dir = repo();
    write(dir.path(), "ecslint.toml", "fail-on = \"error\"\n\n[rules]\nroot-user = \"off\"\nformat = \"off\"\n");
    let (code, out, err) = ecslint(dir.path(), &["deploy"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "ecslint: error: ecslint.toml:5:1: unknown rule or category `format`; `ecslint rules` lists them\n"
    );
    write(dir.path(), "ecslint.toml", "[rules]\n\n[output]\nformat = \"json\"\n");
    let (code, _, err) = ecslint(dir.path(), &["deploy"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("ecslint: error: ecslint.toml:3:2: unknown field `output`"), "{err}");
}

#[test]
fn the_command_line_adds_to_the_file() {
    let dir = repo();
    write(dir.path(), "ecslint.toml", "fail-on = \"error\"\n[rules]\nmissing-task-role = \"off\"\n");
    let (code, out, _) = ecslint(dir.path(), &["--format", "json", "deploy"]);
    assert_eq!((code, rules(&out)), (0, vec!["deploy/web.json secret-in-environment".to_string()]), "fail-on error");
    let (code, _, _) = ecslint(dir.path(), &["--fail-on", "warning", "deploy"]);
    assert_eq!(code, 1, "--fail-on beats the file");
    let (_, out, _) = ecslint(
        dir.path(),
        &["--format", "json", "--select", "plain-environment-variable", "--ignore", "secret-in-environment", "deploy"],
    );
    assert_eq!(rules(&out), ["deploy/web.json plain-environment-variable"]);
}

#[test]
fn include_and_exclude_globs() {
    let dir = repo();
    std::fs::copy(dir.path().join("deploy/web.json"), dir.path().join("deploy/web.taskdef")).unwrap();
    std::fs::create_dir_all(dir.path().join("vendor")).unwrap();
    std::fs::copy(dir.path().join("deploy/web.json"), dir.path().join("vendor/x.json")).unwrap();
    write(
        dir.path(),
        "ecslint.toml",
        "include = [\"**/*.taskdef\", \"**/*.json\"]\nexclude = [\"vendor/**\", \"deploy/web.json\"]\n",
    );
    let (_, out, _) = ecslint(dir.path(), &["--format", "json", "."]);
    let files: std::collections::BTreeSet<_> =
        rules(&out).into_iter().map(|r| r.split(' ').next().unwrap().to_string()).collect();
    assert_eq!(files.into_iter().collect::<Vec<_>>(), ["deploy/web.taskdef"]);
    // Named, it is checked; with `--force-exclude` (which the pre-commit hooks pass, as
    // pre-commit names every staged file) it is left out.
    let (code, out, _) = ecslint(dir.path(), &["--format", "json", "vendor/x.json"]);
    assert!(code == 1 && out.contains("vendor/x.json"), "{out}");
    let (code, out, _) = ecslint(dir.path(), &["--format", "json", "--force-exclude", "vendor/x.json"]);
    assert_eq!((code, out.trim()), (0, "[]"));
}

#[test]
fn ignores_hide_problems_and_unused_ones_are_reported() {
    let dir = repo();
    std::fs::write(dir.path().join("deploy/clean.json"), std::fs::read(dir.path().join("deploy/web.json")).unwrap())
        .unwrap();
    write(
        dir.path(),
        "ecslint.toml",
        "[[ignore]]\nfiles = [\"deploy/*.json\"]\nrules = [\"security\"]\nreason = \"legacy\"\n\n[[ignore]]\nfiles = [\"deploy/web.json\"]\nrules = [\"root-user\"]\nreason = \"image sets USER\"\n",
    );
    let (code, out, _) = ecslint(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["file"], "ecslint.toml");
    assert_eq!(entries[0]["rule"], "unused-ignore");
    assert_eq!((entries[0]["line"].as_u64(), entries[0]["column"].as_u64()), (Some(7), Some(9)));
    assert_eq!(entries[0]["message"], "ignore entry 2 hides no problem");
    // A run over other files cannot tell whether an entry is used: nothing is said.
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    let (_, out, _) = ecslint(dir.path(), &["--format", "json", "other"]);
    assert_eq!(out.trim(), "[]");
    // A reason is required.
    write(dir.path(), "ecslint.toml", "[[ignore]]\nfiles = [\"a\"]\nreason = \" \"\n");
    let (code, _, err) = ecslint(dir.path(), &["deploy"]);
    assert_eq!(code, 2);
    assert!(err.contains("ecslint.toml:3:10: an ignore entry needs a `reason`"), "{err}");
}

/// The unused-ignore doc's TOML examples: the invalid one hides nothing in a repository where
/// deploy/web.json is clean and deploy/legacy-app.json runs as root; the valid one is used.
#[test]
fn unused_ignore_doc_examples() {
    let rule = ecslint::rules::find("unused-ignore").unwrap();
    let block = |kind: &str| {
        let start = rule.doc.find(&format!("```toml {kind}\n")).unwrap() + 7 + kind.len() + 1;
        rule.doc[start..].split("\n```").next().unwrap().to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
    let task = |user: &str| {
        format!(
            r#"{{"family": "f", "memory": "512", "taskRoleArn": "arn:aws:iam::123456789012:role/f", "containerDefinitions": [{{"name": "a", "image": "x:1", {user} "readonlyRootFilesystem": true, "healthCheck": {{"command": ["CMD", "true"]}}, "logConfiguration": {{"logDriver": "awslogs", "options": {{"awslogs-group": "g"}}}}}}]}}"#
        )
    };
    write(&dir.path().join("deploy"), "web.json", &task("\"user\": \"1000\","));
    write(&dir.path().join("deploy"), "legacy-app.json", &task("\"user\": \"root\","));
    for (kind, expected) in [("invalid", vec!["ecslint.toml unused-ignore"]), ("valid", vec![])] {
        write(dir.path(), "ecslint.toml", &block(kind));
        let (_, out, err) = ecslint(dir.path(), &["--format", "json", "."]);
        let found: Vec<_> = rules(&out).into_iter().filter(|r| r.ends_with("unused-ignore")).collect();
        assert_eq!(found, expected, "{kind} example: {err}");
    }
}

#[test]
fn the_config_schema_describes_what_the_parser_accepts() {
    let schema: Value = serde_json::from_str(include_str!("../../schemas/ecslint.schema.json")).unwrap();
    let validator = jsonschema_validator(&schema);
    let example = "include = [\"**/*.json\"]\nexclude = [\"vendor/**\"]\nfail-on = \"error\"\n\n[rules]\nsecurity = \"warning\"\nroot-user = \"off\"\n\n[[ignore]]\nfiles = [\"legacy/**\"]\nrules = [\"latest-image-tag\"]\nreason = \"frozen\"\n\n[[files]]\npaths = [\"deploy/*.json\"]\nread-by = \"ecspresso\"\n";
    let as_json: Value = serde_json::to_value(toml::from_str::<toml::Value>(example).unwrap()).unwrap();
    assert!(validator.is_valid(&as_json), "the example config validates against the schema");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ecslint.toml", example);
    let (code, _, err) = ecslint(dir.path(), &["."]);
    assert_eq!(code, 0, "and the parser accepts it: {err}");
    // Every key the schema names is one the parser knows.
    for key in schema["properties"].as_object().unwrap().keys() {
        let text = match key.as_str() {
            "include" | "exclude" => format!("{key} = []\n"),
            "fail-on" => "fail-on = \"info\"\n".into(),
            "rules" => "[rules]\n".into(),
            "ignore" => "ignore = []\n".into(),
            "files" => "[[files]]\npaths = [\"deploy/*.json\"]\nread-by = \"github-deploy-action\"\n".into(),
            other => panic!("the schema has `{other}`: teach this test (and the parser) about it"),
        };
        write(dir.path(), "ecslint.toml", &text);
        assert_eq!(ecslint(dir.path(), &["."]).0, 0, "{key}");
    }
}

fn jsonschema_validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::new(schema).unwrap()
}

#[test]
fn an_unknown_reader_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ecslint.toml", "[[files]]\npaths = [\"*.json\"]\nread-by = \"github\"\n");
    let (code, _, err) = ecslint(dir.path(), &["."]);
    assert_eq!(code, 2);
    assert!(err.contains("ecslint.toml:3:11: unknown reader `github`; the readers are aws-cli,"), "{err}");
}

#[test]
fn inline_suppressions_hide_their_problems_and_say_when_they_hide_none() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stack.yaml"),
        "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Metadata:\n      ecslint:\n        ignore:\n          - rule: missing-task-role\n            reason: the task calls no AWS API\n          - rule: root-user\n    Properties:\n      Memory: \"512\"\n      ContainerDefinitions:\n        - Name: web\n          Image: nginx:1.27\n          Privileged: true\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("tf")).unwrap();
    std::fs::write(
        dir.path().join("tf/main.tf"),
        "# ecslint:ignore missing-task-role the task calls no AWS API\nresource \"aws_ecs_task_definition\" \"web\" {\n  family = \"web\"\n  memory = \"512\"\n  container_definitions = jsonencode([{\n    name  = \"web\"\n    image = \"nginx:1.27\"\n    # ecslint:ignore security the agent needs the host\n    privileged = true\n  }])\n}\n",
    )
    .unwrap();
    let (_, out, _) = ecslint(dir.path(), &["--format", "json", "--no-config", "."]);
    let found: Vec<String> = rules(&out);
    insta::assert_snapshot!(found.join("\n"));
    // Without the suppressions, the problems are there.
    let stripped = std::fs::read_to_string(dir.path().join("tf/main.tf")).unwrap().replace("ecslint:ignore", "note:");
    std::fs::write(dir.path().join("tf/main.tf"), stripped).unwrap();
    let (_, out, _) = ecslint(dir.path(), &["--format", "json", "--no-config", "tf/main.tf"]);
    let found = rules(&out);
    assert!(
        found.iter().any(|r| r.contains("missing-task-role"))
            && found.iter().any(|r| r.contains("privileged-container")),
        "{found:?}"
    );
}
