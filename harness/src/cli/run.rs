//! `nhost-conformance run`: the engine with report files and the console.

use std::io::Write;

use reports::Totals;

use super::args::RunArgs;
use crate::config::{self, TargetSpec};
use crate::errors::HarnessError;
use crate::runner::{report_sinks, Console, Engine, EngineOptions, RerunStyle, RunOutcome};

/// Runs the suites and writes the reports; returns the exit code. With `--list`, prints the
/// plan and sends no request.
pub fn run(args: &RunArgs) -> Result<u8, HarnessError> {
    let config = args.config()?;
    if args.list {
        return list(&config, &args.filters);
    }
    Ok(execute_with(args, config)?.exit_code())
}

/// Runs the suites, writes the reports and prints the closing lines; returns the outcome.
pub fn execute(args: &RunArgs) -> Result<RunOutcome, HarnessError> {
    execute_with(args, args.config()?)
}

/// [`execute`] with the configuration already loaded.
fn execute_with(args: &RunArgs, config: config::RunConfig) -> Result<RunOutcome, HarnessError> {
    let paths = config.reports.clone();
    let embedded = matches!(config.target, TargetSpec::Embedded { .. });
    // Opened before the first request: a report path that cannot be written fails here (exit 4).
    let mut sinks = report_sinks(&paths)?;
    sinks.push(Box::new(Console::new(false)));
    let options = EngineOptions {
        sinks,
        handle_signals: true,
        persist_failures: true,
        clear_old_case_files: args.filters.is_empty(),
        filters: args.filters.clone(),
        ..EngineOptions::quiet(RerunStyle::Cli)
    };
    // A run that cannot start exits with its one-line error; its reports say the same.
    let engine = Engine::start(config, options)?;
    if embedded {
        eprintln!(
            "no target configured (--target, NHOST_AUTH_URL): running against the {}",
            engine.session().config().target_label()
        );
    }
    print_header(&engine);
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

/// The lines a run prints before its first case: the target, the contract and what it is
/// judged with, how hard and how long the run may press the target.
fn print_header(engine: &Engine) {
    let session = engine.session();
    let config = session.config();
    eprintln!(
        "target {} · contract {} · {} account(s) in the pool",
        session.api().info().url,
        session.env().contract.name(),
        session.env().pool.len()
    );
    let sets: Vec<&str> = config.expectation_sets.iter().map(String::as_str).collect();
    eprintln!(
        "expectation sets in force: {} (`nhost-conformance expectations` lists them){}",
        if sets.is_empty() {
            "none".to_owned()
        } else {
            sets.join(", ")
        },
        if config.expectations.is_empty() {
            String::new()
        } else {
            format!("; {} of the project's own", config.expectations.len())
        }
    );
    let pace = match session.limits().pace_per_sec() {
        None => "no cap (429 answers slow it down)".to_owned(),
        Some(rate) => format!("starts at {rate} requests/s and follows the target's 429s"),
    };
    let bound = config.max_duration.map_or_else(
        || "no time bound".to_owned(),
        |d| format!("at most {} s (--max-duration)", d.as_secs()),
    );
    eprintln!(
        "{} cases planned · pace: {pace} · {bound}",
        engine.plan().len()
    );
    let pool = PoolCost::of(config);
    eprintln!(
        "{}",
        needs_line(
            crate::runner::plan_cost(engine.plan(), session.env()),
            pool,
            config.shrink_sign_ups
        )
    );
    let budgets = &config.budgets;
    if budgets.is_limited() {
        eprintln!(
            "budgets {budgets}: cases run one at a time in plan order (coverage first), so a seed spends them the same way every run"
        );
    }
}

/// `run --list`: every planned case name on stdout, and a count on stderr; no request is sent
/// (what the target cannot support shows only once a run probes it).
fn list(config: &config::RunConfig, filters: &[String]) -> Result<u8, HarnessError> {
    crate::cli::quiet_on_closed_stdout();
    let mut plan = crate::runner::list_plan(config)?;
    crate::runner::filter_plan(&mut plan, filters)?;
    let mut out = std::io::stdout().lock();
    for p in &plan {
        let _ = writeln!(out, "{}", p.name);
    }
    drop(out);
    let suites: std::collections::BTreeSet<&str> =
        plan.iter().map(|p| p.property.suite()).collect();
    eprintln!(
        "{} case(s) in {} suite(s); no request was sent",
        plan.len(),
        suites.len()
    );
    let env = suites::Env::new(
        contract::Contract::load(&config.contract)?,
        config.namespace.clone(),
    )?;
    let cost = crate::runner::plan_cost(&plan, &env);
    eprintln!(
        "{} (on a target that allows everything the plan does)",
        needs_line(cost, PoolCost::of(config), config.shrink_sign_ups)
    );
    Ok(crate::cli::PASSED)
}

/// What filling the account pool costs: a sign-up and a sign-in per account it creates, a
/// sign-in per pre-provisioned account.
#[derive(Debug, Clone, Copy)]
struct PoolCost {
    sign_ups: usize,
    sign_ins: usize,
}

impl PoolCost {
    fn of(config: &config::RunConfig) -> Self {
        if config.accounts.is_empty() {
            Self {
                sign_ups: config.pool_size,
                sign_ins: config.pool_size,
            }
        } else {
            Self {
                sign_ups: 0,
                sign_ins: config.accounts.len(),
            }
        }
    }
}

/// The plan's line on what it needs that a rate-limited project counts most: `the run needs
/// at most 190 sign-ups (3 for the pool), 250 sign-ins and 60 anonymous sign-ins, and up to 24
/// more sign-ups to shrink failures (--shrink-sign-ups)`.
fn needs_line(cases: suites::Cost, pool: PoolCost, shrink_sign_ups: u32) -> String {
    let sign_ups = cases.sign_ups as usize + pool.sign_ups;
    let sign_ins = cases.sign_ins as usize + pool.sign_ins;
    format!(
        "the run needs at most {sign_ups} sign-up(s) ({} for the pool), {sign_ins} sign-in(s) and {} anonymous sign-in(s), and up to {shrink_sign_ups} more sign-up(s) to shrink failures (--shrink-sign-ups)",
        pool.sign_ups,
        cases.anonymous + 1
    )
}

/// One stderr line per report written, naming its path.
pub fn print_report_paths(paths: &crate::config::ReportPaths) {
    for (format, path) in paths.iter() {
        eprintln!("{}: {}", format.label, path.display());
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
