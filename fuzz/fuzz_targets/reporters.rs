//! Any file, under any file name (newlines and control characters included), through every
//! output format, to standard output and to `--output`: JSON and SARIF parse, no line of the
//! human or GitHub output forges a workflow command or carries a raw escape, the input is
//! never written over and no temporary file is left behind. Inputs of at least 64 KiB are
//! meant (`-max_len=131072`): long lines are where the reporters crop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

fuzz_target!(|data: &[u8]| {
    // The first bytes up to a 0 are the file's name (a `/` is no part of a name).
    let (name, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b"task.json"[..], data),
    };
    let mut name: Vec<u8> = name.iter().copied().filter(|&b| b != b'/').take(200).collect();
    if name.is_empty() || name == b"." || name == b".." {
        name = b"task.json".to_vec();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(OsString::from_vec(name));
    if std::fs::write(&path, text).is_err() {
        return;
    }
    let arg = |s: &str| OsString::from(s);
    for format in ["human", "json", "sarif", "github"] {
        let mut out = Vec::new();
        let code = ecslint::cli::check_with(&[arg("--format"), arg(format), path.clone().into_os_string()], &mut out);
        assert!(code <= 2);
        let out = String::from_utf8(out).expect("the report is UTF-8");
        match format {
            "json" | "sarif" => {
                serde_json::from_str::<serde_json::Value>(&out).expect("the report parses");
            }
            _ => {
                for line in out.lines() {
                    assert!(!line.contains('\u{1b}'), "a raw escape: {line:?}");
                    let ours = ["::error file=", "::warning file=", "::notice file="].iter().any(|p| line.starts_with(p));
                    assert!(!line.starts_with("::") || (format == "github" && ours), "a forged command: {line:?}");
                }
            }
        }
        // The same report to a file beside the input, and the input named as the output.
        let report = dir.path().join("report.out");
        let code = ecslint::cli::check_with(
            &[arg("--format"), arg(format), arg("--output"), report.clone().into_os_string(), path.clone().into_os_string()],
            &mut Vec::new(),
        );
        assert!(code <= 2);
        let refused = ecslint::cli::check_with(
            &[arg("--output"), path.clone().into_os_string(), path.clone().into_os_string()],
            &mut Vec::new(),
        );
        assert_eq!(refused, 2, "an input is never an output");
        assert_eq!(std::fs::read(&path).unwrap(), text, "the input is as it was");
        let temps = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| *p != path && p.to_string_lossy().ends_with(".ecslint-tmp"))
            .count();
        assert_eq!(temps, 0, "no temporary file is left");
    }
});
