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
    /// A case name that no property has.
    #[error(
        "no case named {0:?}: names look like suite::property::case_0007 (list them with --list)"
    )]
    UnknownCase(String),
}
