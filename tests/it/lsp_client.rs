//! A real LSP client (pytest-lsp, on pygls) drives the `ecslint lsp` binary end to end:
//! `tests/lsp_client/test_ecslint_lsp.py`. Skipped, with a message, when pytest-lsp is not
//! installed (`.ci/run` installs it from PyPI).

use std::process::Command;

#[test]
fn a_real_client_drives_the_server() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let available = Command::new(&python).args(["-c", "import pytest_lsp"]).output().is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: pytest-lsp is not installed for {python} (pip install pytest-lsp; .ci/run does)");
        return;
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lsp_client");
    let out = Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", dir])
        .current_dir(dir)
        .env("ECSLINT_BIN", env!("CARGO_BIN_EXE_ecslint"))
        .output()
        .unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{report}");
    assert!(report.contains("3 passed"), "{report}");
}
