//! The libtest-mimic glue: every planned case becomes a [`Trial`] named
//! `suite::property::case_NNNN`, so `cargo test`, `cargo nextest run`, `--list`, `--exact`,
//! `--skip` and `--format json` all work the libtest way. Configuration comes from `NHOST_*`
//! variables and `conformance.toml` (libtest-mimic takes no custom flags).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;

use libtest_mimic::{Arguments, Trial};

use super::message::failure_text;
use super::plan::{property_id, CasePlan};
use super::session::{list_plan, RerunStyle, RunSession};
use crate::config;

/// The `main` of a `harness = false` test target: runs the configured suites as trials.
pub fn main() -> ExitCode {
    run(Arguments::from_args())
}

/// Runs the configured suites as trials with libtest arguments (`--list`, `--exact`, a filter…).
pub fn run(args: Arguments) -> ExitCode {
    let config = match config::load(None) {
        Ok(c) => c,
        Err(e) => return fatal(&e.to_string()),
    };
    if args.list {
        return match list_plan(&config) {
            Ok(plans) => libtest_mimic::run(
                &args,
                plans
                    .into_iter()
                    .map(|p| Trial::test(p.name, || Ok(())))
                    .collect(),
            )
            .exit_code(),
            Err(e) => fatal(&e.to_string()),
        };
    }
    let session = match RunSession::start(config, None, RerunStyle::CargoTest) {
        Ok(s) => Arc::new(s),
        Err(e) => return fatal(&e.to_string()),
    };
    let plans = session.plan();
    announce_ignored(&plans);
    let kind = session.api().info().kind;
    let trials: Vec<Trial> = plans
        .iter()
        .map(|p| {
            let (session, plan) = (Arc::clone(&session), p.clone());
            Trial::test(p.name.clone(), move || {
                let record = session.run_case(&plan);
                match failure_text(&record) {
                    None => Ok(()),
                    Some(text) => Err(text.into()),
                }
            })
            .with_kind(kind.clone())
            .with_ignored_flag(p.ignored.is_some())
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    for p in plans.iter().filter(|p| selected(&args, &p.name)) {
        if let Some(reason) = &p.ignored {
            session.record_ignored(p, reason);
        }
    }
    let report = session.report();
    if let Err(e) = session.write_reports(&report) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let stale = if args.filter.is_none() && args.skip.is_empty() {
        session.stale_expectations()
    } else {
        Vec::new()
    };
    for e in &stale {
        eprintln!("STALE EXPECTATION: {} ({}) matched no failure in this run; remove it from the expectations", e.label(), e.reason);
    }
    if !stale.is_empty() && conclusion.num_failed == 0 {
        return ExitCode::FAILURE;
    }
    conclusion.exit_code()
}

/// Prints, once per property, why its cases are ignored on this target.
pub(crate) fn announce_ignored(plans: &[CasePlan]) {
    let mut reasons: BTreeMap<String, &str> = BTreeMap::new();
    for p in plans {
        if let Some(r) = &p.ignored {
            reasons.entry(property_id(p.property)).or_insert(r);
        }
    }
    for (property, reason) in reasons {
        eprintln!("ignored {property}: {reason}");
    }
}

/// Whether libtest's filter selects a name (substring, or exact with `--exact`), minus `--skip`.
fn selected(args: &Arguments, name: &str) -> bool {
    let matches = |pat: &str| {
        if args.exact {
            name == pat
        } else {
            name.contains(pat)
        }
    };
    args.filter.as_deref().is_none_or(matches) && !args.skip.iter().any(|s| matches(s))
}

fn fatal(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
