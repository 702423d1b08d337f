//! The plain data a run hands to the writers. The main type is [`RunReport`].
//!
//! The runner fills these types with data that is already redacted: the writers print exchanges,
//! findings and inputs as they are and never see a secret.

use serde::{Deserialize, Deserializer, Serialize};

use crate::catalogue::RuleEntry;
use crate::names::{CaseSeed, RunSeed};

/// Facts about the whole run, printed at the top of every report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// What went over the wire: requests sent, 429 answers, the pace (absent when nothing
    /// was counted, e.g. in a report merged from shards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<Traffic>,
    /// The built-in expectation sets in force, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expectation_sets: Vec<String>,
    /// The contract's own self-check, as information (never a failing case of a target run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_check: Option<ContractCheck>,
    /// Why the run could not start, when it could not: the report then holds no case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_started: Option<String>,
    /// Whether not-covered and not-run cases still let the run pass (`--allow-incomplete`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_incomplete: bool,
    /// Expectations that matched nothing although their rule or property ran (they fail the
    /// run), by label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale_expectations: Vec<String>,
}

/// Requests a run sent (every attempt, retries and shrink steps included, counted where they
/// leave for the target), the 429 answers it got, and the pace it went at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Traffic {
    /// Requests sent, per operation (`sign_up`, `refresh`, …).
    pub sent: std::collections::BTreeMap<String, u64>,
    /// 429 answers, per operation.
    #[serde(default)]
    pub throttled: std::collections::BTreeMap<String, u64>,
    /// The pace at the end, requests per second; `None`: no cap.
    #[serde(default)]
    pub pace_per_sec: Option<f64>,
    /// The slowest pace 429 answers pushed the run to, if any did.
    #[serde(default)]
    pub slowest_per_sec: Option<f64>,
    /// Requests the run sent elsewhere than the target, by what sent them (`sdk stage`: the
    /// SDKs' calls to the stub that serves them documents; `cleanup`: the GraphQL call that
    /// deletes the users the run created). Not in [`Traffic::requests`].
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub elsewhere: std::collections::BTreeMap<String, u64>,
}

impl Traffic {
    /// Requests sent in all.
    pub fn requests(&self) -> u64 {
        self.sent.values().sum()
    }

    /// 429 answers in all.
    pub fn throttled_total(&self) -> u64 {
        self.throttled.values().sum()
    }

    /// Adds another run's traffic (a campaign's rounds): counts add up, the pace is the later
    /// run's, the slowest pace the slowest of both.
    pub fn add(&mut self, other: &Traffic) {
        for (op, n) in &other.sent {
            *self.sent.entry(op.clone()).or_default() += n;
        }
        for (op, n) in &other.throttled {
            *self.throttled.entry(op.clone()).or_default() += n;
        }
        for (what, n) in &other.elsewhere {
            *self.elsewhere.entry(what.clone()).or_default() += n;
        }
        self.pace_per_sec = other.pace_per_sec;
        self.slowest_per_sec = match (self.slowest_per_sec, other.slowest_per_sec) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

impl std::fmt::Display for Traffic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} request(s) sent", self.requests())?;
        if !self.elsewhere.is_empty() {
            let what: Vec<String> = self
                .elsewhere
                .iter()
                .map(|(what, n)| format!("{what} {n}"))
                .collect();
            write!(
                f,
                " (and {} elsewhere: {})",
                self.elsewhere.values().sum::<u64>(),
                what.join(", ")
            )?;
        }
        let throttled = self.throttled_total();
        if throttled > 0 {
            let per_op: Vec<String> = self
                .throttled
                .iter()
                .map(|(op, n)| format!("{op} {n}"))
                .collect();
            write!(f, "; {throttled} answer(s) 429 ({})", per_op.join(", "))?;
            match (self.pace_per_sec, self.slowest_per_sec) {
                (Some(pace), Some(slowest)) => write!(
                    f,
                    "; the pace went down to {slowest:.2} requests/s and ended at {pace:.2}"
                )?,
                (None, Some(slowest)) => write!(
                    f,
                    "; the pace went down to {slowest:.2} requests/s and ended uncapped"
                )?,
                _ => {}
            }
        }
        Ok(())
    }
}

/// The contract's self-check: every `example` in it against its own subschema. Information for
/// the reports: the target cannot change it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContractCheck {
    /// Examples checked.
    pub examples_checked: usize,
    /// Examples that do not validate (rule `schema:examples-valid`, the example's pointer).
    pub failures: Vec<Finding>,
    /// When a built-in expectation set knows these failures: its reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<String>,
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
    /// What the target did where the documentation allows more than one answer (a limit that
    /// differs between service versions): information, never a failure. Left out of JSON when
    /// empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Finding>,
    /// For a case that failed: its failure signature, the case that stands for it, and how far
    /// shrinking got. `None` for every other case (and in reports written before failures were
    /// grouped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investigation: Option<Investigation>,
}

/// How the runner dealt with a failed case. Failures are grouped by their *signature* (each
/// finding's rule, the operation and status class of the exchange it is about, and its pointer
/// with array indices left out): the first case of a signature is re-run once (a pass makes it
/// flaky) and shrunk, within request budgets; later cases of the same signature are recorded as
/// failed with a reference to it, neither re-run nor shrunk (their own seed still re-runs them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Investigation {
    /// The signature's id: 16 hex digits, the same for every case that fails the same way.
    pub signature: String,
    /// The signature in words (`sign_up 5xx: http:no-server-error, http:status`).
    pub label: String,
    /// The case that stands for this failure when it is another one: this case was neither
    /// re-run nor shrunk. `None`: this case is the representative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// Shrink steps run.
    #[serde(default)]
    pub shrink_steps: u32,
    /// Requests the re-run and the shrink steps sent (as exchanges; 429 retries not counted).
    #[serde(default)]
    pub requests: u64,
    /// Why shrinking stopped before it reached a minimal input (a step, time or request bound,
    /// the run stopping), or why the case was not shrunk at all; `None` when it ran to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unfinished: Option<String>,
}

impl Investigation {
    /// Whether this case stands for its signature (it is not a reference to another case).
    pub fn is_representative(&self) -> bool {
        self.same_as.is_none()
    }
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
    /// The rounds of a `fuzz` campaign, in order; empty for any other run. Left out of JSON
    /// when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<FuzzRound>,
    /// The shape the target sent and its drift from the contract; `None` when the run
    /// observed no answer (an offline run, a merged report without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<crate::drift::Drift>,
}

/// One round of a `fuzz` campaign: how many cases it ran and how many new failures it found,
/// and when it ended, for the summary's chart of a campaign over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FuzzRound {
    /// The round's number, from 1 (the corpus replayed before the first round is round 0).
    pub round: u64,
    /// When the round ended, in milliseconds since the campaign started.
    pub ended_ms: f64,
    /// Cases the round ran.
    pub cases: u64,
    /// Cases of the round that failed.
    pub failed: u64,
    /// Failures the campaign had not seen before (new de-duplication keys).
    pub new_findings: u64,
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
            observations: Vec::new(),
            investigation: None,
        }
    }

    #[test]
    fn observations_are_additive() {
        let mut record = case();
        let json = serde_json::to_value(&record).unwrap();
        assert!(json.get("observations").is_none(), "left out when empty");
        let back: CaseRecord = serde_json::from_value(json).unwrap();
        assert!(back.observations.is_empty(), "read as empty when absent");
        record.observations.push(Finding {
            rule: "boundary:version-dependent".into(),
            pointer: String::new(),
            message: "sign_up answered HTTP 200".into(),
        });
        let json = serde_json::to_string(&record).unwrap();
        let back: CaseRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record);
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
