//! `--statistics`: how many problems each rule found, with its severity and how many of them
//! have a fix, instead of the problems; as text, or (with `--format json`) as JSON.

use super::{FileResult, Reporter, Summary};
use crate::rule::Severity;
use std::collections::HashMap;
use std::io::{self, Write};

#[derive(Default)]
pub struct Statistics {
    pub json: bool,
    /// By rule and severity: problems, and how many have a fix.
    counts: HashMap<(&'static str, Severity), (usize, usize)>,
}

impl Statistics {
    pub fn new(json: bool) -> Statistics {
        Statistics { json, counts: HashMap::new() }
    }

    /// Most problems first; then the more severe; then by name.
    fn rows(&self) -> Vec<(&'static str, Severity, usize, usize)> {
        let mut rows: Vec<_> =
            self.counts.iter().map(|(&(rule, sev), &(n, fixable))| (rule, sev, n, fixable)).collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
        rows
    }
}

impl Reporter for Statistics {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            let entry = self.counts.entry((d.rule.name, d.severity)).or_default();
            entry.0 += 1;
            entry.1 += usize::from(d.fix.is_some());
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rows = self.rows();
        if self.json {
            let list: Vec<_> = rows
                .iter()
                .map(|(rule, sev, n, fixable)| {
                    serde_json::json!({"rule": rule, "severity": sev.as_str(), "count": n, "fixable": fixable})
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list).map_err(io::Error::from)?;
            return writeln!(out);
        }
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let count_width = rows.iter().map(|r| r.2.to_string().len()).max().unwrap_or(1);
        for (rule, sev, n, fixable) in &rows {
            let line = format!("{n:>count_width$}  {:<7}  {rule}", sev.as_str());
            if *fixable > 0 {
                writeln!(out, "{line:<pad$}  ({fixable} fixable)", pad = count_width + 11 + width)?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        if !summary.quiet {
            writeln!(out, "{}", summary.line())?;
        }
        Ok(())
    }
}
