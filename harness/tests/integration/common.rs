//! Shared helpers: a quick config for the embedded server, and running a whole plan.

use harness::config::{Expectation, RunConfig, TargetSpec};
use std::sync::Arc;

use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::{Fault, Profile};
use reports::{CaseRecord, Outcome};

/// A small, fast run against the embedded server.
pub fn embedded(profile: Profile, contract: &str, faults: &[Fault], cases: usize) -> RunConfig {
    RunConfig {
        target: TargetSpec::Embedded {
            profile,
            faults: faults.to_vec(),
        },
        contract: contract.to_owned(),
        cases,
        namespace: "itest".to_owned(),
        shrink_steps: 8,
        expectations: vec![published_examples()],
        ..RunConfig::default()
    }
}

/// The one known deviation of the published contract itself (as in the repo's conformance.toml).
pub fn published_examples() -> Expectation {
    Expectation {
        rule: None,
        property: Some("schema::examples".to_owned()),
        contract: Some("published".to_owned()),
        reason: "the published schema's examples are invalid".to_owned(),
    }
}

/// Starts the engine and runs every planned case, in plan order.
pub fn run(config: RunConfig) -> (Arc<Engine>, Vec<CaseRecord>) {
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    let records = engine.finish(&|_| true, true).report.cases;
    (engine, records)
}

/// The failed cases.
pub fn failed(records: &[CaseRecord]) -> Vec<&CaseRecord> {
    records
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .collect()
}

/// A one-line-per-finding description of failures, for assertion messages.
pub fn describe(records: &[&CaseRecord]) -> String {
    records
        .iter()
        .flat_map(|r| {
            r.findings
                .iter()
                .map(move |f| format!("{} [{}] {} {}", r.name, f.rule, f.pointer, f.message))
        })
        .take(30)
        .collect::<Vec<_>>()
        .join("\n")
}
