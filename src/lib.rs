//! ecslint: a linter and validator for Amazon ECS task definitions.
//!
//! Data flows one way: bytes -> [`document::Document`] -> (schema, rules) ->
//! [`diagnostic::Diagnostic`]s -> an output. The command line, the pre-commit hook and the
//! language server all call [`lint::lint_bytes`] / [`lint::lint_text`].

pub mod baseline;
pub mod cli;
pub mod cloudformation;
pub mod config;
pub mod convert;
pub mod diagnostic;
pub mod document;
pub mod files;
pub mod filter;
pub mod json;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod output;
pub mod placeholder;
pub mod rule;
pub mod rules;
pub mod run;
pub mod schema;
pub mod span;
pub mod terraform;
pub mod unit;
pub mod view;
pub mod workspace;
pub mod yaml;
