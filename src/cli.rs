//! The command line: `check` (the default), `rules`, `explain`.

use crate::diagnostic::Severity;
use crate::files::{self, Input};
use crate::lint::{self, Outcome, Settings};
use crate::output::{self, FileResult, Format, Summary};
use crate::registry::{self, Category};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "ecslint",
    version,
    about = "Lint Amazon ECS task definitions: what AWS would reject, what fails at run time, and documented practices",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint task definition files and directories (the default command)
    Check(CheckArgs),
    /// List the rules
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Print a rule's documentation
    Explain {
        /// The rule's name
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
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

    /// Exit 1 when a problem of this severity or worse is found
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

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
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_FAILURE } else { EXIT_OK });
        }
    };
    let mut stdout = io::stdout().lock();
    let code = match cli.command {
        Some(Command::Check(args)) => check(&args, &mut stdout),
        None => check(&cli.check, &mut stdout),
        Some(Command::Rules { format }) => print_rules(format, &mut stdout),
        Some(Command::Explain { rule }) => explain(&rule, &mut stdout),
    };
    let _ = stdout.flush();
    ExitCode::from(code)
}

fn error(message: &str) {
    eprintln!("ecslint: error: {}", output::sanitize(message));
}

pub fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for name in &args.select {
        // A selected rule runs at its default severity; a pedantic one (off by default) warns.
        let rules: Vec<_> = match Category::from_name(name) {
            Some(c) => registry::all().iter().filter(|r| r.category == c).copied().collect(),
            None => vec![registry::find(name).ok_or_else(|| lint::unknown_rule_message(name))?],
        };
        for rule in rules {
            settings.set(rule.name, Some(rule.default_severity().unwrap_or(Severity::Warning)))?;
        }
    }
    for name in &args.ignore {
        settings.set(name, None)?;
    }
    Ok(settings)
}

pub fn check(args: &CheckArgs, out: &mut dyn Write) -> u8 {
    let settings = match settings(args) {
        Ok(s) => s,
        Err(e) => {
            error(&e);
            return EXIT_FAILURE;
        }
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (inputs, input_errors) = files::collect(&paths);
    let mut failed = !input_errors.is_empty();
    for e in &input_errors {
        error(&format!("{}: {}", e.path, e.message));
    }
    let color = args.format == Format::Human
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut reporter = output::reporter(args.format, color);
    let mut summary = Summary::default();
    let mut results: Vec<FileResult> = Vec::new();
    for input in &inputs {
        let (name, bytes, sniff) = match input {
            Input::Stdin => {
                let name = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into());
                (name, files::read_stdin(args.max_file_size), false)
            }
            Input::File { path, named } => (files::display_path(path), files::read(path, args.max_file_size), !named),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                error(&format!("{name}: {e}"));
                failed = true;
                continue;
            }
        };
        match lint::lint_bytes(&bytes, sniff, &settings) {
            Outcome::Skipped => summary.files_skipped += 1,
            Outcome::Checked(diagnostics) => {
                summary.add(&diagnostics);
                let text = (reporter.needs_text() && !diagnostics.is_empty()).then(|| {
                    String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned()
                });
                results.push(FileResult { name, text, diagnostics });
            }
        }
    }
    results.sort_by(|a, b| a.name.cmp(&b.name));
    let written = results.iter().try_for_each(|r| reporter.file(out, r)).and_then(|()| reporter.finish(out, &summary));
    if let Err(e) = written {
        if e.kind() != io::ErrorKind::BrokenPipe {
            error(&format!("cannot write the report: {e}"));
        }
        return EXIT_FAILURE;
    }
    if failed {
        return EXIT_FAILURE;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let worst = results.iter().flat_map(|r| &r.diagnostics).map(|d| d.severity).max();
    if !args.exit_zero && worst.is_some_and(|w| w >= threshold) { EXIT_PROBLEMS } else { EXIT_OK }
}

fn print_rules(format: RulesFormat, out: &mut dyn Write) -> u8 {
    let level = |r: &registry::Rule| r.default_severity().map_or("off", Severity::as_str);
    let written = match format {
        RulesFormat::Json => {
            let rules: Vec<_> = registry::all()
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "name": r.name,
                        "category": r.category.name(),
                        "default_severity": level(r),
                        "summary": r.summary,
                        "url": r.url(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rules).map_err(io::Error::from).and_then(|()| writeln!(out))
        }
        RulesFormat::Table => (|| {
            let width = registry::all().iter().map(|r| r.name.len()).max().unwrap_or(0);
            for category in Category::ALL {
                let rules: Vec<_> = registry::all().iter().filter(|r| r.category == category).collect();
                if rules.is_empty() {
                    continue;
                }
                let level = category.default_severity().map_or("off", Severity::as_str);
                writeln!(out, "{} ({level} by default): {}", category.name(), category.description())?;
                for rule in rules {
                    writeln!(out, "  {:width$}  {}", rule.name, rule.summary)?;
                }
                writeln!(out)?;
            }
            writeln!(out, "`ecslint explain RULE` prints a rule's documentation.")
        })(),
    };
    if written.is_err() { EXIT_FAILURE } else { EXIT_OK }
}

fn explain(name: &str, out: &mut dyn Write) -> u8 {
    let Some(rule) = registry::find(name) else {
        error(&lint::unknown_rule_message(name).replace("rule or category", "rule"));
        return EXIT_FAILURE;
    };
    let level = rule.default_severity().map_or("off", Severity::as_str);
    let written = write!(
        out,
        "# {}\n\nCategory: {} ({level} by default)\nSummary: {}\n\n{}",
        rule.name,
        rule.category.name(),
        rule.summary,
        rule.doc_body()
    );
    if written.is_err() { EXIT_FAILURE } else { EXIT_OK }
}
