//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the pull request's diff. Everything from the input is escaped, so that no file name or
//! message can end its annotation early or start a workflow command of its own. GitHub shows
//! only the first annotations of a step, so they are written errors first, then warnings, then
//! notices (each in file order), when the run is done.

use super::{FileResult, Reporter, Summary, one_line};
use crate::rule::Severity;
use std::io::{self, Write};

/// The annotations of the run, by severity (errors, warnings, notices), and the lines that say
/// how many were left out.
#[derive(Default)]
pub struct Github {
    annotations: [Vec<String>; 3],
    omitted: Vec<String>,
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command's property value: as data, and `:` and `,` too.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn file(&mut self, _out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            let (command, slot) = match d.severity {
                Severity::Error => ("error", 0),
                Severity::Warning => ("warning", 1),
                Severity::Info => ("notice", 2),
            };
            // Each part on one line, its control and bidi characters written as escapes; the
            // line break before the help is the only one, and is escaped as data.
            let mut message = one_line(&d.message);
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(&one_line(help));
            }
            // An annotation stands alone: it says who reads the file when something names the
            // reader (a workflow, ecspresso, the `.tf` file that reads it with `file()`).
            if let Some(read_by) = file.read_by.as_ref().filter(|r| r.named) {
                message.push_str(&format!("\njudged for {} ({})", read_by.reader.name(), one_line(&read_by.why)));
            }
            self.annotations[slot].push(format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&one_line(&file.name)),
                d.start.line,
                d.start.column,
                d.end.line,
                d.end.column,
                escape_property(&format!("ecslint {}", d.rule.name)),
                escape_data(&message)
            ));
        }
        if file.omitted > 0 {
            let more = format!(
                "{}: {} more problems not shown (--max-problems-per-file 0 shows all)",
                one_line(&file.name),
                file.omitted
            );
            self.omitted.push(escape_data(&more));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        for line in self.annotations.iter().flatten().chain(&self.omitted) {
            writeln!(out, "{line}")?;
        }
        if summary.quiet {
            return Ok(());
        }
        writeln!(out, "{}", escape_data(&summary.line()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_breaks_out() {
        assert_eq!(escape_data("50%\r\n::error::x"), "50%25%0D%0A::error::x");
        assert_eq!(escape_property("a,b:c\nd%"), "a%2Cb%3Ac%0Ad%25");
    }
}
