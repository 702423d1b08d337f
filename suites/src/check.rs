//! The per-case judge: [`Check`] sends requests, records exchanges and collects findings.
//!
//! Properties call [`Check::send`] and the `expect_*` helpers; every helper records which rules it
//! exercised, so the conformance matrix can tell "passed" from "never checked".

use results::diff::Difference;
use results::{Exchange, Finding, Reaction};
use serde_json::Value;

use crate::api::{ApiRequest, AuthApi, Operation, Response, ResponseBody};
use crate::env::Env;
use crate::rules;
pub use crate::session::SessionView;
pub use crate::verdict::{Stop, Verdict};

/// The longest a reaction's detail may be, in characters.
pub const REACTION_DETAIL_CHARS: usize = 300;

/// How many differences between two JSON values [`Check::differences`] records one finding
/// each for; one more finding counts the rest.
pub const DIFFERENCES_LISTED: usize = 10;

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
