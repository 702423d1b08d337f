//! Suite `negative`: invalid requests (each tagged with the request rule it breaks) and raw-byte
//! abuse get a 4xx with a conforming error body — never a 2xx, never a 5xx, never a session — and
//! a rejected sign-up creates nothing.
//!
//! The judged input is the final, shrunk one: a shrink step whose request no longer breaks its
//! rule is rejected (`still_valid`), and the check re-checks before calling a 2xx a failure.

use generators::requests::{self, Endpoint, InvalidRequest, RequestBody};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::api::{ApiRequest, Body, Operation, Response};
use crate::check::{Check, Stop};
use crate::env::Env;
use crate::errors::TargetError;
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&INVALID_REQUESTS, &ABUSE];

fn operation(endpoint: &Endpoint) -> Operation {
    match endpoint {
        Endpoint::SignUp => Operation::SignUp,
        Endpoint::SignIn => Operation::SignIn,
        Endpoint::Anonymous => Operation::SignInAnonymous,
        Endpoint::Refresh => Operation::Refresh,
        Endpoint::SignOut => Operation::SignOut,
    }
}

static INVALID_REQUESTS: Prop<InvalidRequest> = Prop {
    suite: "negative",
    name: "invalid_requests",
    description: "a request that breaks the request contract gets a 4xx error body, no session, and creates nothing",
    needs: &[Need::Target],
    // One case per request rule at least, in rule order, so every rule is fired in every run.
    cases: Cases::AtLeast(|| requests::rules().len()),
    strategy: |env, index| {
        let mut kinds = requests::cases(&env.namespace);
        let n = kinds.len();
        kinds.swap_remove(index % n).strategy
    },
    check: invalid_request,
    show: |r| {
        let body = match &r.body {
            RequestBody::Json(v) => v.clone(),
            RequestBody::Raw { content_type, bytes } => json!({ "content_type": content_type, "bytes": String::from_utf8_lossy(&bytes[..bytes.len().min(512)]) }),
        };
        json!({ "endpoint": format!("{:?}", r.endpoint), "rule": r.rule, "description": r.description, "body": body })
    },
    still_valid: requests::still_breaks_rule,
    cost: |env, r| endpoint_cost(env, &r.endpoint),
};

/// What a request to `endpoint` sends that a rate limit counts most, at most: a sign-up that is
/// refused is signed in and signed up again (nothing was created).
fn endpoint_cost(env: &Env, endpoint: &Endpoint) -> Cost {
    match endpoint {
        Endpoint::SignUp => Cost::new(2, 1, 0),
        Endpoint::SignIn => Cost::new(0, 1, 0),
        Endpoint::Anonymous if env.capabilities.anonymous.is_ok() => Cost::new(0, 0, 1),
        _ => Cost::NONE,
    }
}

fn invalid_request(check: &mut Check<'_>, request: &InvalidRequest) -> Result<(), Stop> {
    if !requests::still_breaks_rule(request) {
        return Err(Stop::NotCovered(format!(
            "the request no longer breaks {}",
            request.rule
        )));
    }
    let op = operation(&request.endpoint);
    if op == Operation::SignInAnonymous && check.env.capabilities.anonymous.is_err() {
        return Err(Stop::NotCovered(
            "anonymous sign-in is disabled on this target".into(),
        ));
    }
    let response = check.send(ApiRequest {
        operation: op,
        body: Some(request.body.clone()),
        bearer: None,
    })?;
    judge_rejection(check, &response, op, &request.rule);
    if op == Operation::SignUp && (400..500).contains(&response.status) {
        if let Some((email, password)) = credentials(&request.body) {
            nothing_created(check, &email, &password)?;
        }
    }
    Ok(())
}

/// 4xx, never 2xx or 5xx, no session or token, and a conforming error body when there is one.
fn judge_rejection(check: &mut Check<'_>, response: &Response, op: Operation, why: &str) {
    let status = response.status;
    check.expect(
        !(200..300).contains(&status),
        rules::NEGATIVE_REJECTED,
        "",
        || format!("{op} accepted a request that breaks {why}: HTTP {status}"),
    );
    let leaked = response.body.json().is_some_and(carries_session);
    check.expect(!leaked, rules::NEGATIVE_NO_SESSION, "", || {
        format!("{op} answered a session or token to a request that breaks {why}")
    });
    if (400..500).contains(&status) && status != 413 && status != 429 {
        check.expect_error(response, op, status, None);
    }
}

/// Whether a JSON body carries a session or a token anywhere.
fn carries_session(v: &Value) -> bool {
    match v {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (matches!(k.as_str(), "session" | "accessToken" | "refreshToken") && !v.is_null())
                || carries_session(v)
        }),
        Value::Array(items) => items.iter().any(carries_session),
        _ => false,
    }
}

/// The email and password of a JSON sign-up body, when both are strings.
fn credentials(body: &RequestBody) -> Option<(String, String)> {
    let RequestBody::Json(v) = body else {
        return None;
    };
    Some((
        v.get("email")?.as_str()?.to_owned(),
        v.get("password")?.as_str()?.to_owned(),
    ))
}

/// After a rejected sign-up: signing in with it fails, and the email is still free.
fn nothing_created(check: &mut Check<'_>, email: &str, password: &str) -> Result<(), Stop> {
    let r = check.send(ApiRequest::json(
        Operation::SignIn,
        json!({ "email": email, "password": password }),
    ))?;
    let status = r.status;
    check.expect(
        status != 200,
        rules::NEGATIVE_NOTHING_CREATED,
        "/email",
        || format!("a rejected sign-up as {email:?} still created a user that can sign in"),
    );
    if email.contains('@') && email.len() < 200 && check.env.capabilities.signup.is_ok() {
        let r = check.send(ApiRequest::json(
            Operation::SignUp,
            json!({ "email": email, "password": "Valid-password-1" }),
        ))?;
        let status = r.status;
        check.expect(
            status != 409,
            rules::NEGATIVE_NOTHING_CREATED,
            "/email",
            || format!("after a rejected sign-up, {email:?} is taken (409)"),
        );
    }
    Ok(())
}

/// Raw abuse of the request parser.
#[derive(Debug, Clone)]
enum Abuse {
    TruncatedJson(usize),
    FormEncoded,
    DuplicateKeys,
    Huge(usize),
    DeepNesting(usize),
    EmptyBody,
    NotUtf8,
}

static ABUSE: Prop<(Abuse, u8)> = Prop {
    suite: "negative",
    name: "abuse",
    description: "malformed JSON, form bodies, duplicate keys, huge bodies and deep nesting get a 4xx, never a 5xx or a session",
    needs: &[Need::Target],
    cases: Cases::Configured,
    strategy: |_, _| {
        let abuse = prop_oneof![
            (1usize..40).prop_map(Abuse::TruncatedJson),
            Just(Abuse::FormEncoded),
            Just(Abuse::DuplicateKeys),
            (1usize..4).prop_map(|mib| Abuse::Huge(mib << 20)),
            (200usize..20_000).prop_map(Abuse::DeepNesting),
            Just(Abuse::EmptyBody),
            Just(Abuse::NotUtf8),
        ];
        (abuse, 0u8..3).boxed()
    },
    check: abuse,
    show: |(a, e)| json!({ "abuse": format!("{a:?}"), "endpoint": e }),
    still_valid: always_valid,
    cost: |_, (_, e)| [Cost::new(1, 0, 0), Cost::new(0, 1, 0), Cost::NONE][usize::from(*e) % 3],
};

fn abuse(check: &mut Check<'_>, (kind, endpoint): &(Abuse, u8)) -> Result<(), Stop> {
    let op = [Operation::SignUp, Operation::SignIn, Operation::Refresh][usize::from(*endpoint) % 3];
    let valid = json!({ "email": "abuse@example.com", "password": "Valid-password-1", "refreshToken": "00000000-0000-4000-8000-000000000000" });
    let text = valid.to_string();
    let (content_type, bytes) = match kind {
        Abuse::TruncatedJson(cut) => (
            "application/json",
            text.as_bytes()[..text.len().saturating_sub(*cut).max(1)].to_vec(),
        ),
        Abuse::FormEncoded => (
            "application/x-www-form-urlencoded",
            b"email=abuse%40example.com&password=Valid-password-1".to_vec(),
        ),
        Abuse::DuplicateKeys => (
            "application/json",
            br#"{"email":"abuse@example.com","password":"ab","password":"cd"}"#.to_vec(),
        ),
        Abuse::Huge(size) => {
            let filler = "a".repeat(*size);
            ("application/json", format!(r#"{{"email":"abuse@example.com","password":"Valid-password-1","options":{{"displayName":"{filler}"}}}}"#).into_bytes())
        }
        Abuse::DeepNesting(depth) => {
            let nested = format!("{}{}", "[".repeat(*depth), "]".repeat(*depth));
            ("application/json", format!(r#"{{"email":"abuse@example.com","password":"Valid-password-1","options":{{"metadata":{{"x":{nested}}}}}}}"#).into_bytes())
        }
        Abuse::EmptyBody => ("application/json", Vec::new()),
        Abuse::NotUtf8 => (
            "application/json",
            vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
        ),
    };
    let request = ApiRequest {
        operation: op,
        body: Some(Body::Raw {
            content_type: content_type.to_owned(),
            bytes,
        }),
        bearer: None,
    };
    let response = match check.send(request) {
        Ok(r) => r,
        // Answering early (413) and closing the connection while a huge body is still being
        // sent is a legitimate refusal: the client sees a broken connection, not a response.
        Err(Stop::Target(TargetError::Other { .. })) if matches!(kind, Abuse::Huge(_)) => {
            check.exercised(rules::NEGATIVE_REJECTED);
            return Ok(());
        }
        Err(stop) => return Err(stop),
    };
    let status = response.status;
    check.expect(
        (400..500).contains(&status),
        rules::NEGATIVE_REJECTED,
        "",
        || format!("{op} answered HTTP {status} to {kind:?}, expected a 4xx"),
    );
    let leaked = response.body.json().is_some_and(carries_session);
    check.expect(!leaked, rules::NEGATIVE_NO_SESSION, "", || {
        format!("{op} answered a session to {kind:?}")
    });
    Ok(())
}
