//! Suite `signin`: pool accounts sign in to their own user; wrong passwords and unknown emails are
//! refused the same way.

use generators::requests;
use proptest::prelude::*;
use serde_json::json;

use super::common::{check_claims, lease, pool_session};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop};
use crate::property::{always_valid, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&POOL_USER, &WRONG_PASSWORD, &UNKNOWN_EMAIL];

static POOL_USER: Prop<usize> = Prop {
    suite: "signin",
    name: "pool_user",
    description: "a pool account signs in to a conforming session of its own user",
    needs: &[Need::Pool],
    max_cases: None,
    strategy: |_| any::<usize>().boxed(),
    check: |check, hint| {
        let held = lease(check.env, *hint)?;
        let account = held.account();
        let session = pool_session(check, &account.email, &account.password)?;
        if let Some(want) = account.user_id.as_deref() {
            let got = session.user_id();
            check.expect(got == Some(want), rules::SIGNIN_SAME_USER, "/session/user/id", || {
                format!("sign-in answered user {got:?}, the account is user {want:?}")
            });
        }
        check_claims(check, &session);
        Ok(())
    },
    show: |h| json!({ "account_hint": h }),
    still_valid: always_valid,
};

static WRONG_PASSWORD: Prop<(usize, String)> = Prop {
    suite: "signin",
    name: "wrong_password",
    description: "a pool account with a wrong password gets 401 invalid-email-password and no session",
    needs: &[Need::Pool],
    max_cases: None,
    strategy: |_| (any::<usize>(), requests::password()).boxed(),
    check: |check, (hint, password)| {
        let held = lease(check.env, *hint)?;
        let account = held.account();
        if password == &account.password {
            return Err(Stop::NotCovered("the generated password is the right one".into()));
        }
        refused(check, &account.email, password)
    },
    show: |(h, p)| json!({ "account_hint": h, "password": p }),
    still_valid: always_valid,
};

static UNKNOWN_EMAIL: Prop<(String, String)> = Prop {
    suite: "signin",
    name: "unknown_email",
    description: "an email nobody signed up with gets 401 invalid-email-password",
    needs: &[Need::Target],
    max_cases: None,
    strategy: |env| {
        (requests::sign_up(&env.namespace), requests::password())
            .prop_map(|(r, p)| (format!("nobody.{}", r.email), p))
            .boxed()
    },
    check: |check, (email, password)| refused(check, email, password),
    show: |(e, p)| json!({ "email": e, "password": p }),
    still_valid: always_valid,
};

fn refused(check: &mut Check<'_>, email: &str, password: &str) -> Result<(), Stop> {
    let response = check.send(ApiRequest::json(Operation::SignIn, json!({ "email": email, "password": password })))?;
    let status = response.status;
    let gave_session = response.body.json().and_then(|b| b.get("session")).is_some_and(|s| !s.is_null());
    check.expect(status == 401 && !gave_session, rules::SIGNIN_WRONG_PASSWORD, "", || {
        format!("sign-in with wrong credentials answered HTTP {status}{}", if gave_session { " with a session" } else { "" })
    });
    if status == 401 {
        check.expect_error(&response, Operation::SignIn, 401, Some("invalid-email-password"));
    }
    Ok(())
}
