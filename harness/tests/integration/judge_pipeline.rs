//! The response-judging pipeline that the offline fuzzing drives, shared by the stable test
//! (`judge_fuzz.rs`) and the `cargo fuzz` target (`fuzz/fuzz_targets/judge.rs`, which includes
//! this file by path). The entry point is [`judge_arbitrary`]: the bytes as a response body, then
//! a JSON document drawn from them with `arbitrary`, bare and wrapped as a session.

use arbitrary::{Arbitrary, Unstructured};
use contract::Contract;
use reports::{
    junit_report, parse_ndjson, render_html, render_markdown, NdjsonSink, SummaryOptions,
};
use results::EventSink;
use results::{CaseRecord, CaseSeed, Exchange, Finding, Outcome, RunInfo, RunReport, RunSeed};
use serde_json::{json, Value};
use suites::jwt::{ForgeKeys, Forgery, Jwt};
use suites::{
    redact, ApiRequest, AuthApi, Check, Env, Response, ResponseBody, Secrets, SessionView,
    TargetError, TargetInfo,
};

/// Every contract a response can be judged against, compiled once.
fn contracts() -> &'static [Contract] {
    static ALL: std::sync::OnceLock<Vec<Contract>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let published = Contract::published();
        let mut all = vec![Contract::deployed(), Contract::error_body()];
        for name in ["Session", "User"] {
            if let Ok(c) = published.definition(name) {
                all.push(c);
            }
        }
        all.push(published);
        all
    })
}

/// Every string in a document, keys included.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

/// The judging pipeline over one response body.
pub fn judge(bytes: &[u8]) {
    let (body, duplicates) = ResponseBody::parse_checked(bytes);
    let text = String::from_utf8_lossy(bytes).into_owned();
    let secrets = Secrets::new();
    let mut findings: Vec<Finding> = duplicates
        .iter()
        .map(|p| Finding {
            rule: "http:json.no-duplicate-keys".into(),
            pointer: p.clone(),
            message: format!("duplicate key at {p}"),
        })
        .collect();
    let mut tokens = vec![text.trim().to_owned()];
    let mut drift = None;
    if let Some(doc) = body.json() {
        drift = Some(drift_of(doc, &secrets));
        for contract in contracts() {
            let valid = contract.is_valid(doc);
            let violations = contract.violations(doc);
            assert_eq!(valid, violations.is_empty(), "{}", contract.name());
            findings.extend(violations.iter().take(20).map(|v| Finding {
                rule: v.rule.to_string(),
                pointer: v.instance_pointer.clone(),
                message: v.message.clone(),
            }));
        }
        strings(doc, &mut tokens);
        secrets.learn_json(doc);
        let _ = redact::json(doc);
        let _ = secrets.scrub_json(doc);
    }
    for token in tokens.iter().take(64) {
        let _ = redact::looks_like_jwt(token);
        judge_token(token, body.json().unwrap_or(&Value::Null));
    }
    let shown = redact::text(&text, &[]);
    let scrubbed = secrets.scrub(&redact::raw_text(&shown, &secrets));
    let exchange = Exchange {
        operation: "sign_in".into(),
        method: "POST".into(),
        url: "http://127.0.0.1:1/v1/signin/email-password".into(),
        request_headers: vec![("Content-Type".into(), "application/json".into())],
        request_body: Some(scrubbed.clone()),
        status: Some(200),
        response_headers: vec![("x-echo".into(), redact::header("authorization", &text))],
        response_body: Some(scrubbed),
        elapsed_ms: 1.0,
        error: None,
        curl: "curl -sS 'http://127.0.0.1:1/v1'".into(),
        via: None,
        returned: None,
    };
    let exchange = secrets.scrub_exchange(&exchange);
    let mut findings: Vec<Finding> = findings;
    for f in &mut findings {
        secrets.scrub_finding_in_place(f);
    }
    write_reports(exchange, findings, body.json().cloned(), drift);
}

/// The contract drift of one answer: its shape as a Session, and its differences from every
/// contract (the bytes' keys and values are the target's: they reach every report).
fn drift_of(doc: &Value, secrets: &Secrets) -> results::Drift {
    let mut shape = contract::drift::ShapeBuilder::new("Session");
    shape.observe(doc, &|v| secrets.scrub(&redact::json(v).to_string()));
    results::Drift {
        contract: "published".into(),
        shapes: vec![shape.shape()],
        differences: contracts()
            .iter()
            .flat_map(|c| shape.differences(c))
            .collect(),
    }
}

/// The shared secret the pipeline verifies and forges HS* tokens with.
const SECRET: &str = "a-secret-of-32-characters-at-least!";

/// A token whose header and payload are the JSON documents `header` and `payload`, whatever
/// they are (arrays, strings, numbers, `null`, nested), with an arbitrary signature.
pub fn token_of(header: &Value, payload: &Value, signature: &[u8]) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// A JWKS with one RSA key of modulus `modulus` (any bytes, any length), under the `kid` the
/// token names when it names one.
fn jwks_for(token: &str, modulus: &[u8]) -> Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let kid = Jwt::decode(token)
        .ok()
        .and_then(|j| j.header.get("kid").cloned())
        .unwrap_or(Value::Null);
    json!({"keys": [{"kty": "RSA", "kid": kid, "n": URL_SAFE_NO_PAD.encode(modulus), "e": "AQAB"}]})
}

/// One access token through everything that reads tokens: decoding, verifying (HS* with a
/// secret and without, RS* against a JWKS), every forgery with and without keys, and the
/// session checks of the suites ([`suites::suite::check_claims`] and
/// [`suites::suite::check_signature`]) on a session that carries it for `user`. Nothing may
/// panic, whatever the token's header and payload hold.
pub fn judge_token(token: &str, user: &Value) {
    let jwks = jwks_for(token, token.as_bytes());
    if let Ok(jwt) = Jwt::decode(token) {
        let _ = jwt.alg();
        let _ = jwt.hasura("x-hasura-user-id");
        let _ = jwt.verify(Some(SECRET), None);
        let _ = jwt.verify(None, Some(&jwks));
        let _ = jwt.verify(None, Some(user));
        // No RSA private key: this file is also the `cargo fuzz` target's, which builds without
        // the reference server (RS* forging with a key is tested in `forged`).
        let rsa_keys: [Vec<u8>; 0] = [];
        for secret in [Some(SECRET), None] {
            for kind in Forgery::ALL {
                let keys = ForgeKeys {
                    secret,
                    rsa_keys: &rsa_keys,
                    jwks: Some(&jwks),
                    now: 1_700_000_000,
                    unknown_user: "00000000-0000-4000-8000-000000000001",
                };
                if let Ok(forged) = jwt.forge(kind, keys) {
                    let _ = Jwt::decode(&forged).map(|f| f.verify(secret, Some(&jwks)));
                }
            }
        }
    }
    let _ = suites::jwt::rsa_public_pem(&jwks["keys"][0]);
    session_checks(token, user, jwks);
}

/// The suites' access-token checks on a session that carries `token` for `user`, against a
/// target that answers every request with `jwks`.
fn session_checks(token: &str, user: &Value, jwks: Value) {
    let mut env = Env::new(small_contract().clone(), "fuzz").expect("the contract builds an Env");
    env.jwt_secret = Some(SECRET.to_owned());
    let api = Offline { jwks };
    let mut check = Check::new(&env, &api, 0);
    let session = json!({"accessToken": token, "accessTokenExpiresIn": 900, "user": user});
    suites::suite::check_claims(&mut check, &SessionView::read(&session));
    let result = suites::suite::check_signature(&mut check, token);
    let verdict = check.finish(result).scrubbed(&env.secrets);
    for finding in &verdict.findings {
        assert!(!finding.rule.is_empty(), "a finding names its rule");
    }
}

/// The smallest contract with a `User` definition, compiled once (the session checks need an
/// environment, not the published schema).
fn small_contract() -> &'static Contract {
    static SMALL: std::sync::OnceLock<Contract> = std::sync::OnceLock::new();
    SMALL.get_or_init(|| {
        Contract::from_value(
            "fuzz",
            json!({"properties": {"user": {"$ref": "#/$defs/User"}}, "$defs": {"User": {}}}),
        )
        .expect("the small contract compiles")
    })
}

/// A target that answers every request at once with HTTP 200 and a JWKS.
struct Offline {
    jwks: Value,
}

impl AuthApi for Offline {
    fn info(&self) -> TargetInfo {
        TargetInfo {
            kind: "offline".into(),
            url: "http://127.0.0.1:1/v1".into(),
        }
    }

    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        let body = self.jwks.to_string();
        Ok(Response {
            status: 200,
            body: ResponseBody::Json(self.jwks.clone()),
            exchange: Exchange {
                operation: request.operation.name().into(),
                method: "GET".into(),
                url: "http://127.0.0.1:1/v1/.well-known/jwks.json".into(),
                request_headers: Vec::new(),
                request_body: None,
                status: Some(200),
                response_headers: Vec::new(),
                response_body: Some(body),
                elapsed_ms: 0.0,
                error: None,
                curl: String::new(),
                via: None,
                returned: None,
            },
            duplicate_keys: Vec::new(),
        })
    }
}

/// Every report writer over one case carrying the body: nothing panics, the JUnit serialises
/// and the NDJSON reads back.
fn write_reports(
    exchange: Exchange,
    findings: Vec<Finding>,
    input: Option<Value>,
    drift: Option<results::Drift>,
) {
    let failed = !findings.is_empty();
    let case = CaseRecord {
        name: "fuzz::judge::case_0001".into(),
        suite: "fuzz".into(),
        property: "judge".into(),
        outcome: if failed {
            Outcome::Failed
        } else {
            Outcome::Passed
        },
        duration_ms: 1.0,
        seed: CaseSeed(1),
        rules: findings.iter().map(|f| f.rule.clone()).collect(),
        findings,
        exchanges: vec![exchange],
        minimal_input: input,
        rerun: "nhost-conformance replay x".into(),
        reactions: Vec::new(),
        observations: Vec::new(),
        investigation: None,
    };
    let report = RunReport {
        info: RunInfo {
            tool_version: "0".into(),
            target: "fuzz".into(),
            contract: "published".into(),
            seed: RunSeed(1),
            started_at: "2026-01-01T00:00:00Z".into(),
            duration_ms: 1.0,
            ..RunInfo::default()
        },
        cases: vec![case.clone()],
        rules: Vec::new(),
        rounds: Vec::new(),
        drift,
    };
    let xml = junit_report(&report)
        .expect("JUnit builds")
        .to_string()
        .expect("JUnit serialises");
    assert!(xml.contains("<testsuites"));
    let mut sink = NdjsonSink::new(Vec::new(), "<memory>");
    sink.case_finished(&case).expect("NDJSON writes");
    sink.run_finished(&report).expect("NDJSON writes");
    let text = String::from_utf8(sink.into_inner()).expect("NDJSON is UTF-8");
    let lines = parse_ndjson(&text).expect("NDJSON reads back");
    assert!(matches!(lines.first(), Some(reports::NdjsonLine::Case(c)) if c.name == case.name));
    assert!(
        matches!(lines.last(), Some(reports::NdjsonLine::Run(r)) if r.drift == report.drift),
        "the drift reads back from the NDJSON run line"
    );
    let _ = render_markdown(&report, &SummaryOptions::default());
    let _ = render_html(&report, &SummaryOptions::default());
}

/// An arbitrary JSON document of bounded depth, drawn from `u`.
fn document(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let kind = if depth == 0 {
        u.int_in_range(0..=3)?
    } else {
        u.int_in_range(0..=5)?
    };
    Ok(match kind {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => serde_json::Number::from_f64(f64::arbitrary(u)?)
            .map_or(Value::from(i64::arbitrary(u)?), Value::Number),
        3 => Value::String(String::arbitrary(u)?),
        4 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array(
                (0..n)
                    .map(|_| document(u, depth - 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        _ => {
            let n = u.int_in_range(0..=5)?;
            let mut map = serde_json::Map::new();
            for _ in 0..n {
                let key = match u.int_in_range(0..=3)? {
                    0 => "session".to_owned(),
                    1 => "accessToken".to_owned(),
                    2 => "user".to_owned(),
                    _ => String::arbitrary(u)?,
                };
                map.insert(key, document(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// The pipeline over `bytes`, then over a document drawn from them, then over an access token
/// whose header and payload are two more documents drawn from them (any JSON: arrays, strings,
/// numbers, `null`, nested) in a session of that first document as its user.
pub fn judge_arbitrary(bytes: &[u8]) {
    judge(bytes);
    let mut u = Unstructured::new(bytes);
    if let Ok(doc) = document(&mut u, 5) {
        judge(doc.to_string().as_bytes());
        judge(serde_json::json!({ "session": doc }).to_string().as_bytes());
        if let (Ok(header), Ok(payload)) = (document(&mut u, 3), document(&mut u, 4)) {
            let signature = u.take_rest();
            let token = token_of(&header, &payload, signature);
            judge_token(&token, &doc);
            judge(
                json!({"session": {"accessToken": token, "user": doc}})
                    .to_string()
                    .as_bytes(),
            );
        }
    }
}
