//! `ecslint check`: configuration, files, the lint itself (in parallel across files), ignores
//! and baselines, the report (streamed, in file order; files whose services run a task
//! definition kept in another file come last) and the exit code.

use crate::baseline::{self, Baseline};
use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Location, Target};
use crate::files::{self, Input};
use crate::lint::{self, Outcome, Project};
use crate::output::{self, FileResult, Format, Reporter, Summary};
use crate::rule::{Category, Severity};
use crate::rules;
use crate::rules::unused_ignore;
use crate::span::LineIndex;
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

    /// The file name to show for standard input
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Enable rules or categories (comma-separated), e.g. `pedantic` or `root-user`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,

    /// Disable rules or categories (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Refuse files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = files::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

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

    /// Skip named files that are not task definitions, as when walking (for pre-commit)
    #[arg(long)]
    pub only_task_definitions: bool,
}

/// Files linted together before their reports are written: enough to keep every core busy,
/// few enough that memory does not grow with the number of files.
const CHUNK: usize = 256;

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
        let rules: Vec<_> = match Category::from_name(name) {
            Some(c) => rules::all().filter(|r| r.category == c).collect(),
            None => vec![rules::find(name).ok_or_else(|| lint::unknown_rule_message(name))?],
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

/// One input, with what it is called in the report.
struct Job {
    name: String,
    input: Input,
}

/// What linting one input gave.
enum Linted {
    Unreadable(String),
    Skipped,
    Checked {
        diagnostics: Vec<Diagnostic>,
        text: Option<String>,
        families: Vec<String>,
    },
    /// A service whose task definition is in another file (of one of `wanted`'s families):
    /// linted again once all are read.
    Deferred {
        bytes: Vec<u8>,
        wanted: Vec<String>,
    },
}

/// A family's hash, to remember which file holds it in a few bytes (a collision only costs
/// reading one more file).
fn family_hash(family: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    family.hash(&mut hasher);
    hasher.finish()
}

/// What the report has said so far.
struct Tally {
    summary: Summary,
    worst: Option<Severity>,
    /// The problems for `--write-baseline`, when asked.
    recorded: Option<Vec<baseline::Entry>>,
}

impl Tally {
    fn emit(&mut self, result: &FileResult, reporter: &mut dyn Reporter, out: &mut dyn Write) -> io::Result<()> {
        self.summary.add(&result.diagnostics);
        self.worst = self.worst.max(result.diagnostics.iter().map(|d| d.severity).max());
        if let Some(recorded) = &mut self.recorded {
            recorded.extend(result.diagnostics.iter().map(|d| baseline::entry(&result.name, d)));
        }
        reporter.file(out, result)
    }
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

pub fn check(args: &CheckArgs, stdout: &mut dyn Write) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut config = match load_config(args, &cwd) {
        Ok(c) => c,
        Err(e) => {
            error(&e);
            return EXIT_FAILURE;
        }
    };
    config.settings.fingerprints =
        args.format == Format::Sarif || args.baseline.is_some() || args.write_baseline.is_some();
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
    // Named files that the configuration excludes are left out too (pre-commit names every
    // staged file); the rest is reported in the order of the names.
    let mut jobs: Vec<Job> = inputs
        .into_iter()
        .filter(|input| !matches!(input, Input::File { path, named: true } if config.is_excluded(path)))
        .map(|input| {
            let name = match &input {
                Input::Stdin => args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into()),
                Input::File { path, .. } => files::display_path(path),
            };
            Job { name, input }
        })
        .collect();
    jobs.sort_by(|a, b| a.name.cmp(&b.name));

    let color = args.format == Format::Human
        && args.output.is_none()
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut reporter = output::reporter(args.format, color);
    let needs_text = reporter.needs_text();
    let mut report_file = match &args.output {
        Some(path) => match files::AtomicFile::create(path) {
            Ok(f) => Some(f),
            Err(e) => {
                error(&format!("cannot write the report to {}: {e}", files::display_path(path)));
                return EXIT_FAILURE;
            }
        },
        None => None,
    };
    let out: &mut dyn Write = match &mut report_file {
        Some(file) => file,
        None => stdout,
    };

    let mut tally =
        Tally { summary: Summary::default(), worst: None, recorded: args.write_baseline.as_ref().map(|_| Vec::new()) };
    let mut used_ignores = vec![false; config.ignores.len()];
    let mut matched_ignores = vec![false; config.ignores.len()];
    // Services are checked against the task definitions of every file of the run: a file
    // holding a service whose task definition is elsewhere is linted last, with them all.
    let lint_job = |job: &Job, project: Option<&Project>, bytes: Option<&[u8]>| -> Linted {
        let sniff = match &job.input {
            Input::Stdin => args.only_task_definitions,
            Input::File { named, .. } => !named || args.only_task_definitions,
        };
        let read;
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => {
                let result = match &job.input {
                    Input::Stdin => files::read_stdin(args.max_file_size),
                    Input::File { path, .. } => files::read(path, args.max_file_size),
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
        let linted = lint::lint_bytes_in_project(bytes, sniff, &config.settings, project);
        if !linted.wanted.is_empty() && project.is_none() {
            return Linted::Deferred { bytes: bytes.to_vec(), wanted: linted.wanted };
        }
        match linted.outcome {
            Outcome::Skipped => Linted::Skipped,
            Outcome::Checked(diagnostics) => {
                let text = (needs_text && !diagnostics.is_empty()).then(|| {
                    String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned()
                });
                Linted::Checked { diagnostics, text, families: linted.families }
            }
        }
    };
    // Only where each family is kept (a hash of it, and the file): what the services need is
    // read again once the run knows which families they want (a handful of files), so
    // memory stays flat however many task definitions there are.
    let mut families: Vec<(u64, usize)> = Vec::new();
    let mut wanted: HashSet<String> = HashSet::new();
    let mut project = Project::default();
    let mut deferred: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut written: io::Result<()> = Ok(());
    let indexes: Vec<usize> = (0..jobs.len()).collect();
    'phases: for second in [false, true] {
        if second {
            let hashes: HashSet<u64> = wanted.iter().map(|f| family_hash(f)).collect();
            let mut holders: Vec<usize> =
                families.iter().filter(|(h, _)| hashes.contains(h)).map(|&(_, i)| i).collect();
            holders.sort_unstable();
            holders.dedup();
            for i in holders {
                if let Input::File { path, .. } = &jobs[i].input
                    && let Ok(bytes) = files::read(path, args.max_file_size)
                {
                    let tasks = lint::tasks_in(&bytes);
                    project.add(
                        tasks.into_iter().filter(|t| t.family.as_ref().is_some_and(|f| wanted.contains(f))).collect(),
                    );
                }
            }
        }
        let work: Vec<(usize, Option<Vec<u8>>)> = if second {
            std::mem::take(&mut deferred).into_iter().map(|(i, b)| (i, Some(b))).collect()
        } else {
            indexes.iter().map(|&i| (i, None)).collect()
        };
        for chunk in work.chunks(CHUNK) {
            let project_now = second.then_some(&project);
            let results = parallel_map(chunk, |(i, bytes)| lint_job(&jobs[*i], project_now, bytes.as_deref()));
            for ((i, _), linted) in chunk.iter().zip(results) {
                let job = &jobs[*i];
                let (mut diagnostics, text) = match linted {
                    Linted::Unreadable(e) => {
                        error(&format!("{}: {e}", job.name));
                        failed = true;
                        continue;
                    }
                    Linted::Skipped => {
                        tally.summary.files_skipped += 1;
                        continue;
                    }
                    Linted::Deferred { bytes, wanted: more } => {
                        deferred.push((*i, bytes));
                        wanted.extend(more);
                        continue;
                    }
                    Linted::Checked { diagnostics, text, families: here } => {
                        families.extend(here.iter().map(|f| (family_hash(f), *i)));
                        (diagnostics, text)
                    }
                };
                if !config.ignores.is_empty() {
                    let relative = match &job.input {
                        Input::Stdin => config.relative(Path::new(&job.name)),
                        Input::File { path, .. } => config.relative(path),
                    };
                    for (i, ignore) in config.ignores.iter().enumerate() {
                        if ignore.matches_file(&relative) {
                            matched_ignores[i] = true;
                            let before = diagnostics.len();
                            diagnostics.retain(|d| !ignore.covers(&relative, d.rule));
                            used_ignores[i] |= diagnostics.len() < before;
                        }
                    }
                }
                if let Some(baseline) = &mut baseline {
                    diagnostics.retain(|d| !baseline.take(&job.name, d));
                }
                let result = FileResult { name: job.name.clone(), text, diagnostics };
                if let Err(e) = tally.emit(&result, reporter.as_mut(), out) {
                    written = Err(e);
                    break 'phases;
                }
            }
        }
    }

    // An ignore entry that hid nothing, in a run that saw the files it names (or the whole
    // directory the configuration governs), has outlived its reason.
    let walked_root = paths.iter().any(|p| std::path::absolute(p).is_ok_and(|p| p == config.root));
    let unused: Vec<_> =
        config.ignores.iter().filter(|i| !used_ignores[i.index] && (matched_ignores[i.index] || walked_root)).collect();
    if written.is_ok()
        && let (Some(path), false, Some(severity)) =
            (&config.path, unused.is_empty(), config.settings.severity(&unused_ignore::RULE))
    {
        let lines = LineIndex::new(&config.text);
        let diagnostics: Vec<Diagnostic> = unused
            .iter()
            .map(|i| {
                let at = Location { pointer: format!("/ignore/{}", i.index), target: Target::Start };
                Diagnostic {
                    rule: &unused_ignore::RULE,
                    severity,
                    message: format!("ignore entry {} hides no problem", i.index + 1),
                    help: Some("remove the entry, or fix its `files` globs and `rules`".into()),
                    span: i.span,
                    start: lines.position(i.span.start),
                    end: lines.position(i.span.end),
                    fingerprint: crate::diagnostic::fingerprint(None, &at, &config.text[i.span.start..i.span.end]),
                    pointer: at.pointer,
                    fix: None,
                }
            })
            .collect();
        let result = FileResult { name: files::display_path(path), text: Some(config.text.clone()), diagnostics };
        written = tally.emit(&result, reporter.as_mut(), out);
        // The configuration file is not a file checked.
        tally.summary.files_checked -= 1;
    }
    let written = written.and_then(|()| reporter.finish(out, &tally.summary)).and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            error(&format!("cannot write the report: {e}"));
        }
        return EXIT_FAILURE;
    }
    if let (Some(file), Some(path)) = (report_file, &args.output)
        && let Err(e) = file.commit()
    {
        error(&format!("cannot write the report to {}: {e}", files::display_path(path)));
        return EXIT_FAILURE;
    }
    if let Some(path) = &args.write_baseline
        && let Err(e) = files::write_atomically(path, baseline::render(tally.recorded.unwrap_or_default()).as_bytes())
    {
        error(&format!("cannot write the baseline {}: {e}", files::display_path(path)));
        return EXIT_FAILURE;
    }
    if failed {
        return EXIT_FAILURE;
    }
    let threshold = args.fail_on.map(Severity::from).or(config.fail_on).unwrap_or(Severity::Warning);
    if args.exit_zero || args.write_baseline.is_some() || tally.worst.is_none_or(|w| w < threshold) {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}
