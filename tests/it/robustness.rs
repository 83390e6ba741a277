//! Bad input of every kind: a clear message naming the file (and the place where there is
//! one) and the documented exit code; never a panic, a hang or silence.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ecslint(dir: &Path, args: &[&std::ffi::OsStr]) -> Run {
    let child = Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Never a hang: a watchdog kills a run that takes this long, and the test fails.
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(Duration::from_secs(60)).is_err() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            return true;
        }
        false
    });
    let out = child.wait_with_output().unwrap();
    let _ = done.send(());
    assert!(!watchdog.join().unwrap(), "ecslint hung on {args:?}");
    Run {
        code: out.status.code().expect("exited normally, not by a signal (a panic or a crash)"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn lint_bytes(bytes: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("task.json"), bytes).unwrap();
    ecslint(dir.path(), &["task.json".as_ref()])
}

#[test]
fn empty_and_whitespace_files() {
    for bytes in [&b""[..], b"   \n\t\r\n"] {
        let run = lint_bytes(bytes);
        assert_eq!(run.code, 1);
        assert!(run.stdout.contains("task.json:1:1: error invalid-json"), "{}", run.stdout);
        assert!(run.stdout.contains("the file is empty"), "{}", run.stdout);
    }
}

#[test]
fn other_encodings_are_named() {
    let text = "{\"family\": \"x\"}";
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let utf32le: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        ([&b"\xFF\xFE"[..], &utf16le].concat(), "UTF-16LE (with a byte order mark)"),
        (utf16le.clone(), "UTF-16LE"),
        (utf16be, "UTF-16BE"),
        ([&b"\xFF\xFE\0\0"[..], &utf32le].concat(), "UTF-32LE (with a byte order mark)"),
        (utf32le, "UTF-32LE"),
    ];
    for (bytes, name) in cases {
        let run = lint_bytes(&bytes);
        assert_eq!(run.code, 1, "{name}");
        assert!(run.stdout.contains(&format!("the file is encoded as {name}")), "{name}: {}", run.stdout);
    }
    let run = lint_bytes(b"{\"family\": \"caf\xE9\"}");
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("task.json:1:16: error invalid-json"), "{}", run.stdout);
    assert!(run.stdout.contains("not valid UTF-8: byte 0xE9"), "{}", run.stdout);
}

#[test]
fn deep_nesting_is_refused_without_a_stack_overflow() {
    let run = lint_bytes("[".repeat(500_000).as_bytes());
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("nests deeper than 128 levels"), "{}", run.stdout);
    let run = lint_bytes(format!("{{\"a\": {}}}", "{\"a\": ".repeat(300_000)).as_bytes());
    assert_eq!(run.code, 1);
}

#[test]
fn large_files_are_refused_politely_and_the_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "{\"family\": \"big\", \"memory\": \"512\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"x:1\", \"command\": [\"",
    );
    text.push_str(&"x".repeat(3 * 1024 * 1024));
    text.push_str("\"]}]}");
    std::fs::write(dir.path().join("big.json"), &text).unwrap();
    let run = ecslint(dir.path(), &["--max-file-size".as_ref(), "1000000".as_ref(), "big.json".as_ref()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("big.json: the file is 3145"), "{}", run.stderr);
    assert!(run.stderr.contains("more than the 1000000-byte limit"), "{}", run.stderr);
    let run = ecslint(dir.path(), &["--format".as_ref(), "json".as_ref(), "big.json".as_ref()]);
    assert_eq!(run.code, 1, "under the default limit it is linted: {}", run.stderr);
    assert!(run.stdout.contains("task-definition-too-large"));
}

#[test]
fn numbers_out_of_range() {
    let run = lint_bytes(
        br#"{"family": "n", "memory": "512", "containerDefinitions": [{"name": "a", "image": "x:1",
        "memory": 1e999, "cpu": 123456789012345678901234567890, "portMappings": [{"containerPort": -1}]}]}"#,
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("this number is too large for any field"), "{}", run.stdout);
    assert!(run.stdout.contains("container port -1"), "{}", run.stdout);
}

#[test]
fn fifos_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Named: a clear error, exit 2. Walked past: skipped.
    let run = ecslint(dir.path(), &["pipe.json".as_ref()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "ecslint: error: pipe.json: not a regular file (a FIFO, socket or device); ecslint reads only files\n"
    );
    let run = ecslint(dir.path(), &[".".as_ref()]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "no problems; 0 files checked\n"));
    let run = ecslint(dir.path(), &["/dev/null".as_ref()]);
    assert_eq!(run.code, 2);
}

#[test]
fn broken_symlinks_and_loops() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("missing.json", dir.path().join("broken.json")).unwrap();
    std::os::unix::fs::symlink("loop-b.json", dir.path().join("loop-a.json")).unwrap();
    std::os::unix::fs::symlink("loop-a.json", dir.path().join("loop-b.json")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    let run = ecslint(dir.path(), &["broken.json".as_ref()]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "ecslint: error: broken.json: a broken symbolic link: its target does not exist\n");
    let run = ecslint(dir.path(), &["loop-a.json".as_ref()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("ecslint: error: loop-a.json: "), "{}", run.stderr);
    // Walking does not follow directory links, so a loop cannot trap it.
    let run = ecslint(dir.path(), &[".".as_ref()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn file_names_that_are_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"task-\xFF.json");
    std::fs::write(dir.path().join(name), b"{\"family\": \"x\", \"memory\": \"512\", \"containerDefinitions\": []}")
        .unwrap();
    let run = ecslint(dir.path(), &["--format".as_ref(), "json".as_ref(), ".".as_ref()]);
    assert_eq!(run.code, 1);
    let entries: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON whatever the name");
    assert_eq!(entries[0]["file"], "task-\u{FFFD}.json");
}

#[test]
fn unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.json");
    std::fs::write(&path, b"{}").unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, so permissions do not stop reads");
        return;
    }
    let run = ecslint(dir.path(), &["secret.json".as_ref()]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "ecslint: error: secret.json: permission denied\n");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let run = lint_bytes(b"{\"family\": \"x\", \"memory\": \"512\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"x:1\", \"\\u001b]0;pwned\\u0007\\u001b[2J\": 1}]}");
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("unknown-field"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'), "{:?}", run.stdout);
    // Raw control bytes in the source text too (outside strings they are invalid JSON).
    let run = lint_bytes(b"{\"family\": \"x\",\x1b[31m }");
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

#[test]
fn json_and_sarif_stay_valid_whatever_the_input_holds() {
    let nasty = b"{\"family\": \"x\\\"\\u0000\\ud800\", \"memory\": \"512\", \"containerDefinitions\": [{\"name\": \"\\u2028\", \"image\": \"x:1\", \"k\\\"ey\\n\": 1}]}";
    for format in ["json", "sarif"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("task.json"), nasty).unwrap();
        let run = ecslint(dir.path(), &["--format".as_ref(), format.as_ref(), "task.json".as_ref()]);
        assert_eq!(run.code, 1);
        serde_json::from_str::<serde_json::Value>(&run.stdout)
            .unwrap_or_else(|e| panic!("{format}: {e}: {}", run.stdout));
    }
}

#[test]
fn directories_with_many_files() {
    let dir = tempfile::tempdir().unwrap();
    let task = b"{\"family\": \"x\", \"memory\": \"512\", \"taskRoleArn\": \"arn:aws:iam::123456789012:role/x\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"x:1\"}]}";
    for i in 0..3000 {
        std::fs::write(dir.path().join(format!("t{i}.json")), task).unwrap();
    }
    let run = ecslint(dir.path(), &["--ignore".as_ref(), "reliability,best-practice,security".as_ref(), ".".as_ref()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "no problems; 3000 files checked\n");
}

/// A CloudFormation template in YAML, named `stack.yaml`.
fn lint_yaml(text: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stack.yaml"), text).unwrap();
    ecslint(dir.path(), &["stack.yaml".as_ref()])
}

#[test]
fn hostile_yaml_templates() {
    let head = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n";
    // Aliases that would expand to 10^10 values: refused, not expanded.
    let mut bomb = format!("{head}      Family: x\nBomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!("  a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    let run = lint_yaml(&bomb);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("stack.yaml:") && run.stdout.contains("once its aliases are expanded"),
        "{}",
        run.stdout
    );
    // Deep nesting: refused at a bound, no stack overflow.
    let deep = format!("{head}      Family: {}\n", "[".repeat(200_000));
    let run = lint_yaml(&deep);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("nests deeper than") || run.stdout.contains("recursion limit exceeded"),
        "{}",
        run.stdout
    );
    // A Terraform plan whose container definitions nest without end.
    let plan = serde_json::json!({"format_version": "1.2", "planned_values": {"root_module": {"resources": [{
        "address": "aws_ecs_task_definition.x", "mode": "managed", "type": "aws_ecs_task_definition",
        "values": {"family": "x", "container_definitions": "[".repeat(100_000)}}]}}});
    let run = lint_bytes(plan.to_string().as_bytes());
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("`container_definitions` of aws_ecs_task_definition.x is not valid JSON"),
        "{}",
        run.stdout
    );
}

/// `ecslint ARGS` in `dir`, arguments as strings.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    ecslint(dir, &args)
}

/// The names of the temporary files ecslint leaves in `dir` (there must be none).
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ecslint-tmp"))
        .collect()
}

const TASK: &str = r#"{"family": "t", "memory": "512", "taskRoleArn": "arn:aws:iam::123456789012:role/t",
  "containerDefinitions": [{"name": "a", "image": "x:1", "user": "1000",
    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "a"}}}]}"#;

#[test]
fn reports_never_write_over_what_the_run_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.json"), TASK).unwrap();
    std::fs::write(d.join("ecslint.toml"), "[rules]\n").unwrap();
    let baseline = "{\"version\": 1, \"problems\": []}\n";
    std::fs::write(d.join("base.json"), baseline).unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::hard_link(d.join("in.json"), d.join("alias.json")).unwrap();
    for (args, says) in [
        (&["in.json", "--output", "in.json"][..], "--output in.json would write over the input in.json"),
        (&["in.json", "--write-baseline", "in.json"][..], "would write over the input in.json"),
        (&["in.json", "--output", "./alias.json"][..], "would write over the input in.json"),
        (&[".", "--output", "in.json"][..], "would write over the input"),
        (&["in.json", "--output", "ecslint.toml"][..], "would write over the configuration"),
        (&["in.json", "--baseline", "base.json", "--output", "base.json"][..], "would write over the baseline"),
        (&["in.json", "-o", "same.json", "--write-baseline", "same.json"][..], "both name same.json"),
        (&["in.json", "--output", "out"][..], "a directory, not a file"),
        (&["in.json", "--output", "out/"][..], "a directory, not a file"),
        (&["in.json", "--output", "nowhere/report.json"][..], "nowhere"),
    ] {
        let run = run_in(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "refused before linting: {args:?}");
        assert_eq!(std::fs::read_to_string(d.join("in.json")).unwrap(), TASK);
        assert_eq!(std::fs::read_to_string(d.join("ecslint.toml")).unwrap(), "[rules]\n");
        assert_eq!(std::fs::read_to_string(d.join("base.json")).unwrap(), baseline);
        assert!(!d.join("same.json").exists());
        assert_eq!(temps(d), Vec::<String>::new());
    }
}

#[test]
fn reports_keep_links_modes_and_devices() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.json"), TASK).unwrap();
    // Through a link, to its target; the link stays a link.
    std::fs::create_dir(d.join("reports")).unwrap();
    std::os::unix::fs::symlink("reports/today.txt", d.join("latest.txt")).unwrap();
    assert_eq!(run_in(d, &["in.json", "-o", "latest.txt"]).code, 0);
    assert!(std::fs::symlink_metadata(d.join("latest.txt")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(d.join("reports/today.txt")).unwrap().contains("1 file checked"));
    assert_eq!(temps(d), Vec::<String>::new());
    assert_eq!(temps(&d.join("reports")), Vec::<String>::new());
    // A report kept private stays private.
    std::fs::write(d.join("private.txt"), "old").unwrap();
    std::fs::set_permissions(d.join("private.txt"), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(run_in(d, &["in.json", "-o", "private.txt"]).code, 0);
    let meta = std::fs::metadata(d.join("private.txt")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(d.join("private.txt")).unwrap().contains("1 file checked"));
    // A read-only file is not replaced.
    std::fs::write(d.join("locked.txt"), "keep").unwrap();
    std::fs::set_permissions(d.join("locked.txt"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = run_in(d, &["in.json", "-o", "locked.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(d.join("locked.txt")).unwrap(), "keep");
    // Devices are written to, never replaced (as root, a rename would replace /dev/null).
    assert_eq!(run_in(d, &["in.json", "-o", "/dev/null"]).code, 0);
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    let run = run_in(d, &["in.json", "-o", "/dev/stdout"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 file checked"), "{}", run.stdout);
    let run = run_in(d, &["in.json", "-o", "-"]);
    assert!(run.stdout.contains("1 file checked"));
    assert!(!d.join("-").exists());
}

#[test]
fn a_planted_link_cannot_redirect_the_report() {
    // The old temporary name was predictable; a link planted there redirected the write.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.json"), TASK).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("victim"), "precious").unwrap();
    for pid in 0..64 {
        let _ = std::os::unix::fs::symlink(outside.path().join("victim"), d.join(format!(".r.txt.{pid}.ecslint-tmp")));
    }
    assert_eq!(run_in(d, &["in.json", "-o", "r.txt"]).code, 0);
    assert_eq!(std::fs::read_to_string(outside.path().join("victim")).unwrap(), "precious");
    assert!(!std::fs::symlink_metadata(d.join("r.txt")).unwrap().file_type().is_symlink());
}

#[test]
fn names_from_outside_never_forge_a_ci_command() {
    // git allows a newline in a file name; GitHub's runner reads any output line that starts
    // with `::` as a workflow command, on standard output and standard error alike.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let forged = "x\n::error file=forged.json::forged\n::add-mask::secret\u{1b}[31m\u{202e}.json";
    let bad_task = r#"{"family": "t", "memory": "512", "containerDefinitions": [{"name": "a", "image": "x:1", "privileged": true, "k\nl": 1}]}"#;
    std::fs::write(d.join(forged), bad_task).unwrap();
    std::fs::write(d.join("unreadable\n::stop-commands::x.json"), "{").unwrap();
    std::fs::write(d.join("ecslint.toml"), "[rules]\n\"bogus\\n::error::from-config\" = \"off\"\n").unwrap();
    // JSON and SARIF are data, where a file's name must stay exact: JSON escapes controls, and a
    // bidi character is no command. Everywhere else it is made visible.
    let lines_ok = |out: &str, what: &str| {
        let data = what == "json" || what == "sarif";
        for line in out.lines() {
            assert!(!line.contains('\u{1b}'), "{what}: raw escape in {line:?}");
            assert!(data || !line.contains('\u{202e}'), "{what}: raw bidi control in {line:?}");
            assert!(
                !line.starts_with("::")
                    || line.starts_with("::error file=x\\n")
                    || line.starts_with("::warning file=x\\n")
                    || line.starts_with("::notice file=x\\n")
                    || line.starts_with("::error file=unreadable"),
                "{what}: forged command {line:?}"
            );
        }
    };
    // The configuration's rule name, on standard error.
    let run = run_in(d, &["."]);
    assert_eq!(run.code, 2);
    lines_ok(&run.stderr, "config error");
    assert!(run.stderr.contains("bogus\\n::error::from-config"), "{}", run.stderr);
    std::fs::remove_file(d.join("ecslint.toml")).unwrap();
    for format in ["human", "github", "json", "sarif"] {
        let run = run_in(d, &["--format", format, "."]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        lines_ok(&run.stdout, format);
        lines_ok(&run.stderr, format);
        assert!(!run.stdout.lines().any(|l| l.starts_with("::error file=forged")), "{format}");
    }
    let human = run_in(d, &["."]);
    assert!(
        human.stdout.contains("x\\n::error file=forged.json::forged\\n::add-mask::secret\\u{1b}[31m\\u{202e}.json"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("`k\\nl`"), "a key with a newline stays on its line: {}", human.stdout);
}

#[test]
fn the_configuration_and_the_baseline_are_read_as_bounded_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.json"), TASK).unwrap();
    let fifo = d.join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for flag in ["--config", "--baseline"] {
        // A FIFO would wait for a writer forever; /dev/zero would fill the memory.
        for (path, says) in
            [(fifo.to_str().unwrap(), "not a regular file"), ("/dev/zero", "not a regular file"), (".", "a directory")]
        {
            let run = run_in(d, &["in.json", flag, path]);
            assert_eq!(run.code, 2, "{flag} {path}");
            assert!(run.stderr.contains(says), "{flag} {path}: {}", run.stderr);
        }
    }
    std::fs::write(d.join("big.toml"), vec![b'#'; 2 << 20]).unwrap();
    let run = run_in(d, &["in.json", "--config", "big.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("limit"), "{}", run.stderr);
    std::fs::write(d.join("latin1.toml"), b"# caf\xe9\n").unwrap();
    let run = run_in(d, &["in.json", "--config", "latin1.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
}

#[test]
fn numbers_that_are_no_integers_skip_no_check() {
    // Each was passed by every range check, where `-1` and `65536` are errors.
    for number in [
        "512.0",
        "1e308",
        "18446744073709551616",
        "-9223372036854775809",
        "-0.0",
        "0e0",
        "1e-400",
        "9223372036854775808",
    ] {
        let text = format!(
            r#"{{"family": "n", "memory": "512", "taskRoleArn": "arn:aws:iam::123456789012:role/n", "containerDefinitions": [{{"name": "a", "image": "x:1",
            "memory": 256, "portMappings": [{{"containerPort": {number}}}], "healthCheck": {{"command": ["CMD", "true"], "interval": {number}}}}}]}}"#
        );
        let run = {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("n.json"), &text).unwrap();
            run_in(dir.path(), &["--format", "json", "n.json"])
        };
        let problems: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let at: Vec<(&str, &str)> = problems
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["severity"] == "error")
            .map(|p| (p["rule"].as_str().unwrap(), p["pointer"].as_str().unwrap()))
            .collect();
        assert_eq!(
            at,
            [
                ("invalid-type", "/containerDefinitions/0/portMappings/0/containerPort"),
                ("invalid-type", "/containerDefinitions/0/healthCheck/interval")
            ],
            "{number}: {}",
            run.stdout
        );
    }
}

#[test]
fn nothing_is_dropped_without_a_word() {
    // A second YAML document is not left unread: it is refused, at its start.
    let run = lint_yaml(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n---\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - {Name: a, Image: 'x:1', Privileged: true}\n",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains(":3:1: error invalid-json"), "{}", run.stdout);
    assert!(run.stdout.contains("a second document starts here"), "{}", run.stdout);
    // JSON inside double braces is no template value to mask: the file is broken.
    let run = lint_bytes(
        br#"{"family": "t", "containerDefinitions": [{{"name": "a", "image": "x:1", "privileged": true}}]}"#,
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error invalid-json"), "{}", run.stdout);
    // A report that cannot be written is exit 2, with a message.
    let out = Command::new(env!("CARGO_BIN_EXE_ecslint"))
        .arg("examples/fargate-web.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the report"));
}

#[test]
fn a_file_with_thousands_of_problems_shows_the_worst_and_counts_the_rest() {
    // 300 unknown fields (errors) and 300 containers with no log configuration (warnings).
    let mut task =
        serde_json::json!({"family": "many", "memory": "65536", "taskRoleArn": "arn:aws:iam::123456789012:role/m"});
    for i in 0..300 {
        task[format!("unknownField{i}")] = 1.into();
    }
    let containers: Vec<serde_json::Value> = (0..300)
        .map(|i| serde_json::json!({"name": format!("c{i}"), "image": "x:1", "memory": 64, "essential": i == 0}))
        .collect();
    task["containerDefinitions"] = containers.into();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.json"), task.to_string()).unwrap();
    let human = run_in(dir.path(), &["many.json"]);
    assert_eq!(human.code, 1);
    let shown: Vec<&str> = human.stdout.lines().filter(|l| l.starts_with("many.json:1:")).collect();
    assert_eq!(shown.len(), 100, "the default cap");
    assert!(shown.iter().all(|l| l.contains(": error ")), "errors first: {shown:?}");
    assert!(human.stdout.contains("many.json: 501 more problems not shown"), "{}", human.stdout);
    assert!(human.stdout.contains("601 problems"), "the summary counts them all: {}", human.stdout);
    let all = run_in(dir.path(), &["many.json", "--max-problems-per-file", "0"]);
    assert_eq!(all.stdout.lines().filter(|l| l.starts_with("many.json:1:")).count(), 601);
    let json = run_in(dir.path(), &["--format", "json", "many.json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json.stdout).unwrap().as_array().unwrap().len(), 601);
    let few = run_in(dir.path(), &["--format", "json", "--max-problems-per-file", "5", "many.json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&few.stdout).unwrap().as_array().unwrap().len(), 5);
}
