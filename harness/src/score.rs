//! The mutation score: run the suites against the reference server once per named fault and see
//! which suite and rule catch each one, plus a clean run that must have no failure. The main
//! function is [`mutation_score`].

use std::collections::BTreeSet;

use reference_server::{Fault, Profile};
use results::Outcome;

use crate::config::{ReportPaths, RunConfig, TargetSpec};
use crate::errors::HarnessError;
use crate::runner::{Engine, EngineOptions, RerunStyle};

/// What to score.
#[derive(Debug, Clone)]
pub struct ScoreOptions {
    /// The base configuration (cases, seed, expectations); target, contract, reports and
    /// regressions are set per run.
    pub base: RunConfig,
    /// Profiles to score; each runs with its matching contract.
    pub profiles: Vec<Profile>,
    /// Faults to score.
    pub faults: Vec<Fault>,
    /// Cases run at once.
    pub jobs: usize,
}

/// One scored run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreRow {
    /// The profile.
    pub profile: Profile,
    /// The fault, `None` for the clean run.
    pub fault: Option<Fault>,
    /// Cases that failed.
    pub failed_cases: usize,
    /// Cases in all.
    pub cases: usize,
    /// `suite::property` of the failing cases.
    pub caught_by: BTreeSet<String>,
    /// Rule ids of their findings.
    pub rules: BTreeSet<String>,
    /// Name of the first failing case.
    pub first_failure: Option<String>,
}

impl ScoreRow {
    /// Whether the run failed at all (for a fault: caught; for the clean run: a false positive).
    pub fn caught(&self) -> bool {
        self.failed_cases > 0
    }
}

/// The whole score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreReport {
    /// One row per (profile, fault) and one clean row per profile.
    pub rows: Vec<ScoreRow>,
}

impl ScoreReport {
    /// Fault rows caught, fault rows in all.
    pub fn score(&self) -> (usize, usize) {
        let faults: Vec<&ScoreRow> = self.rows.iter().filter(|r| r.fault.is_some()).collect();
        (faults.iter().filter(|r| r.caught()).count(), faults.len())
    }

    /// Clean rows that failed (false positives).
    pub fn false_positives(&self) -> Vec<&ScoreRow> {
        self.rows
            .iter()
            .filter(|r| r.fault.is_none() && r.caught())
            .collect()
    }

    /// The table as Markdown.
    pub fn markdown(&self) -> String {
        let (caught, total) = self.score();
        let mut out = format!("Mutation score: **{caught}/{total}** faults caught.\n\n");
        out.push_str("| profile | fault | caught | failing cases | caught by | rules |\n|---|---|---|---|---|---|\n");
        for r in &self.rows {
            let fault = r.fault.map_or("(none: clean run)".to_owned(), |f| {
                format!("`{}`", f.name())
            });
            let mark = match (r.fault.is_some(), r.caught()) {
                (true, true) => "yes",
                (true, false) => "**NO**",
                (false, false) => "clean",
                (false, true) => "**FALSE POSITIVE**",
            };
            let by: Vec<&str> = r.caught_by.iter().map(String::as_str).take(4).collect();
            let rules: Vec<String> = r.rules.iter().take(4).map(|x| format!("`{x}`")).collect();
            out.push_str(&format!(
                "| {} | {fault} | {mark} | {}/{} | {} | {} |\n",
                r.profile,
                r.failed_cases,
                r.cases,
                by.join(", "),
                rules.join(", ")
            ));
        }
        out
    }
}

/// Runs the clean run and one run per fault for each profile.
pub fn mutation_score(
    options: &ScoreOptions,
    progress: &dyn Fn(&ScoreRow),
) -> Result<ScoreReport, HarnessError> {
    let mut rows = Vec::new();
    for &profile in &options.profiles {
        for fault in std::iter::once(None).chain(options.faults.iter().copied().map(Some)) {
            let row = score_one(options, profile, fault)?;
            progress(&row);
            rows.push(row);
        }
    }
    Ok(ScoreReport { rows })
}

fn score_one(
    options: &ScoreOptions,
    profile: Profile,
    fault: Option<Fault>,
) -> Result<ScoreRow, HarnessError> {
    let mut config = options.base.clone();
    config.target = TargetSpec::Embedded {
        profile,
        faults: fault.into_iter().collect(),
    };
    config.contract = profile.name().to_owned();
    if config.suites.is_empty() {
        // A fault of the target cannot change what the SDKs do with served documents.
        config.suites = suites::target_suites()
            .into_iter()
            .map(str::to_owned)
            .collect();
    }
    config.reports = ReportPaths::default();
    config.regressions = None;
    // The score needs only "did any case fail, and where": minimal inputs are not worth requests.
    config.shrink_steps = 0;
    let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::Cli))?;
    engine.execute(options.jobs)?;
    let records = engine.finish(&|_| true, false).report.cases;
    let failing: Vec<_> = records
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .collect();
    Ok(ScoreRow {
        profile,
        fault,
        failed_cases: failing.len(),
        cases: records.len(),
        caught_by: failing
            .iter()
            .map(|r| format!("{}::{}", r.suite, r.property))
            .collect(),
        rules: failing
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.rule.clone()))
            .collect(),
        first_failure: failing.first().map(|r| r.name.clone()),
    })
}
