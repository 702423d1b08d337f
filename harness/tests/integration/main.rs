//! Integration tests of the harness: the suites against the reference server in both profiles,
//! faults caught, bad targets, configuration and the command line.

mod bad_targets;
mod boundary;
mod cleanup;
mod cli;
mod common;
mod ctrf;
mod drift;
mod economy;
mod engine;
mod expectations;
mod faults;
mod forged;
mod hostile;
mod hostile_runs;
mod judge_fuzz;
mod judge_pipeline;
mod lifecycle;
mod nightly;
mod profiles;
mod readme;
mod request_contract;
mod score;
mod sdk;
mod settings;
mod setup;
mod summary;
mod user_chair;
