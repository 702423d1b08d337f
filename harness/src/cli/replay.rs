//! `nhost-conformance replay`: re-run one case alone: from its case file (no other flags
//! needed), by name (with the run's flags), or every case of a regressions file.

use std::path::Path;

use results::CaseName;

use super::args::ReplayArgs;
use super::run::print_totals;
use crate::config;
use crate::errors::HarnessError;
use crate::runner::{read_regressions, CaseFile, Console, Engine, EngineOptions, RerunStyle};

/// Replays and returns the exit code.
pub fn replay(args: &ReplayArgs) -> Result<u8, HarnessError> {
    let path = Path::new(&args.case);
    let names_a_file = args.case.ends_with(".json")
        || args.case.ends_with(".txt")
        || args.case.contains(std::path::MAIN_SEPARATOR);
    if names_a_file && !path.exists() {
        return Err(HarnessError::NoSuchFile(args.case.clone()));
    }
    let case_file = if path.is_file() {
        CaseFile::read(path)?
    } else {
        None
    };
    let (config, select) = match &case_file {
        Some(file) => {
            // Only secrets come from the environment; everything else is in the file.
            let base = config::load(None)?;
            let config = file.to_config(&base)?;
            (config, vec![(file.case.clone(), Some(file.case_seed))])
        }
        None => {
            let mut config = config::load(Some(&args.settings.layer()))?;
            config.reports = config::ReportPaths::default();
            let wanted = if path.is_file() {
                config.regressions = None;
                read_regressions(path)?
                    .into_iter()
                    .map(|r| (r.case, Some(r.seed)))
                    .collect()
            } else {
                let name: CaseName = args
                    .case
                    .parse()
                    .map_err(|_| HarnessError::UnknownCase(args.case.clone()))?;
                vec![(name, None)]
            };
            (config, wanted)
        }
    };
    let options = EngineOptions {
        sinks: vec![Box::new(Console::new(false))],
        handle_signals: true,
        select: Some(select),
        ..EngineOptions::quiet(RerunStyle::Cli)
    };
    let engine = Engine::start(config, options)?;
    engine.execute(1)?;
    let outcome = engine.finish(&|_| true, false);
    if let (Some(file), [record]) = (&case_file, outcome.report.cases.as_slice()) {
        let mut rules: Vec<String> = record.findings.iter().map(|f| f.rule.clone()).collect();
        rules.sort();
        rules.dedup();
        if record.outcome.is_failure() && rules == file.rules {
            eprintln!("reproduced: {} fails with the same rules", file.case);
        } else if record.outcome.is_failure() {
            eprintln!(
                "reproduced a failure of {}, with other rules: [{}] (the case file says [{}])",
                file.case,
                rules.join(", "),
                file.rules.join(", ")
            );
        } else {
            eprintln!(
                "did not reproduce: {} ended {} (the case file says {})",
                file.case,
                record.outcome.kind(),
                file.outcome
            );
        }
    }
    print_totals(&outcome);
    Ok(outcome.exit_code())
}
