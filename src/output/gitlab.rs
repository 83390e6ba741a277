//! `--format gitlab`: a GitLab Code Quality report, which merge requests show beside the diff
//! (<https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>): a JSON array
//! of issues, each with a description, the rule (`check_name`), a fingerprint unique to the
//! issue, a severity and a location.

use super::{FileResult, Reporter, Summary};
use crate::diagnostic::fnv1a;
use crate::rule::Severity;
use serde_json::json;
use std::collections::HashSet;
use std::io::{self, Write};

#[derive(Default)]
pub struct Gitlab {
    any: bool,
    /// Fingerprints given so far: GitLab keeps one issue per fingerprint.
    seen: HashSet<String>,
}

/// GitLab's scale: info, minor, major, critical, blocker.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

impl Reporter for Gitlab {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            // The problem's own fingerprint (stable across edits that move it), with the file
            // and rule; a repeat gets a count, so that each issue keeps its own.
            let base =
                format!("{:016x}", fnv1a(format!("{}\0{}\0{}", file.name, d.rule.name, d.fingerprint).as_bytes()));
            let mut fingerprint = base.clone();
            let mut n = 1;
            while !self.seen.insert(fingerprint.clone()) {
                n += 1;
                fingerprint = format!("{base}-{n}");
            }
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str(". ");
                description.push_str(help);
            }
            let issue = json!({
                "description": description,
                "check_name": d.rule.name,
                "fingerprint": fingerprint,
                "severity": severity(d.severity),
                "location": {"path": file.name, "lines": {"begin": d.start.line, "end": d.end.line}},
            });
            out.write_all(if self.any { b",\n  " } else { b"[\n  " })?;
            self.any = true;
            serde_json::to_writer(&mut *out, &issue)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Summary) -> io::Result<()> {
        out.write_all(if self.any { b"\n]\n" } else { b"[]\n" })
    }
}
