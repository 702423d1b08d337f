//! The mutation score: at the default case count every fault of the catalogue is caught by at
//! least one suite, and the run with no fault has no failure — in both profiles.

use harness::config::RunConfig;
use harness::score::{mutation_score, ScoreOptions};
use reference_server::{Fault, Profile};

#[test]
fn every_fault_is_caught_and_the_clean_runs_are_clean() {
    let base = RunConfig {
        namespace: "score".to_owned(),
        ..RunConfig::default()
    };
    assert_eq!(
        base.cases,
        RunConfig::default().cases,
        "scored at the default case count"
    );
    let options = ScoreOptions {
        base,
        profiles: Profile::all().to_vec(),
        faults: Fault::all().to_vec(),
        jobs: 2,
    };
    let report = mutation_score(&options, &|_| {}).expect("every scored run starts");
    println!("{}", report.markdown());
    let fp: Vec<String> = report
        .false_positives()
        .iter()
        .map(|r| format!("{}: {:?}", r.profile, r.rules))
        .collect();
    assert!(
        fp.is_empty(),
        "the clean runs failed (false positives): {fp:?}"
    );
    let missed: Vec<String> = report
        .rows
        .iter()
        .filter(|r| r.fault.is_some() && !r.caught())
        .map(|r| {
            format!(
                "{} {}",
                r.profile,
                r.fault.map(Fault::name).unwrap_or_default()
            )
        })
        .collect();
    assert!(missed.is_empty(), "faults no suite caught: {missed:?}");
    let (caught, total) = report.score();
    assert_eq!(
        (caught, total),
        (Fault::all().len() * 2, Fault::all().len() * 2)
    );
}
