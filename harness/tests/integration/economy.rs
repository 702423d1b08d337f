//! Request economy: failures grouped before they are shrunk, shrinking within its
//! budgets, and the run's own request counter against what the server saw. Each test puts the
//! reference server (in process, port 0) behind a counter of every request that reaches it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use harness::config::{RunConfig, TargetSpec};
use harness::runner::{Engine, EngineOptions, RerunStyle};
use reference_server::{Fault, JwtConfig, ServerConfig};
use results::{CaseRecord, Outcome, RunReport};
use serde_json::Value;

use super::common::{bin_in, run_line, serve, temp_dir};

/// What the two sign-up faults of the issue cost on main before this change (seed 1, the
/// suites that talk to the target, through a counting proxy in front of `serve --anonymous
/// --rs256`): 837 requests clean, 2,398 with both faults on.
const EXTRA_BEFORE: u64 = 2398 - 837;

/// The reference server (RS256, anonymous sign-in on, test locales) behind a counter.
struct Counted {
    _runtime: tokio::runtime::Runtime,
    url: String,
    seen: Arc<AtomicU64>,
}

impl Counted {
    fn start(faults: &[Fault]) -> Self {
        let mut config = ServerConfig::for_tests();
        config.jwt = JwtConfig::Rs256;
        config.faults = faults.iter().copied().collect();
        let seen = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&seen);
        let app = reference_server::app(config).layer(tower::util::MapRequestLayer::new(
            move |request: axum::extract::Request| {
                counter.fetch_add(1, Ordering::SeqCst);
                request
            },
        ));
        let (runtime, addr) = serve(app);
        Self {
            _runtime: runtime,
            url: format!("http://{addr}/v1"),
            seen,
        }
    }

    /// Requests that reached the server so far.
    fn seen(&self) -> u64 {
        self.seen.load(Ordering::SeqCst)
    }

    /// Waits (at most 10 s) until the server has seen `sent` requests since `before`, and
    /// returns how many it saw: a request a process counted just before it ended may still be on
    /// its way.
    fn seen_since(&self, before: u64, sent: u64) -> u64 {
        let until = Instant::now() + Duration::from_secs(10);
        while self.seen() - before < sent && Instant::now() < until {
            std::thread::yield_now();
        }
        self.seen() - before
    }
}

/// A run of the suites that talk to the target against `url`, with `seed`.
fn url_run(url: &str, seed: u64) -> RunConfig {
    RunConfig {
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
    }
}

/// Runs `config` with two jobs (as `run` does): the report and the requests it counted.
fn counted_run(server: &Counted, config: RunConfig) -> (RunReport, u64, u64) {
    let before = server.seen();
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).expect("the run starts");
    engine.execute(2).expect("the run executes");
    let report = engine.finish(&|_| true, true).report;
    let sent = report.info.traffic.as_ref().map_or(0, |t| t.requests());
    (report, sent, server.seen_since(before, sent))
}

fn failed(report: &RunReport) -> Vec<&CaseRecord> {
    report
        .cases
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .collect()
}

/// Whether a failed boundary case holds an input at this field (the boundary phase runs the
/// same named inputs at every seed).
fn boundary_failed(report: &RunReport, found: impl Fn(&Value) -> bool) -> bool {
    failed(report).iter().any(|c| {
        c.suite == "boundary"
            && c.minimal_input
                .as_ref()
                .is_some_and(|i| found(&i["boundary"]))
    })
}

#[test]
fn two_sign_up_faults_are_found_at_every_seed_for_a_third_of_their_old_cost() {
    let clean = Counted::start(&[]);
    let faulty = Counted::start(&[Fault::LongPassword500, Fault::NulInStoredField500]);
    for seed in 1..=10 {
        let (clean_report, clean_sent, clean_seen) = counted_run(&clean, url_run(&clean.url, seed));
        assert_eq!(
            clean_sent, clean_seen,
            "seed {seed}: the clean run's own count"
        );
        assert!(failed(&clean_report).is_empty(), "seed {seed}: a clean run");
        let (report, sent, seen) = counted_run(&faulty, url_run(&faulty.url, seed));
        assert_eq!(
            sent, seen,
            "seed {seed}: the run's own count is the server's"
        );
        assert!(
            boundary_failed(&report, |b| b["field"] == "password" && b["limit"] == 50),
            "seed {seed}: long-password-500 found"
        );
        assert!(
            boundary_failed(&report, |b| b["characters"] == "U+0000"),
            "seed {seed}: nul-in-stored-field-500 found"
        );
        let extra = sent.saturating_sub(clean_sent);
        assert!(
            extra * 3 <= EXTRA_BEFORE,
            "seed {seed}: the faults cost {extra} requests more than a clean run ({sent} vs {clean_sent}), more than a third of {EXTRA_BEFORE}"
        );
        eprintln!("seed {seed}: clean {clean_sent}, with both faults {sent} (+{extra})");
    }
}

/// How many requests a run whose every session is broken may send, as a multiple of the same
/// plan against a conforming server.
const EVERY_CASE_FAILS_MULTIPLE: f64 = 1.25;

#[test]
fn a_run_whose_every_session_is_broken_shrinks_a_handful_of_representatives() {
    let clean = Counted::start(&[]);
    let broken = Counted::start(&[Fault::ExpiresInAsString]);
    let (_, clean_sent, _) = counted_run(&clean, url_run(&clean.url, 1337));
    let (report, sent, seen) = counted_run(&broken, url_run(&broken.url, 1337));
    assert_eq!(sent, seen, "the run's own count is the server's");
    let failed = failed(&report);
    let shrunk: Vec<&&CaseRecord> = failed
        .iter()
        .filter(|c| {
            c.investigation
                .as_ref()
                .is_some_and(|i| i.same_as.is_none())
        })
        .collect();
    assert!(failed.len() >= 100, "every session fails: {}", failed.len());
    assert!(
        failed.iter().all(|c| c.investigation.is_some()),
        "every failure has its signature"
    );
    assert!(
        (1..=12).contains(&shrunk.len()),
        "a handful of representatives, not {} of {} failures",
        shrunk.len(),
        failed.len()
    );
    let unique = reports::unique_failures(&report);
    assert_eq!(
        unique.len(),
        shrunk.len(),
        "one representative per signature"
    );
    for case in &failed {
        let i = case.investigation.as_ref().unwrap();
        if let Some(rep) = &i.same_as {
            assert!(
                shrunk.iter().any(|s| &s.name == rep),
                "{} refers to a case that was shrunk",
                case.name
            );
            assert_eq!(i.requests, 0, "a reference is neither re-run nor shrunk");
        }
    }
    assert!(
        sent as f64 <= EVERY_CASE_FAILS_MULTIPLE * clean_sent as f64,
        "{sent} requests, more than {EVERY_CASE_FAILS_MULTIPLE} x the clean run's {clean_sent}"
    );
}

#[test]
fn run_and_fuzz_report_the_requests_the_server_saw() {
    let server = Counted::start(&[Fault::NulInStoredField500]);
    for (command, extra) in [
        (
            "run",
            vec!["--seed", "7", "--suite", "boundary", "--suite", "token"],
        ),
        ("fuzz", vec!["--duration", "8s", "--seed", "7"]),
    ] {
        let dir = temp_dir("economy", command);
        let before = server.seen();
        let out = bin_in(&dir)
            .args([command, "--target", &server.url, "--out-dir"])
            .arg(&dir)
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{command} finds the fault: {stderr}"
        );
        let run = run_line(&dir.join("results.ndjson"));
        let sent: u64 = run["info"]["traffic"]["sent"]
            .as_object()
            .unwrap_or_else(|| panic!("{command}: no traffic in {run}"))
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        let seen = server.seen_since(before, sent);
        assert_eq!(sent, seen, "{command}: its own count is the server's");
        assert!(
            stderr.contains(&format!("{sent} request")),
            "{command} prints the count: {stderr}"
        );
    }
}

#[test]
fn the_plan_bounds_the_sign_ups_and_sign_ins_a_clean_run_sends() {
    let server = Counted::start(&[]);
    let config = url_run(&server.url, 3);
    let pool = config.pool_size as u64;
    let engine =
        Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).expect("the run starts");
    let needs = harness::runner::plan_cost(engine.plan(), engine.session().env());
    engine.execute(2).expect("the run executes");
    let report = engine.finish(&|_| true, true).report;
    let traffic = report.info.traffic.expect("the run counts its traffic");
    let sent = |op: &str| traffic.sent.get(op).copied().unwrap_or(0);
    // The pool: a sign-up and a sign-in per account; the probe: one anonymous sign-in.
    for (op, planned) in [
        ("sign_up", u64::from(needs.sign_ups) + pool),
        ("sign_in", u64::from(needs.sign_ins) + pool),
        ("sign_in_anonymous", u64::from(needs.anonymous) + 1),
    ] {
        assert!(
            sent(op) <= planned && sent(op) * 10 >= planned * 8,
            "{op}: the plan said at most {planned}, the run sent {}",
            sent(op)
        );
    }
}
