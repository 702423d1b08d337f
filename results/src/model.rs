//! The plain data a run hands to the writers. The main type is [`RunReport`].
//!
//! The runner fills these types with data that is already redacted: the writers print exchanges,
//! findings and inputs as they are and never see a secret.

use serde::{Deserialize, Deserializer, Serialize};

use crate::catalogue::RuleEntry;
use crate::names::{CaseSeed, RunSeed};

/// Facts about the whole run, printed at the top of every report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Version of the `nhost-conformance` tool that produced the run.
    pub tool_version: String,
    /// The target that was tested (a URL, or a label such as "embedded reference server").
    pub target: String,
    /// The contract the responses were checked against ("published", "deployed" or a path).
    pub contract: String,
    /// The run seed; every case seed derives from it.
    pub seed: RunSeed,
    /// When the run started, as RFC 3339 (for example `2025-01-31T12:00:00Z`).
    pub started_at: String,
    /// Wall time of the whole run, in milliseconds.
    pub duration_ms: f64,
}

/// The result of one case (one trial), with everything needed to understand and re-run it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// Full trial name, `suite::property::case_NNNN` (for example `signup::roundtrip::case_0007`).
    pub name: String,
    /// The suite part of the name (`signup`).
    pub suite: String,
    /// The property part of the name (`roundtrip`).
    pub property: String,
    /// How the case ended.
    pub outcome: Outcome,
    /// Wall time of the case, in milliseconds.
    pub duration_ms: f64,
    /// The case seed.
    pub seed: CaseSeed,
    /// Ids of the contract rules this case exercised (for example
    /// `/$defs/User/properties/locale:type` or `semantic:token.rotation`).
    pub rules: Vec<String>,
    /// Rule violations found by the case.
    pub findings: Vec<Finding>,
    /// The HTTP (or SDK) exchanges of the case, redacted.
    pub exchanges: Vec<Exchange>,
    /// The shrunk input that still fails, when the case failed. In JSON the field is left out
    /// when `None`, so an input that is itself `null` reads back as `Some(Value::Null)`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_value"
    )]
    pub minimal_input: Option<serde_json::Value>,
    /// A shell command that re-runs this case alone.
    pub rerun: String,
    /// How clients reacted to documents served to them (the `sdk` suite); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<Reaction>,
}

/// How a client (an official SDK) handled one document served to it as the Auth service's
/// answer: what its caller saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    /// The client, with its version (`@nhost/nhost-js 4.7.0`).
    pub client: String,
    /// The rule the served document breaks, or `valid` for a document the contract allows.
    pub rule: String,
    /// What the client did.
    pub kind: ReactionKind,
    /// One line of detail: the error it raised, what it changed, how it died.
    pub detail: String,
}

impl Reaction {
    /// The rule a served valid document is tabled under (every other reaction has the rule the
    /// served document broke).
    pub const VALID: &'static str = "valid";
}

/// What a client did with a served document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReactionKind {
    /// It handed the document to its caller unchanged (and kept it as its session).
    Intact,
    /// It handed the document on, but changed (a valid document should come through intact).
    Altered,
    /// It raised an error to its caller: a broken document stopped at the client.
    Rejected,
    /// It handed a broken document to its caller as if it were fine.
    PassedThrough,
    /// Its process died (an uncaught exception, the memory cap).
    Crashed,
    /// It gave its caller no answer within the call's timeout.
    Hung,
}

impl ReactionKind {
    /// Every kind, in the order tables show them.
    pub const ALL: [ReactionKind; 6] = [
        ReactionKind::Intact,
        ReactionKind::Altered,
        ReactionKind::Rejected,
        ReactionKind::PassedThrough,
        ReactionKind::Crashed,
        ReactionKind::Hung,
    ];

    /// A human label (`passed through`).
    pub fn label(self) -> &'static str {
        match self {
            ReactionKind::Intact => "intact",
            ReactionKind::Altered => "altered",
            ReactionKind::Rejected => "rejected",
            ReactionKind::PassedThrough => "passed through",
            ReactionKind::Crashed => "crashed",
            ReactionKind::Hung => "hung",
        }
    }
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Every check held.
    Passed,
    /// At least one check failed.
    Failed,
    /// The case failed, as an expectations file said it would.
    ExpectedFailure {
        /// Why the failure is expected (from the expectations file).
        reason: String,
    },
    /// The case was expected to fail but passed: the expectation is stale.
    UnexpectedPass {
        /// The reason the expectations file gave for the failure.
        reason: String,
    },
    /// The case could not exercise its rules (rate limit, disabled feature, budget spent).
    NotCovered {
        /// Why the case could not run.
        reason: String,
    },
    /// The case cannot be expressed through the chosen way of reaching the target (an SDK
    /// that sends only JSON it builds itself cannot send a raw body). Neither passed nor a
    /// gap in the target's coverage: the run's choice of client excludes it.
    NotApplicable {
        /// Why the case cannot go through this client.
        reason: String,
    },
    /// The case failed once and passed when re-run: reported, never counted as a failure.
    Flaky {
        /// What the failing run found.
        reason: String,
    },
    /// The case was planned but never finished: the run was interrupted, its deadline passed, or
    /// the target stopped answering.
    NotRun {
        /// Why it did not run.
        reason: String,
    },
}

impl Outcome {
    /// A stable snake_case name for the outcome, as used in NDJSON (`passed`, `failed`,
    /// `expected_failure`, `unexpected_pass`, `not_covered`, `not_applicable`, `flaky`,
    /// `not_run`).
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::ExpectedFailure { .. } => "expected_failure",
            Outcome::UnexpectedPass { .. } => "unexpected_pass",
            Outcome::NotCovered { .. } => "not_covered",
            Outcome::NotApplicable { .. } => "not_applicable",
            Outcome::Flaky { .. } => "flaky",
            Outcome::NotRun { .. } => "not_run",
        }
    }

    /// Whether this outcome makes the run fail (`Failed` or `UnexpectedPass`).
    pub fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed | Outcome::UnexpectedPass { .. })
    }

    /// The reason carried by the outcome, when it has one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Passed | Outcome::Failed => None,
            Outcome::ExpectedFailure { reason }
            | Outcome::UnexpectedPass { reason }
            | Outcome::NotCovered { reason }
            | Outcome::NotApplicable { reason }
            | Outcome::Flaky { reason }
            | Outcome::NotRun { reason } => Some(reason),
        }
    }
}

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The id of the violated rule (the key reports group by).
    pub rule: String,
    /// JSON pointer to the offending value in the response (or request).
    pub pointer: String,
    /// A human explanation, already redacted.
    pub message: String,
}

/// One request and its response, redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// The API operation, snake_case (`sign_up`, `refresh_token`).
    pub operation: String,
    /// HTTP method (`POST`).
    pub method: String,
    /// Full request URL.
    pub url: String,
    /// Request headers, in order, with secret values masked.
    pub request_headers: Vec<(String, String)>,
    /// Request body, with secrets masked.
    pub request_body: Option<String>,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Response headers, in order, with secret values masked.
    pub response_headers: Vec<(String, String)>,
    /// Response body, with secrets masked.
    pub response_body: Option<String>,
    /// Time from sending the request to reading the whole response, in milliseconds.
    pub elapsed_ms: f64,
    /// Transport error (timeout, connection refused), when no response arrived.
    pub error: Option<String>,
    /// A `curl` command that repeats the request, with secrets masked (empty when no HTTP
    /// request was made, e.g. an SDK call that failed before sending).
    pub curl: String,
    /// For a call made through an SDK: the SDK function called, with the SDK and its version
    /// (`nhost.auth.signInEmailPassword via @nhost/nhost-js 4.7.0`). The HTTP fields above then
    /// describe the request the SDK made. `None` for a plain HTTP exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// For a call made through an SDK: what the call returned to its caller, as JSON text with
    /// secrets masked; this, not the response body on the wire, is what was judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<String>,
}

/// Reads a field that is present as `Some`, even when its value is `null`.
fn present_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// A whole run: its facts and every case, in the order they finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// Facts about the run.
    pub info: RunInfo,
    /// Every case, in the order they finished.
    pub cases: Vec<CaseRecord>,
    /// The catalogue entries of the rules the cases mention (id, description, source), so
    /// reports can describe each rule; empty in reports written before the catalogue existed.
    #[serde(default)]
    pub rules: Vec<RuleEntry>,
    /// The shape the target sent and its drift from the contract; `None` when the run
    /// observed no answer (an offline run, a merged report without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<crate::drift::Drift>,
}

impl RunReport {
    /// The description of rule `id` from [`RunReport::rules`], or `""` when it is unknown.
    pub fn rule_description(&self, id: &str) -> &str {
        crate::catalogue::description(&self.rules, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> CaseRecord {
        CaseRecord {
            name: "a::b::case_0001".into(),
            suite: "a".into(),
            property: "b".into(),
            outcome: Outcome::Failed,
            duration_ms: 1.0,
            seed: CaseSeed(7),
            rules: vec![],
            findings: vec![],
            exchanges: vec![],
            minimal_input: None,
            rerun: String::new(),
            reactions: Vec::new(),
        }
    }

    #[test]
    fn a_null_minimal_input_is_not_lost() {
        let mut record = case();
        for input in [
            None,
            Some(serde_json::Value::Null),
            Some(serde_json::json!({"a": [1]})),
        ] {
            record.minimal_input = input;
            let json = serde_json::to_string(&record).unwrap();
            let back: CaseRecord = serde_json::from_str(&json).unwrap();
            assert_eq!(back, record, "{json}");
        }
    }

    #[test]
    fn outcomes_are_tagged_by_kind() {
        let json = serde_json::to_value(Outcome::NotCovered {
            reason: "off".into(),
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "not_covered", "reason": "off"})
        );
        for outcome in [
            Outcome::Passed,
            Outcome::Failed,
            Outcome::ExpectedFailure {
                reason: String::new(),
            },
            Outcome::UnexpectedPass {
                reason: String::new(),
            },
            Outcome::NotCovered {
                reason: String::new(),
            },
            Outcome::NotApplicable {
                reason: String::new(),
            },
            Outcome::Flaky {
                reason: String::new(),
            },
            Outcome::NotRun {
                reason: String::new(),
            },
        ] {
            let json = serde_json::to_value(&outcome).unwrap();
            assert_eq!(json["kind"], outcome.kind());
        }
    }
}
