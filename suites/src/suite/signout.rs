//! Suite `signout`: sign-out answers "OK" and revokes one token, or all of a user's tokens.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::common::{account_hint, expect_refresh_rejected, lease, leased_session, pool_session};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop};
use crate::property::{always_valid, no_cost, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&REVOKES, &ALL, &ALL_NEEDS_BEARER];

fn expect_ok(check: &mut Check<'_>, request: ApiRequest) -> Result<(), Stop> {
    let response = check.send(request)?;
    if check.expect_status(&response, Operation::SignOut, 200) {
        let body = response.body.json().cloned();
        check.expect(
            body == Some(Value::String("OK".into())),
            rules::SIGNOUT_OK,
            "",
            || {
                format!(
                    "sign-out answered {}, expected the JSON string \"OK\"",
                    body.map_or("a non-JSON body".into(), |b| b.to_string())
                )
            },
        );
    }
    Ok(())
}

static REVOKES: Prop<usize> = Prop {
    suite: "signout",
    name: "revokes",
    description: "sign-out with a refresh token answers \"OK\" and the token is then rejected",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| account_hint().boxed(),
    check: |check, hint| {
        let (_lease, session) = leased_session(check, *hint)?;
        let token = session.require_refresh_token()?.to_owned();
        expect_ok(
            check,
            ApiRequest::json(Operation::SignOut, json!({ "refreshToken": token })),
        )?;
        expect_refresh_rejected(
            check,
            &token,
            rules::SIGNOUT_REVOKES,
            "the token was signed out",
        )
    },
    show: |h| json!({ "account_hint": h }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

static ALL: Prop<(usize, u8)> = Prop {
    suite: "signout",
    name: "all",
    description:
        "sign-out with all=true and a bearer token revokes every refresh token of the user",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| (account_hint(), 2u8..=3).boxed(),
    check: |check, (hint, sessions)| {
        let held = lease(check.env, *hint)?;
        let account = held.account();
        let mut open = Vec::new();
        for _ in 0..*sessions {
            open.push(pool_session(check, &account.email, &account.password)?);
        }
        let last = open.last().ok_or(Stop::Broken)?;
        let bearer = last.require_access_token()?.to_owned();
        let token = last.require_refresh_token()?.to_owned();
        expect_ok(
            check,
            ApiRequest::json(
                Operation::SignOut,
                json!({ "refreshToken": token, "all": true }),
            )
            .with_bearer(bearer),
        )?;
        for session in &open {
            let token = session.require_refresh_token()?.to_owned();
            expect_refresh_rejected(
                check,
                &token,
                rules::SIGNOUT_ALL_REVOKES,
                "every session was signed out",
            )?;
        }
        Ok(())
    },
    show: |(h, n)| json!({ "account_hint": h, "sessions": n }),
    still_valid: always_valid,
    cost: |_, (_, sessions)| Cost::new(0, u32::from(*sessions), 0),
};

static ALL_NEEDS_BEARER: Prop<()> = Prop {
    suite: "signout",
    name: "all_needs_bearer",
    description: "sign-out with all=true and no bearer token gets 400 invalid-request",
    needs: &[Need::Target],
    cases: Cases::Once,
    strategy: |_, _| Just(()).boxed(),
    check: |check, _| {
        let response = check.send(ApiRequest::json(Operation::SignOut, json!({ "all": true })))?;
        let status = response.status;
        if check.expect(status == 400, rules::SIGNOUT_ALL_NEEDS_BEARER, "", || {
            format!("sign-out all without a bearer token answered HTTP {status}")
        }) {
            check.expect_error(&response, Operation::SignOut, 400, Some("invalid-request"));
        }
        Ok(())
    },
    show: |_| Value::Null,
    still_valid: always_valid,
    cost: no_cost,
};
