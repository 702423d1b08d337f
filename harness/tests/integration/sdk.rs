//! The SDK target and the `sdk` suite: every suite through each pinned SDK line
//! against the embedded server in both contracts; documents served to the SDKs by the stage,
//! with hangs and crashes contained; a transport of the test's own under the same layers.

use std::time::Duration;

use axum::body::Body;
use harness::config::{RunConfig, ViaKind};
use harness::runner::{Engine, EngineOptions, RerunStyle};
use harness::transport::sdk::{self, Bridge, BridgeFailure, BridgeSettings, BridgeStage, SdkLine};
use harness::transport::{BoxTransport, Call, Reply, Sent};
use reference_server::{Profile, ServerConfig};
use reports::ReactionTable;
use results::{Outcome, ReactionKind};
use serde_json::json;
use suites::{Operation, SdkStage, Seen, Served, ServedBody, TargetInfo};
use tower::ServiceExt;

use crate::common::{describe, embedded, failed, workspace};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn every_suite_passes_through_the_sdk_both_contracts_both_lines() {
    for line in SdkLine::ALL {
        for (profile, contract) in [
            (Profile::Published, "published"),
            (Profile::Deployed, "deployed"),
        ] {
            let mut config = embedded(profile, contract, &[], 2);
            config.via = ViaKind::Sdk;
            config.sdk = line;
            // 3.x's known deviations come from the built-in set `nhost-js-v3`, in force by default.
            let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest))
                .expect("the run starts");
            engine.execute(2).expect("the run executes");
            let outcome = engine.finish(&|_| true, true);
            let records = &outcome.report.cases;
            let label = format!("{line} {contract}");
            assert!(
                failed(records).is_empty(),
                "{label}:\n{}",
                describe(&failed(records))
            );
            assert!(
                outcome.stale.is_empty(),
                "{label}: stale {:?}",
                outcome.stale
            );
            assert_eq!(outcome.exit_code(), 0, "{label}: {:?}", outcome.stopped);
            // Counted as the SDK's fetch made them: none for a call it refused to make.
            let made = records
                .iter()
                .flat_map(|c| &c.exchanges)
                .filter(|x| !x.url.is_empty() && x.status.is_some())
                .count() as u64;
            let traffic = outcome.report.info.traffic.as_ref().unwrap();
            assert!(
                traffic.requests() >= made,
                "{label}: {traffic}, {made} exchanges with an answer"
            );
            // Every answer judged came through the SDK's own calls.
            let via: Vec<&str> = records
                .iter()
                .flat_map(|c| &c.exchanges)
                .map(|x| x.via.as_deref().unwrap_or("plain HTTP"))
                .collect();
            assert!(!via.is_empty(), "{label}");
            let sdk = sdk::install::sdk_label(line);
            assert!(
                via.iter().all(|v| v.ends_with(&format!("through {sdk}"))),
                "{label}: {:?}",
                via.iter().find(|v| !v.ends_with(&sdk))
            );
            // What the SDK cannot send (raw bytes) is not applicable, never passed.
            let raw = records
                .iter()
                .find(|c| c.name.starts_with("negative::abuse::"))
                .expect("abuse cases ran");
            assert!(
                matches!(&raw.outcome, Outcome::NotApplicable { reason } if reason.contains("raw")),
                "{label}: {:?}",
                raw.outcome
            );
        }
    }
}

#[test]
fn the_sdk_suite_serves_every_mutant_class_to_each_pinned_sdk_and_tables_the_reactions() {
    let mut config = embedded(Profile::Published, "published", &[], 1);
    config.suites = vec!["sdk".to_owned()];
    let engine = Engine::start(config, EngineOptions::quiet(RerunStyle::CargoTest)).unwrap();
    engine.execute(2).unwrap();
    let outcome = engine.finish(&|_| true, true);
    let records = &outcome.report.cases;
    assert!(failed(records).is_empty(), "{}", describe(&failed(records)));
    assert!(outcome.stale.is_empty(), "stale {:?}", outcome.stale);
    // The stage talks to its own stub, never to the target: its requests are counted apart,
    // at least one per served document.
    let traffic = outcome.report.info.traffic.as_ref().unwrap();
    assert_eq!(traffic.requests(), 0, "{traffic}");
    let served = records.iter().filter(|c| !c.exchanges.is_empty()).count() as u64;
    assert!(
        traffic.elsewhere.get("sdk stage").copied().unwrap_or(0) >= served,
        "{traffic}, {served} documents served"
    );
    let contract = contract::Contract::published();
    let classes: std::collections::BTreeSet<usize> =
        generators::mutate::classes(&contract).into_iter().collect();
    for line in SdkLine::ALL {
        let client = sdk::install::sdk_label(line);
        let served: std::collections::BTreeSet<usize> = records
            .iter()
            .flat_map(|c| &c.reactions)
            .filter(|r| r.client == client && r.rule != results::Reaction::VALID)
            .filter_map(|r| generators::mutate::family_of(&r.rule))
            .collect();
        assert_eq!(served, classes, "{client}: every mutant class is served");
    }
    // 4.x takes every valid session intact; 3.x's known deviations are expected failures.
    let table = ReactionTable::of(&outcome.report);
    let v4 = table
        .clients
        .iter()
        .position(|c| *c == sdk::install::sdk_label(SdkLine::V4))
        .unwrap();
    let valid = &table.rows[0];
    assert_eq!(valid.rule, results::Reaction::VALID);
    assert_eq!(
        valid.cells[v4].counts.keys().copied().collect::<Vec<_>>(),
        [ReactionKind::Intact]
    );
    // A crash of 3.x restarted its bridge and the run went on: later cases have reactions too.
    let v3 = sdk::install::sdk_label(SdkLine::V3);
    let crashed = records
        .iter()
        .position(|c| {
            c.reactions
                .iter()
                .any(|r| r.client == v3 && r.kind == ReactionKind::Crashed)
        })
        .expect("3.x crashes on some served session (a known 3.x bug)");
    assert!(records[crashed + 1..]
        .iter()
        .any(|c| c.reactions.iter().any(|r| r.client == v3)));
    // What the stage sent and served is redacted like any exchange: the stage's password and
    // refresh token and the served tokens are in no record.
    let text = serde_json::to_string(records).unwrap();
    for secret in [
        "stage-password",
        "4bd3a1c2-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "eyJhbGciOi",
    ] {
        assert!(!text.contains(secret), "{secret} in a record");
    }
    assert!(
        text.contains("[redacted#"),
        "the stage's exchanges are recorded"
    );
    // The table is in the summaries and in the test output.
    let markdown = reports::render_markdown(&outcome.report, &reports::SummaryOptions::default());
    assert!(markdown.contains("### SDK reactions to served sessions"));
    assert!(markdown.contains("passed through"), "{markdown}");
    let html = reports::render_html(&outcome.report, &reports::SummaryOptions::default());
    assert!(html.contains("<h2>SDK reactions to served sessions</h2>"));
}

/// A stage with a short call timeout.
fn stage(rt: &tokio::runtime::Runtime, timeout: Duration) -> BridgeStage {
    BridgeStage::new(
        rt.handle().clone(),
        std::sync::Arc::default(),
        SdkLine::ALL.to_vec(),
        timeout,
        512,
    )
    .unwrap()
}

fn valid_sign_in() -> Served {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.c2ln";
    Served {
        operation: Operation::SignIn,
        status: 200,
        body: ServedBody::Json(json!({"session": {
            "accessToken": jwt, "accessTokenExpiresIn": 900,
            "refreshToken": "1fb17604-86c7-444e-b337-09a644465f2d",
            "refreshTokenId": "c3b747ef-76a9-4c56-8091-ed3e6b8afb2c",
            "user": {"id": "u1", "email": "a@example.com", "allowedRoles": ["user"], "defaultRole": "user"}
        }})),
    }
}

#[test]
fn a_stub_that_never_answers_is_a_hang_within_the_call_timeout_and_the_stage_goes_on() {
    let rt = runtime();
    let stage = stage(&rt, Duration::from_secs(1));
    let silent = Served {
        operation: Operation::SignIn,
        status: 200,
        body: ServedBody::Silence,
    };
    for line in ["v4", "v3"] {
        let staged = stage.serve(line, &silent).unwrap();
        match &staged.seen {
            Seen::Hung { detail } => assert!(detail.contains("1.0 s"), "{line}: {detail}"),
            other => panic!("{line}: {other:?}"),
        }
        // Not stalled: the same client answers the next document.
        assert_goes_on(&stage, line);
    }
}

/// The stage's next serve to `line`, a valid sign-in, reaches its caller.
fn assert_goes_on(stage: &BridgeStage, line: &str) {
    let next = stage.serve(line, &valid_sign_in()).unwrap();
    assert!(
        matches!(next.seen, Seen::Returned { .. }),
        "{line}: {:?}",
        next.seen
    );
}

#[test]
fn a_crash_is_answered_and_the_stage_goes_on_without_a_new_process() {
    let rt = runtime();
    let stage = stage(&rt, Duration::from_secs(5));
    // 3.3.1 dies (an unhandled RangeError in its state machine) when /token answers `{}`.
    let empty_refresh = Served {
        operation: Operation::Refresh,
        status: 200,
        body: ServedBody::Json(json!({})),
    };
    let staged = stage.serve("v3", &empty_refresh).unwrap();
    match &staged.seen {
        Seen::Crashed { detail } => assert!(
            detail.contains("would have died") && detail.contains("RangeError"),
            "{detail}"
        ),
        other => panic!("{other:?}"),
    }
    assert_goes_on(&stage, "v3");
    // Again: each crash is answered, and the same process goes on.
    let again = stage.serve("v3", &empty_refresh).unwrap();
    assert!(
        matches!(again.seen, Seen::Crashed { .. }),
        "{:?}",
        again.seen
    );
    assert_goes_on(&stage, "v3");
    assert_eq!(
        stage.bridge(1).unwrap().starts(),
        1,
        "one process all along"
    );
    // 4.x hands the same broken answer to its caller.
    let v4 = stage.serve("v4", &empty_refresh).unwrap();
    assert!(matches!(v4.seen, Seen::Returned { .. }), "{:?}", v4.seen);
}

/// A bridge for `line` against a closed port, with the test-only ops on.
fn test_bridge(rt: &tokio::runtime::Runtime, memory_mib: u32) -> Bridge {
    let dir = sdk::prepare(SdkLine::V4, rt.handle()).unwrap();
    Bridge::new(BridgeSettings {
        dir,
        auth_url: "http://127.0.0.1:9/v1".to_owned(),
        call_timeout: Duration::from_secs(2),
        memory_mib,
        env: vec![("NHOST_SDK_BRIDGE_TEST_OPS".to_owned(), "1".to_owned())],
        spare: false,
    })
}

#[test]
fn the_bridge_is_killed_when_it_stops_answering_and_restarted_after_a_crash_or_the_memory_cap() {
    let rt = runtime();
    let bridge = test_bridge(&rt, 256);
    let call = |op: &str, args| rt.block_on(bridge.call(op, args, Duration::from_millis(500)));
    // The bridge's own event loop blocked: this side's hard bound kills it.
    assert!(matches!(
        call("__hang", json!({})),
        Err(BridgeFailure::Hung { .. })
    ));
    assert!(call("hello", json!({})).is_ok(), "restarted");
    // An uncaught exception in the SDK ends its worker, not the bridge: the call is answered.
    match call("__crash", json!({})) {
        Ok(reply) => assert!(
            reply["crashed"] == json!(true)
                && reply["error"].as_str().unwrap_or("").contains("crash"),
            "{reply}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(call("hello", json!({})).is_ok(), "still answering");
    // Past the memory cap: the call is answered, then the process ends with the cap's code.
    assert!(call("__alloc", json!({"mb": 400})).is_ok());
    match call("hello", json!({})) {
        Err(BridgeFailure::Crashed { how, .. }) => assert!(how.contains("memory"), "{how}"),
        other => panic!("the process outlived its memory cap: {other:?}"),
    }
    assert!(call("hello", json!({})).is_ok());
    assert_eq!(
        bridge.starts(),
        3,
        "started once, then after each of the two ends (a crash ends no process)"
    );
}

#[test]
fn the_bridge_smoke_test_passes_for_both_lines() {
    let out = std::process::Command::new("node")
        .arg(workspace().join("sdk-bridge/smoke.mjs"))
        .output()
        .expect("node runs (the SDK target needs Node.js 20 or newer)");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    // The smoke test skips a line that is not installed: both must have been tested.
    assert!(stdout.contains("smoke: ok (2 line(s))"), "{stdout}");
}

/// A transport of the test's own: the reference server's router, called in-process (no socket).
fn in_process(server: ServerConfig) -> BoxTransport {
    let app = reference_server::app(server);
    BoxTransport::new(tower::service_fn(move |call: Call| {
        let app = app.clone();
        async move {
            let op = call.operation;
            let mut request = axum::http::Request::builder()
                .method(op.method())
                .uri(format!("/v1{}", op.path()));
            let mut sent = Sent {
                method: op.method().to_owned(),
                url: format!("in-process:/v1{}", op.path()),
                ..Sent::default()
            };
            if let Some(token) = &call.bearer {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            let body = match &call.body {
                Some(suites::Body::Json(v)) => {
                    request = request.header("content-type", "application/json");
                    v.to_string().into_bytes()
                }
                Some(suites::Body::Raw {
                    content_type,
                    bytes,
                }) => {
                    request = request.header("content-type", content_type.as_str());
                    bytes.clone()
                }
                None => Vec::new(),
            };
            sent.body = (!body.is_empty()).then(|| body.clone());
            let request = request.body(Body::from(body)).unwrap();
            let response = app.oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            Ok::<_, suites::TargetError>(Reply {
                status,
                body: bytes.to_vec(),
                sent,
                ..Reply::default()
            })
        }
    }))
}

#[test]
fn a_target_added_as_a_layer_stack_needs_no_change_in_the_suites() {
    let mut config: RunConfig = embedded(Profile::Deployed, "deployed", &[], 2);
    config.suites = vec![
        "signup".into(),
        "token".into(),
        "signout".into(),
        "user".into(),
    ];
    let mut server = ServerConfig::for_tests();
    server.profile = Profile::Deployed;
    let info = TargetInfo {
        kind: "in-process".to_owned(),
        url: "in-process:/v1".to_owned(),
    };
    let engine = Engine::start(
        config,
        EngineOptions {
            transport: Some((in_process(server), info)),
            ..EngineOptions::quiet(RerunStyle::CargoTest)
        },
    )
    .unwrap();
    engine.execute(2).unwrap();
    let records = engine.finish(&|_| true, true).report.cases;
    assert!(
        failed(&records).is_empty(),
        "{}",
        describe(&failed(&records))
    );
    assert!(records.iter().all(|c| c.outcome == Outcome::Passed));
    let urls: Vec<&str> = records
        .iter()
        .flat_map(|c| &c.exchanges)
        .map(|x| x.url.as_str())
        .collect();
    assert!(!urls.is_empty() && urls.iter().all(|u| u.starts_with("in-process:")));
}

/// A target that is not a working Auth service, reached through each SDK line: the run does not
/// start, with one line and exit 3 (or, where the SDK hides the answer from its caller, starts
/// with nothing that needs an account usable).
#[test]
fn bad_targets_through_the_sdk_end_the_run_before_it_starts() {
    use axum::http::{header, StatusCode};
    use axum::response::{Html, IntoResponse};
    use harness::runner::{RunSession, StopFlag};

    let unreachable = crate::common::closed_addr();
    let (_rt429, rate_limited) = crate::common::serve(axum::Router::new().fallback(|| async {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "0")],
            "",
        )
            .into_response()
    }));
    let (_rt_silent, silent) =
        crate::common::serve(axum::Router::new().fallback(std::future::pending::<&'static str>));
    let (_rt_html, html) = crate::common::serve(
        axum::Router::new().fallback(|| async { Html("<!doctype html><html>Welcome</html>") }),
    );
    let (_rt_huge, huge) = crate::common::serve(
        axum::Router::new()
            .fallback(|| async { axum::Json(json!({"status": "x".repeat(3 << 20)})) }),
    );
    for line in SdkLine::ALL {
        for (addr, expected) in [
            (unreachable, "no answer"),
            (rate_limited, "answered 429 (rate limited)"),
            (silent, "timed out"),
            (html, "client failed on the server's answer"),
            (huge, "larger than the"),
        ] {
            let mut config = RunConfig::default().with_url_defaults(format!("http://{addr}/v1"));
            config.via = ViaKind::Sdk;
            config.sdk = line;
            // Short, so the silent target times out quickly; the huge body gets room to arrive
            // (through Node on a loaded machine a 3 MiB body can take longer than 0.8 s), since
            // what is tested there is the cap, not the clock.
            config.request_timeout = if addr == huge {
                Duration::from_secs(10)
            } else {
                Duration::from_millis(800)
            };
            config.max_retries = Some(2);
            config.max_backoff = Duration::from_millis(50);
            config.max_response_bytes = 1 << 20;
            let e = match RunSession::start(config, None, None, StopFlag::new()) {
                Ok(session) if line == SdkLine::V3 && (addr == html || addr == huge) => {
                    // 3.x turns a 2xx body that is not a session into success with no session:
                    // the caller never sees the HTML or the huge body. The run starts (the signup suite judges the
                    // session-less answers), but no account can be pooled, so nothing that
                    // needs a signed-in user is called passed.
                    let pool = &session.env().pool;
                    assert!(pool.is_empty(), "{line}: no pool account");
                    let why = pool
                        .unavailable_reason()
                        .expect("the pool says why it is empty");
                    assert!(why.contains("cannot sign in"), "{line}: {why}");
                    continue;
                }
                Ok(_) => panic!("{line} {addr} ({expected:?}): the run must not start"),
                Err(e) => e,
            };
            let text = e.to_string();
            assert!(!text.contains('\n'), "{line}: one line: {text}");
            assert_eq!(
                harness::cli::code_of(&e),
                harness::cli::TARGET,
                "{line}: {text}"
            );
            assert!(text.contains(expected), "{line} {expected:?}: {text}");
        }
    }
}
