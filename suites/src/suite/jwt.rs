//! Suite `jwt`: the access token's signature verifies and its claims agree with the user.

use proptest::prelude::*;
use serde_json::json;

use super::common::{account_hint, check_claims, check_signature, leased_session};

use crate::property::{always_valid, Cases, Need, Prop, Property};

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&SIGNATURE, &CLAIMS];

static SIGNATURE: Prop<usize> = Prop {
    suite: "jwt",
    name: "signature",
    description: "the access token verifies with the JWKS (RS*) or the configured secret (HS*)",
    needs: &[Need::Pool, Need::JwtKey],
    cases: Cases::Configured,
    strategy: |_, _| account_hint().boxed(),
    check: |check, hint| {
        let (_lease, session) = leased_session(check, *hint)?;
        check_signature(check, session.require_access_token()?)
    },
    show: |h| json!({ "account_hint": h }),
    still_valid: always_valid,
};

static CLAIMS: Prop<usize> = Prop {
    suite: "jwt",
    name: "claims",
    description:
        "sub, exp - iat and the Hasura claims agree with the user and accessTokenExpiresIn",
    needs: &[Need::Pool],
    cases: Cases::Configured,
    strategy: |_, _| account_hint().boxed(),
    check: |check, hint| {
        let (_lease, session) = leased_session(check, *hint)?;
        check_claims(check, &session);
        Ok(())
    },
    show: |h| json!({ "account_hint": h }),
    still_valid: always_valid,
};
