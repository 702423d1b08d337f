//! The nhost-conformance harness: configuration, targets, runner, libtest-mimic glue and CLI.
//!
//! The main type is [`runner::RunSession`]: built from a [`config::RunConfig`], it starts the
//! target (the embedded reference server when none is configured), probes it, plans the cases and
//! runs each one. [`cli::trials::main`] is the `main` of the `conformance` test target;
//! [`cli::main_impl`] is the `nhost-conformance` binary.

#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod errors;
pub mod runner;
pub mod score;
pub mod transport;

pub use errors::{ConfigError, HarnessError};
