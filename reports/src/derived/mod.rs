//! Data derived from a [`RunReport`](results::RunReport): [`Totals`], the conformance
//! [`Matrix`], findings grouped by rule ([`RuleFindings`]), the slowest operations
//! ([`SlowOperation`]), the latency per operation ([`LatencyRow`]) the SDKs' reactions to served documents ([`ReactionTable`]) and the failed cases grouped by
//! failure signature ([`UniqueFailure`]). All are pure functions of the report.

mod findings;
mod latency;
mod matrix;
mod reactions;
mod slowest;
mod totals;
mod unique;
mod verdict;

pub use findings::{findings_by_rule, FindingEntry, RuleFindings};
pub use latency::{latency_by_operation, LatencyRow};
pub use matrix::{Matrix, MatrixBuilder, MatrixRow, RuleStatus};
pub use reactions::{ReactionCell, ReactionRow, ReactionTable};
pub use slowest::{slowest_operations, SlowOperation};
pub use totals::{SuiteTotals, Totals};
pub use unique::{unique_failures, UniqueFailure};
pub use verdict::Verdict;
