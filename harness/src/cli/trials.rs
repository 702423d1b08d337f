//! The libtest-mimic front-end of the engine: every planned case becomes a [`Trial`] named
//! `suite::property::case_NNNN`, so `cargo test`, `cargo nextest run`, `--list`, `--exact`,
//! `--skip` and `--format json` all work the libtest way. Configuration comes from `NHOST_*`
//! variables and `conformance.toml` (libtest-mimic takes no custom flags).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use libtest_mimic::{Arguments, Trial};
use results::Outcome;

use super::exit;
use crate::config;
use crate::runner::{
    failure_text, list_plan, report_sinks, CasePlan, Console, Engine, EngineOptions, RerunStyle,
};

/// The `main` of a `harness = false` test target: runs the configured suites as trials. Case
/// files of failures go to `NHOST_OUT_DIR`, or `default_out_dir` (the test target passes its
/// `CARGO_TARGET_TMPDIR`).
pub fn main(default_out_dir: Option<&Path>) -> ExitCode {
    run(Arguments::from_args(), default_out_dir)
}

/// Runs the configured suites as trials with libtest arguments (`--list`, `--exact`, a filter…).
pub fn run(args: Arguments, default_out_dir: Option<&Path>) -> ExitCode {
    let mut config = match config::load(None) {
        Ok(c) => c,
        Err(e) => return exit::report(&e.into()),
    };
    if config.out_dir.is_none() {
        config.out_dir = default_out_dir.map(|d| d.join("nhost-conformance"));
    }
    if args.list {
        // Listing opens no socket: a closed stdout may end it the Unix way.
        super::quiet_on_closed_stdout();
        return match list_plan(&config) {
            Ok(plans) => libtest_mimic::run(
                &args,
                plans
                    .into_iter()
                    .map(|p| Trial::test(p.name.to_string(), || Ok(())))
                    .collect(),
            )
            .exit_code(),
            Err(e) => exit::report(&e),
        };
    }
    let mut sinks = match report_sinks(&config.reports) {
        Ok(sinks) => sinks,
        Err(e) => return exit::report(&e),
    };
    sinks.push(Box::new(Console::new(true)));
    // Only a run of the whole plan clears old case files: under cargo-nextest each case is a
    // process of its own, and those run side by side.
    let whole_run = args.filter.is_none() && args.skip.is_empty();
    let options = EngineOptions {
        sinks,
        handle_signals: true,
        persist_failures: true,
        clear_old_case_files: whole_run,
        ..EngineOptions::quiet(RerunStyle::CargoTest)
    };
    let engine = match Engine::start(config, options) {
        Ok(e) => e,
        Err(e) => return exit::report(&e),
    };
    let kind = engine.session().api().info().kind;
    let trials: Vec<Trial> = engine
        .plan()
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let engine = Arc::clone(&engine);
            Trial::test(p.name.to_string(), move || {
                let record = engine.run_case(index);
                match (&record.outcome, failure_text(&record)) {
                    (Outcome::Flaky { reason }, _) => {
                        eprintln!("FLAKY {}: {reason}", record.name);
                        Ok(())
                    }
                    (Outcome::NotApplicable { reason }, _) => {
                        eprintln!(
                            "NOT APPLICABLE {}: {}",
                            record.name,
                            reports::terminal_safe(reason)
                        );
                        Ok(())
                    }
                    (_, None) => Ok(()),
                    (_, Some(text)) => Err(reports::terminal_safe(&text).into_owned().into()),
                }
            })
            .with_kind(kind.clone())
            .with_ignored_flag(p.ignored.is_some())
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // Not-covered cases were never run as trials: record them for the reports.
    for (index, p) in engine.plan().iter().enumerate() {
        if p.ignored.is_some() && selected(&args, p) && !args.include_ignored && !args.ignored {
            engine.run_case(index);
        }
    }
    let outcome = engine.finish(&|p| selected(&args, p), whole_run);
    for e in &outcome.stale {
        eprintln!("STALE EXPECTATION: {} ({}) matched no failure in this run; remove it from the expectations", e.label(), e.reason);
    }
    if let Some(e) = &outcome.write_error {
        eprintln!("error: {e}");
    }
    let code = outcome.exit_code_with(101);
    ExitCode::from(if code == 0 && conclusion.has_failed() {
        101
    } else {
        code
    })
}

/// Whether libtest's filter selects a case (substring, or exact with `--exact`), minus `--skip`.
fn selected(args: &Arguments, plan: &CasePlan) -> bool {
    let name = plan.name.to_string();
    let matches = |pat: &str| {
        if args.exact {
            name == pat
        } else {
            name.contains(pat)
        }
    };
    args.filter.as_deref().is_none_or(matches) && !args.skip.iter().any(|s| matches(s))
}
