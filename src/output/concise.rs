//! `--format concise`: one line per problem, `FILE:LINE:COL: SEVERITY RULE MESSAGE`, as ruff's
//! concise format and compilers write them (editors and `grep` read them).

use super::{FileResult, Reporter, Summary, one_line};
use std::io::{self, Write};

pub struct Concise;

impl Reporter for Concise {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let name = one_line(&file.name);
        for d in &file.diagnostics {
            writeln!(
                out,
                "{name}:{}:{}: {} {} {}",
                d.start.line,
                d.start.column,
                d.severity.as_str(),
                d.rule.name,
                one_line(&d.message)
            )?;
        }
        if file.omitted > 0 {
            writeln!(out, "{name}: {} more problems not shown (--max-problems-per-file 0 shows all)", file.omitted)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if summary.quiet {
            return Ok(());
        }
        writeln!(out, "{}", summary.line())
    }
}
