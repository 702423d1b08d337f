//! The harness against the wire: cases per second of the one-request property
//! `token::unknown` through the real [`Engine`], next to a plain reqwest loop that sends the same
//! request (`POST /v1/token` with `{"refreshToken": "<random uuid>"}`) at the same concurrency,
//! in the same process, against the same in-process reference server. The ratio is the
//! harness's overhead (both sides pay the server's own work per request).
//!
//! A third column, "harness alone", runs the same cases through the engine with a transport
//! that answers at once with the server's answer, recorded beforehand (no socket, no server):
//! the harness's own cost per case, which bounds what the ratio can reach.
//!
//! Run with `cargo bench -p harness --bench wire` (`-- CASES` for another case count, default
//! 3000); `cargo bench -p harness --bench wire -- breakdown [REQUESTS]` for where a case's time
//! goes, one request at a time on one thread, step by step from a bare reqwest call to the
//! engine (default 10,000 requests per step); and
//! `cargo bench -p harness --bench wire -- memory [CASES]` for the flat-memory run:
//! `CASES` (default 100,000) cases on one thread while a sampler reads `VmRSS` from
//! `/proc/self/status`, printed next to the size the kept records account for.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use harness::config::{RunConfig, TargetSpec};
use harness::runner::{Engine, EngineOptions, RerunStyle};
use harness::transport::{BoxTransport, Call, Reply, Sent};
use reference_server::{RunningServer, ServerConfig};
use results::{CaseName, Outcome};
use suites::{Body, TargetError, TargetInfo};

/// The concurrencies compared.
const CONCURRENCY: [usize; 2] = [1, 4];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("wire-bench-server")
        .build()
        .expect("a runtime for the server");
    let server = server_rt
        .block_on(reference_server::spawn(ServerConfig::for_tests()))
        .expect("the reference server starts");
    if args.first().map(String::as_str) == Some("breakdown") {
        let requests = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
        breakdown(server.url(), requests);
        return;
    }
    if args.first().map(String::as_str) == Some("memory") {
        let cases = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
        memory(&server, cases);
        return;
    }
    let cases: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(3000);
    println!(
        "token::unknown, {cases} cases/requests, reference server in process, median of {ROUNDS} \
         alternating rounds"
    );
    println!(
        "{:>11} {:>14} {:>14} {:>7} {:>20}",
        "concurrency", "harness c/s", "reqwest r/s", "ratio", "harness alone c/s"
    );
    let answer = recorded_answer(server.url());
    for jobs in CONCURRENCY {
        // Warm both up (connections, allocator, the server's store) before measuring.
        plain_loop(server.url(), 200, jobs);
        engine_run(server.url(), 200, jobs, None);
        // Rounds alternate the two sides, so a slow spell of the machine hits both alike.
        let (mut wire, mut harness, mut alone) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            wire.push(plain_loop(server.url(), cases, jobs));
            harness.push(engine_run(server.url(), cases, jobs, None).0);
            alone.push(engine_run(server.url(), cases, jobs, Some(&answer)).0);
        }
        let (wire, harness, alone) = (median(wire), median(harness), median(alone));
        println!(
            "{jobs:>11} {harness:>14.0} {wire:>14.0} {:>6.1}% {alone:>20.0}",
            100.0 * harness / wire
        );
    }
}

/// The server's answer to `token::unknown`'s request: status, headers and body.
fn recorded_answer(url: &str) -> Reply {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{url}/token"))
            .header("content-type", "application/json")
            .body(format!("{{\"refreshToken\":\"{}\"}}", uuid(u64::MAX)))
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let body = response.bytes().await.expect("a body").to_vec();
        Reply {
            status,
            headers,
            body,
            ..Reply::default()
        }
    })
}

/// A transport that answers every call at once with `answer` (what was sent is recorded as an
/// HTTP transport records it).
fn instant(url: &str, answer: &Reply) -> (BoxTransport, TargetInfo) {
    let (url, answer) = (url.to_owned(), answer.clone());
    let info = TargetInfo {
        kind: "instant".to_owned(),
        url: url.clone(),
    };
    let service = tower::service_fn(move |call: Call| {
        let op = call.operation;
        let sent = Sent {
            method: op.method().to_owned(),
            url: format!("{url}{}", op.path()),
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: match &call.body {
                Some(Body::Json(v)) => Some(v.to_string().into_bytes()),
                _ => None,
            },
        };
        let reply = Reply {
            sent,
            ..answer.clone()
        };
        std::future::ready(Ok::<_, TargetError>(reply))
    });
    (BoxTransport::new(service), info)
}

/// Rounds per concurrency; each figure is the median of its rounds.
const ROUNDS: usize = 5;

/// The median of `rates`.
fn median(mut rates: Vec<f64>) -> f64 {
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// A run config for `token::unknown` against `url`: no pacing, no pool.
fn config(url: &str, cases: usize, jobs: usize) -> RunConfig {
    RunConfig {
        target: TargetSpec::Url(url.to_owned()),
        suites: vec!["token".into()],
        cases,
        concurrency: jobs,
        pool_size: 0,
        namespace: "wirebench".to_owned(),
        ..RunConfig::default()
    }
}

/// Runs `cases` cases of `token::unknown` on `jobs` workers through the engine (over HTTP, or
/// answered at once with `answer`); returns cases/s of `execute` (start-up and the final report
/// are not timed) and the engine.
fn engine_run(url: &str, cases: usize, jobs: usize, answer: Option<&Reply>) -> (f64, Arc<Engine>) {
    let select: Vec<(CaseName, Option<results::CaseSeed>)> = (0..cases)
        .map(|i| (CaseName::new("token", "unknown", i), None))
        .collect();
    let options = EngineOptions {
        select: Some(select),
        transport: answer.map(|a| instant(url, a)),
        ..EngineOptions::quiet(RerunStyle::Cli)
    };
    let engine = Engine::start(config(url, cases, jobs), options).expect("the engine starts");
    let started = Instant::now();
    engine.execute(jobs).expect("the run executes");
    let rate = cases as f64 / started.elapsed().as_secs_f64();
    let outcome = engine.finish(&|_| true, false);
    let passed = outcome
        .report
        .cases
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Passed))
        .count();
    assert_eq!(passed, cases, "every case of token::unknown passes");
    (rate, engine)
}

/// `requests` plain reqwest requests, `jobs` in flight at a time on one client; returns
/// requests/s. Each checks the status, as the property does.
fn plain_loop(url: &str, requests: usize, jobs: usize) -> f64 {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the loop");
    let client = reqwest::Client::new();
    let url = format!("{url}/token");
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    rt.block_on(async {
        let tasks: Vec<_> = (0..jobs)
            .map(|_| {
                let (client, url, next) = (client.clone(), url.clone(), Arc::clone(&next));
                tokio::spawn(async move {
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= requests as u64 {
                            break;
                        }
                        let body = format!("{{\"refreshToken\":\"{}\"}}", uuid(n));
                        let response = client
                            .post(&url)
                            .header("content-type", "application/json")
                            .body(body)
                            .send()
                            .await
                            .expect("the server answers");
                        assert_eq!(response.status().as_u16(), 401);
                        let _ = response.bytes().await.expect("a body");
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("the task ends");
        }
    });
    requests as f64 / started.elapsed().as_secs_f64()
}

/// CPU time of the whole process (the server included), in seconds.
fn process_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the kernel knows.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// One step of [`breakdown`]: `send(n)` for `requests` requests after 200 warm-up ones; prints
/// requests/s, wall time and process CPU per request.
fn step(name: &str, requests: usize, mut send: impl FnMut(u64)) {
    for n in 0..200 {
        send(u64::MAX - n);
    }
    let (started, cpu) = (Instant::now(), process_cpu());
    for n in 0..requests as u64 {
        send(n);
    }
    let wall = started.elapsed().as_secs_f64() / requests as f64;
    let cpu = (process_cpu() - cpu) / requests as f64;
    println!(
        "{name:<44} {:>8.0} {:>9.1} {:>9.1}",
        1.0 / wall,
        wall * 1e6,
        cpu * 1e6
    );
}

/// The same request one at a time on one thread, from a bare reqwest call on a current-thread
/// runtime to the whole engine, each step adding one part of the harness.
fn breakdown(url: &str, requests: usize) {
    use harness::transport::{HttpSettings, HttpTransport, LayeredTarget, Limits, StackSettings};
    use suites::{ApiRequest, AuthApi, Operation};
    use tower::ServiceExt;

    println!("token::unknown's request, one at a time, {requests} per step, in process");
    println!(
        "{:<44} {:>8} {:>9} {:>9}",
        "step", "req/s", "wall µs", "CPU µs"
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client = reqwest::Client::new();
    let token_url = format!("{url}/token");
    step("reqwest, current-thread runtime", requests, |n| {
        runtime.block_on(async {
            let response = client
                .post(&token_url)
                .header("content-type", "application/json")
                .body(format!("{{\"refreshToken\":\"{}\"}}", uuid(n)))
                .send()
                .await
                .expect("the server answers");
            assert_eq!(response.status().as_u16(), 401);
            response.bytes().await.expect("a body");
        });
    });
    let transport = HttpTransport::new(HttpSettings {
        base_url: url.to_owned(),
        timeout: Duration::from_secs(10),
        max_response_bytes: 1 << 20,
    })
    .expect("a transport");
    let request = |n| {
        ApiRequest::json(
            Operation::Refresh,
            serde_json::json!({"refreshToken": uuid(n)}),
        )
    };
    step("+ HttpTransport (bounds, capture)", requests, |n| {
        let reply = runtime
            .block_on(transport.clone().oneshot(Arc::new(request(n))))
            .expect("the server answers");
        assert_eq!(reply.status, 401);
    });
    // Any work between two requests costs more than itself: the server's workers go to sleep
    // sooner and must be woken for the next request.
    step("HttpTransport, then 5 µs of busy work", requests, |n| {
        let reply = runtime
            .block_on(transport.clone().oneshot(Arc::new(request(n))))
            .expect("the server answers");
        assert_eq!(reply.status, 401);
        let busy = Instant::now();
        while busy.elapsed() < Duration::from_micros(5) {
            std::hint::spin_loop();
        }
    });
    let stack = StackSettings {
        limits: Arc::new(Limits::new(harness::transport::PaceSettings {
            concurrency: 1,
            start: None,
            ceiling: None,
            budgets: harness::config::Budgets::unlimited(),
        })),
        secrets: Arc::new(suites::Secrets::new()),
        retry: harness::transport::RetryPolicy {
            max_retries: Some(1),
            max_backoff: Duration::from_secs(1),
            patience: Duration::from_secs(60),
        },
        cancel: harness::transport::Cancel::new(),
        shapes: Arc::new(harness::transport::Shapes::new()),
    };
    let info = TargetInfo {
        kind: "http".to_owned(),
        url: url.to_owned(),
    };
    let own = transport.clone();
    let target = LayeredTarget::each_thread(move || own.with_own_client(), info, &stack);
    step(
        "+ layers (record and redact, budget, pace)",
        requests,
        |n| {
            let response = target.send(&request(n)).expect("the server answers");
            assert_eq!(response.status, 401);
        },
    );
    let (rate, _) = engine_run(url, requests, 1, None);
    println!(
        "{:<44} {rate:>8.0} {:>9.1} {:>9}",
        "+ engine (generate, judge, record the case)",
        1e6 / rate,
        "-"
    );
}

/// A v4-shaped UUID from `n` (splitmix64, twice).
fn uuid(n: u64) -> String {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let (a, b) = (mix(n), mix(n ^ 0xA5A5));
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// `VmRSS` of this process, in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A long one-thread run with RSS sampled every 200 ms: prints the samples against cases done,
/// then the growth per case next to the size of what the report keeps per case.
fn memory(server: &RunningServer, cases: usize) {
    let before = rss_kib();
    let select: Vec<(CaseName, Option<results::CaseSeed>)> = (0..cases)
        .map(|i| (CaseName::new("token", "unknown", i), None))
        .collect();
    let options = EngineOptions {
        select: Some(select),
        ..EngineOptions::quiet(RerunStyle::Cli)
    };
    let engine = Engine::start(config(server.url(), cases, 1), options).expect("the engine starts");
    let planned = rss_kib();
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut samples = Vec::new();
            while !done.load(Ordering::Relaxed) {
                samples.push((started.elapsed(), rss_kib()));
                std::thread::sleep(Duration::from_millis(200));
            }
            samples
        })
    };
    let started = Instant::now();
    engine.execute(1).expect("the run executes");
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let samples = sampler.join().expect("the sampler ends");
    let after = rss_kib();
    let outcome = engine.finish(&|_| true, false);
    let kept: usize = outcome
        .report
        .cases
        .iter()
        .map(|c| serde_json::to_vec(c).map_or(0, |v| v.len()))
        .sum();
    println!(
        "memory: {cases} cases of token::unknown on one thread in {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "VmRSS before start {before} KiB, after planning {planned} KiB, after the run {after} KiB"
    );
    let step = (samples.len() / 10).max(1);
    for (at, kib) in samples.iter().step_by(step) {
        println!("  t={:>6.1}s  VmRSS {kib} KiB", at.as_secs_f64());
    }
    let growth = after.saturating_sub(planned) as f64 * 1024.0;
    let heap: usize = outcome.report.cases.iter().map(record_heap_bytes).sum();
    let secrets = engine.session().env().secrets.len();
    println!(
        "growth during the run: {:.0} B/case; records as NDJSON: {:.0} B/case; records in memory \
         (estimate, {MALLOC_OVERHEAD} B per allocation): {:.0} B/case ({} records); secrets \
         learned: {secrets} ({:.2} per case)",
        growth / cases as f64,
        kept as f64 / cases as f64,
        heap as f64 / cases as f64,
        outcome.report.cases.len(),
        secrets as f64 / cases as f64,
    );
}

/// What glibc's malloc adds to each allocation (header and rounding), roughly.
const MALLOC_OVERHEAD: usize = 16;

/// The heap a kept record holds: its own size and every string and vector it owns.
fn record_heap_bytes(c: &results::CaseRecord) -> usize {
    let s = |x: &String| {
        if x.capacity() == 0 {
            0
        } else {
            x.capacity() + MALLOC_OVERHEAD
        }
    };
    let o = |x: &Option<String>| x.as_ref().map_or(0, s);
    let v = |len: usize, each: usize| {
        if len == 0 {
            0
        } else {
            len * each + MALLOC_OVERHEAD
        }
    };
    let pairs =
        |p: &[(String, String)]| v(p.len(), 48) + p.iter().map(|(a, b)| s(a) + s(b)).sum::<usize>();
    std::mem::size_of::<results::CaseRecord>()
        + s(&c.name)
        + s(&c.suite)
        + s(&c.property)
        + s(&c.rerun)
        + v(c.rules.len(), 24)
        + c.rules.iter().map(s).sum::<usize>()
        + v(c.findings.len(), std::mem::size_of::<results::Finding>())
        + c.findings
            .iter()
            .map(|f| s(&f.rule) + s(&f.pointer) + s(&f.message))
            .sum::<usize>()
        + v(c.exchanges.len(), std::mem::size_of::<results::Exchange>())
        + c.exchanges
            .iter()
            .map(|x| {
                s(&x.operation)
                    + s(&x.method)
                    + s(&x.url)
                    + s(&x.curl)
                    + o(&x.request_body)
                    + o(&x.response_body)
                    + o(&x.error)
                    + pairs(&x.request_headers)
                    + pairs(&x.response_headers)
            })
            .sum::<usize>()
        + c.minimal_input.as_ref().map_or(0, |i| i.to_string().len())
}
