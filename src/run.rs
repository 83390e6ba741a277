//! `ecslint check`: configuration, files, the lint itself, ignores and baselines, the report
//! and the exit code.

use crate::baseline::{self, Baseline};
use crate::cli::{CheckArgs, EXIT_FAILURE, EXIT_OK, EXIT_PROBLEMS};
use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, LineIndex, Location, Severity, Target};
use crate::files::{self, Input};
use crate::lint::{self, Outcome};
use crate::output::{self, FileResult, Format, Summary};
use crate::registry;
use crate::rules::unused_ignore;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

fn error(message: &str) {
    eprintln!("ecslint: error: {}", output::sanitize(message));
}

/// The configuration the command line asks for.
pub fn load_config(args: &CheckArgs, cwd: &Path) -> Result<Config, String> {
    let path = if args.no_config {
        None
    } else if let Some(path) = &args.config {
        Some(path.clone())
    } else {
        config::discover(cwd)
    };
    let mut config = match path {
        Some(path) => Config::load(&path).map_err(|e| e.to_string())?,
        None => Config::defaults(cwd),
    };
    // The command line adds to the file: --select enables (a pedantic rule as a warning),
    // --ignore disables.
    for name in &args.select {
        let rules: Vec<_> = match registry::Category::from_name(name) {
            Some(c) => registry::all().iter().filter(|r| r.category == c).copied().collect(),
            None => vec![registry::find(name).ok_or_else(|| lint::unknown_rule_message(name))?],
        };
        for rule in rules {
            let level = config.settings.severity(rule).or(rule.default_severity()).unwrap_or(Severity::Warning);
            config.settings.set(rule.name, Some(level))?;
        }
    }
    for name in &args.ignore {
        config.settings.set(name, None)?;
    }
    Ok(config)
}

pub fn check(args: &CheckArgs, stdout: &mut dyn Write) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match load_config(args, &cwd) {
        Ok(c) => c,
        Err(e) => {
            error(&e);
            return EXIT_FAILURE;
        }
    };
    let mut baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => {
                error(&format!("{}: {e}", files::display_path(path)));
                return EXIT_FAILURE;
            }
        },
        None => None,
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (inputs, input_errors) = files::collect(&paths, &|p| config.is_included(p) && !config.is_excluded(p));
    let mut failed = !input_errors.is_empty();
    for e in &input_errors {
        error(&format!("{}: {}", e.path, e.message));
    }
    let format = args.format;
    let color = format == Format::Human
        && args.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut reporter = output::reporter(format, color);
    let mut summary = Summary::default();
    let mut results: Vec<FileResult> = Vec::new();
    let mut used_ignores = vec![false; config.ignores.len()];
    let mut matched_ignores = vec![false; config.ignores.len()];
    for input in &inputs {
        let (name, relative, bytes, sniff) = match input {
            Input::Stdin => {
                let name = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into());
                (
                    name.clone(),
                    config.relative(Path::new(&name)),
                    files::read_stdin(args.max_file_size),
                    args.only_task_definitions,
                )
            }
            Input::File { path, named } => {
                if *named && config.is_excluded(path) {
                    continue;
                }
                let sniff = !named || args.only_task_definitions;
                (files::display_path(path), config.relative(path), files::read(path, args.max_file_size), sniff)
            }
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                error(&format!("{name}: {e}"));
                failed = true;
                continue;
            }
        };
        let mut diagnostics = match lint::lint_bytes(&bytes, sniff, &config.settings) {
            Outcome::Skipped => {
                summary.files_skipped += 1;
                continue;
            }
            Outcome::Checked(d) => d,
        };
        for (i, ignore) in config.ignores.iter().enumerate() {
            if ignore.matches_file(&relative) {
                matched_ignores[i] = true;
                let before = diagnostics.len();
                diagnostics.retain(|d| !ignore.covers(&relative, d.rule));
                used_ignores[i] |= diagnostics.len() < before;
            }
        }
        if let Some(baseline) = &mut baseline {
            diagnostics.retain(|d| !baseline.take(&name, d));
        }
        summary.add(&diagnostics);
        let text = (reporter.needs_text() && !diagnostics.is_empty())
            .then(|| String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned());
        results.push(FileResult { name, text, diagnostics });
    }
    // An ignore entry that hid nothing, in a run that saw the files it names (or the whole
    // directory the configuration governs), has outlived its reason.
    let walked_root = paths.iter().any(|p| std::path::absolute(p).is_ok_and(|p| p == config.root));
    let unused: Vec<_> =
        config.ignores.iter().filter(|i| !used_ignores[i.index] && (matched_ignores[i.index] || walked_root)).collect();
    if let (Some(path), false, Some(severity)) =
        (&config.path, unused.is_empty(), config.settings.severity(&unused_ignore::RULE))
    {
        let lines = LineIndex::new(&config.text);
        let diagnostics: Vec<Diagnostic> = unused
            .iter()
            .map(|i| Diagnostic {
                rule: &unused_ignore::RULE,
                severity,
                message: format!("ignore entry {} hides no problem", i.index + 1),
                help: Some("remove the entry, or fix its `files` globs and `rules`".into()),
                pointer: format!("/ignore/{}", i.index),
                span: i.span,
                start: lines.position(i.span.start),
                end: lines.position(i.span.end),
                fingerprint: crate::diagnostic::fingerprint(
                    None,
                    &Location { pointer: format!("/ignore/{}", i.index), target: Target::Start },
                    &config.text[i.span.start..i.span.end],
                ),
                fix: None,
            })
            .collect();
        summary.add(&diagnostics);
        summary.files_checked -= 1;
        results.push(FileResult { name: files::display_path(path), text: Some(config.text.clone()), diagnostics });
    }
    results.sort_by(|a, b| a.name.cmp(&b.name));

    if let Some(path) = &args.write_baseline {
        let entries = results.iter().flat_map(|r| r.diagnostics.iter().map(|d| baseline::entry(&r.name, d))).collect();
        if let Err(e) = files::write_atomically(path, baseline::render(entries).as_bytes()) {
            error(&format!("cannot write the baseline {}: {e}", files::display_path(path)));
            return EXIT_FAILURE;
        }
    }

    let mut report: Vec<u8> = Vec::new();
    let out: &mut dyn Write = if args.output.is_some() { &mut report } else { stdout };
    let written = results.iter().try_for_each(|r| reporter.file(out, r)).and_then(|()| reporter.finish(out, &summary));
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            error(&format!("cannot write the report: {e}"));
        }
        return EXIT_FAILURE;
    }
    if let Some(path) = &args.output
        && let Err(e) = files::write_atomically(path, &report)
    {
        error(&format!("cannot write the report to {}: {e}", files::display_path(path)));
        return EXIT_FAILURE;
    }
    if failed {
        return EXIT_FAILURE;
    }
    let threshold = args.fail_on.map(Severity::from).or(config.fail_on).unwrap_or(Severity::Warning);
    let worst = results.iter().flat_map(|r| &r.diagnostics).map(|d| d.severity).max();
    if args.exit_zero || args.write_baseline.is_some() || worst.is_none_or(|w| w < threshold) {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}
