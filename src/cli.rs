//! The command line: `check` (the default), `rules`, `explain`.

use crate::diagnostic::Severity;
use crate::files;
use crate::lint;
use crate::output::{self, Format};
use crate::rule::Category;
use crate::rules;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
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
    /// Print a rule's documentation, or what ecslint reads (`ecslint explain inputs`)
    Explain {
        /// The rule's name, or `inputs` for what ecslint reads (task definitions, services,
        /// CloudFormation, Terraform)
        rule: String,
    },
    /// Run the language server over stdio, for editor diagnostics
    Lsp,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
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

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_FAILURE } else { EXIT_OK });
        }
    };
    // The language server writes from a thread of its own: stdout must not be locked here.
    if let Some(Command::Lsp) = cli.command {
        return ExitCode::from(crate::lsp::run_stdio());
    }
    // Reports are many short lines: buffered, not flushed at each newline.
    let mut stdout = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let code = match cli.command {
        Some(Command::Check(args)) => crate::run::check(&args, &mut stdout),
        None => crate::run::check(&cli.check, &mut stdout),
        Some(Command::Rules { format }) => print_rules(format, &mut stdout),
        Some(Command::Explain { rule }) => explain(&rule, &mut stdout),
        Some(Command::Lsp) => unreachable!("handled above"),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "ecslint", &mut stdout);
            EXIT_OK
        }
    };
    let _ = stdout.flush();
    ExitCode::from(code)
}

fn error(message: &str) {
    eprintln!("ecslint: error: {}", output::sanitize(message));
}

fn print_rules(format: RulesFormat, out: &mut dyn Write) -> u8 {
    let level = |r: &crate::rule::Rule| r.default_severity().map_or("off", Severity::as_str);
    let written = match format {
        RulesFormat::Json => {
            let rules: Vec<_> = rules::all()
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
            let width = rules::all().map(|r| r.name.len()).max().unwrap_or(0);
            for category in Category::ALL {
                let rules: Vec<_> = rules::all().filter(|r| r.category == category).collect();
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
            writeln!(
                out,
                "`ecslint explain RULE` prints a rule's documentation; `ecslint explain inputs`, what ecslint reads."
            )
        })(),
    };
    if written.is_err() { EXIT_FAILURE } else { EXIT_OK }
}

/// What ecslint reads: `ecslint explain inputs`.
pub const INPUTS_GUIDE: &str = include_str!("../docs/inputs.md");

/// Topics `explain` knows beside the rules.
const INPUT_TOPICS: &[&str] = &["inputs", "cloudformation", "terraform", "services"];

fn explain(name: &str, out: &mut dyn Write) -> u8 {
    if INPUT_TOPICS.contains(&name) {
        return if out.write_all(INPUTS_GUIDE.as_bytes()).is_err() { EXIT_FAILURE } else { EXIT_OK };
    }
    let Some(rule) = rules::find(name) else {
        let message = lint::unknown_rule_message(name).replace("rule or category", "rule");
        if message.contains("did you mean") {
            error(&message);
        } else {
            error(&format!("{message}; `ecslint explain inputs` describes what ecslint reads"));
        }
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
