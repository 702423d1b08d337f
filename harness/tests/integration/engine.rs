//! The run engine against targets that stop answering, interrupted runs, re-run lines executed as
//! printed, and report paths that cannot be written.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use harness::config::{ReportPaths, RunConfig};
use harness::runner::{report_sinks, Engine, EngineOptions, RerunStyle, StopReason};
use reference_server::ServerConfig;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{bin, read_junit, temp_dir, workspace, ServeProcess};

/// What the switchable target does with each new connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Mode {
    /// Proxies to the reference server.
    Normal = 0,
    /// Reads the request and never answers.
    Hang = 1,
    /// Answers a 200 whose body drips one byte a second, forever.
    Drip = 2,
    /// Answers 429 with an empty body, every time.
    TooMany = 3,
    /// Reads the request and closes the connection without a word.
    Reset = 4,
    /// Answers 500 to the next request only, then proxies again.
    FailOnce = 5,
}

/// A loopback proxy in front of a reference server whose behaviour can be switched mid-run.
struct Switchable {
    _rt: tokio::runtime::Runtime,
    url: String,
    mode: Arc<AtomicU8>,
    /// Connections accepted while not in normal mode.
    bad_connections: Arc<AtomicUsize>,
    /// Proxied connections still open.
    proxied: Arc<AtomicUsize>,
}

impl Switchable {
    fn start() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = rt
            .block_on(reference_server::spawn(ServerConfig::for_tests()))
            .unwrap();
        let upstream: SocketAddr = server
            .url()
            .trim_start_matches("http://")
            .trim_end_matches("/v1")
            .parse()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let mode = Arc::new(AtomicU8::new(Mode::Normal as u8));
        let bad_connections = Arc::new(AtomicUsize::new(0));
        let proxied = Arc::new(AtomicUsize::new(0));
        let (m, bad, open) = (
            Arc::clone(&mode),
            Arc::clone(&bad_connections),
            Arc::clone(&proxied),
        );
        rt.spawn(async move {
            let _server = server;
            loop {
                let Ok((mut client, _)) = listener.accept().await else { break };
                let (m, bad, open) = (Arc::clone(&m), Arc::clone(&bad), Arc::clone(&open));
                tokio::spawn(async move {
                    let mut mode = m.load(Ordering::SeqCst);
                    if mode == Mode::FailOnce as u8 {
                        // Exactly one connection gets the 500; the next ones are proxied.
                        let won = m
                            .compare_exchange(mode, Mode::Normal as u8, Ordering::SeqCst, Ordering::SeqCst)
                            .is_ok();
                        if !won {
                            mode = Mode::Normal as u8;
                        }
                    }
                    if mode != Mode::Normal as u8 {
                        bad.fetch_add(1, Ordering::SeqCst);
                    }
                    match mode {
                        0 => {
                            let Ok(mut up) = tokio::net::TcpStream::connect(upstream).await else {
                                return;
                            };
                            open.fetch_add(1, Ordering::SeqCst);
                            // Proxy until the mode changes, then drop both ends.
                            let switched = async {
                                while m.load(Ordering::SeqCst) == Mode::Normal as u8 {
                                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                                }
                            };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut client, &mut up) => {}
                                _ = switched => {}
                            }
                            drop((client, up));
                            open.fetch_sub(1, Ordering::SeqCst);
                        }
                        1 => {
                            let mut buf = vec![0u8; 65536];
                            while matches!(client.read(&mut buf).await, Ok(n) if n > 0) {}
                        }
                        2 => {
                            let mut buf = vec![0u8; 65536];
                            let _ = client.read(&mut buf).await;
                            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{";
                            if client.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                            loop {
                                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                                if client.write_all(b" ").await.is_err() {
                                    return;
                                }
                            }
                        }
                        4 => {
                            let mut buf = vec![0u8; 65536];
                            let _ = client.read(&mut buf).await;
                        }
                        5 => {
                            let mut buf = vec![0u8; 65536];
                            let _ = client.read(&mut buf).await;
                            let _ = client
                                .write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                                .await;
                        }
                        _ => {
                            let mut buf = vec![0u8; 65536];
                            let _ = client.read(&mut buf).await;
                            let _ = client
                                .write_all(b"HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                                .await;
                        }
                    }
                });
            }
        });
        Self {
            _rt: rt,
            url: format!("http://{addr}/v1"),
            mode,
            bad_connections,
            proxied,
        }
    }

    /// Switches the mode and returns once every connection proxied before is closed, so no
    /// request of the run can still be on its way over one.
    fn switch(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.proxied.load(Ordering::SeqCst) > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "proxied connections did not close"
            );
            std::thread::yield_now();
        }
    }
}

fn ndjson_cases(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("every NDJSON line parses"))
        .filter(|v| v["type"] == "case")
        .collect()
}

fn paths(dir: &Path) -> ReportPaths {
    ReportPaths::default()
        .with("junit", dir.join("junit.xml"))
        .with("ndjson", dir.join("results.ndjson"))
        .with("markdown", dir.join("summary.md"))
        .with("html", dir.join("summary.html"))
}

/// At default settings (10 s timeout, 2 jobs, breaker after 4 unanswered requests), a target
/// that stops answering after the probe ends the run after at most `breaker + jobs` further
/// connections per attempt, every report written, exit 3. `patience` shortens how long one
/// request waits out 429s (330 s by default: a rate-limited service may refuse a sign-up for
/// one of its 5-minute windows).
fn stops_answering(mode: Mode, attempts_per_request: usize, patience: Option<Duration>) {
    let target = Switchable::start();
    let dir = temp_dir("engine", &format!("gone-{mode:?}"));
    let mut config = RunConfig::default().with_url_defaults(target.url.clone());
    if let Some(patience) = patience {
        config.max_throttle_wait = patience;
    }
    config.namespace = format!("gone{}", mode as u8);
    config.reports = paths(&dir);
    let sinks = report_sinks(&config.reports).unwrap();
    let breaker = config.breaker_failures as usize;
    let engine = Engine::start(
        config,
        EngineOptions {
            sinks,
            ..EngineOptions::quiet(RerunStyle::Cli)
        },
    )
    .expect("the probe passes while the target still answers");
    target.switch(mode);
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    assert!(
        matches!(outcome.stopped, Some(StopReason::TargetGone { .. })),
        "{:?}",
        outcome.stopped
    );
    assert_eq!(outcome.exit_code(), 3);
    let sent = target.bad_connections.load(Ordering::SeqCst);
    assert!(
        sent <= (breaker + 2) * attempts_per_request,
        "{sent} connections after the target went quiet"
    );
    let junit = read_junit(&dir.join("junit.xml"));
    let planned = outcome.report.cases.len();
    assert_eq!(junit["totals"]["tests"], planned);
    let not_run = junit["cases"]
        .as_object()
        .unwrap()
        .values()
        .filter(|c| c["type"] == "not_run")
        .count();
    assert!(not_run > planned / 2, "{not_run} of {planned} not run");
    let lines = ndjson_cases(&dir.join("results.ndjson"));
    assert_eq!(
        lines.len(),
        planned,
        "the NDJSON holds every case, the unfinished too"
    );
    let not_run_lines = lines
        .iter()
        .filter(|c| c["outcome"]["kind"] == "not_run")
        .count();
    assert_eq!(not_run_lines, not_run);
    for file in ["summary.md", "summary.html"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.contains("not run"), "{file} shows the cases not run");
    }
}

#[test]
fn a_target_that_hangs_after_the_probe_trips_the_breaker() {
    stops_answering(Mode::Hang, 1, None);
}

#[test]
fn a_target_that_drips_after_the_probe_trips_the_breaker() {
    stops_answering(Mode::Drip, 1, None);
}

#[test]
fn a_target_that_resets_every_connection_trips_the_breaker() {
    stops_answering(Mode::Reset, 2, None);
}

#[test]
fn a_target_that_answers_429_forever_trips_the_breaker() {
    // Each request waits out 429s for 3 s (1 s, then 2 s) and is tried 3 times before it
    // counts as unanswered.
    stops_answering(Mode::TooMany, 3, Some(Duration::from_secs(3)));
}

#[test]
fn sigterm_mid_run_writes_every_report_and_exits_143() {
    sigterm_mid_run(&[], "sigterm");
}

/// The same through the SDK: the bridge's calls are bounded, so the drain is too.
#[test]
fn sigterm_mid_run_through_the_sdk_writes_every_report_and_exits_143() {
    sigterm_mid_run(
        &["--via", "sdk", "--suite", "boundary", "--suite", "token"],
        "sigterm-sdk",
    );
}

/// Starts a long run with `extra` flags, sends SIGTERM once a suite has finished, and checks
/// exit 143, valid JUnit with passed and not-run cases, and one NDJSON line per finished case.
fn sigterm_mid_run(extra: &[&str], name: &str) {
    let dir = temp_dir("engine", name);
    let mut child = bin()
        .args(["run", "--cases", "200"])
        .args(extra)
        .arg("--out-dir")
        .arg(&dir)
        .env("NHOST_NAMESPACE", "sigterm")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until a suite has finished (its line is printed), then terminate.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut lines = stderr.lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.starts_with("suite ");
        seen.push(line);
        if done {
            break;
        }
    }
    let pid = child.id() as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{seen:?}\n{rest:?}");
    let junit = read_junit(&dir.join("junit.xml"));
    let cases = junit["cases"].as_object().unwrap();
    let kind = |c: &Value| {
        c["type"]
            .as_str()
            .unwrap_or(c["result"].as_str().unwrap())
            .to_owned()
    };
    let passed = cases.values().filter(|c| kind(c) == "passed").count();
    let not_run = cases.values().filter(|c| kind(c) == "not_run").count();
    assert!(
        passed > 0 && not_run > 0,
        "{passed} passed, {not_run} not run"
    );
    let lines = ndjson_cases(&dir.join("results.ndjson"));
    assert_eq!(lines.len(), cases.len(), "the NDJSON holds every case");
    let not_run_lines = lines
        .iter()
        .filter(|c| c["outcome"]["kind"] == "not_run")
        .count();
    assert_eq!(not_run_lines, not_run);
}

/// The first `re-run:` line in `text`.
fn rerun_line(text: &str) -> String {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("re-run: "))
        .unwrap_or_else(|| panic!("no re-run line in:\n{text}"))
        .to_owned()
}

fn sh(line: &str) -> std::process::Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(line).current_dir(workspace());
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("NHOST_")) {
        cmd.env_remove(k);
    }
    cmd.output().unwrap()
}

#[test]
fn the_printed_replay_line_reproduces_the_failure() {
    let dir = temp_dir("engine", "rerun");
    let out = bin()
        .args([
            "run",
            "--fault",
            "no-refresh-rotation",
            "--suite",
            "token",
            "--out-dir",
        ])
        .arg(&dir)
        .env("NHOST_NAMESPACE", "rerun")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = rerun_line(&stderr);
    assert!(
        line.contains(" replay ") && line.contains(".case.json"),
        "{line}"
    );
    // Pasted as printed, with no NHOST_* in the environment: the same failure.
    let again = sh(&line);
    let again_err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{line}\n{again_err}");
    assert!(again_err.contains("reproduced: "), "{again_err}");
    // The case file alone, without the flags of the original run.
    let file = line.rsplit(' ').next().unwrap().trim_matches('\'');
    let alone = bin().args(["replay", file]).output().unwrap();
    assert_eq!(alone.status.code(), Some(1));
    let text = std::fs::read_to_string(workspace().join(file).as_path())
        .or_else(|_| std::fs::read_to_string(file))
        .unwrap();
    assert!(!text.contains(reference_server::JwtConfig::TEST_SECRET));
    // The `cargo test` line printed under it, pasted as printed, fails the same case.
    let cargo_line = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("or: "))
        .unwrap_or_else(|| panic!("no `or:` line in:\n{stderr}"))
        .to_owned();
    let name = cargo_line.rsplit(' ').next().unwrap().to_owned();
    let cargo = sh(&cargo_line);
    let cargo_out = String::from_utf8_lossy(&cargo.stdout);
    assert_eq!(cargo.status.code(), Some(101), "{cargo_line}\n{cargo_out}");
    assert!(
        cargo_out.contains(&format!("{name} ... FAILED")),
        "{cargo_out}"
    );
}

#[test]
fn the_printed_cargo_test_line_reproduces_the_failure() {
    let dir = temp_dir("engine", "cargo-rerun");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut first = Command::new(&cargo);
    first
        .args(["test", "-q", "-p", "harness", "--test", "conformance"])
        .current_dir(workspace())
        .env("NHOST_FAULTS", "no-refresh-rotation")
        .env("NHOST_SUITES", "token")
        .env("NHOST_NAMESPACE", "cargorerun")
        .env("NHOST_OUT_DIR", &dir);
    let out = first.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(101), "{stdout}");
    let line = rerun_line(&stdout);
    assert!(
        line.contains("cargo test -p harness --test conformance -- --exact token::"),
        "{line}"
    );
    let name = line.rsplit(' ').next().unwrap().to_owned();
    let again = sh(&line);
    let again_out = String::from_utf8_lossy(&again.stdout);
    assert_eq!(again.status.code(), Some(101), "{line}\n{again_out}");
    assert!(
        again_out.contains(&format!("{name} ... FAILED")),
        "{again_out}"
    );
    assert!(
        again_out.contains("1 failed"),
        "only that case ran: {again_out}"
    );
}

#[test]
fn an_out_dir_that_is_a_file_fails_before_any_request() {
    let dir = temp_dir("engine", "outdir");
    let file = dir.join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let out = bin()
        .args(["run", "--target", &url, "--out-dir"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(listener.accept().is_err(), "the target saw a connection");
}

#[test]
fn max_duration_bounds_the_run_and_exits_incomplete() {
    let dir = temp_dir("engine", "deadline");
    let out = bin()
        .args(["run", "--cases", "200", "--max-duration", "2", "--out-dir"])
        .arg(&dir)
        .env("NHOST_NAMESPACE", "deadline")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains(
            "STOPPED: not reached within the run's --max-duration of 2 s; raise --max-duration"
        ),
        "{stderr}"
    );
    let junit = read_junit(&dir.join("junit.xml"));
    let not_covered = junit["cases"]
        .as_object()
        .unwrap()
        .values()
        .filter(|c| c["type"] == "not_covered")
        .count();
    assert!(not_covered > 0, "what the bound left out is not covered");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{not_covered} not covered")),
        "{stdout}"
    );
}

#[test]
fn a_closed_stdout_ends_the_listing_quietly() {
    let mut child = bin()
        .args(["trials", "--list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close our end of the pipe, like `| head -1`.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(first.ends_with(": test\n"), "{first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}

#[test]
fn the_embedded_server_signs_with_the_configured_jwt_secret() {
    let secret = "a-secret-the-user-chose-for-this-run";
    let config = RunConfig {
        jwt_secret: Some(secret.to_owned()),
        suites: vec!["jwt".to_owned()],
        cases: 2,
        namespace: "jwtsecret".to_owned(),
        ..RunConfig::default()
    };
    let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).unwrap();
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    let failed: Vec<_> = outcome
        .report
        .cases
        .iter()
        .filter(|c| c.outcome.is_failure())
        .map(|c| (&c.name, &c.findings))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert!(outcome
        .report
        .cases
        .iter()
        .any(|c| c.rules.iter().any(|r| r.contains("signature"))));
}

#[test]
fn the_plan_covers_every_rule_once_before_any_second_case() {
    let config = RunConfig {
        cases: 4,
        ..RunConfig::default()
    };
    let plan = harness::runner::list_plan(&config).unwrap();
    let again = harness::runner::list_plan(&config).unwrap();
    let names: Vec<String> = plan.iter().map(|p| p.name.to_string()).collect();
    let names_again: Vec<String> = again.iter().map(|p| p.name.to_string()).collect();
    assert_eq!(
        names, names_again,
        "the same configuration plans the same order"
    );
    let seeds: Vec<results::CaseSeed> = plan.iter().map(|p| p.seed).collect();
    assert_eq!(seeds, again.iter().map(|p| p.seed).collect::<Vec<_>>());
    // Every property's first round comes before any property's second round.
    let first_round_end = plan
        .iter()
        .rposition(|p| p.index < harness::runner::rule_cases(p.property))
        .unwrap();
    let second_round_start = plan
        .iter()
        .position(|p| p.index >= harness::runner::rule_cases(p.property))
        .unwrap();
    assert!(first_round_end < second_round_start, "{names:?}");
    let properties: std::collections::BTreeSet<String> =
        plan.iter().map(|p| p.property_id()).collect();
    let first: std::collections::BTreeSet<String> = plan[..second_round_start]
        .iter()
        .map(|p| p.property_id())
        .collect();
    assert_eq!(properties, first, "round 1 holds every property");
}

#[test]
fn not_covered_cases_make_the_run_incomplete_unless_allowed() {
    // A URL target without the HS256 secret: the jwt signature cases cannot be covered.
    let target = Switchable::start();
    let run = |allow: bool| {
        let mut config = RunConfig::default().with_url_defaults(target.url.clone());
        config.suites = vec!["jwt".to_owned()];
        config.cases = 1;
        config.allow_incomplete = allow;
        config.namespace = format!("incomplete{allow}");
        let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).unwrap();
        engine.execute(2).unwrap();
        engine.finish(&|_| true, true)
    };
    let strict = run(false);
    assert!(strict.incomplete() > 0, "{:?}", strict.report.cases);
    assert_eq!(strict.exit_code(), 5);
    assert_eq!(run(true).exit_code(), 0);
}

#[test]
fn a_rate_limited_target_slows_the_run_down_instead_of_failing_it() {
    let server = ServerConfig {
        rate_limits: reference_server::RateLimits {
            global: Some(reference_server::RateLimit::per(25, 1)),
            retry_after: true,
            ..reference_server::RateLimits::default()
        },
        ..ServerConfig::for_tests()
    };
    let config = RunConfig {
        suites: vec!["token".to_owned(), "user".to_owned(), "signin".to_owned()],
        cases: 3,
        namespace: "ratelimited".to_owned(),
        max_duration: Some(std::time::Duration::from_secs(120)),
        ..RunConfig::default()
    };
    let engine = Engine::start(
        config,
        EngineOptions {
            server: Some(server),
            ..EngineOptions::quiet(RerunStyle::Cli)
        },
    )
    .unwrap();
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    let traffic = outcome
        .report
        .info
        .traffic
        .clone()
        .expect("traffic is counted");
    assert!(traffic.throttled_total() > 0, "the target did answer 429");
    assert!(traffic.slowest_per_sec.is_some(), "a pace was learned");
    let failed: Vec<_> = outcome
        .report
        .cases
        .iter()
        .filter(|c| c.outcome.is_failure())
        .map(|c| (&c.name, &c.findings))
        .collect();
    assert!(
        failed.is_empty(),
        "no case fails because of our own speed: {failed:?}"
    );
    assert!(outcome.stopped.is_none(), "{:?}", outcome.stopped);
}

/// Starts `serve` with `flags`; returns the child (kill it) and its URL.
#[test]
fn project_modes_leave_what_cannot_be_exercised_not_covered() {
    for (flags, suites, reason) in [
        (
            vec!["--verify-email"],
            vec!["signup", "token"],
            "email verification",
        ),
        (
            vec![],
            vec!["anonymous"],
            "anonymous sign-in is not available",
        ),
    ] {
        let server = ServeProcess::start(&flags);
        let dir = temp_dir("engine", &format!("mode-{}", suites[0]));
        let mut run = bin();
        run.args(["run", "--target", &server.url, "--cases", "1", "--out-dir"])
            .arg(&dir)
            .env("NHOST_NAMESPACE", format!("mode{}", suites[0]));
        for s in &suites {
            run.args(["--suite", s]);
        }
        let out = run.output().unwrap();
        drop(server);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{flags:?}: {stderr}");
        let junit = read_junit(&dir.join("junit.xml"));
        let cases = junit["cases"].as_object().unwrap();
        let not_covered: Vec<&Value> = cases
            .values()
            .filter(|c| c["type"] == "not_covered")
            .collect();
        assert!(!not_covered.is_empty());
        for case in ndjson_cases(&dir.join("results.ndjson")) {
            if case["outcome"]["kind"] == "passed" {
                let rules = case["rules"].as_array().unwrap();
                assert!(
                    !rules.is_empty(),
                    "{flags:?}: {} passed without exercising a rule",
                    case["name"]
                );
            }
        }
        assert!(
            not_covered
                .iter()
                .all(|c| c["message"].as_str().unwrap_or("").contains(reason)
                    || c["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("no pool account")),
            "{flags:?}: {not_covered:?}"
        );
    }
}

#[test]
fn opt_in_budgets_cover_the_same_cases_every_run_and_name_the_flag() {
    let server = ServeProcess::start(&["--anonymous"]);
    let run = |n: u8| {
        let dir = temp_dir("engine", &format!("budgets-{n}"));
        let out = bin()
            .args(["run", "--target", &server.url, "--out-dir"])
            .arg(&dir)
            .args(["--budget", "sign_up=12", "--budget", "sign_in_anonymous=4"])
            .env("NHOST_JWT_SECRET", reference_server::JwtConfig::TEST_SECRET)
            .env("NHOST_NAMESPACE", format!("budgets{n}"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(matches!(out.status.code(), Some(0 | 5)), "{stderr}");
        assert!(
            stderr.contains("budgets sign_in_anonymous=4,sign_up=12: cases run one at a time"),
            "{stderr}"
        );
        let junit = read_junit(&dir.join("junit.xml"));
        let mut left_out: Vec<(String, String)> = junit["cases"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, c)| c["type"] == "not_covered")
            .map(|(name, c)| (name.clone(), c["message"].as_str().unwrap_or("").to_owned()))
            .collect();
        left_out.sort();
        (out.status.code(), left_out)
    };
    let (code, first) = run(1);
    let (code_again, second) = run(2);
    drop(server);
    assert_eq!(code, code_again);
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&first),
        names(&second),
        "the same seed leaves the same cases out"
    );
    assert!(!first.is_empty(), "budgets this small leave cases out");
    assert_eq!(code, Some(5), "exit 5 when something was left out");
    for (name, reason) in &first {
        assert!(
            reason.contains("budget") && reason.contains("--budget"),
            "{name} says why it was left out and what would cover it: {reason}"
        );
    }
}

#[test]
fn a_failure_that_does_not_happen_again_is_flaky_not_failed() {
    let target = Switchable::start();
    let mut config = RunConfig::default().with_url_defaults(target.url.clone());
    config.suites = vec!["token".to_owned()];
    config.cases = 3;
    config.namespace = "flaky".to_owned();
    let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::Cli)).unwrap();
    target.switch(Mode::FailOnce);
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    let kinds: Vec<(&str, &str)> = outcome
        .report
        .cases
        .iter()
        .map(|c| (c.name.as_str(), c.outcome.kind()))
        .collect();
    let flaky: Vec<_> = kinds.iter().filter(|(_, k)| *k == "flaky").collect();
    assert_eq!(flaky.len(), 1, "{kinds:?}");
    assert!(!outcome.failed(), "{kinds:?}");
    assert_eq!(outcome.exit_code(), 0);
    let record = outcome
        .report
        .cases
        .iter()
        .find(|c| c.outcome.kind() == "flaky")
        .unwrap();
    assert!(
        record
            .findings
            .iter()
            .any(|f| f.rule.contains("no-server-error") || f.rule.contains("status")),
        "the flaky record keeps what the failing run found: {:?}",
        record.findings
    );
}
