//! The `sdk` suite's default run (issue 24): wall time of `run --suite sdk` with the default
//! seed and case count (the engine with its default two jobs, the embedded server as the
//! nominal target; the suite serves its documents to the pinned SDK lines from its own stage),
//! and the time per case. Each round is a whole run with a fresh stage, so the Node processes
//! start in every round, as they do in a real run.
//!
//! Needs Node.js 20+ and npm (the SDK lines are installed under `~/.cache/nhost-conformance/`
//! on first use). Run with `cargo bench -p harness --bench sdk_suite` (`-- ROUNDS`, default 3).

use std::time::Instant;

use harness::config::{RunConfig, TargetSpec};
use harness::runner::{Engine, EngineOptions, RerunStyle};
use results::Outcome;

/// Jobs, as `run` uses by default.
const JOBS: usize = 2;

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    println!(
        "sdk suite, default run (seed 1337, 12 cases per property, {JOBS} jobs), {rounds} round(s)"
    );
    println!(
        "{:>6} {:>8} {:>10} {:>14}",
        "round", "cases", "wall s", "ms per case"
    );
    let mut walls = Vec::new();
    for round in 1..=rounds {
        let (cases, wall) = one_run();
        println!(
            "{round:>6} {cases:>8} {wall:>10.2} {:>14.0}",
            1000.0 * wall / cases as f64
        );
        walls.push((wall, cases));
    }
    walls.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (wall, cases) = walls[walls.len() / 2];
    println!(
        "median: {wall:.2} s for {cases} cases, {:.0} ms per case",
        1000.0 * wall / cases as f64
    );
}

/// One default `sdk` run, start to finish: the cases run and the wall time in seconds.
fn one_run() -> (usize, f64) {
    let config = RunConfig {
        target: TargetSpec::Embedded {
            profile: reference_server::Profile::Published,
            faults: Vec::new(),
        },
        suites: vec!["sdk".to_owned()],
        ..RunConfig::default()
    };
    let started = Instant::now();
    let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::Cli))
        .expect("the sdk run starts (Node.js 20+ and npm installed?)");
    engine.execute(JOBS).expect("the run executes");
    let outcome = engine.finish(&|_| true, true);
    let wall = started.elapsed().as_secs_f64();
    let cases = outcome.report.cases.len();
    let unfinished: Vec<&str> = outcome
        .report
        .cases
        .iter()
        .filter(|c| {
            matches!(
                c.outcome,
                Outcome::NotRun { .. } | Outcome::NotCovered { .. }
            )
        })
        .map(|c| c.name.as_str())
        .collect();
    assert!(unfinished.is_empty(), "unfinished cases: {unfinished:?}");
    (cases, wall)
}
