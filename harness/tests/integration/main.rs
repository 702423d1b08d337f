//! Integration tests of the harness: the suites against the reference server in both profiles,
//! faults caught, bad targets, configuration and the command line.

mod bad_targets;
mod boundary;
mod cli;
mod common;
mod expectations;
mod faults;
mod forged;
mod lifecycle;
mod profiles;
mod score;
