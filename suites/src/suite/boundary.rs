//! Suite `boundary`: the boundary phase. Deterministic, named inputs at every rule of the request
//! rules table (`generators::requests::boundary_inputs`): every length limit at `limit − 1`,
//! `limit`, `limit + 1` in characters, UTF-8 bytes and UTF-16 units, from 1- to 4-byte
//! characters; limits implementations are known to have (bcrypt's 72 bytes, PostgreSQL's U+0000);
//! `null`, every wrong JSON type, the empty string and control characters in every field; an
//! unknown key in every object. It is listed first, so every run runs all of it before anything
//! random, whatever the case count.
//!
//! Each input is judged by what the documented service versions make of it: one every version
//! allows gets a 2xx or a documented 4xx, never a 5xx, and what was accepted is stored exactly
//! (the password signs in, a changed last character does not; display name and metadata come
//! back as sent); one every version refuses (past a limit, `null`, an unknown key in a closed
//! body) gets a 4xx; one only some versions allow (a 3-character locale) may get either answer,
//! and which one is an observation.

use generators::requests::{self, Admission, BoundaryInput, Endpoint, RequestBody};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::common::{check_locale_echo, check_metadata_echo, expect_field, DOCUMENTED_4XX};
use crate::api::{ApiRequest, Operation, Response};
use crate::check::{Check, Stop};
use crate::env::Env;
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&REQUESTS];

fn operation(endpoint: Endpoint) -> Operation {
    match endpoint {
        Endpoint::SignUp => Operation::SignUp,
        Endpoint::SignIn => Operation::SignIn,
        Endpoint::Anonymous => Operation::SignInAnonymous,
        Endpoint::Refresh => Operation::Refresh,
        Endpoint::SignOut => Operation::SignOut,
    }
}

/// The number of boundary inputs: one case each.
fn count() -> usize {
    requests::boundary_inputs().len()
}

static REQUESTS: Prop<BoundaryInput> = Prop {
    suite: "boundary",
    name: "requests",
    description: "every request field at its limits (chars, UTF-8 bytes, UTF-16 units; 1- to 4-byte characters), null, wrong JSON types, empty strings, U+0000 and controls, and unknown keys: allowed ones get a 2xx or a documented 4xx and are stored exactly, refused ones a 4xx, version-dependent ones either (an observation)",
    needs: &[Need::Target],
    // One case per boundary input, in order, so every run runs all of them.
    cases: Cases::AtLeast(count),
    strategy: |env, index| {
        let all = requests::boundary_inputs();
        let input = all[index % all.len()].clone();
        if input.body.get("email").and_then(Value::as_str) != Some(requests::PLACEHOLDER_EMAIL) {
            return Just(input).boxed();
        }
        // A unique email per case and per run, never shrunk (a shorter email tells nothing about
        // a boundary, and each step would spend a sign-up); the boundary never shrinks away.
        requests::email(&env.namespace)
            .no_shrink()
            .prop_map(move |email| {
                let mut input = input.clone();
                input.body["email"] = Value::String(email);
                input
            })
            .boxed()
    },
    check: judge,
    show: |i| {
        json!({
            "boundary": i.boundary,
            "endpoint": format!("{:?}", i.endpoint),
            "admission": i.admission.describe(),
            "body": i.body,
        })
    },
    still_valid: always_valid,
    cost: cost_of,
};

fn judge(check: &mut Check<'_>, input: &BoundaryInput) -> Result<(), Stop> {
    let op = operation(input.endpoint);
    if op == Operation::SignInAnonymous && check.env.capabilities.anonymous.is_err() {
        return Err(Stop::NotCovered(
            "anonymous sign-in is disabled on this target".into(),
        ));
    }
    let mut body = input.body.clone();
    if let Some(email) = body.get("email").and_then(Value::as_str) {
        body["email"] = Value::String(check.fresh_email(email));
    }
    let response = check.send(ApiRequest::json(op, body.clone()))?;
    let status = response.status;
    if status == 429 {
        return Err(Stop::NotCovered(
            "rate limited (429) with no retry left: raise --max-retries or --max-throttle-wait"
                .into(),
        ));
    }
    let name = &input.boundary;
    match &input.admission {
        Admission::Refused => {
            check.expect(
                (400..500).contains(&status),
                rules::BOUNDARY_INVALID_REFUSED,
                "",
                || format!("{op} answered HTTP {status} to a request every documented version refuses ({name})"),
            );
            if (400..500).contains(&status) {
                check.expect_error(&response, op, status, None);
            }
            return Ok(());
        }
        Admission::VersionDependent { .. } => {
            let admission = input.admission.describe();
            let what = label(name);
            check.observe(
                rules::BOUNDARY_VERSION_DEPENDENT,
                "",
                format!("{op} answered HTTP {status} to {what} ({admission})"),
            );
            if (200..300).contains(&status) {
                return stored_exactly(check, op, &body, &response, false);
            }
            return Ok(());
        }
        Admission::Allowed => {}
    }
    if (200..300).contains(&status) {
        check.exercised(rules::BOUNDARY_VALID_ACCEPTED);
        return stored_exactly(check, op, &body, &response, signs_in_again(input));
    }
    let code = response
        .body
        .json()
        .and_then(|b| b.get("error"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let documented = DOCUMENTED_4XX.contains(&(status, code.as_str()));
    let ok = check.expect(documented, rules::BOUNDARY_VALID_ACCEPTED, "", || {
        format!("{op} answered HTTP {status} (error {code:?}) to a request the contract allows ({name}); expected a 2xx or a documented 4xx")
    });
    if ok {
        check.expect_error(&response, op, status, Some(&code));
    }
    Ok(())
}

/// A boundary's name in a few words: its field, then its other facts but the source
/// (`options.locale measure=chars at=limit+1 limit=2 side=min char_width=1`).
fn label(boundary: &Value) -> String {
    let mut out = boundary["field"].as_str().unwrap_or("the body").to_owned();
    if let Some(facts) = boundary.as_object() {
        for (key, value) in facts {
            if !matches!(key.as_str(), "field" | "source" | "endpoint") {
                let value = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                out.push_str(&format!(" {key}={value}"));
            }
        }
    }
    out
}

/// Whether an accepted sign-up of `input` signs in again (with its password, then with its last
/// character changed): worth its requests where an implementation is known to cut the password
/// short, past bcrypt's 72 bytes (checked from 64 on) and at a U+0000 (C strings).
fn signs_in_again(input: &BoundaryInput) -> bool {
    input.boundary["field"] == "password"
        && input
            .body
            .get("password")
            .and_then(Value::as_str)
            .is_some_and(|p| p.len() >= 64 || p.contains('\0'))
}

/// What one boundary case sends that a rate limit counts most.
fn cost_of(env: &Env, input: &BoundaryInput) -> Cost {
    match input.endpoint {
        Endpoint::SignUp => {
            let again = !matches!(input.admission, Admission::Refused) && signs_in_again(input);
            Cost::new(1, if again { 2 } else { 0 }, 0)
        }
        Endpoint::SignIn => Cost::new(0, 1, 0),
        Endpoint::Anonymous if env.capabilities.anonymous.is_ok() => Cost::new(0, 0, 1),
        _ => Cost::NONE,
    }
}

/// After an accepted sign-up or anonymous sign-in: the stored fields are the ones sent, and (for
/// a long or U+0000-holding password) the accepted password signs in while the same password
/// with its last character changed does not.
fn stored_exactly(
    check: &mut Check<'_>,
    op: Operation,
    body: &Value,
    response: &Response,
    password_boundary: bool,
) -> Result<(), Stop> {
    if !matches!(op, Operation::SignUp | Operation::SignInAnonymous) {
        return Ok(());
    }
    // `{}`: the user may not sign in yet (email verification): nothing more to see.
    let Some(user) = response
        .body
        .json()
        .and_then(|b| b.pointer("/session/user"))
        .cloned()
    else {
        return Ok(());
    };
    let options = if op == Operation::SignUp {
        body.get("options").cloned().unwrap_or(Value::Null)
    } else {
        body.clone()
    };
    if let Some(name) = options.get("displayName").and_then(Value::as_str) {
        expect_field(check, &user, "displayName", name, rules::ECHO_DISPLAY_NAME);
    }
    if let Some(metadata) = options.get("metadata") {
        check_metadata_echo(check, Some(metadata), &user);
    }
    if let Some(locale) = options.get("locale").and_then(Value::as_str) {
        check_locale_echo(check, Some(locale), &user);
    }
    if op != Operation::SignUp || !password_boundary {
        return Ok(());
    }
    let (Some(email), Some(password)) = (
        body.get("email").and_then(Value::as_str),
        body.get("password").and_then(Value::as_str),
    ) else {
        return Ok(());
    };
    let right = check.send(ApiRequest::json(
        Operation::SignIn,
        json!({ "email": email, "password": password }),
    ))?;
    let status = right.status;
    check.expect(
        status == 200,
        rules::BOUNDARY_PASSWORD_EXACT,
        "/password",
        || format!("sign-up accepted the password, but signing in with it answered HTTP {status}"),
    );
    let mut wrong: Vec<char> = password.chars().collect();
    if let Some(last) = wrong.last_mut() {
        *last = if *last == 'b' { 'c' } else { 'b' };
    }
    let wrong: String = wrong.into_iter().collect();
    let changed = RequestBody::Json(json!({ "email": email, "password": wrong }));
    if !requests::rules_broken(Endpoint::SignIn, &changed).is_empty() {
        return Ok(());
    }
    let RequestBody::Json(changed) = changed else {
        return Ok(());
    };
    let r = check.send(ApiRequest::json(Operation::SignIn, changed))?;
    let status = r.status;
    check.expect(status == 401, rules::BOUNDARY_PASSWORD_EXACT, "/password", || {
        format!("signing in with the password's last character changed answered HTTP {status}, expected 401 (only a prefix of the password is checked?)")
    });
    Ok(())
}
