//! ecslint: a linter and validator for Amazon ECS task definitions.
//!
//! Data flows one way: bytes -> [`document::Document`] -> (schema, rules) ->
//! [`diagnostic::Diagnostic`]s -> an output. The command line, the pre-commit hook and the
//! language server all call [`lint::lint_bytes`] / [`lint::lint_text`]. ARCHITECTURE.md is the
//! map of the modules. The public surface is what the binary, the tests, the benchmarks and the
//! fuzz targets use: the command line, the lint, the language server and the rule list.

mod baseline;
pub mod cli;
mod cloudformation;
mod config;
mod convert;
mod detect;
mod diagnostic;
mod document;
mod files;
mod filter;
mod hcl;
mod json;
pub mod lint;
pub mod lsp;
mod model;
mod output;
mod placeholder;
mod reader;
pub mod rule;
pub mod rules;
mod run;
mod schema;
mod span;
mod suppress;
mod terraform;
mod unit;
mod view;
mod workspace;
mod yaml;
