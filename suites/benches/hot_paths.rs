//! The per-case hot paths: generating a Session (with the strategy built once, and
//! rebuilt per case as properties do), mutating one, judging a session with the compiled contract
//! next to a bare `jsonschema` `is_valid` on the same parsed document, decoding and verifying a
//! JWT, and redacting (`Secrets::scrub`, `Secrets::scrub_exchange`, `redact::json`).
//!
//! Run with `cargo bench -p suites --bench hot_paths`; compare the `judge_*` rows with
//! `raw_validator_*` (same document, same options: draft 2020-12, formats asserted).

use contract::Contract;
use divan::counter::ItemsCount;
use divan::Bencher;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use results::Exchange;
use serde_json::{json, Value};
use suites::{ApiRequest, AuthApi, Check, Env, Response, Secrets, TargetError, TargetInfo};

fn main() {
    divan::main();
}

/// A target that is never called (judging sends nothing).
struct NoTarget;

impl AuthApi for NoTarget {
    fn info(&self) -> TargetInfo {
        TargetInfo {
            kind: "none".to_owned(),
            url: String::new(),
        }
    }
    fn send(&self, _: &ApiRequest) -> Result<Response, TargetError> {
        unreachable!("the benches send nothing")
    }
}

fn published() -> Contract {
    Contract::published()
}

/// One valid Session of the published contract.
fn valid_session(contract: &Contract) -> Value {
    let mut runner = TestRunner::deterministic();
    generators::valid_document(contract)
        .new_tree(&mut runner)
        .expect("the strategy generates")
        .current()
}

/// The same session, broken deep down (the mutant with the longest instance pointer, so the
/// validator walks most of the document before it fails).
fn invalid_session(contract: &Contract) -> Value {
    let doc = valid_session(contract);
    generators::mutants_of(contract, &doc)
        .into_iter()
        .max_by_key(|m| m.instance_pointer.len())
        .expect("a session has mutants")
        .document
}

/// The raw validator, compiled like every contract.
fn raw_validator(contract: &Contract) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(contract.document())
        .expect("the published schema compiles")
}

/// A Session generated from a strategy built once.
#[divan::bench]
fn generate_session_strategy_reused(bencher: Bencher) {
    let contract = published();
    let strategy = generators::valid_document(&contract);
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        divan::black_box(strategy.new_tree(&mut runner).expect("generates").current())
    });
}

/// A Session generated from a strategy built for this case (what a `Prop` did per case).
#[divan::bench]
fn generate_session_strategy_rebuilt(bencher: Bencher) {
    let contract = published();
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        let strategy = generators::valid_document(&contract);
        divan::black_box(strategy.new_tree(&mut runner).expect("generates").current())
    });
}

/// A mutant drawn from the mutant strategy, built once.
#[divan::bench]
fn mutate_session(bencher: Bencher) {
    let contract = published();
    let strategy = generators::mutant(&contract);
    let mut runner = TestRunner::deterministic();
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        divan::black_box(strategy.new_tree(&mut runner).expect("mutates").current())
    });
}

/// The bare validator's `is_valid` on a valid session: the floor for judging.
#[divan::bench(sample_size = 100)]
fn raw_validator_valid(bencher: Bencher) {
    let contract = published();
    let validator = raw_validator(&contract);
    let doc = valid_session(&contract);
    bencher.bench_local(|| assert!(validator.is_valid(divan::black_box(&doc))));
}

/// The bare validator's `is_valid` on an invalid session.
#[divan::bench(sample_size = 100)]
fn raw_validator_invalid(bencher: Bencher) {
    let contract = published();
    let validator = raw_validator(&contract);
    let doc = invalid_session(&contract);
    bencher.bench_local(|| assert!(!validator.is_valid(divan::black_box(&doc))));
}

/// `Contract::is_valid` on the same valid session.
#[divan::bench(sample_size = 100)]
fn contract_is_valid_valid(bencher: Bencher) {
    let contract = published();
    let doc = valid_session(&contract);
    bencher.bench_local(|| assert!(contract.is_valid(divan::black_box(&doc))));
}

/// Judging a valid session as a property does: `Check::conform` (marks the contract's rules
/// exercised, validates, builds violations only on failure).
#[divan::bench(sample_size = 100)]
fn judge_session_valid(bencher: Bencher) {
    let env = Env::new(published(), "bench").expect("the env builds");
    let doc = valid_session(&env.contract);
    bencher.bench_local(|| {
        let mut check = Check::new(&env, &NoTarget, 0);
        assert!(check.conform(&env.contract, divan::black_box(&doc), "", ""));
        divan::black_box(check.finish(Ok(())))
    });
}

/// Judging an invalid session: the violations are built.
#[divan::bench(sample_size = 100)]
fn judge_session_invalid(bencher: Bencher) {
    let env = Env::new(published(), "bench").expect("the env builds");
    let doc = invalid_session(&env.contract);
    bencher.bench_local(|| {
        let mut check = Check::new(&env, &NoTarget, 0);
        assert!(!check.conform(&env.contract, divan::black_box(&doc), "", ""));
        divan::black_box(check.finish(Ok(())))
    });
}

/// An HS256 access token shaped like Nhost's.
fn access_token(secret: &str) -> String {
    let claims = json!({
        "sub": "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
        "iat": 1_700_000_000u64, "exp": 1_700_000_900u64, "iss": "hasura-auth",
        "https://hasura.io/jwt/claims": {
            "x-hasura-user-id": "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
            "x-hasura-default-role": "user",
            "x-hasura-allowed-roles": ["user", "me"],
            "x-hasura-user-is-anonymous": "false"
        }
    });
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("the token encodes")
}

/// Decoding an access token (no verification).
#[divan::bench]
fn jwt_decode(bencher: Bencher) {
    let token = access_token("a-secret-of-at-least-32-characters!!");
    bencher.bench_local(|| suites::jwt::Jwt::decode(divan::black_box(&token)).expect("decodes"));
}

/// Decoding and verifying an HS256 access token.
#[divan::bench]
fn jwt_decode_and_verify(bencher: Bencher) {
    let secret = "a-secret-of-at-least-32-characters!!";
    let token = access_token(secret);
    bencher.bench_local(|| {
        let jwt = suites::jwt::Jwt::decode(divan::black_box(&token)).expect("decodes");
        jwt.verify(Some(secret), None).expect("verifies");
    });
}

/// A registry that knows a run's worth of secrets (tokens of three pool accounts).
fn secrets() -> Secrets {
    let secrets = Secrets::new();
    for i in 0..12 {
        secrets.learn(&format!("{i:02}-a-refresh-token-3b8c1c9e-6f7d-4e0b-9a55"));
    }
    secrets
}

/// The exchange of one refresh request, as the HTTP target records it.
fn refresh_exchange() -> Exchange {
    let body = r#"{"refreshToken":"0f1e2d3c-4b5a-4968-8776-655443322110"}"#;
    Exchange {
        operation: "refresh".to_owned(),
        method: "POST".to_owned(),
        url: "http://127.0.0.1:4000/v1/token".to_owned(),
        request_headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        request_body: Some(body.to_owned()),
        status: Some(401),
        response_headers: vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("content-length".to_owned(), "98".to_owned()),
            ("date".to_owned(), "Wed, 02 Dec 2026 02:00:00 GMT".to_owned()),
        ],
        response_body: Some(
            r#"{"status":401,"error":"invalid-refresh-token","message":"Invalid or expired refresh token"}"#
                .to_owned(),
        ),
        elapsed_ms: 0.4,
        error: None,
        curl: format!("curl -sS -X POST 'http://127.0.0.1:4000/v1/token' -H 'Content-Type: application/json' --data-raw '{body}'"),
        via: None,
        returned: None,
    }
}

/// `Secrets::scrub` on a response body holding no secret (the common case).
#[divan::bench]
fn scrub_text(bencher: Bencher) {
    let secrets = secrets();
    let text = refresh_exchange().response_body.unwrap_or_default();
    bencher.bench_local(|| secrets.scrub(divan::black_box(&text)));
}

/// `Secrets::scrub_exchange` on one refresh exchange.
#[divan::bench]
fn scrub_exchange(bencher: Bencher) {
    let secrets = secrets();
    let exchange = refresh_exchange();
    bencher.bench_local(|| secrets.scrub_exchange(divan::black_box(&exchange)));
}

/// `redact::json` on a Session (tokens masked by shape).
#[divan::bench]
fn redact_session_json(bencher: Bencher) {
    let doc = valid_session(&published());
    bencher.bench_local(|| suites::redact::json(divan::black_box(&doc)));
}

/// Recording the shape of one valid Session for the contract drift report (what the record
/// layer adds to every answer): keys, types, the formats of every string, redacted examples.
#[divan::bench(sample_size = 100)]
fn record_session_shape(bencher: Bencher) {
    let contract = published();
    let mut session = valid_session(&contract);
    session["accessToken"] = Value::String(access_token("a-secret-of-32-characters-at-least!"));
    let secrets = secrets();
    let mut shape = contract::drift::ShapeBuilder::new("Session");
    bencher.bench_local(|| {
        shape.observe(divan::black_box(&session), &|v| {
            secrets.scrub(&suites::redact::json(v).to_string())
        })
    });
}
