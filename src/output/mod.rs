//! Turning diagnostics into text: for people (`human`) and for programs (`json`).
//! Nothing here decides what is a problem; nothing above here knows about terminals.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod statistics;

use crate::diagnostic::Diagnostic;
use crate::reader::{ReadBy, Reader};
use crate::rule::Severity;
use std::io::{self, Write};

pub use human::one_line;

/// The diagnostics of one file, with its text when the output quotes it.
pub struct FileResult {
    pub name: String,
    pub text: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Who the file was judged for, and why (`None`: the configuration file, or a file that
    /// could not be read).
    pub read_by: Option<ReadBy>,
    /// Problems left out by `--max-problems-per-file`.
    pub omitted: usize,
}

/// Counts for the closing line.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files_checked: usize,
    /// JSON files found while walking that are not task definitions.
    pub files_skipped: usize,
    pub files_with_problems: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// How many files each reader judged, in the order of [`Reader::ALL`].
    pub readers: [usize; Reader::ALL.len()],
    /// Files whose reader something named (a workflow, a configuration, `--read-by`).
    pub named_readers: usize,
    /// `--quiet`: the reports that have a summary leave it out.
    pub quiet: bool,
}

impl Summary {
    pub fn add(&mut self, diagnostics: &[Diagnostic], read_by: Option<&ReadBy>) {
        self.files_checked += 1;
        if let Some(i) = read_by.and_then(|r| Reader::ALL.iter().position(|x| *x == r.reader)) {
            self.readers[i] += 1;
        }
        self.named_readers += usize::from(read_by.is_some_and(|r| r.named));
        if !diagnostics.is_empty() {
            self.files_with_problems += 1;
        }
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// "3 problems (1 error, 2 warnings) in 2 files; 5 files checked".
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let total = self.errors + self.warnings + self.infos;
        let mut line = if total == 0 {
            "no problems".to_string()
        } else {
            let parts: Vec<String> = [(self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, w)| if w == "info" { format!("{n} info") } else { plural(n, w) })
                .collect();
            format!(
                "{} ({}) in {}",
                plural(total, "problem"),
                parts.join(", "),
                plural(self.files_with_problems, "file")
            )
        };
        line.push_str(&format!("; {} checked", plural(self.files_checked, "file")));
        if self.files_skipped > 0 {
            line.push_str(&format!("; {} skipped (no task definition or service)", plural(self.files_skipped, "file")));
        }
        line
    }

    /// "read by: aws-cli (3 files), github-deploy-action (1 file)": when the files were not all
    /// read by the one reader their format implies (`None` then: it would say nothing).
    pub fn readers_line(&self) -> Option<String> {
        if self.named_readers == 0 && self.readers.iter().filter(|n| **n > 0).count() < 2 {
            return None;
        }
        let parts: Vec<String> = Reader::ALL
            .iter()
            .zip(self.readers)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{} ({n} file{})", r.name(), if n == 1 { "" } else { "s" }))
            .collect();
        (!parts.is_empty()).then(|| format!("read by: {}", parts.join(", ")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each problem with the lines around it.
    Human,
    /// One JSON array of problems.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations, errors first.
    Github,
    /// One line per problem: `FILE:LINE:COL: SEVERITY RULE MESSAGE`.
    Concise,
    /// A GitLab Code Quality report, for merge requests.
    Gitlab,
    /// JUnit XML: a test suite per file, a failing test case per problem.
    Junit,
}

pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
    /// Whether `file` needs the text of files that have problems.
    fn needs_text(&self) -> bool {
        false
    }
}

/// The reporter of `--statistics`: a table, or JSON with `--format json`.
pub fn statistics(format: Format) -> Box<dyn Reporter> {
    Box::new(statistics::Statistics::new(format == Format::Json))
}

pub fn reporter(format: Format, color: bool) -> Box<dyn Reporter> {
    match format {
        Format::Concise => Box::new(concise::Concise),
        Format::Gitlab => Box::new(gitlab::Gitlab::default()),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::Json::default()),
        Format::Sarif => Box::new(sarif::Sarif::new()),
        Format::Github => Box::new(github::Github::default()),
    }
}
