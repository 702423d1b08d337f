//! The run engine. The main type is [`Engine`]: it plans the cases ([`CasePlan`]), runs them on a
//! bounded pool with the target under a [`Guard`] (stop flag, circuit breaker), and streams
//! `results::RunEvent`s to `results::EventSink`s ([`report_sinks`], [`Console`]). the libtest front-end ([`crate::cli::trials`]) drives the same
//! engine from libtest-mimic trials for `cargo test`.

mod campaign;
mod case;
mod case_file;
mod cleanup;
pub mod compare;
mod console;
pub mod drift;
mod engine;
mod events;
mod groups;
mod guard;
mod judge;
mod message;
mod plan;
mod regressions;
mod report_sinks;
mod seed;
mod session;
mod setup;
mod signals;
mod signature;
mod stop;

pub use campaign::{
    dedup_key, round_seed, run_campaign, CampaignOptions, CampaignOutcome, FULL_FAILURES_KEPT,
};
pub use case::{GENERATION_RULE, PANIC_RULE};
pub use case_file::{CaseFile, FORMAT as CASE_FILE_FORMAT};
pub use cleanup::{delete_users, Cleanup, DELETE_USERS};
pub use console::Console;
pub use engine::{Engine, EngineOptions, RerunStyle, RunOutcome, DEFAULT_OUT_DIR, GRACE};
pub use events::Events;
pub use groups::FailureGroups;
pub use guard::Guard;
pub use judge::{Judge, TARGET_ERROR_RULE};
pub use message::failure_text;
pub use plan::{
    cost as plan_cost, filter as filter_plan, plan, property_id, rule_cases, unmet, CasePlan,
};
pub use regressions::{
    append as append_regression, parse as parse_regressions, read as read_regressions, Regression,
};
pub use report_sinks::report_sinks;
pub use seed::{case_seed, rng};
pub use session::{list_plan, selected_properties, RunSession};
pub use signals::{register as register_signals, unregister as unregister_signals};
pub use stop::{StopFlag, StopReason};
