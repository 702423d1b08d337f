//! Request economy: what a default run against the reference server spends per
//! verdict and per unique failure, clean and with a handful of faults. Counts, not times: the
//! figures are the same on any machine for a seed (up to which case of a signature fails first
//! when two jobs race, see `runner::groups`).
//!
//! Each row is one default run (every suite that talks to the target, 12 cases per property, two
//! jobs) against the in-process reference server (RS256, anonymous sign-in on) through its URL:
//! requests sent (the run's own count, which the `economy` tests hold equal to a server-side
//! counter), verdicts (cases that passed, failed or were flaky), failed cases, unique failures
//! (failure signatures), the requests the re-runs and shrinking of the representatives spent, and
//! the requests the faults cost over the clean run per unique failure.
//!
//! Run with `cargo bench -p harness --bench economy` (`-- SEED`, default 1).

use harness::config::{RunConfig, TargetSpec};
use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::{Fault, JwtConfig, ServerConfig};
use results::{Outcome, RunReport};

/// The fault sets compared, each with a label.
fn fault_sets() -> Vec<(&'static str, Vec<Fault>)> {
    vec![
        ("clean", vec![]),
        (
            "long-password-500 + nul-in-stored-field-500",
            vec![Fault::LongPassword500, Fault::NulInStoredField500],
        ),
        (
            "a handful: the two above + no-refresh-rotation + error-body-missing-status + exp-ignores-lifetime",
            vec![
                Fault::LongPassword500,
                Fault::NulInStoredField500,
                Fault::NoRefreshRotation,
                Fault::ErrorBodyMissingStatus,
                Fault::ExpIgnoresLifetime,
            ],
        ),
        ("every session broken: expires-in-as-string", vec![Fault::ExpiresInAsString]),
    ]
}

fn main() {
    let seed: u64 = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .find_map(|a| a.parse().ok())
        .unwrap_or(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the servers");
    println!(
        "default run, seed {seed}, the suites that talk to the target, reference server in process"
    );
    println!(
        "{:>8} {:>8} {:>9} {:>7} {:>7} {:>10} {:>10} {:>12}  faults",
        "requests",
        "verdicts",
        "req/verd",
        "failed",
        "unique",
        "shrinking",
        "extra",
        "extra/unique"
    );
    let mut clean_requests = None;
    for (label, faults) in fault_sets() {
        let mut server = ServerConfig::for_tests();
        server.jwt = JwtConfig::Rs256;
        server.faults = faults.into_iter().collect();
        let running = runtime
            .block_on(reference_server::spawn(server))
            .expect("the reference server starts");
        let report = run(running.url(), seed);
        let requests = report.info.traffic.as_ref().map_or(0, |t| t.requests());
        let verdicts = report
            .cases
            .iter()
            .filter(|c| {
                matches!(
                    c.outcome,
                    Outcome::Passed | Outcome::Failed | Outcome::Flaky { .. }
                )
            })
            .count();
        let failed = report
            .cases
            .iter()
            .filter(|c| c.outcome.is_failure())
            .count();
        let unique = reports::unique_failures(&report).len();
        let shrinking: u64 = report
            .cases
            .iter()
            .filter_map(|c| c.investigation.as_ref())
            .map(|i| i.requests)
            .sum();
        let clean = *clean_requests.get_or_insert(requests);
        let extra = requests as i64 - clean as i64;
        let per_unique = if unique == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}", extra as f64 / unique as f64)
        };
        println!(
            "{requests:>8} {verdicts:>8} {:>9.2} {failed:>7} {unique:>7} {shrinking:>10} {extra:>10} {per_unique:>12}  {label}",
            requests as f64 / verdicts.max(1) as f64
        );
    }
}

/// One default run against `url` with `seed`.
fn run(url: &str, seed: u64) -> RunReport {
    let config = RunConfig {
        target: TargetSpec::Url(url.to_owned()),
        suites: suites::target_suites()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        seed: results::RunSeed(seed),
        allowed_locales: ServerConfig::TEST_LOCALES
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        ..RunConfig::default()
    };
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    engine.finish(&|_| true, true).report
}
