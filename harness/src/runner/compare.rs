//! HTTP vs SDK: the same cases run both ways ([`compare`]) and every difference in what the
//! caller sees. A case's exchanges are paired in order; for each pair the status and the body
//! the caller got (the response body over HTTP, what the SDK call returned through the SDK)
//! are compared as JSON after values that differ between any two runs are masked: UUIDs, JWTs
//! and the run namespace. Timestamps keep their shape (digits masked), so an SDK that rewrites
//! `2025-01-01T12:00:00.123456789Z` as `2025-01-01T12:00:00.123Z` is still a difference.

use std::collections::HashMap;
use std::fmt;

use results::diff::show;
use results::{CaseRecord, Exchange, Outcome, RunReport};
use serde_json::Value;

/// One difference between the HTTP and the SDK run of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The case.
    pub case: String,
    /// The exchange, 1-based, when the difference is in one.
    pub exchange: Option<usize>,
    /// Its operation.
    pub operation: String,
    /// JSON pointer into the body the caller saw (empty for the status or the outcome).
    pub pointer: String,
    /// What the HTTP caller saw.
    pub http: String,
    /// What the SDK caller saw.
    pub sdk: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.exchange {
            Some(n) => write!(
                f,
                "{} exchange {n} ({}) at {:?}: HTTP {} | SDK {}",
                self.case, self.operation, self.pointer, self.http, self.sdk
            ),
            None => write!(f, "{}: HTTP {} | SDK {}", self.case, self.http, self.sdk),
        }
    }
}

/// What a comparison found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Cases run both ways and compared.
    pub compared: usize,
    /// Cases the SDK could not run (not applicable through it), by name.
    pub not_applicable: Vec<String>,
    /// Cases one of the runs did not run to a verdict (not run after a deadline or a stop, or
    /// not covered: a budget or a capability missing on one side), by name: not compared.
    pub not_compared: Vec<String>,
    /// Every difference, in case order.
    pub differences: Vec<Difference>,
}

/// Compares the HTTP run and the SDK run of the same plan. `namespaces` are the two runs'
/// email namespaces (masked in both).
pub fn compare(http: &RunReport, sdk: &RunReport, namespaces: [&str; 2]) -> Comparison {
    let mut out = Comparison::default();
    let sdk_cases: HashMap<&str, &CaseRecord> =
        sdk.cases.iter().map(|c| (c.name.as_str(), c)).collect();
    // The longer namespace first: one may start with the other (`ns` and `nssdk`).
    let mut namespaces = namespaces;
    namespaces.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for h in &http.cases {
        let Some(s) = sdk_cases.get(h.name.as_str()) else {
            continue;
        };
        if let Outcome::NotApplicable { .. } = s.outcome {
            out.not_applicable.push(s.name.clone());
            continue;
        }
        let unjudged =
            |o: &Outcome| matches!(o, Outcome::NotRun { .. } | Outcome::NotCovered { .. });
        if unjudged(&h.outcome) || unjudged(&s.outcome) {
            out.not_compared.push(h.name.clone());
            continue;
        }
        out.compared += 1;
        case_differences(h, s, &namespaces, &mut out.differences);
    }
    out
}

fn case_differences(h: &CaseRecord, s: &CaseRecord, ns: &[&str; 2], out: &mut Vec<Difference>) {
    if h.outcome.kind() != s.outcome.kind() {
        out.push(Difference {
            case: h.name.clone(),
            exchange: None,
            operation: String::new(),
            pointer: String::new(),
            http: format!("the case {}", h.outcome.kind()),
            sdk: format!("the case {}", s.outcome.kind()),
        });
    }
    for (i, (hx, sx)) in h.exchanges.iter().zip(&s.exchanges).enumerate() {
        let difference = |pointer: String, http: String, sdk: String| Difference {
            case: h.name.clone(),
            exchange: Some(i + 1),
            operation: hx.operation.clone(),
            pointer,
            http,
            sdk,
        };
        if hx.operation != sx.operation {
            out.push(difference(
                String::new(),
                format!("sent {}", hx.operation),
                format!("sent {}", sx.operation),
            ));
            // The two runs went separate ways: later pairs would compare unrelated calls.
            return;
        }
        if hx.status != sx.status {
            out.push(difference(String::new(), status_text(hx), status_text(sx)));
        }
        let seen_http = masked(&seen(hx.response_body.as_deref()), ns);
        let seen_sdk = masked(&seen(sx.returned.as_deref()), ns);
        for d in suites::json::interoperable_diff(&seen_http, &seen_sdk) {
            out.push(difference(
                d.pointer,
                show(d.left.as_ref()),
                show(d.right.as_ref()),
            ));
        }
    }
    if h.exchanges.len() != s.exchanges.len() {
        out.push(Difference {
            case: h.name.clone(),
            exchange: None,
            operation: String::new(),
            pointer: String::new(),
            http: format!("{} exchanges", h.exchanges.len()),
            sdk: format!("{} exchanges", s.exchanges.len()),
        });
    }
}

fn status_text(x: &Exchange) -> String {
    x.status
        .map_or_else(|| "no answer".to_owned(), |s| format!("status {s}"))
}

/// The body a caller saw, as JSON (a body that is not JSON as a string; none as null).
fn seen(text: Option<&str>) -> Value {
    match text {
        None => Value::Null,
        Some(t) => serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned())),
    }
}

/// `value` with the values that differ between any two runs masked.
fn masked(value: &Value, ns: &[&str; 2]) -> Value {
    match value {
        Value::String(s) => Value::String(mask_string(s, ns)),
        Value::Array(items) => Value::Array(items.iter().map(|v| masked(v, ns)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), masked(v, ns)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn mask_string(s: &str, ns: &[&str; 2]) -> String {
    if is_uuid(s) {
        return "<uuid>".to_owned();
    }
    if suites::redact::looks_like_jwt(s) {
        return "<token>".to_owned();
    }
    if is_timestamp(s) {
        // The shape stays: a changed format is a difference, a changed instant is not.
        return format!(
            "<time {}>",
            s.chars()
                .map(|c| if c.is_ascii_digit() { 'd' } else { c })
                .collect::<String>()
        );
    }
    // A redaction mark's hash differs with the value redacted, wherever the mark stands.
    let mut out = suites::redact::replace_marks(s, "<token>");
    for n in ns.iter().filter(|n| !n.is_empty()) {
        out = out.replace(n, "<ns>");
    }
    out
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `2025-01-01T12:00:00…` (RFC 3339 date and time, any fraction and offset).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;
    use results::{CaseSeed, RunInfo, RunSeed};

    fn exchange(status: u16, http_body: Option<&str>, returned: Option<&str>) -> Exchange {
        Exchange {
            operation: "sign_up".into(),
            method: "POST".into(),
            url: String::new(),
            request_headers: vec![],
            request_body: None,
            status: Some(status),
            response_headers: vec![],
            response_body: http_body.map(str::to_owned),
            elapsed_ms: 0.0,
            error: None,
            curl: String::new(),
            via: returned.map(|_| "signUp through sdk".to_owned()),
            returned: returned.map(str::to_owned),
        }
    }

    fn report(exchanges: Vec<Exchange>, outcome: Outcome) -> RunReport {
        RunReport {
            info: RunInfo {
                tool_version: String::new(),
                target: String::new(),
                contract: String::new(),
                seed: RunSeed(1),
                started_at: String::new(),
                duration_ms: 0.0,
                ..RunInfo::default()
            },
            cases: vec![CaseRecord {
                name: "signup::roundtrip::case_0001".into(),
                suite: "signup".into(),
                property: "roundtrip".into(),
                outcome,
                duration_ms: 0.0,
                seed: CaseSeed(1),
                rules: vec![],
                findings: vec![],
                exchanges,
                minimal_input: None,
                rerun: String::new(),
                reactions: vec![],
                observations: vec![],
                investigation: None,
            }],
            rules: vec![],
            rounds: Vec::new(),
            drift: None,
        }
    }

    #[test]
    fn run_values_are_masked_and_shapes_and_values_compared() {
        let http = report(
            vec![exchange(
                200,
                Some(
                    r#"{"session":{"refreshToken":"1fb17604-86c7-444e-b337-09a644465f2d","user":{"email":"a-nsA@x.io","createdAt":"2025-01-01T12:00:00.123456789Z","locale":"en"}}}"#,
                ),
                None,
            )],
            Outcome::Passed,
        );
        let sdk = report(
            vec![exchange(
                200,
                None,
                Some(
                    r#"{"session":{"refreshToken":"c3b747ef-76a9-4c56-8091-ed3e6b8afb2c","user":{"email":"a-nsB@x.io","createdAt":"2026-02-02T13:00:00.123Z","locale":"fr"}}}"#,
                ),
            )],
            Outcome::Passed,
        );
        let found = compare(&http, &sdk, ["nsA", "nsB"]);
        assert_eq!(found.compared, 1);
        let at: Vec<&str> = found
            .differences
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(
            at,
            ["/session/user/createdAt", "/session/user/locale"],
            "{found:?}"
        );
    }

    #[test]
    fn differences_name_each_pointer_with_both_values_in_nested_arrays() {
        let http = report(
            vec![exchange(
                200,
                Some(r#"{"user":{"roles":["user","me"],"metadata":{"a":null}}}"#),
                None,
            )],
            Outcome::Passed,
        );
        let sdk = report(
            vec![exchange(
                200,
                None,
                Some(r#"{"user":{"roles":["user"],"metadata":{}}}"#),
            )],
            Outcome::Passed,
        );
        let found: Vec<(String, String, String)> = compare(&http, &sdk, ["a", "b"])
            .differences
            .into_iter()
            .map(|d| (d.pointer, d.http, d.sdk))
            .collect();
        assert_eq!(
            found,
            [
                ("/user/roles/1".into(), "\"me\"".into(), "(absent)".into()),
                ("/user/metadata/a".into(), "null".into(), "(absent)".into()),
            ]
        );
    }

    #[test]
    fn the_same_answer_both_ways_is_no_difference_and_not_applicable_is_counted() {
        let body = r#"{"error":"invalid-refresh-token","status":401}"#;
        let http = report(vec![exchange(401, Some(body), None)], Outcome::Passed);
        let sdk = report(vec![exchange(401, None, Some(body))], Outcome::Passed);
        assert!(compare(&http, &sdk, ["a", "b"]).differences.is_empty());
        let sdk = report(
            vec![],
            Outcome::NotApplicable {
                reason: "raw".into(),
            },
        );
        let found = compare(&http, &sdk, ["a", "b"]);
        assert_eq!((found.compared, found.not_applicable.len()), (0, 1));
    }

    #[test]
    fn a_namespace_that_starts_with_the_other_and_marks_inside_text_are_no_difference() {
        let (a, b) = (
            suites::redact::mark("first-token"),
            suites::redact::mark("second-token"),
        );
        let http = report(
            vec![exchange(
                200,
                Some(&format!(
                    r#"{{"email":"u-cmp@x.io","note":"issued {a} now"}}"#
                )),
                None,
            )],
            Outcome::Passed,
        );
        let sdk = report(
            vec![exchange(
                200,
                None,
                Some(&format!(
                    r#"{{"email":"u-cmpsdk@x.io","note":"issued {b} now"}}"#
                )),
            )],
            Outcome::Passed,
        );
        let found = compare(&http, &sdk, ["cmp", "cmpsdk"]);
        assert_eq!(found.compared, 1);
        assert!(found.differences.is_empty(), "{found:?}");
    }

    #[test]
    fn a_case_not_run_to_a_verdict_on_one_side_is_not_compared() {
        let body = r#"{"status":200}"#;
        let http = report(vec![exchange(200, Some(body), None)], Outcome::Passed);
        let sdk = report(
            vec![],
            Outcome::NotRun {
                reason: "the run's deadline passed".into(),
            },
        );
        let found = compare(&http, &sdk, ["a", "b"]);
        assert_eq!(found.compared, 0);
        assert!(found.differences.is_empty(), "{found:?}");
        assert_eq!(found.not_compared, ["signup::roundtrip::case_0001"]);
    }
}
