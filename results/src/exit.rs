//! The documented exit codes of `nhost-conformance` (and of the `conformance` test binary, which
//! uses the same ones where libtest leaves it the choice). Scripts may rely on them.

/// Every case passed (or failed as expected).
pub const PASSED: u8 = 0;
/// At least one case failed, or an expectation is stale.
pub const FAILED: u8 = 1;
/// Bad input: a flag, variable, config file, schema, suite or case name.
pub const USAGE: u8 = 2;
/// The target could not be reached, does not answer like Nhost Auth, or stopped answering during
/// the run (the circuit breaker opened); the cases it left are reported as not run.
pub const TARGET: u8 = 3;
/// A report, case file or the regressions file could not be written, or the OS refused a
/// resource (threads, the runtime).
pub const IO: u8 = 4;
/// The run ended before it could check everything it planned (the deadline passed) and nothing
/// failed; the cases it left are reported as not run.
pub const INCOMPLETE: u8 = 5;
/// Interrupted by SIGINT (Ctrl-C): 128 + 2, as shells report it.
pub const INTERRUPTED: u8 = 130;
/// Terminated by SIGTERM: 128 + 15.
pub const TERMINATED: u8 = 143;
