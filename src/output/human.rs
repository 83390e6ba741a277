//! The default output: each problem rendered by miette with its source lines, then a summary.

use super::{FileResult, Reporter, Summary};
use crate::diagnostic::Severity;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};
use std::io::{self, Write};

pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        Human { handler: GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false) }
    }
}

impl Reporter for Human {
    fn needs_text(&self) -> bool {
        true
    }

    fn file(&mut self, out: &mut dyn Write, file: &FileResult) -> io::Result<()> {
        let text = sanitize(file.text.as_deref().unwrap_or(""));
        let name = sanitize(&file.name);
        for d in &file.diagnostics {
            let severity = match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            };
            let len = d.span.end.saturating_sub(d.span.start);
            let mut diag = MietteDiagnostic::new(sanitize(&d.message))
                .with_severity(severity)
                .with_label(LabeledSpan::new_primary_with_span(None, (d.span.start, len)));
            if let Some(help) = &d.help {
                diag = diag.with_help(sanitize(help));
            }
            writeln!(out, "{name}:{}:{}: {} {}", d.start.line, d.start.column, d.severity.as_str(), d.rule.name)?;
            let report = Report::new(diag).with_source_code(NamedSource::new(name.clone(), text.clone()));
            let mut rendered = String::new();
            self.handler.render_report(&mut rendered, report.as_ref()).map_err(io::Error::other)?;
            writeln!(out, "{rendered}")?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary.line())
    }
}

/// Replaces characters that could move the cursor, change colours or reorder text on a
/// terminal (C0 and C1 controls but tab and newline, DEL, bidirectional overrides) with `?`s
/// of the same byte length, so that byte offsets into the text stay right.
pub fn sanitize(text: &str) -> String {
    let dangerous = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    };
    if !text.chars().any(dangerous) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if dangerous(c) {
            (0..c.len_utf8()).for_each(|_| out.push('?'));
        } else {
            out.push(c);
        }
    }
    out
}
