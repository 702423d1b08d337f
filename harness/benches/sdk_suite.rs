//! The `sdk` suite's default run: wall time of `run --suite sdk` with the default
//! seed and case count (the engine with its default two jobs, the embedded server as the
//! nominal target; the suite serves its documents to the pinned SDK lines from its own stage),
//! and the time per case. Each round is a whole run with a fresh stage, so the Node processes
//! start in every round, as they do in a real run.
//!
//! Then what a crash of the SDK costs the next serve: the 3.x line is served, in turn, a refresh
//! answer it dies on (`{}`: an unhandled `RangeError` in its state machine) and a valid sign-in
//! answer, and the time of each valid serve after a crash is set beside the time of one after
//! another valid serve.
//!
//! Needs Node.js 20+ and npm (the SDK lines are installed under `~/.cache/nhost-conformance/`
//! on first use). Run with `cargo bench -p harness --bench sdk_suite` (`-- ROUNDS`, default 3).

use std::time::{Duration, Instant};

use harness::config::{RunConfig, TargetSpec};
use harness::runner::{Engine, EngineOptions, RerunStyle};
use harness::transport::sdk::{BridgeStage, SdkLine};
use results::Outcome;
use serde_json::json;
use suites::{Operation, SdkStage, Seen, Served, ServedBody};

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
    crash_cost();
}

/// Serves 3.x a crash and a valid session in turn: the median time of a valid serve right after
/// a crash, and right after another valid serve.
fn crash_cost() {
    const PAIRS: usize = 10;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the stage");
    let stage = BridgeStage::new(
        runtime.handle().clone(),
        std::sync::Arc::default(),
        vec![SdkLine::V3],
        Duration::from_secs(5),
        512,
    )
    .expect("the stage prepares 3.x");
    let crash = Served {
        operation: Operation::Refresh,
        status: 200,
        body: ServedBody::Json(json!({})),
    };
    let valid = Served {
        operation: Operation::SignIn,
        status: 200,
        body: ServedBody::Json(json!({"session": {
            "accessToken": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSIsImV4cCI6NDEwMjQ0NDgwMH0.c2ln",
            "accessTokenExpiresIn": 900,
            "refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d",
            "refreshTokenId": "c3b747ef-76a9-4c56-8091-ed3e6b8afb2c",
            "user": {"id": "u1", "email": "a@example.com", "roles": ["user"], "defaultRole": "user"}
        }})),
    };
    let timed = |served: &Served| {
        let started = Instant::now();
        let staged = stage.serve("v3", served).expect("the stage serves");
        (started.elapsed().as_secs_f64() * 1000.0, staged.seen)
    };
    // Warm up: the bridge starts, then one of each.
    timed(&valid);
    let (mut after_crash, mut after_valid) = (Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let (_, seen) = timed(&crash);
        assert!(
            matches!(seen, Seen::Crashed { .. }),
            "3.x dies on it: {seen:?}"
        );
        after_crash.push(timed(&valid).0);
        after_valid.push(timed(&valid).0);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "3.x, a valid serve right after a crash: {:.0} ms (median of {PAIRS}); after a valid serve: {:.0} ms; the bridge started {} process(es)",
        median(after_crash),
        median(after_valid),
        stage.bridge(0).map_or(0, |b| b.starts())
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
