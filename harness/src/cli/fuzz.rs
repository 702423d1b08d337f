//! `nhost-conformance fuzz`: the nightly campaign ([`crate::runner::run_campaign`]) with its
//! report files, the corpus in `OUT_DIR/cases/` and the regressions file.

use std::path::PathBuf;

use results::exit;

use super::args::FuzzArgs;
use super::exit::code_of;
use crate::config::TargetSpec;
use crate::errors::HarnessError;
use crate::runner::{run_campaign, CampaignOptions, CampaignOutcome, StopReason, DEFAULT_OUT_DIR};

/// Runs the campaign and returns the exit code: 130/143 after a signal, 4 when a report, case
/// file or the regressions file could not be written, 3 when the target stopped answering,
/// 1 when a new failure was found, 0 otherwise (the duration spent is the normal end).
pub fn fuzz(args: &FuzzArgs) -> Result<u8, HarnessError> {
    let config = args.config()?;
    let out_dir = config
        .out_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT_DIR));
    let regressions = config
        .regressions
        .clone()
        .unwrap_or_else(|| out_dir.join("regressions.txt"));
    let options = CampaignOptions {
        duration: args.duration,
        jobs: args.jobs,
        regressions: regressions.clone(),
        case_dir: out_dir.join("cases"),
    };
    if matches!(config.target, TargetSpec::Embedded { .. }) {
        eprintln!(
            "no target configured (--target, NHOST_AUTH_URL): fuzzing the {}",
            config.target_label()
        );
    }
    eprintln!(
        "fuzz: campaign seed {} for {} s (re-run the same campaign with --seed {})",
        config.seed,
        args.duration.as_secs(),
        config.seed
    );
    let paths = config.reports.clone();
    let outcome = run_campaign(config, options.clone())?;
    print_outcome(&outcome, &options);
    super::run::print_report_paths(&paths);
    super::run::print_totals(&crate::runner::RunOutcome {
        report: outcome.report.clone(),
        stopped: None,
        stale: Vec::new(),
        write_error: None,
        allow_incomplete: true,
        cleanup: None,
    });
    Ok(exit_code(&outcome))
}

fn print_outcome(outcome: &CampaignOutcome, options: &CampaignOptions) {
    let (replayed, corpus) = outcome.replayed;
    eprintln!(
        "fuzz: {replayed} of {corpus} corpus entr{} replayed, {} fresh round(s), {} cases, {} requests sent; {} new failure(s), {} repeat(s) of a known one, {} corpus case(s) still failing (reported as expected failures)",
        if corpus == 1 { "y" } else { "ies" },
        outcome.rounds,
        outcome.cases,
        outcome.requests,
        outcome.new_failures.len(),
        outcome.duplicates,
        outcome.known_failing,
    );
    let (replay, rounds) = outcome.phases;
    eprintln!(
        "fuzz: corpus replay {:.1} s, fresh rounds {:.1} s",
        replay.as_secs_f64(),
        rounds.as_secs_f64()
    );
    for path in &outcome.new_failures {
        eprintln!("new case file: {}", path.display());
    }
    if !outcome.new_failures.is_empty() {
        eprintln!(
            "regressions file: {} (replayed first by the next campaign)",
            options.regressions.display()
        );
    }
    if let Some(reason) = &outcome.stopped {
        eprintln!("fuzz: ended early: {reason}");
    }
    if let Some(e) = &outcome.error {
        eprintln!("error: {e}");
    }
    if let Some(e) = &outcome.write_error {
        eprintln!("error: {e}");
    }
}

/// The campaign's exit code, most important first.
pub fn exit_code(outcome: &CampaignOutcome) -> u8 {
    match &outcome.stopped {
        Some(r @ (StopReason::Interrupted | StopReason::Terminated)) => return r.exit_code(),
        _ if outcome.write_error.is_some() => return exit::IO,
        Some(r @ StopReason::TargetGone { .. }) => return r.exit_code(),
        _ => {}
    }
    if let Some(e) = &outcome.error {
        return code_of(e);
    }
    if outcome.new_failures.is_empty() {
        exit::PASSED
    } else {
        exit::FAILED
    }
}
