//! `nhost-conformance replay`: re-run one case by name, or every case of a regressions file.

use std::path::Path;

use super::args::ReplayArgs;
use super::execute::run_all;
use super::exit;
use crate::config;
use crate::errors::HarnessError;
use crate::runner::{
    property_id, read_regressions, regression_name, split_case_name, CasePlan, RerunStyle,
    RunSession,
};

/// Replays and returns the exit code.
pub fn replay(args: &ReplayArgs) -> Result<u8, HarnessError> {
    let layer = args.target.layer()?;
    let mut config = config::load(Some(&layer))?;
    let from_file = Path::new(&args.case).is_file();
    if from_file {
        config.regressions = Some(args.case.clone().into());
    }
    config.reports = config::ReportPaths::default();
    let session = RunSession::start(config, None, RerunStyle::Cli)?;
    let all = session.plan();
    let plans: Vec<CasePlan> = if from_file {
        let wanted = read_regressions(Path::new(&args.case))?;
        let names: Vec<String> = wanted
            .iter()
            .map(|r| regression_name(&r.case, r.seed))
            .collect();
        all.into_iter()
            .filter(|p| names.contains(&p.name))
            .collect()
    } else {
        match all.iter().find(|p| p.name == args.case) {
            Some(p) => vec![p.clone()],
            None => vec![by_regression_name(&all, &args.case)
                .ok_or_else(|| HarnessError::UnknownCase(args.case.clone()))?],
        }
    };
    let records = run_all(&session, &plans, 1);
    let failed = records.iter().filter(|r| r.outcome.is_failure()).count();
    println!("{} passed, {failed} failed", records.len() - failed);
    Ok(if failed == 0 {
        exit::PASSED
    } else {
        exit::FAILED
    })
}

/// `suite::property::case_NNNN@<hex>` names (regressions) carry their own seed.
fn by_regression_name(all: &[CasePlan], name: &str) -> Option<CasePlan> {
    let (case, hex) = name.rsplit_once('@')?;
    let seed = u64::from_str_radix(hex, 16).ok()?;
    let (property, index) = split_case_name(case)?;
    let template = all.iter().find(|p| property_id(p.property) == property)?;
    Some(CasePlan {
        name: name.to_owned(),
        seed,
        index,
        ..template.clone()
    })
}
