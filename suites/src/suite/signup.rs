//! Suite `signup`: a valid sign-up answers a conforming session that echoes the request, the user
//! can sign in, and the email is unique case-insensitively. Every case costs one sign-up.

use generators::requests::{self, SignUpRequest};
use proptest::prelude::*;
use serde_json::Value;

use super::common::{check_claims, check_signup_echo, refused_as_documented};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop, Wrapping};
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&ROUNDTRIP, &DUPLICATE_EMAIL];

fn show(r: &SignUpRequest) -> Value {
    r.to_json()
}

static ROUNDTRIP: Prop<SignUpRequest> = Prop {
    suite: "signup",
    name: "roundtrip",
    description:
        "sign-up answers a conforming session echoing the request; sign-in then finds the same user",
    needs: &[Need::SignUp],
    cases: Cases::Configured,
    strategy: |env, _| requests::sign_up(&env.namespace),
    check: roundtrip,
    show,
    still_valid: always_valid,
    cost: |_, _| Cost::new(1, 1, 0),
};

fn roundtrip(check: &mut Check<'_>, request: &SignUpRequest) -> Result<(), Stop> {
    let request = &SignUpRequest {
        email: check.fresh_email(&request.email),
        ..request.clone()
    };
    let response = check.send(ApiRequest::json(Operation::SignUp, request.to_json()))?;
    refused_as_documented(check, &response, Operation::SignUp)?;
    let session = check
        .expect_session(&response, Operation::SignUp, Wrapping::Wrapped)
        .ok_or(Stop::Broken)?;
    check_signup_echo(check, request, &session.user);
    check_claims(check, &session);
    let signed_in = check
        .sign_in(&request.email, &request.password)?
        .ok_or(Stop::Broken)?;
    let (a, b) = (session.user_id(), signed_in.user_id());
    check.expect(
        a.is_some() && a == b,
        rules::SIGNIN_SAME_USER,
        "/session/user/id",
        || format!("sign-up created user {a:?} but sign-in answered user {b:?}"),
    );
    Ok(())
}

static DUPLICATE_EMAIL: Prop<(SignUpRequest, bool)> = Prop {
    suite: "signup",
    name: "duplicate_email",
    description: "a second sign-up with the same email, in any letter case, is refused with 409",
    needs: &[Need::SignUp],
    cases: Cases::Configured,
    strategy: |env, _| (requests::sign_up(&env.namespace), any::<bool>()).boxed(),
    check: duplicate_email,
    show: |(r, upper)| serde_json::json!({ "request": r.to_json(), "second_email_uppercase": upper }),
    still_valid: always_valid,
    cost: |_, _| Cost::new(2, 0, 0),
};

fn duplicate_email(
    check: &mut Check<'_>,
    (request, upper): &(SignUpRequest, bool),
) -> Result<(), Stop> {
    let request = &SignUpRequest {
        email: check.fresh_email(&request.email),
        ..request.clone()
    };
    let first = check.send(ApiRequest::json(Operation::SignUp, request.to_json()))?;
    refused_as_documented(check, &first, Operation::SignUp)?;
    check
        .expect_session(&first, Operation::SignUp, Wrapping::Wrapped)
        .ok_or(Stop::Broken)?;
    let mut again = request.clone();
    again.email = if *upper {
        request.email.to_uppercase()
    } else {
        swap_case(&request.email)
    };
    let second = check.send(ApiRequest::json(Operation::SignUp, again.to_json()))?;
    let status = second.status;
    if check.expect(status == 409, rules::DUPLICATE_EMAIL, "/email", || {
        format!(
            "a second sign-up as {:?} (first was {:?}) answered HTTP {status}",
            again.email, request.email
        )
    }) {
        check.expect_error(
            &second,
            Operation::SignUp,
            409,
            Some("email-already-in-use"),
        );
    }
    Ok(())
}

/// Swaps the case of every ASCII letter, so the address differs from the original in case only.
fn swap_case(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}
