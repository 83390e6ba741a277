//! `--format junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure Pipelines...) show as
//! test results: one test suite per file checked, one failing test case per problem, and one
//! passing case for a file without problems, as cfn-lint and checkov write theirs.

use super::{FileResult, Reporter, Summary, one_line};
use std::io::{self, Write};

#[derive(Default)]
pub struct Junit {
    started: bool,
}

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot hold are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

impl Junit {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(out, "<testsuites name=\"ecslint\">")?;
        }
        Ok(())
    }
}

impl Reporter for Junit {
    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        self.start(out)?;
        let name = escape(&one_line(&file.name));
        let problems = file.diagnostics.len() + file.omitted;
        let tests = problems.max(1);
        writeln!(out, "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{problems}\" errors=\"0\">")?;
        if problems == 0 {
            writeln!(out, "    <testcase name=\"ecslint\" classname=\"{name}\"/>")?;
        }
        for d in &file.diagnostics {
            let at = format!("{}:{}:{}", one_line(&file.name), d.start.line, d.start.column);
            let mut body = format!("{at}: {} {}", d.severity.as_str(), one_line(&d.message));
            if let Some(help) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(&one_line(help));
            }
            writeln!(
                out,
                "    <testcase name=\"{} ({})\" classname=\"{name}\"><failure message=\"{}\" type=\"{}\">{}</failure></testcase>",
                escape(d.rule.name),
                escape(&format!("{}:{}", d.start.line, d.start.column)),
                escape(&one_line(&d.message)),
                d.severity.as_str(),
                escape(&body),
            )?;
        }
        if file.omitted > 0 {
            writeln!(
                out,
                "    <testcase name=\"{} more problems\" classname=\"{name}\"><failure message=\"not shown: --max-problems-per-file 0 shows all\" type=\"omitted\"/></testcase>",
                file.omitted
            )?;
        }
        writeln!(out, "  </testsuite>")
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn nothing_breaks_out_of_xml() {
        assert_eq!(escape("a<b>&\"'\u{1}\n"), "a&lt;b&gt;&amp;&quot;&apos;&#10;");
    }
}
