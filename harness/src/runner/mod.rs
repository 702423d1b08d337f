//! The runner. The main type is [`RunSession`]: it starts a run (target, probe, pool), plans the
//! cases ([`CasePlan`]), runs each with bounded shrinking, and collects [`reports::CaseRecord`]s.
//! [`libtest`] wraps the cases as libtest-mimic trials for `cargo test`.

mod case;
mod judge;
pub mod libtest;
mod message;
mod plan;
mod regressions;
mod seed;
mod session;
mod workers;

pub use judge::{Judge, TARGET_ERROR_RULE};
pub use message::failure_text;
pub use plan::{plan, property_id, regression_name, split_case_name, unmet, CasePlan};
pub use regressions::{
    append as append_regression, parse as parse_regressions, read as read_regressions, Regression,
};
pub use seed::{case_seed, rng};
pub use session::{list_plan, selected_properties, write_reports, RerunStyle, RunSession};
pub use workers::run_plans;
