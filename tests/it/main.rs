//! The integration tests, in one binary: each module is what was a test file of its own.

mod architecture;
mod ci;
mod cli;
mod config;
mod corpus;
mod distribution;
mod generated;
mod lsp;
mod lsp_client;
mod pre_commit;
mod properties;
mod readers;
mod robustness;
mod rules;
mod terraform;
