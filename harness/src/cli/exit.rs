//! The documented exit codes of `nhost-conformance`, and the mapping of expected errors to them.

use std::process::ExitCode;

use crate::errors::HarnessError;

/// Every case passed (or failed as expected).
pub const PASSED: u8 = 0;
/// At least one case failed, or an expectation is stale.
pub const FAILED: u8 = 1;
/// Bad input: a flag, variable, config file, schema or suite name.
pub const USAGE: u8 = 2;
/// The target could not be reached or does not answer like Nhost Auth.
pub const TARGET: u8 = 3;
/// A report or the regressions file could not be written, or the OS refused a resource (threads).
pub const IO: u8 = 4;

/// The exit code of an expected error.
pub fn code_of(e: &HarnessError) -> u8 {
    match e {
        HarnessError::Config(_)
        | HarnessError::Contract(_)
        | HarnessError::UnknownSuite { .. }
        | HarnessError::UnknownCase(_) => USAGE,
        HarnessError::Probe(_) | HarnessError::Server(_) | HarnessError::Client(_) => TARGET,
        HarnessError::Runtime(_)
        | HarnessError::Report(_)
        | HarnessError::Regressions { .. }
        | HarnessError::Write { .. } => IO,
    }
}

/// Prints the error on one line and returns its exit code.
pub fn report(e: &HarnessError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(code_of(e))
}
