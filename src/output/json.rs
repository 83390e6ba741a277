//! `--format json`: one JSON array of problems, sorted by file and position.

use super::{FileResult, Reporter, Summary};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Default)]
pub struct Json {
    any: bool,
    /// One entry at a time, written out whole (serde's many small writes through `dyn Write`
    /// cost more than the entry).
    buffer: Vec<u8>,
}

/// One problem; the field names are a contract (README, "Output formats").
#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// The tool the file was judged for (`aws-cli`, `github-deploy-action`, ...), and why.
    read_by: Option<&'a str>,
    read_by_reason: Option<&'a str>,
    /// The other places of the same problem.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Place<'a>>,
}

#[derive(Serialize)]
struct Place<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl Reporter for Json {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            self.buffer.clear();
            self.buffer.extend_from_slice(if self.any { b",\n  " } else { b"[\n  " });
            self.any = true;
            let entry = Entry {
                file: &file.name,
                rule: d.rule.name,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                pointer: &d.pointer,
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                read_by: file.read_by.as_ref().map(|r| r.reader.name()),
                read_by_reason: file.read_by.as_ref().map(|r| r.why.as_str()),
                related: d
                    .related
                    .iter()
                    .map(|r| Place {
                        message: &r.message,
                        line: r.start.line,
                        column: r.start.column,
                        end_line: r.end.line,
                        end_column: r.end.column,
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut self.buffer, &entry)?;
            out.write_all(&self.buffer)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Summary) -> io::Result<()> {
        out.write_all(if self.any { b"\n]\n" } else { b"[]\n" })
    }
}
