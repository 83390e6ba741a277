//! The command line: `check` (the default), `rules`, `explain`.

use crate::lint;
use crate::output;
use crate::rule::{Category, Severity};
use crate::rules;
use crate::run::{self, CheckArgs, EXIT_FAILURE, EXIT_OK};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::process::ExitCode;

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
    Check(Box<CheckArgs>),
    /// List the rules
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Print a rule's documentation, what ecslint reads (`ecslint explain inputs`), or how
    /// each tool that reads a file changes it (`ecslint explain readers`)
    Explain {
        /// The rule's name, `inputs` for what ecslint reads (task definitions, services,
        /// CloudFormation, Terraform), or `readers` (or a reader's name) for who reads them
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
    if cli.command.is_none()
        && let Some(message) = misspelt_command(&cli.check.paths)
    {
        error(&message);
        return ExitCode::from(EXIT_FAILURE);
    }
    let code = match cli.command {
        Some(Command::Check(args)) => run::check(&args, &mut stdout),
        None => run::check(&cli.check, &mut stdout),
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

/// The subcommands, for "did you mean" when the first path is none of them and no file.
const COMMANDS: &[&str] = &["check", "rules", "explain", "lsp", "completions"];

/// `ecslint chek bad.json`: the first path is no file or directory but a near miss of a
/// subcommand. Said before anything is linted (otherwise `bad.json` is linted and the run then
/// fails on `chek`).
fn misspelt_command(paths: &[std::path::PathBuf]) -> Option<String> {
    let first = paths.first()?.to_str()?;
    if first == "-" || std::path::Path::new(first).exists() || first.contains(['/', '.', '\\']) {
        return None;
    }
    let near = crate::rule::did_you_mean(first, COMMANDS.iter().copied())?;
    Some(format!(
        "`{first}` is neither a command nor a file; did you mean `ecslint {near}`? (`ecslint --help` lists the commands)"
    ))
}

/// `ecslint check ARGS` writing its report to `stdout`, for the fuzz targets: the exit code.
#[doc(hidden)]
pub fn check_with(args: &[std::ffi::OsString], stdout: &mut dyn Write) -> u8 {
    let argv = std::iter::once(std::ffi::OsString::from("ecslint")).chain(args.iter().cloned());
    match Cli::try_parse_from(argv) {
        Ok(Cli { command: Some(Command::Check(args)), .. }) => run::check(&args, stdout),
        Ok(Cli { command: None, check, .. }) => run::check(&check, stdout),
        Ok(_) | Err(_) => EXIT_FAILURE,
    }
}

fn error(message: &str) {
    eprintln!("ecslint: error: {}", output::one_line(message));
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
                "`ecslint explain RULE` prints a rule's documentation; `ecslint explain inputs`, what ecslint reads; \
                 `ecslint explain readers`, who reads it."
            )
        })(),
    };
    if written.is_err() { EXIT_FAILURE } else { EXIT_OK }
}

/// What ecslint reads: `ecslint explain inputs`.
pub const INPUTS_GUIDE: &str = include_str!("../docs/inputs.md");

/// Who reads each file and what it does to it: `ecslint explain readers`.
pub const READERS_GUIDE: &str = include_str!("../docs/readers.md");

/// Topics `explain` knows beside the rules.
const INPUT_TOPICS: &[&str] = &["inputs", "cloudformation", "terraform", "services"];
const READER_TOPICS: &[&str] = &["readers", "read-by", "aws-cli", "github-deploy-action", "ecspresso"];

fn explain(name: &str, out: &mut dyn Write) -> u8 {
    let guide = if INPUT_TOPICS.contains(&name) {
        Some(INPUTS_GUIDE)
    } else if READER_TOPICS.contains(&name) {
        Some(READERS_GUIDE)
    } else {
        None
    };
    if let Some(guide) = guide {
        return if out.write_all(guide.as_bytes()).is_err() { EXIT_FAILURE } else { EXIT_OK };
    }
    let Some(rule) = rules::find(name) else {
        let message = lint::unknown_rule_message(name).replace("rule or category", "rule");
        if message.contains("did you mean") {
            error(&message);
        } else {
            error(&format!(
                "{message}; `ecslint explain inputs` describes what ecslint reads, `ecslint explain readers` who reads it"
            ));
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
