//! Conformance properties grouped by suite, the checks they use, and the [`AuthApi`] trait they
//! talk to.
//!
//! A [`Property`] generates inputs (proptest) and judges what the target answers with a [`Check`];
//! the result of one run is a [`Verdict`]: findings (rule, pointer, message), the redacted
//! exchanges, the rules exercised, and whether the case could be covered at all. Suites know only
//! the [`AuthApi`] trait, never HTTP or Node; the harness provides the targets and the runner.

#![warn(missing_docs)]

pub mod api;
pub mod catalogue;
pub mod check;
pub mod env;
pub mod errors;
pub mod json;
pub mod jwt;
pub mod pool;
pub mod probe;
pub mod property;
pub mod redact;
pub mod rules;
pub mod session;
pub mod setup;
pub mod stage;
pub mod suite;
pub mod verdict;

pub use api::{ApiRequest, AuthApi, Body, Operation, Response, ResponseBody, TargetInfo};
pub use catalogue::catalogue;
pub use check::{Check, Wrapping};
pub use env::{Capabilities, Env};
pub use errors::TargetError;
pub use pool::{Account, AccountPool};
pub use probe::{probe, PoolPlan, Probe, ProbeError};
pub use property::{no_cost, CaseTree, Cases, Cost, Need, Prop, Property};
pub use redact::Secrets;
pub use session::SessionView;
pub use stage::{SdkStage, Seen, Served, ServedBody, Staged};
pub use suite::{all, is_opt_in, select, target_suites, SUITES};
pub use verdict::{Stop, Verdict};
