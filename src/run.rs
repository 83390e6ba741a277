//! `ecslint check`: configuration, files, the lint itself (in parallel across files), ignores
//! and baselines, the report (streamed, in file order; files whose services run a task
//! definition kept in another file come last) and the exit code.

use crate::baseline::{self, Baseline};
use crate::config::{self, Config};
use crate::detect::{self, Claims};
use crate::diagnostic::Diagnostic;
use crate::files::{self, Input};
use crate::filter::Filter;
use crate::lint::{self, Outcome, Project};
use crate::output::{self, FileResult, Format, Reporter, Summary};
use crate::reader::{ReadBy, Reader};
use crate::rule::{Category, Severity};
use crate::rules;
use crate::workspace::{self, Families};
use clap::{Args, ValueEnum};
use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit codes, documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads standard input. Directories are searched for
    /// JSON task definitions; a file named here is always linted.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit 1 when a problem of this severity or worse is found [default: warning, or `fail-on` in ecslint.toml]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Exit 0 even when problems are found (still 2 when ecslint cannot do its job)
    #[arg(long)]
    pub exit_zero: bool,

    /// The file name to show for standard input; given without paths, standard input is read
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Check only these rules or categories (comma-separated), e.g. `security` or `root-user`:
    /// the others are off. A rule's own name beats its category's, in any of these three flags
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,

    /// Turn these rules or categories on beside the others (comma-separated), e.g. `pedantic`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,

    /// Turn these rules or categories off (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Leave out named files that the configuration's `exclude` matches (named files are
    /// checked whatever `exclude` says otherwise); the pre-commit hooks pass it
    #[arg(long)]
    pub force_exclude: bool,

    /// Apply the safe fixes to the files checked (each file written atomically), then report
    /// what is left
    #[arg(long)]
    pub fix: bool,

    /// Show the safe fixes as a unified diff, without writing (exit 1 when there are some)
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// With `--fix`, list what was fixed
    #[arg(long)]
    pub show_fixes: bool,

    /// Print only the problems: no summary
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print how many problems each rule found (with their severity and how many have a fix)
    /// instead of the problems
    #[arg(long)]
    pub statistics: bool,

    /// Refuse files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = files::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// Show at most this many problems per file, the most severe first, and say how many more
    /// there are (0: all). Default: 100 in the human and github formats, all in json and sarif
    #[arg(long, value_name = "N")]
    pub max_problems_per_file: Option<usize>,

    /// Use this configuration file instead of looking for ecslint.toml
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any ecslint.toml
    #[arg(long)]
    pub no_config: bool,

    /// Write the report to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Record the problems found now in this file (and exit 0)
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Report only problems that are not recorded in this baseline file
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// The tool that reads the files: aws-cli, github-deploy-action, ecspresso, terraform or
    /// cloudformation [default: `[[files]] read-by` in ecslint.toml, else the one the format implies]
    #[arg(long, value_name = "READER", value_parser = parse_reader)]
    pub read_by: Option<Reader>,

    /// Skip named files that are not task definitions, as when walking (for pre-commit)
    #[arg(long)]
    pub only_task_definitions: bool,
}

/// Files linted together before their reports are written: enough to keep every core busy,
/// few enough that memory does not grow with the number of files.
const CHUNK: usize = 256;

fn error(message: &str) {
    eprintln!("ecslint: error: {}", output::one_line(message));
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
    apply_selection(args, &mut config)?;
    Ok(config)
}

/// `--select`, `--extend-select` and `--ignore`, as ruff reads them: `--select` checks only
/// what it names, `--extend-select` adds, `--ignore` removes; for each rule, the flag that names
/// the rule itself beats one that names its category, and between two of the same kind
/// `--ignore` wins. A rule turned on keeps its configured severity, else its default, else
/// (pedantic and hardening rules) warning.
fn apply_selection(args: &CheckArgs, config: &mut Config) -> Result<(), String> {
    for name in args.select.iter().chain(&args.extend_select).chain(&args.ignore) {
        if Category::from_name(name).is_none() && rules::find(name).is_none() {
            return Err(lint::unknown_rule_message(name));
        }
    }
    let names = |list: &[String], rule: &crate::rule::Rule| -> (bool, bool) {
        let own = list.iter().any(|n| rules::find(n).is_some_and(|r| r.name == rule.name));
        let category = list.iter().any(|n| Category::from_name(n) == Some(rule.category));
        (own, category)
    };
    for rule in rules::all() {
        let (sel_own, sel_category) = names(&args.select, rule);
        let (ext_own, ext_category) = names(&args.extend_select, rule);
        let (ign_own, ign_category) = names(&args.ignore, rule);
        let on = if ign_own {
            Some(false)
        } else if sel_own || ext_own {
            Some(true)
        } else if ign_category {
            Some(false)
        } else if sel_category || ext_category {
            Some(true)
        } else if !args.select.is_empty() {
            Some(false)
        } else {
            None
        };
        match on {
            Some(true) => {
                let level = config.settings.severity(rule).or(rule.default_severity()).unwrap_or(Severity::Warning);
                config.settings.set(rule.name, Some(level))?;
            }
            Some(false) => config.settings.set(rule.name, None)?,
            None => {}
        }
    }
    Ok(())
}

/// One input, with what it is called in the report.
struct Job {
    name: String,
    input: Input,
}

impl Job {
    /// The path the configuration's globs are matched against.
    fn path(&self) -> &Path {
        match &self.input {
            Input::Stdin => Path::new(&self.name),
            Input::File { path, .. } => path,
        }
    }
}

/// What linting one input gave.
enum Linted {
    Unreadable(String),
    Skipped,
    Checked {
        diagnostics: Vec<Diagnostic>,
        text: Option<String>,
        families: Vec<String>,
        read_by: Option<ReadBy>,
        /// With `--fix` or `--diff`: the fixes applied (rule, title), and the fixed text.
        fixed: Option<Fixed>,
    },
    /// A service whose task definition is in another file (of one of `wanted`'s families):
    /// linted again once all are read.
    Deferred {
        bytes: Vec<u8>,
        wanted: Vec<String>,
    },
}

/// A file's fixes, noted in `fixes`: with `--diff`, the diff to show; with `--fix`, written.
fn take_fixes(
    args: &CheckArgs,
    job: &Job,
    fixed: Fixed,
    fixes: &mut Vec<(String, Vec<(&'static str, String)>)>,
) -> Result<Option<String>, String> {
    let Input::File { path, .. } = &job.input else { return Ok(None) };
    if fixed.before == fixed.after {
        return Ok(None);
    }
    let diff = if args.diff {
        let lines = similar::TextDiff::from_lines(&fixed.before, &fixed.after);
        Some(lines.unified_diff().context_radius(3).header(&job.name, &job.name).to_string())
    } else {
        write_fixed(path, &fixed.after)?;
        None
    };
    fixes.push((job.name.clone(), fixed.applied));
    Ok(diff)
}

/// What `--fix` and `--diff` say of the fixes, on standard error (so that a JSON or SARIF
/// report stays what it is); with `--diff`, the exit code (1 when there are fixes to apply).
fn say_fixes(args: &CheckArgs, fixes: &[(String, Vec<(&'static str, String)>)], failed: bool) -> Option<u8> {
    let count: usize = fixes.iter().map(|(_, applied)| applied.len()).sum();
    let s = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    if args.diff {
        eprintln!(
            "ecslint: {count} {} would be applied to {} {} (--fix applies them)",
            s(count, "fix", "fixes"),
            fixes.len(),
            s(fixes.len(), "file", "files")
        );
        return Some(if failed {
            EXIT_FAILURE
        } else if count > 0 {
            EXIT_PROBLEMS
        } else {
            EXIT_OK
        });
    }
    if args.fix && (args.show_fixes || count > 0) {
        eprintln!(
            "ecslint: fixed {count} {} in {} {}",
            s(count, "problem", "problems"),
            fixes.len(),
            s(fixes.len(), "file", "files")
        );
        if args.show_fixes {
            for (name, applied) in fixes {
                for (rule, title) in applied {
                    eprintln!("  {}: {rule}: {}", output::one_line(name), output::one_line(title));
                }
            }
        }
    }
    None
}

/// Writes a fixed file in place, atomically, keeping its mode and owner: nothing is lost if the
/// write fails part way.
fn write_fixed(path: &Path, text: &str) -> Result<(), String> {
    let mut file = files::OutputFile::create(path)?;
    file.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    file.commit()
}

/// What `--fix` and `--diff` did to a file: the fixes (rule and title), the text before and after.
struct Fixed {
    applied: Vec<(&'static str, String)>,
    before: String,
    after: String,
}

/// How many rounds of fixes a file gets: a fix can make another one possible (a removal that
/// lets a group's next place be fixed), never an endless chain.
const FIX_ROUNDS: usize = 4;

/// The text with every fix of `diagnostics` applied, edits that overlap an earlier one left for
/// the next round; and the fixes applied. The lint offers a template (`.tf`, YAML) only the fixes
/// that replace a literal with a literal (`lint::keep_literal_fixes`), as it does the editor.
fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> (String, Vec<(&'static str, String)>) {
    let mut edits: Vec<(crate::span::Span, &str, usize)> = Vec::new();
    let mut applied = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        // A fix is applied whole or not at all.
        let overlaps = fix.edits.iter().any(|(span, _)| {
            edits.iter().any(|(e, _, _)| span.start < e.end.max(e.start + 1) && e.start < span.end.max(span.start + 1))
        });
        let outside = |span: &crate::span::Span| {
            span.end > text.len() || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end)
        };
        if overlaps || fix.edits.iter().any(|(span, _)| outside(span)) {
            continue;
        }
        let id = applied.len();
        applied.push((d.rule.name, fix.title.clone()));
        edits.extend(fix.edits.iter().map(|(span, new)| (*span, new.as_str(), id)));
    }
    edits.sort_by_key(|(span, _, _)| (span.start, span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, new, _) in &edits {
        out.push_str(&text[at..span.start]);
        out.push_str(new);
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// `f` over `items` on every core, results in the order of `items`.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if workers == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return mine };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a lint worker panicked")).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

// Long: the steps of a run in their order (configuration, claims, jobs, report, lint with
// fixes, unused ignores, exit code), each a call or a few lines; split, they would share a
// dozen locals.
/// `ecslint check`: the steps, each below.
pub fn check(args: &CheckArgs, stdout: &mut dyn Write) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (mut config, baseline) = match load_config(args, &cwd).and_then(|c| Ok((c, load_baseline(args)?))) {
        Ok(loaded) => loaded,
        Err(e) => {
            error(&e);
            return EXIT_FAILURE;
        }
    };
    // Baselines and SARIF need fingerprints; the rest do not pay for them.
    config.settings.fingerprints = matches!(args.format, Format::Sarif | Format::Gitlab)
        || args.baseline.is_some()
        || args.write_baseline.is_some();
    // `--stdin-filename NAME` alone reads standard input, as ruff does; no path at all is `.`.
    let paths = match (args.paths.is_empty(), &args.stdin_filename) {
        (true, Some(_)) => vec![PathBuf::from("-")],
        (true, None) => vec![PathBuf::from(".")],
        (false, _) => args.paths.clone(),
    };
    // Who reads which file, from the repository's workflows, ecspresso configurations and
    // Terraform files (not needed when the command line says).
    let mut claims =
        if args.read_by.is_some() { Claims::new() } else { detect::claims(&detect::repository_root(&cwd)) };
    let (mut jobs, mut failed) = jobs(args, &config, &paths, &claims);
    if args.read_by.is_none() {
        add_terraform_reads(&config, args.max_file_size, &mut jobs, &mut claims);
    }
    if let Err(e) = refuse_overwrites(args, &config, &jobs) {
        error(&e);
        return EXIT_FAILURE;
    }
    let mut report = match Report::open(args, stdout) {
        Ok(r) => r,
        Err(e) => {
            error(&e);
            return EXIT_FAILURE;
        }
    };
    if (args.fix || args.diff) && jobs.iter().any(|j| matches!(j.input, Input::Stdin)) {
        error("--fix and --diff work on files, not on standard input");
        return EXIT_FAILURE;
    }
    let mut fixes: Vec<(String, Vec<(&'static str, String)>)> = Vec::new();
    let mut filter = Filter::new(&config, baseline);
    let needs_text = report.reporter.needs_text();
    let run = Run { args, config: &config, jobs: &jobs, needs_text, claims: &claims };
    let mut written = run.lint_all(&mut |job, linted| match linted {
        Linted::Unreadable(e) => {
            error(&format!("{}: {e}", job.name));
            failed = true;
            Ok(())
        }
        Linted::Skipped => {
            report.summary.files_skipped += 1;
            Ok(())
        }
        Linted::Checked { mut diagnostics, text, read_by, fixed, .. } => {
            match fixed.map(|f| take_fixes(args, job, f, &mut fixes)) {
                Some(Err(e)) => {
                    error(&format!("{}: cannot write the fixes: {e}", job.name));
                    failed = true;
                }
                Some(Ok(Some(diff))) => return report.stdout_write(diff.as_bytes()),
                _ => {}
            }
            if args.diff {
                return Ok(());
            }
            filter.apply(&job.name, job.path(), &mut diagnostics);
            report.emit(FileResult { name: job.name.clone(), text, diagnostics, read_by, omitted: 0 })
        }
        Linted::Deferred { .. } => unreachable!("lint_all lints deferred files again"),
    });
    if let Some(code) = say_fixes(args, &fixes, failed) {
        return code;
    }
    if written.is_ok() {
        written = report_unused_ignores(&filter, &config, &paths, &mut report);
    }
    let worst = report.worst;
    let finished = written.map_err(write_error).and_then(|()| report.finish(args));
    if let Err(message) = finished {
        if let Some(message) = message {
            error(&message);
        }
        return EXIT_FAILURE;
    }
    exit_code(args, &config, failed, worst)
}

/// Refuses, before anything is linted, an `--output` or `--write-baseline` that would write
/// over something the run reads (an input, the baseline, the configuration) or over each
/// other, or that names a directory: nothing a user has is lost to a report.
fn refuse_overwrites(args: &CheckArgs, config: &Config, jobs: &[Job]) -> Result<(), String> {
    let outputs: Vec<(&str, &PathBuf)> =
        [("--output", args.output.as_ref()), ("--write-baseline", args.write_baseline.as_ref())]
            .into_iter()
            .filter_map(|(flag, path)| Some((flag, path?)))
            .filter(|(_, path)| path.as_path() != Path::new("-"))
            .collect();
    if outputs.is_empty() {
        return Ok(());
    }
    let mut read: Vec<(String, PathBuf)> = jobs
        .iter()
        .filter_map(|job| match &job.input {
            Input::File { path, .. } => Some((format!("the input {}", job.name), path.clone())),
            Input::Stdin => None,
        })
        .collect();
    if let Some(path) = &args.baseline {
        read.push(("the baseline given with --baseline".into(), path.clone()));
    }
    if let Some(path) = &config.path {
        read.push((format!("the configuration {}", files::display_path(path)), path.clone()));
    }
    // Each output's file, found once: where it lands, and what it is if it is there.
    let mut targets = Vec::new();
    for (flag, path) in outputs {
        let shown = path.display().to_string();
        let target = files::output_target(path).map_err(|e| format!("{flag} {shown}: {e}"))?;
        let id = files::identity(&target);
        // A file not there yet is none of the files the run reads.
        if let Some(id) = &id
            && let Some((what, _)) = read.iter().find(|(_, p)| files::identity(p).as_ref() == Some(id))
        {
            return Err(format!("{flag} {shown} would write over {what}; write the report somewhere else"));
        }
        if let Some((other, ..)) = targets.iter().find(|(_, t, i)| *t == target || (id.is_some() && *i == id)) {
            return Err(format!("{flag} and {other} both name {shown}; give each its own file"));
        }
        targets.push((flag, target, id));
    }
    Ok(())
}

fn parse_reader(name: &str) -> Result<Reader, String> {
    Reader::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Reader::ALL.iter().map(|r| r.name()).collect();
        format!("the readers are {}", names.join(", "))
    })
}

fn load_baseline(args: &CheckArgs) -> Result<Option<Baseline>, String> {
    match &args.baseline {
        Some(path) => Baseline::load(path).map(Some).map_err(|e| format!("{}: {e}", files::display_path(path))),
        None => Ok(None),
    }
}

/// The inputs to lint, sorted by name; and whether a path could not be used (reported here).
/// Files a reader names are walked whatever their extension (Terraform's `web.json.tpl`).
fn jobs(args: &CheckArgs, config: &Config, paths: &[PathBuf], claims: &Claims) -> (Vec<Job>, bool) {
    let wanted = |p: &Path| {
        (config.is_included(p) || (!claims.is_empty() && claims.contains_key(&detect::normalise(p))))
            && !config.is_excluded(p)
    };
    let (inputs, input_errors) = files::collect(paths, &wanted);
    for e in &input_errors {
        error(&format!("{}: {}", e.path, e.message));
    }
    // Named files are checked even when the configuration excludes them, unless
    // `--force-exclude` (pre-commit, which names every staged file, passes it).
    let mut jobs: Vec<Job> = inputs
        .into_iter()
        .filter(|input| {
            !(args.force_exclude && matches!(input, Input::File { path, named: true } if config.is_excluded(path)))
        })
        .map(|input| {
            let name = match &input {
                Input::Stdin => args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into()),
                Input::File { path, .. } => files::display_path(path),
            };
            Job { name, input }
        })
        .collect();
    jobs.sort_by(|a, b| a.name.cmp(&b.name));
    (jobs, !input_errors.is_empty())
}

/// Adds to `jobs` the files that its Terraform files read with `file()` or `templatefile()`,
/// claimed for the Terraform provider: a problem in what a `.tf` file reads is reported, at its
/// line in that file, whenever the `.tf` file is checked (`ecslint main.tf`, a pre-commit run
/// where only `main.tf` changed), not only when the other file is checked too. A file the
/// configuration excludes stays out; `.tf` files outside the repository claim theirs here.
fn add_terraform_reads(config: &Config, max_size: u64, jobs: &mut Vec<Job>, claims: &mut Claims) {
    let file_of = |job: &Job| match &job.input {
        Input::File { path, .. } => Some(path.clone()),
        Input::Stdin => None,
    };
    let mut have: std::collections::HashSet<PathBuf> =
        jobs.iter().filter_map(file_of).map(|p| detect::normalise(&p)).collect();
    let mut added = Vec::new();
    for job in jobs.iter() {
        let Some(tf) = file_of(job).filter(|p| p.extension().is_some_and(|x| x == "tf")) else { continue };
        let Ok(bytes) = files::read(&tf, max_size) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        for (file, claim) in detect::terraform_reads(&tf, &job.name, text) {
            claims.entry(file.clone()).or_insert(claim);
            if file.is_file() && !config.is_excluded(&file) && have.insert(file.clone()) {
                let input = Input::File { path: file.clone(), named: false };
                added.push(Job { name: files::display_path(&file), input });
            }
        }
    }
    if !added.is_empty() {
        jobs.extend(added);
        jobs.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

/// How many problems per file the human and github formats show by default: a file with
/// thousands of problems says so in a screenful, and GitHub shows only 10 annotations of each
/// kind per step anyway.
const DEFAULT_PROBLEMS_PER_FILE: usize = 100;

/// The lint of a run's files.
struct Run<'a> {
    args: &'a CheckArgs,
    config: &'a Config,
    jobs: &'a [Job],
    /// Whether the report quotes the files' text.
    needs_text: bool,
    /// The readers the repository names, by absolute path.
    claims: &'a Claims,
}

impl Run<'_> {
    /// Lints every job, in parallel, handing each result to `emit` in the order of the jobs;
    /// files whose services run a task definition kept in another file come last, linted with
    /// the task definitions of the files that hold their families.
    fn lint_all(&self, emit: &mut dyn FnMut(&Job, Linted) -> io::Result<()>) -> io::Result<()> {
        let mut families = Families::default();
        let mut wanted: HashSet<String> = HashSet::new();
        let mut deferred: Vec<(usize, Vec<u8>)> = Vec::new();
        let first: Vec<(usize, Option<Vec<u8>>)> = (0..self.jobs.len()).map(|i| (i, None)).collect();
        self.lint_chunks(&first, None, &mut |i, linted| match linted {
            Linted::Deferred { bytes, wanted: more } => {
                deferred.push((i, bytes));
                wanted.extend(more);
                Ok(())
            }
            linted => {
                if let Linted::Checked { families: here, .. } = &linted {
                    families.add(i, here);
                }
                emit(&self.jobs[i], linted)
            }
        })?;
        if deferred.is_empty() {
            return Ok(());
        }
        // Only where each family is kept was remembered: the few files that hold the wanted
        // families are read again.
        let mut project = Project::default();
        for i in families.holders(&wanted) {
            if let Input::File { path, .. } = &self.jobs[i].input
                && let Ok(bytes) = files::read(path, self.args.max_file_size)
            {
                workspace::add_wanted(&mut project, &bytes, Some(path), &wanted);
            }
        }
        let second: Vec<(usize, Option<Vec<u8>>)> = deferred.into_iter().map(|(i, b)| (i, Some(b))).collect();
        self.lint_chunks(&second, Some(&project), &mut |i, linted| emit(&self.jobs[i], linted))
    }

    /// Lints `work` (job indexes, with their bytes when already read) in chunks, in parallel.
    fn lint_chunks(
        &self,
        work: &[(usize, Option<Vec<u8>>)],
        project: Option<&Project>,
        emit: &mut dyn FnMut(usize, Linted) -> io::Result<()>,
    ) -> io::Result<()> {
        for chunk in work.chunks(CHUNK) {
            let results = parallel_map(chunk, |(i, bytes)| self.lint_job(&self.jobs[*i], project, bytes.as_deref()));
            for ((i, _), linted) in chunk.iter().zip(results) {
                emit(*i, linted)?;
            }
        }
        Ok(())
    }

    fn lint_job(&self, job: &Job, project: Option<&Project>, bytes: Option<&[u8]>) -> Linted {
        let sniff = match &job.input {
            Input::Stdin => self.args.only_task_definitions,
            Input::File { named, .. } => !named || self.args.only_task_definitions,
        };
        let read;
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => {
                let result = match &job.input {
                    Input::Stdin => files::read_stdin(self.args.max_file_size),
                    Input::File { path, .. } => files::read(path, self.args.max_file_size),
                };
                match result {
                    Ok(b) => {
                        read = b;
                        &read[..]
                    }
                    Err(e) => return Linted::Unreadable(e),
                }
            }
        };
        let path = match &job.input {
            Input::File { path, .. } => Some(path.as_path()),
            Input::Stdin => None,
        };
        let read_by = detect::read_by(self.args.read_by, self.config, self.claims, path);
        let linted = lint::lint_bytes_in_project(bytes, sniff, &self.config.settings, project, read_by.as_ref(), path);
        if !linted.wanted.is_empty() && project.is_none() {
            return Linted::Deferred { bytes: bytes.to_vec(), wanted: linted.wanted };
        }
        match linted.outcome {
            Outcome::Skipped => Linted::Skipped,
            Outcome::Checked(mut diagnostics) => {
                let mut families = linted.families;
                let fixing = self.args.fix || self.args.diff;
                let fixed = match (fixing, path, std::str::from_utf8(bytes)) {
                    (true, Some(_), Ok(original)) if diagnostics.iter().any(|d| d.fix.is_some()) => {
                        let mut current = original.to_string();
                        let mut applied = Vec::new();
                        for _ in 0..FIX_ROUNDS {
                            let (next, done) = apply_fixes(&current, &diagnostics);
                            if done.is_empty() {
                                break;
                            }
                            applied.extend(done);
                            current = next;
                            let again = lint::lint_bytes_in_project(
                                current.as_bytes(),
                                sniff,
                                &self.config.settings,
                                project,
                                read_by.as_ref(),
                                path,
                            );
                            families = again.families;
                            diagnostics = match again.outcome {
                                Outcome::Checked(d) => d,
                                Outcome::Skipped => Vec::new(),
                            };
                        }
                        Some(Fixed { applied, before: original.to_string(), after: current })
                    }
                    _ => None,
                };
                let text = match &fixed {
                    Some(f) => (self.needs_text && !diagnostics.is_empty()).then(|| f.after.clone()),
                    None => (self.needs_text && !diagnostics.is_empty()).then(|| {
                        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned()
                    }),
                };
                Linted::Checked { diagnostics, text, families, read_by: linted.read_by, fixed }
            }
        }
    }
}

/// The `unused-ignore` problems of the configuration file, after every file has been checked.
fn report_unused_ignores(filter: &Filter, config: &Config, paths: &[PathBuf], report: &mut Report) -> io::Result<()> {
    // An entry can only be judged unused by a run that saw the whole directory it governs, or
    // the files it names.
    let walked_root = paths.iter().any(|p| std::path::absolute(p).is_ok_and(|p| p == config.root));
    let diagnostics = filter.unused_ignores(walked_root);
    let Some(path) = config.path.as_ref().filter(|_| !diagnostics.is_empty()) else { return Ok(()) };
    let written = report.emit(FileResult {
        name: files::display_path(path),
        text: Some(config.text.clone()),
        diagnostics,
        read_by: None,
        omitted: 0,
    });
    // The configuration file is not a file checked.
    report.summary.files_checked -= 1;
    written
}

/// Where the report goes and what it has said so far.
struct Report<'w> {
    reporter: Box<dyn Reporter>,
    /// With `--output`, the file written atomically when the report is done.
    file: Option<files::OutputFile>,
    stdout: &'w mut dyn Write,
    summary: Summary,
    worst: Option<Severity>,
    /// The problems for `--write-baseline`, when asked.
    recorded: Option<Vec<baseline::Entry>>,
    /// At most this many problems shown per file (`None` or 0: all).
    cap: Option<usize>,
}

impl<'w> Report<'w> {
    fn open(args: &CheckArgs, stdout: &'w mut dyn Write) -> Result<Report<'w>, String> {
        let color = args.format == Format::Human
            && args.output.is_none()
            && io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let file = match &args.output {
            // `-o -` is standard output, as without `-o`.
            Some(path) if path != Path::new("-") => Some(
                files::OutputFile::create(path)
                    .map_err(|e| format!("cannot write the report to {}: {e}", files::display_path(path)))?,
            ),
            _ => None,
        };
        Ok(Report {
            reporter: if args.statistics {
                output::statistics(args.format)
            } else {
                output::reporter(args.format, color)
            },
            file,
            stdout,
            summary: Summary { quiet: args.quiet, ..Summary::default() },
            worst: None,
            recorded: args.write_baseline.as_ref().map(|_| Vec::new()),
            // The statistics count every problem.
            cap: if args.statistics {
                None
            } else {
                args.max_problems_per_file.or(match args.format {
                    Format::Human | Format::Github => Some(DEFAULT_PROBLEMS_PER_FILE),
                    Format::Json | Format::Sarif | Format::Concise | Format::Gitlab | Format::Junit => None,
                })
            },
        })
    }

    /// The reporter and where it writes.
    fn parts(&mut self) -> (&mut dyn Reporter, &mut dyn Write) {
        let out: &mut dyn Write = match &mut self.file {
            Some(file) => file,
            None => &mut *self.stdout,
        };
        (self.reporter.as_mut(), out)
    }

    fn emit(&mut self, result: FileResult) -> io::Result<()> {
        self.summary.add(&result.diagnostics, result.read_by.as_ref());
        self.worst = self.worst.max(result.diagnostics.iter().map(|d| d.severity).max());
        if let Some(recorded) = &mut self.recorded {
            recorded.extend(result.diagnostics.iter().map(|d| baseline::entry(&result.name, d)));
        }
        let result = self.capped(result);
        let (reporter, out) = self.parts();
        reporter.file(out, &result)
    }

    /// Writes `bytes` to where the report goes (a `--diff`'s diffs).
    fn stdout_write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let (_, out) = self.parts();
        out.write_all(bytes)
    }

    /// The file's problems cut to `--max-problems-per-file`, the most severe kept, in the
    /// order of the file; the rest counted (the summary and the exit code have them all).
    fn capped(&self, mut result: FileResult) -> FileResult {
        let cap = match self.cap {
            Some(0) | None => return result,
            Some(cap) if result.diagnostics.len() <= cap => return result,
            Some(cap) => cap,
        };
        let mut order: Vec<usize> = (0..result.diagnostics.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(result.diagnostics[i].severity));
        let mut keep = vec![false; result.diagnostics.len()];
        order.iter().take(cap).for_each(|&i| keep[i] = true);
        result.omitted = result.diagnostics.len() - cap;
        let mut i = 0;
        result.diagnostics.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        result
    }

    /// The summary, then the report file and the baseline committed. The error is what to say,
    /// if anything (a closed pipe says nothing).
    fn finish(mut self, args: &CheckArgs) -> Result<(), Option<String>> {
        let summary = self.summary.clone();
        let (reporter, out) = self.parts();
        reporter.finish(out, &summary).and_then(|()| out.flush()).map_err(write_error)?;
        if let (Some(file), Some(path)) = (self.file.take(), &args.output) {
            file.commit().map_err(|e| format!("cannot write the report to {}: {e}", files::display_path(path)))?;
        }
        if let Some(path) = &args.write_baseline {
            files::write_atomically(path, baseline::render(self.recorded.take().unwrap_or_default()).as_bytes())
                .map_err(|e| format!("cannot write the baseline {}: {e}", files::display_path(path)))?;
        }
        Ok(())
    }
}

/// What to say of a failed write of the report: nothing when the reader closed the pipe.
fn write_error(e: io::Error) -> Option<String> {
    (e.kind() != io::ErrorKind::BrokenPipe).then(|| format!("cannot write the report: {e}"))
}

fn exit_code(args: &CheckArgs, config: &Config, failed: bool, worst: Option<Severity>) -> u8 {
    if failed {
        return EXIT_FAILURE;
    }
    let threshold = args.fail_on.map(Severity::from).or(config.fail_on).unwrap_or(Severity::Warning);
    if args.exit_zero || args.write_baseline.is_some() || worst.is_none_or(|w| w < threshold) {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}
