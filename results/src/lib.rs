//! The stable data of nhost-conformance runs, like `nextest-metadata` for nextest: what a run
//! produces and what every reader (reports, CI scripts, `replay`) relies on.
//!
//! - [`model`]: [`RunReport`], [`CaseRecord`], [`Outcome`], [`Finding`], [`Exchange`];
//! - [`names`]: the typed names [`CaseName`], [`RunSeed`], [`CaseSeed`] and [`RuleId`], each
//!   parsed and printed in exactly one place;
//! - [`catalogue`]: [`RuleEntry`], one rule id with its description and source;
//! - [`diff`]: where two JSON values differ, one [`diff::Difference`] per JSON pointer;
//! - [`events`]: the run's event vocabulary ([`RunEvent`]) and its consumers ([`EventSink`]);
//! - [`exit`]: the documented exit codes of the `nhost-conformance` binary.
//!
//! ```
//! use results::{CaseName, CaseSeed};
//!
//! let name: CaseName = "token::rotation::case_0003".parse()?;
//! assert_eq!(name.property_id(), "token::rotation");
//! assert_eq!(name.index(), 2);
//! assert_eq!(name.to_string(), "token::rotation::case_0003");
//! assert_eq!(CaseSeed(0xab).to_string(), "0x00000000000000ab");
//! # Ok::<(), results::NameError>(())
//! ```
#![warn(missing_docs)]

pub mod catalogue;
pub mod diff;
pub mod drift;
pub mod events;
pub mod exit;
pub mod hash;
pub mod model;
pub mod names;
pub mod text;

pub use catalogue::RuleEntry;
pub use drift::{Drift, DriftDifference, DriftKind, FieldShape, ResponseShape};
pub use events::{replay_run, EventSink, PlannedCase, RunEvent, RunEventKind, SinkError};
pub use model::{
    CaseRecord, ContractCheck, Exchange, Finding, FuzzRound, Investigation, Outcome, Reaction,
    ReactionKind, RunInfo, RunReport, Traffic,
};
pub use names::{CaseName, CaseSeed, NameError, RuleId, RunSeed};
