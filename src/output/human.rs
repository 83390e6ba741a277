//! The default output: each problem rendered by miette with its source lines, then a summary.

use super::{FileResult, Reporter, Summary};
use crate::rule::Severity;
use crate::span::{LineIndex, Span, floor_char_boundary};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, Report,
    SourceCode, SourceSpan, SpanContents,
};
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
        let name = one_line(&file.name);
        let lines = LineIndex::new(&text);
        if let Some(read_by) = file.read_by.as_ref().filter(|r| r.named && !file.diagnostics.is_empty()) {
            writeln!(out, "{name}: judged for {} ({})", read_by.reader.name(), one_line(&read_by.why))?;
        }
        for d in &file.diagnostics {
            let severity = match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            };
            // miette is given the lines around the problem only, never the whole file: the
            // cost of a problem does not grow with the file.
            let (source, start, end) = excerpt(&text, &lines, &name, d.span.start, d.span.end);
            let mut diag = MietteDiagnostic::new(one_line(&d.message))
                .with_severity(severity)
                .with_label(LabeledSpan::new_primary_with_span(None, (start, end.saturating_sub(start))));
            if let Some(help) = &d.help {
                diag = diag.with_help(one_line(help));
            }
            writeln!(out, "{name}:{}:{}: {} {}", d.start.line, d.start.column, d.severity.as_str(), d.rule.name)?;
            let report = Report::new(diag).with_source_code(source);
            let mut rendered = String::new();
            self.handler.render_report(&mut rendered, report.as_ref()).map_err(io::Error::other)?;
            writeln!(out, "{rendered}")?;
            if !d.related.is_empty() {
                let places: Vec<String> =
                    d.related.iter().take(10).map(|r| format!("{}:{}", r.start.line, r.start.column)).collect();
                let more = d.related.len().saturating_sub(10);
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                writeln!(out, "  also at {}{more}\n", places.join(", "))?;
            }
        }
        if file.omitted > 0 {
            let n = file.omitted;
            writeln!(
                out,
                "{name}: {n} more problem{} not shown (the most severe are above; --max-problems-per-file 0 shows all)\n",
                if n == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if summary.quiet {
            return Ok(());
        }
        writeln!(out, "{}", summary.line())?;
        match summary.readers_line() {
            Some(line) => writeln!(out, "{line}"),
            None => Ok(()),
        }
    }
}

/// The lines around `start..end` (one before, one after, as miette shows them), long lines
/// cropped: the source miette renders, and the span in it.
fn excerpt(text: &str, lines: &LineIndex, name: &str, start: usize, end: usize) -> (Excerpt, usize, usize) {
    let first = lines.line_of(start).0.saturating_sub(1);
    let last = (lines.line_of(end).0 + 1).min(lines.line_count() - 1);
    let (part, start, end) = window(text, lines, first, last, start, end);
    let (part, start, end) =
        if part.split('\n').any(|l| l.len() > LONG_LINE) { crop(&part, start, end) } else { (part, start, end) };
    (Excerpt { name: name.to_string(), text: part, first_line: first }, start, end)
}

/// The text of `around` with each very long line (a minified file is one line of megabytes)
/// cut to what [`crop`] could show of it, so that a problem costs the same in any file; and
/// the span in it. Cut lines keep their line breaks, so line numbers stay right.
fn window(
    text: &str,
    lines: &LineIndex,
    first: usize,
    last: usize,
    start: usize,
    end: usize,
) -> (String, usize, usize) {
    const KEEP: usize = 8 * LONG_LINE;
    let around = lines.lines_span(first, last);
    let (start, end) = (start.clamp(around.start, around.end), end.clamp(around.start, around.end));
    let mut out = String::new();
    let (mut new_start, mut new_end) = (0, 0);
    // Line by line from the index: nothing here reads a long line to find where it ends.
    for line in first..=last {
        let Span { start: at, end: line_end } = lines.lines_span(line, line);
        let (from, to) = if line_end - at <= 2 * KEEP {
            (at, line_end)
        } else if (at..=line_end).contains(&start) {
            (start.saturating_sub(KEEP).max(at), (end.max(start) + KEEP).min(line_end))
        } else if (at..=line_end).contains(&end) {
            (end.saturating_sub(KEEP).max(at), end)
        } else {
            (at, at + KEEP)
        };
        let (from, to) = (floor_char_boundary(text, from), floor_char_boundary(text, to));
        if (from..=to).contains(&start) {
            new_start = out.len() + start - from;
        }
        if (from..=to).contains(&end) {
            new_end = out.len() + end - from;
        }
        out.push_str(&text[from..to]);
        if to < line_end && text[..line_end].ends_with('\n') {
            out.push('\n');
        }
    }
    (out, new_start, new_end.max(new_start))
}

/// Some lines of a file, which miette numbers as the file's.
struct Excerpt {
    name: String,
    text: String,
    /// The 0-based line of the file where `text` starts.
    first_line: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Lines longer than this are cropped in the excerpt (minified JSON, `terraform show -json`).
const LONG_LINE: usize = 200;
/// How much of a long line is kept on each side of the problem.
const CONTEXT: usize = 60;

/// The text with its long lines cropped around the span `start..end` (marked with `…`), and
/// the span in it. Line numbers stay right: no line is removed.
fn crop(text: &str, start: usize, end: usize) -> (String, usize, usize) {
    let boundary = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut out = String::with_capacity(text.len().min(64 * 1024));
    let (mut new_start, mut new_end) = (0, 0);
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content_end = line_start + line.trim_end_matches(['\n', '\r']).len();
        let line_end = line_start + line.len();
        let (from, to) = if content_end - line_start <= LONG_LINE {
            (line_start, content_end)
        } else if start >= line_start && start <= content_end {
            let to = end.min(start + 3 * LONG_LINE).min(content_end) + CONTEXT;
            (boundary(start.saturating_sub(CONTEXT).max(line_start)), boundary(to.min(content_end)))
        } else if start < line_start && end > line_start {
            (line_start, boundary((line_start + LONG_LINE).min(end + CONTEXT).min(content_end)))
        } else {
            (line_start, boundary(line_start + CONTEXT))
        };
        if from > line_start {
            out.push('…');
        }
        let at = |offset: usize, out: &String| out.len() + offset.clamp(from, to) - from;
        if (line_start..=content_end).contains(&start) {
            new_start = at(start, &out);
        }
        if (line_start..=content_end).contains(&end) || (end > content_end && end <= line_end) {
            new_end = at(end, &out);
        } else if end > to && start <= to && new_end <= new_start {
            new_end = at(to, &out);
        }
        out.push_str(&text[from..to]);
        if to < content_end {
            out.push('…');
        }
        out.push_str(&text[content_end..line_end]);
        line_start = line_end;
    }
    (out, new_start, new_end.max(new_start))
}

/// `text` on one line, every character that could end the line, move the cursor, change
/// colours or reorder text written as an escape (`\n`, `\u{1b}`, `\u{202e}`): for names and
/// messages from outside (file names, keys, rule names a user typed) in any output and on
/// standard error, where a CI runner would read a forged `::error::` line as a command.
pub fn one_line(text: &str) -> String {
    let dangerous = |c: char| c.is_control() || is_bidi(c);
    if !text.chars().any(dangerous) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The characters that reorder text on a terminal or in a browser (Trojan Source).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Replaces characters that could move the cursor, change colours or reorder text on a
/// terminal (C0 and C1 controls but tab and newline, DEL, bidirectional overrides) with `?`s
/// of the same byte length, so that byte offsets into the text stay right.
pub fn sanitize(text: &str) -> String {
    let dangerous = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_bidi(c);
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

#[cfg(test)]
mod tests {
    use super::crop;

    #[test]
    fn long_lines_are_cropped_around_the_problem() {
        let long = format!("{{\"a\": \"{}\", \"bad\": 1, \"b\": \"{}\"}}", "x".repeat(500), "y".repeat(500));
        let text = format!("first\n{long}\n{}\nlast\n", "z".repeat(300));
        let start = text.find("\"bad\"").unwrap();
        let (cropped, s, e) = crop(&text, start, start + 5);
        assert_eq!(&cropped[s..e], "\"bad\"");
        assert_eq!(cropped.lines().count(), text.lines().count(), "no line is removed");
        assert!(cropped.lines().all(|l| l.len() < 400), "{cropped}");
        assert!(cropped.starts_with("first\n…"));
        assert_eq!(crop("short\nlines\n", 0, 1), ("short\nlines\n".to_string(), 0, 1), "short lines stay whole");
    }
}
