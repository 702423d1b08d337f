//! The documented exit codes of `nhost-conformance` (defined in [`results::exit`]), and the
//! mapping of expected errors to them.

use std::process::ExitCode;

use crate::errors::HarnessError;

pub use results::exit::{FAILED, INCOMPLETE, INTERRUPTED, IO, PASSED, TARGET, TERMINATED, USAGE};

/// The exit code of an expected error.
pub fn code_of(e: &HarnessError) -> u8 {
    match e {
        HarnessError::Config(_)
        | HarnessError::Contract(_)
        | HarnessError::UnknownSuite { .. }
        | HarnessError::UnknownCase(_)
        | HarnessError::NoCaseMatches(_)
        | HarnessError::NoSuchFile(_) => USAGE,
        HarnessError::Probe(_)
        | HarnessError::TargetCheck(_)
        | HarnessError::Server(_)
        | HarnessError::Client(_)
        | HarnessError::Sdk(_) => TARGET,
        HarnessError::Stopped(_, code) => *code,
        HarnessError::Runtime(_)
        | HarnessError::Report(_)
        | HarnessError::Sink(_)
        | HarnessError::Regressions { .. }
        | HarnessError::Write { .. } => IO,
    }
}

/// Prints the error on one line and returns its exit code.
pub fn report(e: &HarnessError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(code_of(e))
}
