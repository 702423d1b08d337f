//! `nhost-conformance run`: the main job.

use reports::Totals;

use super::args::RunArgs;
use super::execute::run_all;
use super::exit;
use crate::config::{self, TargetSpec};
use crate::errors::HarnessError;
use crate::runner::{RerunStyle, RunSession};

/// Runs the suites and writes the reports; returns the exit code.
pub fn run(args: &RunArgs) -> Result<u8, HarnessError> {
    let layer = args.layer()?;
    let mut config = config::load(Some(&layer))?;
    args.default_reports(&mut config.reports);
    let paths = config.reports.clone();
    let embedded =
        matches!(config.target, TargetSpec::Embedded { .. }).then(|| config.target_label());
    let session = RunSession::start(config, None, RerunStyle::Cli)?;
    if let Some(label) = embedded {
        eprintln!("no target configured (--target, NHOST_AUTH_URL): running against the {label}");
    }
    eprintln!(
        "target {} · contract {} · seed {} · {} account(s) in the pool",
        session.api().info().url,
        session.env().contract.name(),
        session.config().seed,
        session.env().pool.len()
    );
    let plans = session.plan();
    run_all(&session, &plans, args.jobs);
    let report = session.report();
    session.write_reports(&report)?;
    let totals = Totals::of(&report);
    let stale = session.stale_expectations();
    for e in &stale {
        eprintln!(
            "STALE EXPECTATION: {} ({}) matched no failure in this run; remove it",
            e.label(),
            e.reason
        );
    }
    for (what, path) in [
        ("JUnit", &paths.junit),
        ("NDJSON", &paths.ndjson),
        ("summary", &paths.markdown),
        ("HTML summary", &paths.html),
    ] {
        if let Some(p) = path {
            eprintln!("{what}: {}", p.display());
        }
    }
    println!(
        "{} passed, {} failed, {} skipped ({} expected failures, {} not covered, {} unexpected passes)",
        totals.passed,
        totals.failed + totals.unexpected_passes,
        totals.expected_failures + totals.not_covered,
        totals.expected_failures,
        totals.not_covered,
        totals.unexpected_passes
    );
    Ok(if totals.is_success() && stale.is_empty() {
        exit::PASSED
    } else {
        exit::FAILED
    })
}
