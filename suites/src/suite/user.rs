//! Suite `user`: `GET /user` answers the session's user and needs a valid token.

use proptest::prelude::*;
use serde_json::json;

use super::common::{account_hint, leased_session, same_shared_fields};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop};
use crate::property::{always_valid, Cases, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&MATCHES_SESSION, &NEEDS_TOKEN];

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
    description: "GET /user with no, a garbage or a tampered bearer token gets 401",
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
};

fn needs_token(check: &mut Check<'_>, token: &BadToken) -> Result<(), Stop> {
    let request = ApiRequest::empty(Operation::GetUser);
    let request = match token {
        BadToken::None => request,
        BadToken::Garbage(g) => request.with_bearer(g.clone()),
        BadToken::Tampered(hint) => {
            let (_lease, session) = leased_session(check, *hint)?;
            request.with_bearer(tamper(session.require_access_token()?))
        }
    };
    let response = check.send(request)?;
    let status = response.status;
    if check.expect(status == 401, rules::USER_NEEDS_TOKEN, "", || {
        format!("GET /user with {token:?} answered HTTP {status}")
    }) {
        check.expect_error(&response, Operation::GetUser, 401, None);
    }
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
