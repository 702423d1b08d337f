//! Suite `user`: `GET /user` answers the session's user and needs a valid token (judged as
//! `jwt::forged_tokens` judges forged ones: one rule, 401); every session the service hands out
//! agrees with it, role lists compared as sets.

use generators::requests::{self, SignUpRequest};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::common::{
    account_hint, judge_bad_bearer, leased_session, refreshed, refused_as_documented,
    same_shared_fields, template_session,
};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, SessionView, Stop, Wrapping};
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&MATCHES_SESSION, &NEEDS_TOKEN, &SESSIONS_AGREE];

static SESSIONS_AGREE: Prop<SignUpRequest> = Prop {
    suite: "user",
    name: "sessions_agree",
    description: "the users of the sign-up, sign-in and refresh sessions agree with GET /user, and an anonymous session with its refresh, on every shared field (timestamps as instants)",
    needs: &[Need::SignUp],
    cases: Cases::Configured,
    strategy: |env, _| requests::sign_up(&env.namespace),
    check: sessions_agree,
    show: SignUpRequest::to_json,
    still_valid: always_valid,
    cost: |env, _| Cost::new(1, 1, u32::from(env.capabilities.anonymous.is_ok())),
};

fn sessions_agree(check: &mut Check<'_>, request: &SignUpRequest) -> Result<(), Stop> {
    let request = &SignUpRequest {
        email: check.fresh_email(&request.email),
        ..request.clone()
    };
    let response = check.send(ApiRequest::json(Operation::SignUp, request.to_json()))?;
    refused_as_documented(check, &response, Operation::SignUp)?;
    let signed_up = check
        .expect_session(&response, Operation::SignUp, Wrapping::Wrapped)
        .ok_or(Stop::Broken)?;
    let signed_in = check
        .sign_in(&request.email, &request.password)?
        .ok_or(Stop::Broken)?;
    let refreshed_session =
        refreshed(check, signed_in.require_refresh_token()?)?.ok_or(Stop::Broken)?;
    let bearer = refreshed_session.require_access_token()?.to_owned();
    let response = check.send(ApiRequest::empty(Operation::GetUser).with_bearer(bearer))?;
    if !check.expect_status(&response, Operation::GetUser, 200) {
        return Ok(());
    }
    let Some(user) = check.expect_json(&response, Operation::GetUser).cloned() else {
        return Ok(());
    };
    for session in [&signed_up, &signed_in, &refreshed_session] {
        same_shared_fields(check, rules::USER_SESSIONS_AGREE, &user, &session.user);
    }
    if check.env.capabilities.anonymous.is_ok() {
        anonymous_agrees(check)?;
    }
    Ok(())
}

/// An anonymous session and its refresh carry the same user (GET /user refuses anonymous users).
fn anonymous_agrees(check: &mut Check<'_>) -> Result<(), Stop> {
    let response = check.send(ApiRequest::json(Operation::SignInAnonymous, json!({})))?;
    let Some(first): Option<SessionView> =
        check.expect_session(&response, Operation::SignInAnonymous, Wrapping::Wrapped)
    else {
        return Ok(());
    };
    let Some(again) = refreshed(check, first.require_refresh_token()?)? else {
        return Ok(());
    };
    let user: Value = again.user.clone();
    same_shared_fields(check, rules::USER_SESSIONS_AGREE, &user, &first.user);
    Ok(())
}

static MATCHES_SESSION: Prop<usize> = Prop {
    suite: "user",
    name: "matches_session",
    description: "GET /user answers a conforming user equal to session.user on every shared field",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| account_hint().boxed(),
    check: |check, hint| {
        let (_lease, session) = leased_session(check, *hint)?;
        let bearer = session.require_access_token()?.to_owned();
        let response = check.send(ApiRequest::empty(Operation::GetUser).with_bearer(bearer))?;
        if !check.expect_status(&response, Operation::GetUser, 200) {
            return Ok(());
        }
        let Some(user) = check.expect_json(&response, Operation::GetUser).cloned() else {
            return Ok(());
        };
        let user_contract = check.env.user_contract.clone();
        check.conform(&user_contract, &user, "", "");
        same_shared_fields(check, rules::USER_MATCHES_SESSION, &user, &session.user);
        Ok(())
    },
    show: |h| json!({ "account_hint": h }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

/// What to send instead of a valid token.
#[derive(Debug, Clone)]
enum BadToken {
    None,
    Garbage(String),
    Tampered(usize),
}

static NEEDS_TOKEN: Prop<BadToken> = Prop {
    suite: "user",
    name: "needs_token",
    description: "GET /user with no, a garbage or a tampered bearer token gets 401 (one rule with the forged tokens of jwt::forged_tokens)",
    needs: &[Need::Target],
    cases: Cases::Configured,
    strategy: |_, _| {
        prop_oneof![
            Just(BadToken::None),
            "[A-Za-z0-9._-]{1,40}".prop_map(BadToken::Garbage),
            account_hint().prop_map(BadToken::Tampered),
        ]
        .boxed()
    },
    check: needs_token,
    show: |t| json!(format!("{t:?}")),
    still_valid: always_valid,
    cost: |_, t| Cost::new(0, u32::from(matches!(t, BadToken::Tampered(_))), 0),
};

fn needs_token(check: &mut Check<'_>, token: &BadToken) -> Result<(), Stop> {
    let request = ApiRequest::empty(Operation::GetUser);
    let request = match token {
        BadToken::None => request,
        BadToken::Garbage(g) => request.with_bearer(g.clone()),
        BadToken::Tampered(hint) => {
            let session = template_session(check, *hint)?;
            request.with_bearer(tamper(session.require_access_token()?))
        }
    };
    let response = check.send(request)?;
    let what = match token {
        BadToken::None => "no bearer token".to_owned(),
        BadToken::Garbage(_) => "a garbage bearer token".to_owned(),
        BadToken::Tampered(_) => "a tampered bearer token".to_owned(),
    };
    judge_bad_bearer(check, &response, Operation::GetUser, &what);
    Ok(())
}

/// Flips one character of the payload so the signature no longer matches.
fn tamper(token: &str) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    if let Some(payload) = parts.get_mut(1) {
        let flipped = match payload.pop() {
            Some('A') => 'B',
            Some(_) | None => 'A',
        };
        payload.push(flipped);
    }
    parts.join(".")
}
