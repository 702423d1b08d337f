//! `nhost-conformance run`: the engine with report files and the console.

use std::io::Write;

use reports::Totals;

use super::args::RunArgs;
use crate::config::{self, TargetSpec};
use crate::errors::HarnessError;
use crate::runner::{
    Console, Engine, EngineOptions, EventSink, ReportFiles, RerunStyle, RunOutcome,
};

/// Runs the suites and writes the reports; returns the exit code.
pub fn run(args: &RunArgs) -> Result<u8, HarnessError> {
    Ok(execute(args)?.exit_code())
}

/// Runs the suites, writes the reports and prints the closing lines; returns the outcome.
pub fn execute(args: &RunArgs) -> Result<RunOutcome, HarnessError> {
    let layer = args.layer()?;
    let mut config = config::load(Some(&layer))?;
    args.default_reports(&mut config);
    let paths = config.reports.clone();
    let embedded = matches!(config.target, TargetSpec::Embedded { .. });
    // Opened before the first request: a report path that cannot be written fails here (exit 4).
    let sinks: Vec<Box<dyn EventSink>> = vec![
        Box::new(ReportFiles::open(&paths)?),
        Box::new(Console::new(false)),
    ];
    let options = EngineOptions {
        sinks,
        handle_signals: true,
        persist_failures: true,
        clear_old_case_files: true,
        ..EngineOptions::quiet(RerunStyle::Cli)
    };
    let engine = Engine::start(config, options)?;
    if embedded {
        eprintln!(
            "no target configured (--target, NHOST_AUTH_URL): running against the {}",
            engine.session().config().target_label()
        );
    }
    eprintln!(
        "target {} · contract {} · {} account(s) in the pool",
        engine.session().api().info().url,
        engine.session().env().contract.name(),
        engine.session().env().pool.len()
    );
    let budgets = &engine.session().config().budgets;
    if budgets.is_limited() {
        eprintln!(
            "budgets {budgets}: cases run one at a time in plan order (coverage first), so a seed spends them the same way every run"
        );
    }
    engine.execute(args.jobs)?;
    let outcome = engine.finish(&|_| true, true);
    for e in &outcome.stale {
        eprintln!(
            "STALE EXPECTATION: {} ({}) matched no failure in this run; remove it",
            e.label(),
            e.reason
        );
    }
    if let Some(e) = &outcome.write_error {
        eprintln!("error: {e}");
    }
    print_report_paths(&paths);
    print_totals(&outcome);
    Ok(outcome)
}

/// One stderr line per report written, naming its path.
pub fn print_report_paths(paths: &crate::config::ReportPaths) {
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
}

/// The closing line on stdout, `N passed, N failed, N skipped (…)`; a closed stdout is ignored.
pub fn print_totals(outcome: &RunOutcome) {
    let t = Totals::of(&outcome.report);
    let line = format!(
        "{} passed, {} failed, {} skipped ({} expected failures, {} not covered, {} not applicable, {} flaky, {} not run, {} unexpected passes)",
        t.passed + t.flaky,
        t.failed + t.unexpected_passes,
        t.expected_failures + t.not_covered + t.not_applicable + t.not_run,
        t.expected_failures,
        t.not_covered,
        t.not_applicable,
        t.flaky,
        t.not_run,
        t.unexpected_passes
    );
    let _ = writeln!(std::io::stdout(), "{line}");
}
