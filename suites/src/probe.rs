//! The preflight probe: [`probe`] checks that the target answers like an Auth service, learns what
//! it allows (sign-up, anonymous sign-in, the JWT algorithm) and fills the account pool.
//!
//! A target that is unreachable, answers HTML, or rate-limits the probe ends the run here, with one
//! clear message, before any trial starts.
//!
//! Setting up is judged too: every pool sign-up and sign-in is recorded and its answer judged
//! like in a case (a session where one is due, wrapped as `{session}`, conforming to the
//! contract), into [`Probe::setup`]; the engine reports a set-up with findings as its own failed
//! case ([`crate::setup::SETUP_CASE`]), which the not-covered reason of every case that needed
//! the pool names.

use serde_json::{json, Value};

use crate::api::{ApiRequest, AuthApi, Operation, Response, ResponseBody};
use crate::check::{Check, Verdict, Wrapping};
use crate::env::{Capabilities, Env};
use crate::errors::TargetError;
use crate::jwt::Jwt;
use crate::pool::{Account, AccountPool};
use crate::setup;

/// How to fill the account pool.
#[derive(Debug, Clone, Default)]
pub struct PoolPlan {
    /// Accounts to create by sign-up when none are given.
    pub size: usize,
    /// Pre-provisioned accounts (sign-in only; no sign-up is spent).
    pub given: Vec<Account>,
}

/// What the probe found.
#[derive(Debug)]
pub struct Probe {
    /// What the target allows.
    pub capabilities: Capabilities,
    /// The filled pool (or an empty one that says why).
    pub pool: AccountPool,
    /// The pool's sign-ups and sign-ins, recorded and judged: the set-up's verdict.
    pub setup: Verdict,
}

/// Why the run cannot start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProbeError {
    /// The target could not be reached or did not answer in time.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// The target answered, but not like Nhost Auth.
    #[error("{url} does not answer like Nhost Auth: {what} (is it the Auth base URL, e.g. https://<subdomain>.auth.<region>.nhost.run/v1?)")]
    NotAuth {
        /// The target URL.
        url: String,
        /// What it answered.
        what: String,
    },
}

/// Probes the target. `namespace` keeps the pool's emails apart from earlier runs; `env` gives
/// the contract the set-up's answers are judged against and the secrets to learn.
pub fn probe(
    api: &dyn AuthApi,
    env: &Env,
    namespace: &str,
    plan: &PoolPlan,
) -> Result<Probe, ProbeError> {
    let url = api.info().url;
    // A target that has no health call (an SDK line without one) is probed by sign-up alone.
    let health = match api.send(&ApiRequest::empty(Operation::Health)) {
        Err(TargetError::Unsupported { .. }) => None,
        other => Some(other?),
    };
    if let Some(health) = &health {
        if let ResponseBody::NotJson { text, .. } = &health.body {
            let kind = if text.trim_start().starts_with('<') {
                "an HTML page"
            } else {
                "a body that is not JSON"
            };
            return Err(ProbeError::NotAuth {
                url,
                what: format!("GET /healthz answered HTTP {} with {kind}", health.status),
            });
        }
        if health.status == 404 {
            return Err(ProbeError::NotAuth {
                url,
                what: "GET /healthz answered HTTP 404".into(),
            });
        }
    }
    let mut jwt_alg = None;
    let mut check = Check::new(env, api, 0);
    let (signup, pool) = if plan.given.is_empty() {
        fill_by_sign_up(&mut check, namespace, plan.size, &mut jwt_alg)?
    } else {
        (
            Ok(()),
            sign_in_given(&mut check, &plan.given, &mut jwt_alg)?,
        )
    };
    let setup = check.finish(Ok(()));
    let pool = match pool.unavailable_reason() {
        Some(why) if setup::failed(&setup) => AccountPool::unavailable(format!(
            "{why}; that answer broke {} (the failed case {})",
            setup::broken_rules(&setup),
            setup::SETUP_CASE
        )),
        _ => pool,
    };
    // Anonymous sign-in is off unless the target says otherwise with a session; any answer but
    // the documented "disabled" ones is for the anonymous suite to judge.
    // `{}`, or no body at all for a client that cannot send one (the 3.x SDK's call takes none).
    let r = match api.send(&ApiRequest::json(Operation::SignInAnonymous, json!({}))) {
        Err(TargetError::Unsupported { .. }) => {
            api.send(&ApiRequest::empty(Operation::SignInAnonymous))?
        }
        other => other?,
    };
    let code = r
        .body
        .json()
        .and_then(|b| b.get("error"))
        .and_then(Value::as_str);
    let anonymous = if let Some(session) = session_of(&r) {
        jwt_alg = jwt_alg.or_else(|| alg_of(Some(session)));
        Ok(())
    } else if matches!(
        (r.status, code),
        (409, Some("disabled-endpoint")) | (403, _) | (404, _)
    ) {
        Err(format!(
            "anonymous sign-in answered HTTP {}{} (switch it on in the project, AUTH_ANONYMOUS_USERS_ENABLED; no flag can)",
            r.status,
            error_code(&r)
        ))
    } else {
        Ok(())
    };
    Ok(Probe {
        capabilities: Capabilities {
            signup,
            anonymous,
            jwt_alg,
        },
        pool,
        setup,
    })
}

/// Sends one set-up request: its secrets are learned and its exchange recorded in `check`.
fn send(check: &mut Check<'_>, request: ApiRequest) -> Result<Response, ProbeError> {
    check.env.secrets.learn_request(&request);
    let response = check.api().send(&request)?;
    check.record(&response);
    Ok(response)
}

fn fill_by_sign_up(
    check: &mut Check<'_>,
    namespace: &str,
    size: usize,
    jwt_alg: &mut Option<String>,
) -> Result<(Result<(), String>, AccountPool), ProbeError> {
    let mut accounts = Vec::new();
    for i in 0..size.max(1) {
        let email = format!("nc-pool-{i}-{namespace}@example.com");
        let password = pool_password(namespace, i);
        let r = send(
            check,
            ApiRequest::json(
                Operation::SignUp,
                json!({ "email": email, "password": password }),
            ),
        )?;
        if let Some(why) = signup_unavailable(&r) {
            return Ok((Err(why.clone()), AccountPool::unavailable(why)));
        }
        // A session answer is judged here (wrapper, contract); any other answer is for the
        // signup suite to judge. The pool only needs the account, so it signs in (which also
        // works when sign-up answered a malformed body).
        let created = r.status == 200;
        if created {
            check.expect_session(&r, Operation::SignUp, Wrapping::Wrapped);
        }
        let account = Account {
            email,
            password,
            user_id: None,
        };
        match sign_in(check, account, created, jwt_alg)? {
            Ok(account) => accounts.push(account),
            Err((account, s)) => {
                let why = format!(
                    "pool account {} cannot sign in after sign-up answered HTTP {}{}: sign-in answered HTTP {}{}",
                    account.email,
                    r.status,
                    error_code(&r),
                    s.status,
                    error_code(&s)
                );
                return Ok((Ok(()), AccountPool::unavailable(why)));
            }
        }
    }
    Ok((Ok(()), AccountPool::new(accounts)))
}

/// Whether a sign-up answer says the feature is off (as opposed to a broken answer, which the
/// signup suite judges): `{}` (email verification), 403 `signup-disabled`, 409 `disabled-endpoint`.
fn signup_unavailable(r: &Response) -> Option<String> {
    let code = r
        .body
        .json()
        .and_then(|b| b.get("error"))
        .and_then(Value::as_str);
    match (r.status, r.body.json()) {
        (200, Some(Value::Object(o))) if o.is_empty() => Some(
            "sign-up answered {} (email verification is required): give pre-provisioned accounts with --accounts-file (or NHOST_ACCOUNTS)".to_owned(),
        ),
        (403, _) if code == Some("signup-disabled") => Some("sign-up is disabled (403 signup-disabled): give pre-provisioned accounts with --accounts-file".to_owned()),
        (409, _) if code == Some("disabled-endpoint") => Some("sign-up is disabled (409 disabled-endpoint): give pre-provisioned accounts with --accounts-file".to_owned()),
        _ => None,
    }
}

fn sign_in_given(
    check: &mut Check<'_>,
    given: &[Account],
    jwt_alg: &mut Option<String>,
) -> Result<AccountPool, ProbeError> {
    let mut accounts = Vec::new();
    for account in given {
        // A refusal may be wrong credentials in the configuration: only an answer of 200 is
        // the target's to get right here.
        match sign_in(check, account.clone(), false, jwt_alg)? {
            Ok(account) => accounts.push(account),
            Err((account, r)) => {
                let why = format!(
                    "pre-provisioned account {} cannot sign in: HTTP {}{}",
                    account.email,
                    r.status,
                    error_code(&r)
                );
                return Ok(AccountPool::unavailable(why));
            }
        }
    }
    Ok(AccountPool::new(accounts))
}

/// Signs an account in: the account with its user id, or the account and the failed answer.
/// The first access token seen tells the JWT algorithm.
///
/// The answer is judged as a sign-in session (HTTP 200, `{session}`, the contract) when it is a
/// 200, or whatever it is when `exists` (sign-up just created the account, so a refusal breaks
/// the contract too).
fn sign_in(
    check: &mut Check<'_>,
    account: Account,
    exists: bool,
    jwt_alg: &mut Option<String>,
) -> Result<Result<Account, (Account, Response)>, ProbeError> {
    let r = send(
        check,
        ApiRequest::json(
            Operation::SignIn,
            json!({ "email": account.email, "password": account.password }),
        ),
    )?;
    if exists || r.status == 200 {
        check.expect_session(&r, Operation::SignIn, Wrapping::Wrapped);
    }
    let Some(session) = session_of(&r) else {
        return Ok(Err((account, r)));
    };
    *jwt_alg = jwt_alg.take().or_else(|| alg_of(Some(session)));
    let user_id = session
        .pointer("/user/id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Ok(Account { user_id, ..account }))
}

/// A per-run password for pool account `i`: long, mixed, and not guessable from the email alone.
fn pool_password(namespace: &str, i: usize) -> String {
    let h = results::hash::fnv1a(
        namespace
            .bytes()
            .chain(i.to_le_bytes())
            .chain(*b"nhost-conformance-pool"),
    );
    format!("Pw-{h:016x}-{}", i + 1)
}

fn session_of(r: &Response) -> Option<&Value> {
    if r.status != 200 {
        return None;
    }
    r.body.json()?.get("session").filter(|s| s.is_object())
}

fn alg_of(session: Option<&Value>) -> Option<String> {
    let token = session?.get("accessToken")?.as_str()?;
    Jwt::decode(token).ok().map(|j| j.alg().to_owned())
}

fn error_code(r: &Response) -> String {
    match r
        .body
        .json()
        .and_then(|b| b.get("error"))
        .and_then(Value::as_str)
    {
        Some(code) => format!(" ({code})"),
        None => String::new(),
    }
}
