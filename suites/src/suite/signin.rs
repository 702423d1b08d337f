//! Suite `signin`: pool accounts sign in to their own user; wrong passwords and unknown emails are
//! refused the same way.

use generators::requests::{self, SignUpRequest};
use proptest::prelude::*;
use serde_json::json;

use super::common::{account_hint, check_claims, lease, pool_session, refused_as_documented};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop, Wrapping};
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] =
    &[&POOL_USER, &WRONG_PASSWORD, &NEAR_MISS, &UNKNOWN_EMAIL];

static POOL_USER: Prop<usize> = Prop {
    suite: "signin",
    name: "pool_user",
    description: "a pool account signs in to a conforming session of its own user",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| account_hint().boxed(),
    check: |check, hint| {
        let held = lease(check.env, *hint)?;
        let account = held.account();
        let session = pool_session(check, &account.email, &account.password)?;
        if let Some(want) = account.user_id.as_deref() {
            let got = session.user_id();
            check.expect(
                got == Some(want),
                rules::SIGNIN_SAME_USER,
                "/session/user/id",
                || format!("sign-in answered user {got:?}, the account is user {want:?}"),
            );
        }
        check_claims(check, &session);
        Ok(())
    },
    show: |h| json!({ "account_hint": h }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

static WRONG_PASSWORD: Prop<(usize, String)> = Prop {
    suite: "signin",
    name: "wrong_password",
    description:
        "a pool account with a wrong password gets 401 invalid-email-password and no session",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| (account_hint(), requests::password()).boxed(),
    check: |check, (hint, password)| {
        let held = lease(check.env, *hint)?;
        let account = held.account();
        if password == &account.password {
            return Err(Stop::NotCovered(
                "the generated password is the right one".into(),
            ));
        }
        refused(check, &account.email, password)
    },
    show: |(h, p)| json!({ "account_hint": h, "password": p }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

static NEAR_MISS: Prop<(SignUpRequest, String)> = Prop {
    suite: "signin",
    name: "near_miss",
    description: "passwords one keystroke away from the right one (case swapped, last character changed, one appended) are refused",
    needs: &[Need::SignUp],
    cases: Cases::Configured,
    strategy: |env, _| {
        let long_multibyte = "[漢字鍵🔑é]{25,50}";
        (requests::sign_up(&env.namespace), prop_oneof![requests::password(), long_multibyte.prop_map(String::from)]).boxed()
    },
    check: near_miss,
    show: |(r, p)| json!({ "email": r.email, "password": p }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(1, 3, 0),
};

fn near_miss(
    check: &mut Check<'_>,
    (request, password): &(SignUpRequest, String),
) -> Result<(), Stop> {
    let email = check.fresh_email(&request.email);
    let r = check.send(ApiRequest::json(
        Operation::SignUp,
        json!({ "email": email, "password": password }),
    ))?;
    refused_as_documented(check, &r, Operation::SignUp)?;
    check
        .expect_session(&r, Operation::SignUp, Wrapping::Wrapped)
        .ok_or(Stop::Broken)?;
    let mut variants = Vec::new();
    let swapped: String = password.chars().map(swap_case).collect();
    if &swapped != password {
        variants.push(swapped);
    }
    let mut chars: Vec<char> = password.chars().collect();
    if let Some(last) = chars.pop() {
        chars.push(if last == 'x' { 'y' } else { 'x' });
        variants.push(chars.iter().collect());
    }
    if password.chars().count() < 50 {
        variants.push(format!("{password}!"));
    }
    for variant in variants {
        refused(check, &email, &variant)?;
    }
    Ok(())
}

fn swap_case(c: char) -> char {
    if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c.to_uppercase().next().unwrap_or(c)
    }
}

static UNKNOWN_EMAIL: Prop<(String, String)> = Prop {
    suite: "signin",
    name: "unknown_email",
    description: "an email nobody signed up with gets 401 invalid-email-password",
    needs: &[Need::Target],
    cases: Cases::Configured,
    strategy: |env, _| {
        (requests::sign_up(&env.namespace), requests::password())
            .prop_map(|(r, p)| (format!("nobody.{}", r.email), p))
            .boxed()
    },
    check: |check, (email, password)| refused(check, email, password),
    show: |(e, p)| json!({ "email": e, "password": p }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

fn refused(check: &mut Check<'_>, email: &str, password: &str) -> Result<(), Stop> {
    let response = check.send(ApiRequest::json(
        Operation::SignIn,
        json!({ "email": email, "password": password }),
    ))?;
    let status = response.status;
    let gave_session = response
        .body
        .json()
        .and_then(|b| b.get("session"))
        .is_some_and(|s| !s.is_null());
    check.expect(
        status == 401 && !gave_session,
        rules::SIGNIN_WRONG_PASSWORD,
        "",
        || {
            format!(
                "sign-in with wrong credentials answered HTTP {status}{}",
                if gave_session { " with a session" } else { "" }
            )
        },
    );
    if status == 401 {
        check.expect_error(
            &response,
            Operation::SignIn,
            401,
            Some("invalid-email-password"),
        );
    }
    Ok(())
}
