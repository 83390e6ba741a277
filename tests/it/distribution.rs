//! The ways ecslint reaches its users, run as they run them: the release archive and the
//! install script that action.yml uses, the action's check step, and a real editor (Neovim,
//! headless) driving `ecslint lsp`. The wheel and the VS Code extension are built and checked by
//! `.ci/run`, which has their toolchains.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn ecslint() -> &'static str {
    env!("CARGO_BIN_EXE_ecslint")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A file:// releases directory holding ecslint VERSION for TARGET, as release.yml publishes it.
#[cfg(unix)]
fn publish(releases: &Path, version: &str, target: &str) -> PathBuf {
    let download = releases.join("download").join(format!("v{version}"));
    std::fs::create_dir_all(&download).unwrap();
    let run = Command::new("bash")
        .arg(repo().join("scripts/package-release.sh"))
        .args([target, &format!("v{version}"), ecslint()])
        .arg(&download)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run));
    download.join(format!("ecslint-{version}-{target}.tar.gz"))
}

#[cfg(unix)]
fn install(releases: &Path, dir: &Path, version: &str) -> Output {
    Command::new("bash")
        .arg(repo().join("scripts/install.sh"))
        .env("ECSLINT_RELEASES_URL", format!("file://{}", releases.display()))
        .env("ECSLINT_VERSION", version)
        .env("ECSLINT_TARGET", "x86_64-unknown-linux-musl")
        .env("ECSLINT_INSTALL_DIR", dir)
        .output()
        .unwrap()
}

#[test]
#[cfg(unix)]
fn the_install_script_installs_a_release_archive_after_checking_its_checksum() {
    let tmp = tempfile::tempdir().unwrap();
    let releases = tmp.path().join("releases");
    let archive = publish(&releases, "9.8.7", "x86_64-unknown-linux-musl");

    // The archive holds the binary, the licenses and the README, under one directory.
    let listing = Command::new("tar").arg("-tzf").arg(&archive).output().unwrap();
    let mut names: Vec<String> = String::from_utf8(listing.stdout).unwrap().lines().map(str::to_owned).collect();
    names.sort();
    let root = "ecslint-9.8.7-x86_64-unknown-linux-musl";
    assert_eq!(names, ["/", "/LICENSE-APACHE", "/LICENSE-MIT", "/README.md", "/ecslint"].map(|n| format!("{root}{n}")));
    let sums = std::fs::read_to_string(archive.with_extension("gz.sha256")).unwrap();
    assert!(sums.ends_with(&format!("  {root}.tar.gz\n")), "{sums}");

    let bin = tmp.path().join("bin");
    let run = install(&releases, &bin, "v9.8.7");
    assert!(run.status.success(), "{}", text(&run));
    assert!(text(&run).contains("installed ecslint 9.8.7 (x86_64-unknown-linux-musl)"), "{}", text(&run));
    let version = Command::new(bin.join("ecslint")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("ecslint {}", env!("CARGO_PKG_VERSION")));

    // A damaged archive is refused and nothing is installed over what is there.
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    std::fs::write(bin.join("ecslint"), "kept").unwrap();
    let run = install(&releases, &bin, "9.8.7");
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert!(text(&run).contains("checksum mismatch"), "{}", text(&run));
    assert_eq!(std::fs::read_to_string(bin.join("ecslint")).unwrap(), "kept");

    // A version that was never released names what it could not download.
    let run = install(&releases, &bin, "1.0.0");
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert!(text(&run).contains("cannot download file://"), "{}", text(&run));
}

#[test]
#[cfg(unix)]
fn the_action_writes_sarif_then_fails_as_check_does() {
    let tmp = tempfile::tempdir().unwrap();
    let outputs = tmp.path().join("github-output");
    let sarif = tmp.path().join("out.sarif");
    let run = Command::new("bash")
        .arg(repo().join("scripts/action-check.sh"))
        .current_dir(repo())
        .env("ECSLINT", ecslint())
        .env("PATHS", "examples/ec2-bridge-problems.json\n  examples/fargate-web.json")
        .env("FORMAT", "github")
        .env("FAIL_ON", "error")
        .env("SARIF", &sarif)
        .env("ARGS", "--no-config")
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    // ec2-bridge-problems.json has errors: the step fails, with annotations in the log.
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    let log = String::from_utf8_lossy(&run.stdout);
    assert!(log.contains("::error file=examples/ec2-bridge-problems.json"), "{log}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let results = report["runs"][0]["results"].as_array().unwrap();
    let files: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(files.contains("examples/ec2-bridge-problems.json"), "{files:?}");
    assert_eq!(std::fs::read_to_string(&outputs).unwrap(), format!("sarif-file={}\n", sarif.display()));

    // fail-on sets the threshold; a path with a space is one path; no SARIF when none is asked.
    let spaced = tmp.path().join("a dir");
    std::fs::create_dir(&spaced).unwrap();
    std::fs::copy(repo().join("examples/fargate-web.json"), spaced.join("web.json")).unwrap();
    let run = Command::new("bash")
        .arg(repo().join("scripts/action-check.sh"))
        .current_dir(tmp.path())
        .env("ECSLINT", ecslint())
        .env("PATHS", "a dir\n")
        .env("FAIL_ON", "error")
        .env("SARIF", "")
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "`a dir` split into two paths? {}", text(&run));
    assert!(text(&run).contains("no problems; 1 file checked"), "{}", text(&run));
    assert!(!tmp.path().join("ecslint.sarif").exists());
    assert_eq!(std::fs::read_to_string(&outputs).unwrap(), format!("sarif-file={}\nsarif-file=\n", sarif.display()));
}

/// The README's Neovim snippet is the one tests/editors/neovim.lua runs.
#[test]
fn the_readme_neovim_snippet_is_the_one_the_editor_test_runs() {
    let script = std::fs::read_to_string(repo().join("tests/editors/neovim.lua")).unwrap();
    let snippet = script.split("-- README:begin\n").nth(1).unwrap().split("-- README:end").next().unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains(snippet), "README.md lacks the tested Neovim snippet:\n{snippet}");
}

#[test]
#[ignore = "needs Neovim (`nvim`, Debian's neovim): `.ci/run` installs it and runs the ignored tests"]
fn neovim_shows_the_diagnostics_and_applies_a_code_action() {
    let found =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).any(|d| d.join("nvim").is_file())).unwrap_or(false);
    if !found {
        assert!(std::env::var_os("ECSLINT_CORPUS_REQUIRED").is_none(), "CI must install Neovim");
        eprintln!("skipped: nvim is not on PATH (.ci/run installs Debian's neovim)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("worker.json");
    std::fs::write(
        &file,
        "{\n  \"family\": \"worker\",\n  \"taskRoleArn\": \"arn:aws:iam::123456789012:role/worker\",\n  \"containerDefinitions\": [\n    {\"name\": \"app\", \"image\": \"example/app:1.4\", \"memory\": 256, \"essential\": false}\n  ]\n}\n",
    )
    .unwrap();
    let report = tmp.path().join("report.json");
    // The snippet runs `ecslint lsp` from PATH, as a user's would.
    let bin = Path::new(ecslint()).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let run = Command::new("nvim")
        .args(["--headless", "--clean", "-u", "NONE", "-S"])
        .arg(repo().join("tests/editors/neovim.lua"))
        .current_dir(tmp.path())
        .env("PATH", path)
        .env("ECSLINT_NVIM_FILE", &file)
        .env("ECSLINT_NVIM_REPORT", &report)
        .env("ECSLINT_NVIM_RULE", "missing-essential-container")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert!(report.get("error").is_none(), "{report:#}");
    assert_eq!(report["filetype"], "json");
    let codes = |key: &str| -> Vec<String> {
        report[key].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap_or("").to_owned()).collect()
    };
    let before = &report["before"].as_array().unwrap();
    let essential = before.iter().find(|d| d["code"] == "missing-essential-container").expect("the diagnostic");
    assert_eq!(essential["source"], "ecslint");
    assert_eq!(essential["line"], 4, "{essential}");
    assert_eq!(essential["severity"], 1, "an error: {essential}");
    assert!(report["actions"].as_array().unwrap().iter().any(|t| t == &report["applied"]));
    // The fix was applied to the buffer and written; the diagnostic went away.
    assert!(!codes("after").contains(&"missing-essential-container".to_owned()), "{report:#}");
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["containerDefinitions"][0]["essential"], true, "{written}");
}
