//! Writing one NDJSON case line: a passed one-request case, and a failed one with
//! findings and its minimal input, to a writer that discards the bytes.
//!
//! Run with `cargo bench -p reports --bench ndjson_line`.

use divan::counter::ItemsCount;
use divan::Bencher;
use reports::NdjsonSink;
use results::EventSink;
use results::{CaseRecord, CaseSeed, Exchange, Finding, Outcome};

fn main() {
    divan::main();
}

/// The exchange of one refresh request.
fn exchange() -> Exchange {
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

/// A record of `token::unknown`.
fn record(failed: bool) -> CaseRecord {
    let findings = if failed {
        vec![Finding {
            rule: "token:unknown-rejected".to_owned(),
            pointer: String::new(),
            message: "the token was never issued, yet /token answered HTTP 200".to_owned(),
        }]
    } else {
        Vec::new()
    };
    CaseRecord {
        name: "token::unknown::case_0042".to_owned(),
        suite: "token".to_owned(),
        property: "unknown".to_owned(),
        outcome: if failed {
            Outcome::Failed
        } else {
            Outcome::Passed
        },
        duration_ms: 0.6,
        seed: CaseSeed(0x5eed),
        rules: vec![
            "http:no-server-error".to_owned(),
            "http:status".to_owned(),
            "token:unknown-rejected".to_owned(),
        ],
        findings,
        exchanges: vec![exchange()],
        minimal_input: failed
            .then(|| serde_json::json!({"refreshToken": "0f1e2d3c-4b5a-4968-8776-655443322110"})),
        rerun: if failed {
            "nhost-conformance replay cases/token--unknown--case_0042.case.json".to_owned()
        } else {
            String::new()
        },
        reactions: Vec::new(),
        observations: Vec::new(),
        investigation: None,
    }
}

#[divan::bench(args = [false, true])]
fn write_case_line(bencher: Bencher, failed: bool) {
    let record = record(failed);
    let mut sink = NdjsonSink::new(std::io::sink(), "<bench>");
    bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
        sink.case_finished(divan::black_box(&record))
            .expect("the line is written")
    });
}
