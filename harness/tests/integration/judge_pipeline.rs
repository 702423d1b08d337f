//! The response-judging pipeline that the offline fuzzing drives, shared by the stable test
//! (`judge_fuzz.rs`) and the `cargo fuzz` target (`fuzz/fuzz_targets/judge.rs`, which includes
//! this file by path). The entry point is [`judge_arbitrary`]: the bytes as a response body, then
//! a JSON document drawn from them with `arbitrary`, bare and wrapped as a session.

use arbitrary::{Arbitrary, Unstructured};
use contract::Contract;
use reports::{
    junit_report, parse_ndjson, render_html, render_markdown, CaseRecord, CaseSeed, Exchange,
    Finding, NdjsonSink, Outcome, ReportSink, RunInfo, RunReport, RunSeed, SummaryOptions,
};
use serde_json::Value;
use suites::jwt::Jwt;
use suites::{redact, ResponseBody, Secrets};

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
    if let Some(doc) = body.json() {
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
        if let Ok(jwt) = Jwt::decode(token) {
            let _ = jwt.alg();
            let _ = jwt.hasura("x-hasura-user-id");
            let _ = jwt.verify(Some("a-secret-of-32-characters-at-least!"), None);
            let _ = jwt.verify(None, body.json());
        }
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
    write_reports(exchange, findings, body.json().cloned());
}

/// Every report writer over one case carrying the body: nothing panics, the JUnit serialises
/// and the NDJSON reads back.
fn write_reports(exchange: Exchange, findings: Vec<Finding>, input: Option<Value>) {
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

/// The pipeline over `bytes`, then over a document drawn from them.
pub fn judge_arbitrary(bytes: &[u8]) {
    judge(bytes);
    let mut u = Unstructured::new(bytes);
    if let Ok(doc) = document(&mut u, 5) {
        judge(doc.to_string().as_bytes());
        judge(serde_json::json!({ "session": doc }).to_string().as_bytes());
    }
}
