//! The per-case judge: [`Check`] sends requests, records exchanges and collects findings.
//!
//! Properties call [`Check::send`] and the `expect_*` helpers; every helper records which rules it
//! exercised, so the conformance matrix can tell "passed" from "never checked".

use std::collections::BTreeSet;

use results::diff::Difference;
use results::{Exchange, Finding, Reaction};
use serde_json::Value;

use crate::api::{ApiRequest, AuthApi, Operation, Response, ResponseBody};
use crate::env::Env;
use crate::errors::TargetError;
use crate::redact::Secrets;
use crate::rules;

/// The longest a reaction's detail may be, in characters.
pub const REACTION_DETAIL_CHARS: usize = 300;

/// How many differences between two JSON values [`Check::differences`] records one finding
/// each for; one more finding counts the rest.
pub const DIFFERENCES_LISTED: usize = 10;

/// Why a check stopped before reaching its end.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// The target produced no response to judge.
    Target(TargetError),
    /// The rule cannot be exercised here (budget, disabled endpoint, missing secret).
    NotCovered(String),
    /// The request cannot be made through this target's client (an SDK cannot send a raw
    /// body): the case does not apply to it.
    NotApplicable(String),
    /// An earlier finding makes the rest of the check meaningless (already recorded).
    Broken,
}

impl From<TargetError> for Stop {
    fn from(e: TargetError) -> Self {
        if let TargetError::Unsupported { .. } = e {
            Stop::NotApplicable(e.to_string())
        } else if e.is_not_covered() {
            Stop::NotCovered(e.to_string())
        } else {
            Stop::Target(e)
        }
    }
}

/// The result of one run of a property on one input.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// Contract and semantic violations found.
    pub findings: Vec<Finding>,
    /// What the target did where the documentation leaves the answer open (a version-dependent
    /// limit): recorded for the report, never a failure.
    pub observations: Vec<Finding>,
    /// Every exchange, in order, already redacted.
    pub exchanges: Vec<Exchange>,
    /// Rule ids this run exercised.
    pub rules: BTreeSet<String>,
    /// Set when the check could not run to its end (`NotCovered`) or the target failed.
    pub stopped: Option<Stop>,
    /// How clients reacted to documents served to them (the `sdk` suite).
    pub reactions: Vec<Reaction>,
    /// Whole rule lists exercised at once (a contract's rules, by [`Check::conform`]), kept
    /// shared; [`Verdict::exercised`] merges them with [`Verdict::rules`].
    pub rule_sets: Vec<std::sync::Arc<[String]>>,
    /// For each finding of [`Verdict::findings`], in order, how many exchanges had been
    /// recorded when it was found: the exchange it is about is the last of those (none when 0).
    /// Findings pushed without [`Check::finding`] have no entry here.
    pub finding_sites: Vec<usize>,
}

impl Verdict {
    /// The verdict with every secret `secrets` knows scrubbed from its findings and exchanges
    /// (call it when the record is made: secrets learned late are then scrubbed too).
    pub fn scrubbed(mut self, secrets: &Secrets) -> Self {
        for finding in self.findings.iter_mut().chain(&mut self.observations) {
            secrets.scrub_finding_in_place(finding);
        }
        for exchange in &mut self.exchanges {
            secrets.scrub_exchange_in_place(exchange);
        }
        for reaction in &mut self.reactions {
            secrets.clean_in_place(&mut reaction.detail);
        }
        self.stopped = self.stopped.map(|stop| match stop {
            Stop::NotCovered(reason) => Stop::NotCovered(secrets.scrub(&reason)),
            Stop::NotApplicable(reason) => Stop::NotApplicable(secrets.scrub(&reason)),
            Stop::Target(e) => Stop::Target(secrets.scrub_error(e)),
            Stop::Broken => Stop::Broken,
        });
        self
    }

    /// The exchange finding number `index` is about: the last one recorded before it was found
    /// (the last of the verdict for a finding pushed without [`Check::finding`]), or `None`
    /// when it was found before any exchange.
    pub fn finding_exchange(&self, index: usize) -> Option<&Exchange> {
        match self.finding_sites.get(index) {
            Some(0) => None,
            Some(&n) => self.exchanges.get(n - 1),
            None => self.exchanges.last(),
        }
    }

    /// Every rule exercised, one by one or in a whole list, sorted and without repeats.
    pub fn exercised(&self) -> Vec<String> {
        let mut all: BTreeSet<&str> = self.rules.iter().map(String::as_str).collect();
        for set in &self.rule_sets {
            all.extend(set.iter().map(String::as_str));
        }
        all.into_iter().map(str::to_owned).collect()
    }

    /// Whether the target failed this case: a finding, or a target error.
    pub fn is_failure(&self) -> bool {
        !self.findings.is_empty() || matches!(self.stopped, Some(Stop::Target(_)))
    }

    /// Why the case does not apply to this target's client, when it does not (and nothing
    /// failed).
    pub fn not_applicable(&self) -> Option<&str> {
        match &self.stopped {
            Some(Stop::NotApplicable(r)) if self.findings.is_empty() => Some(r),
            _ => None,
        }
    }

    /// Why the case was not covered, when it was not (and nothing failed).
    pub fn not_covered(&self) -> Option<&str> {
        match &self.stopped {
            Some(Stop::NotCovered(r)) if self.findings.is_empty() => Some(r),
            _ => None,
        }
    }
}

/// The parts of a session the semantic checks need, read leniently (the schema check reports shape).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionView {
    /// `accessToken`.
    pub access_token: Option<String>,
    /// `accessTokenExpiresIn`.
    pub expires_in: Option<i64>,
    /// `refreshToken`.
    pub refresh_token: Option<String>,
    /// `refreshTokenId`.
    pub refresh_token_id: Option<String>,
    /// `user`, or `Null`.
    pub user: Value,
}

impl SessionView {
    /// Reads the fields of a session document.
    pub fn read(session: &Value) -> Self {
        let s = |k: &str| session.get(k).and_then(Value::as_str).map(str::to_owned);
        Self {
            access_token: s("accessToken"),
            expires_in: session.get("accessTokenExpiresIn").and_then(Value::as_i64),
            refresh_token: s("refreshToken"),
            refresh_token_id: s("refreshTokenId"),
            user: session.get("user").cloned().unwrap_or(Value::Null),
        }
    }

    /// The user's id.
    pub fn user_id(&self) -> Option<&str> {
        self.user.get("id").and_then(Value::as_str)
    }

    /// The refresh token, or stop: without it the rest of a rotation check means nothing.
    pub fn require_refresh_token(&self) -> Result<&str, Stop> {
        self.refresh_token.as_deref().ok_or(Stop::Broken)
    }

    /// The access token, or stop.
    pub fn require_access_token(&self) -> Result<&str, Stop> {
        self.access_token.as_deref().ok_or(Stop::Broken)
    }
}

/// How the session sits in a 200 body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapping {
    /// `{"session": {...}}` (sign-up, sign-in, anonymous).
    Wrapped,
    /// The session itself (`/token`).
    Bare,
}

/// Judges one run of a property: sends requests through the target and collects findings.
pub struct Check<'a> {
    /// The run's environment.
    pub env: &'a Env,
    api: &'a dyn AuthApi,
    verdict: Verdict,
    attempt: u32,
}

impl<'a> Check<'a> {
    /// A fresh judge for one run; `attempt` counts the runs of the same case (0 first, then one
    /// per shrink step), so that accounts created by a re-run do not collide with earlier ones.
    pub fn new(env: &'a Env, api: &'a dyn AuthApi, attempt: u32) -> Self {
        Self {
            env,
            api,
            verdict: Verdict::default(),
            attempt,
        }
    }

    /// The email to create an account with: `email` itself on the first run of a case, and a
    /// variant unique to the attempt on shrink re-runs (the target keeps the earlier accounts).
    pub fn fresh_email(&self, email: &str) -> String {
        if self.attempt == 0 {
            email.to_owned()
        } else {
            format!("r{}-{email}", self.attempt)
        }
    }

    /// The target.
    pub fn api(&self) -> &'a dyn AuthApi {
        self.api
    }

    /// Ends the run, turning the property's result into a verdict.
    pub fn finish(mut self, result: Result<(), Stop>) -> Verdict {
        if let Err(stop) = result {
            if stop != Stop::Broken {
                self.verdict.stopped = Some(stop);
            }
        }
        self.verdict
    }

    /// Sends a request, records its exchange, and flags 5xx answers and JSON bodies that repeat a
    /// key. The request's and the response's secrets are learned into [`Env::secrets`] and
    /// scrubbed from the recorded exchange.
    pub fn send(&mut self, request: ApiRequest) -> Result<Response, Stop> {
        let secrets = &self.env.secrets;
        secrets.learn_request(&request);
        if let Some(secret) = &self.env.jwt_secret {
            secrets.learn(secret);
        }
        let response = self.api.send(&request)?;
        self.record(&response);
        self.exercised(rules::HTTP_NO_SERVER_ERROR);
        if response.status >= 500 {
            self.finding(
                rules::HTTP_NO_SERVER_ERROR,
                "",
                format!("{} answered HTTP {}", request.operation, response.status),
            );
        }
        if response.body.json().is_some() {
            self.exercised(rules::HTTP_JSON_NO_DUPLICATE_KEYS);
        }
        for pointer in &response.duplicate_keys {
            let key = pointer.rsplit('/').next().unwrap_or_default();
            self.finding(
                rules::HTTP_JSON_NO_DUPLICATE_KEYS,
                pointer,
                format!(
                    "{} answered JSON that repeats the key {key:?} at {pointer} (JSON parsers disagree on which value wins)",
                    request.operation
                ),
            );
        }
        Ok(response)
    }

    /// Records an exchange made outside [`Check::send`] (e.g. by a concurrent helper thread),
    /// learning the response's secrets. Like every exchange of a verdict, it is scrubbed with
    /// every secret known when the case ends ([`Verdict::scrubbed`]), which also catches secrets
    /// learned after it was made.
    pub fn record(&mut self, response: &Response) {
        if let Some(body) = response.body.json() {
            self.env.secrets.learn_json(body);
        }
        self.verdict.exchanges.push(response.exchange.clone());
    }

    /// Records a finding; `rule` is also marked exercised.
    pub fn finding(&mut self, rule: &str, pointer: &str, message: impl Into<String>) {
        self.exercised(rule);
        self.verdict.findings.push(Finding {
            rule: rule.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        });
        self.verdict
            .finding_sites
            .push(self.verdict.exchanges.len());
    }

    /// Records where two JSON values differ as findings of `rule`, marked exercised either way:
    /// one finding per differing pointer (`at` + the difference's pointer), its message
    /// `CONTEXT: LEFT_NAME value, RIGHT_NAME value`, for the first [`DIFFERENCES_LISTED`]
    /// differences, then one finding at `at` counting the rest. Returns whether there was none.
    pub fn differences(
        &mut self,
        rule: &str,
        at: &str,
        context: &str,
        (left_name, right_name): (&str, &str),
        found: &[Difference],
    ) -> bool {
        self.exercised(rule);
        for difference in found.iter().take(DIFFERENCES_LISTED) {
            let pointer = format!("{at}{}", difference.pointer);
            let values = difference.values(left_name, right_name);
            self.finding(rule, &pointer, format!("{context}: {values}"));
        }
        if found.len() > DIFFERENCES_LISTED {
            self.finding(
                rule,
                at,
                format!(
                    "{context}: and {} more differences",
                    found.len() - DIFFERENCES_LISTED
                ),
            );
        }
        found.is_empty()
    }

    /// Records an observation: what the target did where the documentation allows more than one
    /// answer. `rule` is marked exercised; the case does not fail.
    pub fn observe(&mut self, rule: &str, pointer: &str, message: impl Into<String>) {
        self.exercised(rule);
        self.verdict.observations.push(Finding {
            rule: rule.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Records an exchange that did not go through [`Check::send`] (a document served to an
    /// SDK by the stage), scrubbed like every other when the case ends.
    pub fn record_exchange(&mut self, exchange: Exchange) {
        self.verdict.exchanges.push(exchange);
    }

    /// Records how a client reacted to a served document; its detail is cleaned of every secret
    /// known now, then cut to one line of [`REACTION_DETAIL_CHARS`] characters (an SDK's error
    /// text or crash output can be long; a secret cut in two would no longer be found).
    pub fn react(&mut self, mut reaction: Reaction) {
        self.env.secrets.clean_in_place(&mut reaction.detail);
        reaction.detail = results::text::one_line(&reaction.detail, REACTION_DETAIL_CHARS);
        self.verdict.reactions.push(reaction);
    }

    /// Marks a rule as exercised by this case.
    pub fn exercised(&mut self, rule: &str) {
        if !self.verdict.rules.contains(rule) {
            self.verdict.rules.insert(rule.to_owned());
        }
    }

    /// Checks a condition: exercised either way, a finding when false. Returns the condition.
    pub fn expect(
        &mut self,
        ok: bool,
        rule: &str,
        pointer: &str,
        message: impl FnOnce() -> String,
    ) -> bool {
        self.exercised(rule);
        if !ok {
            self.finding(rule, pointer, message());
        }
        ok
    }

    /// Checks the HTTP status.
    pub fn expect_status(
        &mut self,
        response: &Response,
        operation: Operation,
        expected: u16,
    ) -> bool {
        let got = response.status;
        self.expect(got == expected, rules::HTTP_STATUS, "", || {
            format!(
                "{operation} answered HTTP {got}, expected {expected}{}",
                body_hint(&response.body)
            )
        })
    }

    /// The JSON body, or a finding when the body is not JSON.
    pub fn expect_json<'r>(
        &mut self,
        response: &'r Response,
        operation: Operation,
    ) -> Option<&'r Value> {
        self.exercised(rules::HTTP_JSON_BODY);
        match &response.body {
            ResponseBody::Json(v) => Some(v),
            ResponseBody::Empty => {
                self.finding(
                    rules::HTTP_JSON_BODY,
                    "",
                    format!("{operation} answered an empty body"),
                );
                None
            }
            ResponseBody::NotJson { reason, .. } => {
                self.finding(
                    rules::HTTP_JSON_BODY,
                    "",
                    format!("{operation} answered a body that is not JSON ({reason})"),
                );
                None
            }
        }
    }

    /// Validates `doc` against `contract`, reporting violations with `prefix` before their pointers.
    pub fn conform(
        &mut self,
        contract: &contract::Contract,
        doc: &Value,
        prefix: &str,
        rule_prefix: &str,
    ) -> bool {
        let ids = contract.rule_ids(rule_prefix);
        let sets = &mut self.verdict.rule_sets;
        if !sets.iter().any(|s| std::sync::Arc::ptr_eq(s, &ids)) {
            sets.push(ids);
        }
        if contract.is_valid(doc) {
            return true;
        }
        for v in contract.violations(doc) {
            let pointer = format!("{prefix}{}", v.instance_pointer);
            self.finding(&format!("{rule_prefix}{}", v.rule), &pointer, v.message);
        }
        false
    }

    /// Judges a successful session answer: 200, JSON, wrapper, conformance. Returns the session
    /// when there is one to read (even if it broke the schema: semantics are checked too).
    pub fn expect_session(
        &mut self,
        response: &Response,
        operation: Operation,
        wrapping: Wrapping,
    ) -> Option<SessionView> {
        if !self.expect_status(response, operation, 200) {
            return None;
        }
        let body = self.expect_json(response, operation)?;
        let (session, prefix) = match wrapping {
            Wrapping::Wrapped => match body.get("session") {
                Some(s) if s.is_object() => {
                    self.exercised(rules::SESSION_WRAPPER);
                    (s, "/session")
                }
                _ => {
                    let what = if body.get("accessToken").is_some() {
                        "a bare session"
                    } else {
                        "no session"
                    };
                    self.finding(
                        rules::SESSION_WRAPPER,
                        "/session",
                        format!("{operation} answered {what}, expected {{\"session\": …}}"),
                    );
                    return None;
                }
            },
            Wrapping::Bare => {
                if body.get("session").is_some() && body.get("accessToken").is_none() {
                    self.finding(rules::SESSION_WRAPPER, "", format!("{operation} wrapped the session in {{\"session\"}}; it must answer a bare session"));
                    return None;
                }
                self.exercised(rules::SESSION_WRAPPER);
                (body, "")
            }
        };
        let contract = self.env.contract.clone();
        self.conform(&contract, session, prefix, "");
        Some(SessionView::read(session))
    }

    /// Judges an error answer: the status, the error-body contract, `status` = HTTP status, and the
    /// error code when one is given.
    pub fn expect_error(
        &mut self,
        response: &Response,
        operation: Operation,
        status: u16,
        code: Option<&str>,
    ) -> bool {
        let mut ok = self.expect_status(response, operation, status);
        let Some(body) = self.expect_json(response, operation) else {
            return false;
        };
        let error_contract = self.env.error_contract.clone();
        ok &= self.conform(&error_contract, body, "", "error:");
        if let Some(s) = body.get("status").and_then(Value::as_u64) {
            let http = response.status;
            ok &= self.expect(
                s == u64::from(http),
                rules::ERROR_STATUS_MATCHES,
                "/status",
                || format!("error body says status {s} but the HTTP status is {http}"),
            );
        }
        if let Some(code) = code {
            let got = body.get("error").and_then(Value::as_str).unwrap_or("");
            ok &= self.expect(got == code, rules::ERROR_CODE, "/error", || {
                format!("{operation} answered error {got:?}, expected {code:?}")
            });
        }
        ok
    }

    /// Signs in with an account and judges the answer as a session.
    pub fn sign_in(&mut self, email: &str, password: &str) -> Result<Option<SessionView>, Stop> {
        let response = self.send(ApiRequest::json(
            Operation::SignIn,
            serde_json::json!({ "email": email, "password": password }),
        ))?;
        Ok(self.expect_session(&response, Operation::SignIn, Wrapping::Wrapped))
    }

    /// Refreshes a token and returns the raw response (judge it yourself).
    pub fn refresh(&mut self, refresh_token: &str) -> Result<Response, Stop> {
        self.send(ApiRequest::json(
            Operation::Refresh,
            serde_json::json!({ "refreshToken": refresh_token }),
        ))
    }
}

/// A short hint of what the body said, for status mismatch messages.
fn body_hint(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Json(v) => match v.get("error").and_then(Value::as_str) {
            Some(code) => format!(" (error {code:?})"),
            None => String::new(),
        },
        ResponseBody::Empty => " (empty body)".to_owned(),
        ResponseBody::NotJson { .. } => " (body is not JSON)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbed_verdicts_carry_no_known_secret() {
        let secrets = Secrets::new();
        secrets.learn("late-learned-token");
        let verdict = Verdict {
            findings: vec![Finding {
                rule: rules::ERROR_CODE.to_owned(),
                pointer: "/error".to_owned(),
                message: "answered error \"late-learned-token\"".to_owned(),
            }],
            observations: vec![Finding {
                rule: rules::BOUNDARY_VERSION_DEPENDENT.to_owned(),
                pointer: String::new(),
                message: "accepted late-learned-token".to_owned(),
            }],
            stopped: Some(Stop::Target(TargetError::Unreachable {
                url: "http://u:late-learned-token@h/v1".to_owned(),
                reason: "refused late-learned-token".to_owned(),
            })),
            // Every text of an exchange, each holding the secret and a URL with a password
            // too short to be learned.
            exchanges: vec![Exchange {
                operation: "refresh".to_owned(),
                method: "POST".to_owned(),
                url: "http://u:pw@h/v1/token".to_owned(),
                request_headers: vec![(
                    "x-late-learned-token".to_owned(),
                    "late-learned-token".to_owned(),
                )],
                request_body: Some("{\"t\":\"late-learned-token\"}".to_owned()),
                status: Some(401),
                response_headers: vec![("x-echo".to_owned(), "late-learned-token".to_owned())],
                response_body: Some("late-learned-token".to_owned()),
                elapsed_ms: 1.0,
                error: Some("fetch http://u:pw@h/v1/token failed: late-learned-token".to_owned()),
                curl: "curl 'http://u:pw@h/v1/token' -d late-learned-token".to_owned(),
                via: Some("refresh through late-learned-token".to_owned()),
                returned: Some("raised late-learned-token at http://u:pw@h/v1".to_owned()),
            }],
            reactions: vec![Reaction {
                client: "sdk".to_owned(),
                rule: Reaction::VALID.to_owned(),
                kind: results::ReactionKind::Rejected,
                detail: "late-learned-token at http://u:pw@h/v1".to_owned(),
            }],
            ..Verdict::default()
        }
        .scrubbed(&secrets);
        let text = format!("{:?}", verdict);
        assert!(!text.contains("late-learned-token"), "{text}");
        assert!(!text.contains("u:pw@"), "{text}");
        assert!(
            text.contains(&crate::redact::mark("late-learned-token")),
            "{text}"
        );
        assert_eq!(verdict.findings[0].rule, rules::ERROR_CODE);
    }
}
