//! Errors of the harness. [`HarnessError`] is every way a run can fail to start or finish; each
//! message is one line that says what to fix.

use thiserror::Error;

/// A bad configuration value: where it came from, which key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}{key}: {message}", if origin == "environment" { String::new() } else { format!("{origin}: ") })]
pub struct ConfigError {
    origin: String,
    key: String,
    message: String,
}

impl ConfigError {
    /// An error about `key` (a variable, file key or flag) from `source`.
    pub fn new(source: &str, key: &str, message: impl Into<String>) -> Self {
        Self {
            origin: source.to_owned(),
            key: key.to_owned(),
            message: message.into(),
        }
    }

    /// The key (variable, file key or flag) the error is about.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Why a run could not start or finish.
#[derive(Debug, Error)]
pub enum HarnessError {
    /// A configuration value is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The contract could not be loaded or compiled.
    #[error("contract: {0}")]
    Contract(#[from] contract::ContractError),
    /// An unknown suite was selected.
    #[error("unknown suite {name:?} (known: {known})")]
    UnknownSuite {
        /// The name given.
        name: String,
        /// The known suites.
        known: String,
    },
    /// The embedded reference server did not start.
    #[error("cannot start the embedded reference server: {0}")]
    Server(String),
    /// The target failed the preflight probe.
    #[error("target check failed: {0}")]
    Probe(#[from] suites::ProbeError),
    /// The target failed the preflight probe; the message is already scrubbed of every secret
    /// the run knows (a hostile target may echo them back in what the probe quotes).
    #[error("target check failed: {0}")]
    TargetCheck(String),
    /// An HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// The async runtime that drives the requests could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(String),
    /// A report could not be written.
    #[error("cannot write a report: {0}")]
    Report(#[from] reports::ReportError),
    /// A sink of the run's events (a report writer, the console) could not take an event.
    #[error("cannot write a report: {0}")]
    Sink(results::SinkError),
    /// The regressions file could not be read or written.
    #[error("regressions file {path}: {message}")]
    Regressions {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The run was stopped (a signal) before it could start; the code is the exit code.
    #[error("{0}")]
    Stopped(String, u8),
    /// The SDK target could not be prepared or started.
    #[error(transparent)]
    Sdk(#[from] SdkError),
    /// A case name that no property has.
    #[error(
        "no case named {0:?}: names look like suite::property::case_0007 (list them with --list)"
    )]
    UnknownCase(String),
    /// A file named on the command line does not exist.
    #[error("no such file: {0}")]
    NoSuchFile(String),
    /// A name filter that no planned case matches.
    #[error("no case matches {0:?} (see the plan with --list)")]
    NoCaseMatches(String),
}

/// Why the SDK target could not be prepared or started.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SdkError {
    /// Node.js or npm is not on `PATH`, or does not run.
    #[error(
        "the SDK target needs `{tool}` on PATH ({reason}): install Node.js 20 or newer, with npm"
    )]
    Missing {
        /// `node` or `npm`.
        tool: &'static str,
        /// What happened when it was run.
        reason: String,
    },
    /// Node.js is older than the bridge needs.
    #[error("the SDK target needs Node.js 20 or newer, found {0}")]
    OldNode(String),
    /// The bridge's files could not be written.
    #[error("cannot write the SDK bridge to {dir}: {reason}")]
    Files {
        /// The bridge's directory.
        dir: String,
        /// What went wrong.
        reason: String,
    },
    /// `npm ci` failed or took too long.
    #[error("cannot install the SDK bridge's packages (npm ci --prefix {dir}): {reason}")]
    Install {
        /// The SDK line's directory.
        dir: String,
        /// The last line npm printed, or the timeout.
        reason: String,
    },
    /// The bridge process did not start or did not answer its greeting.
    #[error("the SDK bridge did not start: {0}")]
    Start(String),
}
