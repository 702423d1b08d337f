//! Small builders shared by the unit tests. The main function is [`case`].

use crate::model::{CaseRecord, Exchange, Finding, Outcome, RunInfo, RunReport};
use results::{CaseSeed, RunSeed};

/// A run header with fixed values.
pub(crate) fn info() -> RunInfo {
    RunInfo {
        tool_version: "0.1.0".into(),
        target: "http://127.0.0.1:4000".into(),
        contract: "published".into(),
        seed: RunSeed(42),
        started_at: "2025-01-31T12:00:00Z".into(),
        duration_ms: 1500.0,
        ..RunInfo::default()
    }
}

/// A case named `suite::property::case_NNNN` with the given outcome, rules and findings
/// (`(rule, pointer, message)`).
pub(crate) fn case(
    name: &str,
    outcome: Outcome,
    rules: &[&str],
    findings: &[(&str, &str, &str)],
) -> CaseRecord {
    let mut parts = name.split("::");
    let suite = parts.next().unwrap_or_default().to_owned();
    let property = parts.next().unwrap_or_default().to_owned();
    CaseRecord {
        name: name.into(),
        suite,
        property,
        outcome,
        duration_ms: 12.5,
        seed: CaseSeed(7),
        rules: rules.iter().map(|r| (*r).to_owned()).collect(),
        findings: findings
            .iter()
            .map(|(rule, pointer, message)| Finding {
                rule: (*rule).into(),
                pointer: (*pointer).into(),
                message: (*message).into(),
            })
            .collect(),
        exchanges: vec![],
        minimal_input: None,
        rerun: format!("nhost-conformance replay {name} --seed 7"),
        reactions: Vec::new(),
        observations: Vec::new(),
        investigation: None,
    }
}

/// An exchange of `operation` that took `elapsed_ms`.
pub(crate) fn exchange(operation: &str, elapsed_ms: f64) -> Exchange {
    Exchange {
        operation: operation.into(),
        method: "POST".into(),
        url: format!("http://127.0.0.1:4000/{operation}"),
        request_headers: vec![("content-type".into(), "application/json".into())],
        request_body: Some(r#"{"password":"[REDACTED]"}"#.into()),
        status: Some(200),
        response_headers: vec![],
        response_body: Some("{}".into()),
        elapsed_ms,
        error: None,
        curl: format!("curl -X POST http://127.0.0.1:4000/{operation}"),
        via: None,
        returned: None,
    }
}

/// A report holding `cases`.
pub(crate) fn report(cases: Vec<CaseRecord>) -> RunReport {
    RunReport {
        info: info(),
        cases,
        rules: vec![],
        rounds: Vec::new(),
        drift: None,
    }
}
