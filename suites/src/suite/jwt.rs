//! Suite `jwt`: the access token's signature verifies and its claims agree with the user; every
//! forged token is refused by every protected endpoint with 401 (the rules of `user::needs_token`);
//! the public endpoints (JWKS, health) have their documented shape.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::common::{
    account_hint, check_claims, check_signature, judge_bad_bearer, jwks, leased_session,
    template_session,
};

use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop};
use crate::jwt::{ForgeKeys, Forgery, Jwt};
use crate::property::{always_valid, no_cost, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&SIGNATURE, &CLAIMS, &FORGED_TOKENS, &PUBLIC_ENDPOINTS];

/// The endpoints that need a valid bearer token.
const PROTECTED: [Operation; 2] = [Operation::GetUser, Operation::SignOut];

/// One forged-token case: which forgery, sent where, with which account and unknown user id.
#[derive(Debug, Clone)]
struct ForgedCase {
    kind: Forgery,
    endpoint: Operation,
    hint: usize,
    unknown_user: String,
}

fn uuid_v4(bits: u128) -> String {
    let b = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let h = format!("{b:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

static FORGED_TOKENS: Prop<ForgedCase> = Prop {
    suite: "jwt",
    name: "forged_tokens",
    description: "GET /user and sign-out all refuse expired, not yet valid, wrong-issuer, unknown-user, alg none, badly signed, tampered and algorithm-confused tokens with 401 (one rule with user::needs_token)",
    needs: &[Need::Pool],
    // One case per (forgery, endpoint), in order, so every run sends every kind everywhere.
    cases: Cases::AtLeast(|| Forgery::ALL.len() * PROTECTED.len()),
    strategy: |_, index| {
        let n = Forgery::ALL.len() * PROTECTED.len();
        let i = index % n;
        let kind = Forgery::ALL[i / PROTECTED.len()];
        let endpoint = PROTECTED[i % PROTECTED.len()];
        (account_hint(), any::<u128>())
            .prop_map(move |(hint, bits)| ForgedCase {
                kind,
                endpoint,
                hint,
                unknown_user: uuid_v4(bits),
            })
            .boxed()
    },
    check: forged_token,
    show: |c| {
        json!({
            "forgery": c.kind.name(),
            "endpoint": c.endpoint.path(),
            "account_hint": c.hint,
            "unknown_user": c.unknown_user,
        })
    },
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 1, 0),
};

fn forged_token(check: &mut Check<'_>, case: &ForgedCase) -> Result<(), Stop> {
    let session = template_session(check, case.hint)?;
    let token = session.require_access_token()?.to_owned();
    let jwt = Jwt::decode(&token).map_err(|_| Stop::Broken)?;
    // RS*: the JWKS keys the confused algorithm, and tells which private key the harness may
    // sign a keyed forgery with.
    let needs_jwks = case.kind == Forgery::AlgConfusion || case.kind.needs_key();
    let published = if needs_jwks && jwt.alg().starts_with("RS") {
        jwks(check)?
    } else {
        None
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let keys = ForgeKeys {
        secret: check.env.jwt_secret.as_deref(),
        rsa_keys: &check.env.jwt_private_keys,
        jwks: published.as_ref(),
        now,
        unknown_user: &case.unknown_user,
    };
    let forged = jwt.forge(case.kind, keys).map_err(Stop::NotCovered)?;
    let request = match case.endpoint {
        Operation::SignOut => ApiRequest::json(Operation::SignOut, json!({ "all": true })),
        op => ApiRequest::empty(op),
    }
    .with_bearer(forged);
    let response = check.send(request)?;
    let op = case.endpoint;
    // A correctly signed token of a user that does not exist has nothing to sign out: the
    // contract does not say that sign-out must refuse it, so `"OK"` passes there.
    let lenient = case.kind == Forgery::UnknownUser && op == Operation::SignOut;
    if lenient && response.status == 200 {
        check.exercised(rules::USER_BAD_TOKEN_REFUSED);
        check.exercised(rules::USER_NEEDS_TOKEN);
        return Ok(());
    }
    let what = format!("a forged ({}) access token", case.kind.name());
    judge_bad_bearer(check, &response, op, &what);
    Ok(())
}

static PUBLIC_ENDPOINTS: Prop<()> = Prop {
    suite: "jwt",
    name: "public_endpoints",
    description: "GET /.well-known/jwks.json answers {keys:[JWK]} (an RSA key with kid, n, e for RS*), GET /healthz \"OK\" and GET /version {version}, in every signing mode",
    needs: &[Need::Target],
    cases: Cases::Once,
    strategy: |_, _| Just(()).boxed(),
    check: public_endpoints,
    show: |_| json!({}),
    still_valid: always_valid,
    cost: no_cost,
};

fn public_endpoints(check: &mut Check<'_>, _: &()) -> Result<(), Stop> {
    let health = check.send(ApiRequest::empty(Operation::Health))?;
    let status = health.status;
    let body = health.body.json().cloned();
    check.expect(
        status == 200 && body == Some(json!("OK")),
        rules::PUBLIC_HEALTH,
        "",
        || format!("GET /healthz answered HTTP {status} with {body:?}, expected 200 \"OK\""),
    );
    let version = check.send(ApiRequest::empty(Operation::Version))?;
    let status = version.status;
    let body = version.body.json().cloned();
    let shaped = body
        .as_ref()
        .and_then(|b| b.get("version"))
        .is_some_and(Value::is_string);
    check.expect(status == 200 && shaped, rules::PUBLIC_VERSION, "", || {
        format!("GET /version answered HTTP {status} with {body:?}, expected 200 {{\"version\": string}}")
    });
    let response = check.send(ApiRequest::empty(Operation::Jwks))?;
    let status = response.status;
    if !check.expect(status == 200, rules::PUBLIC_JWKS_SHAPE, "", || {
        format!("GET /.well-known/jwks.json answered HTTP {status}")
    }) {
        return Ok(());
    }
    let Some(body) = check.expect_json(&response, Operation::Jwks).cloned() else {
        return Ok(());
    };
    let Some(keys) = body.get("keys").and_then(Value::as_array) else {
        check.finding(
            rules::PUBLIC_JWKS_SHAPE,
            "/keys",
            "the JWKS has no `keys` array",
        );
        return Ok(());
    };
    for (i, key) in keys.iter().enumerate() {
        let kty = key.get("kty").and_then(Value::as_str);
        check.expect(
            kty.is_some(),
            rules::PUBLIC_JWKS_SHAPE,
            &format!("/keys/{i}/kty"),
            || "a JWK without `kty`".to_owned(),
        );
        if kty == Some("RSA") {
            for member in ["n", "e", "kid"] {
                let ok = key
                    .get(member)
                    .and_then(Value::as_str)
                    .is_some_and(|v| !v.is_empty());
                check.expect(
                    ok,
                    rules::PUBLIC_JWKS_SHAPE,
                    &format!("/keys/{i}/{member}"),
                    || format!("an RSA JWK without `{member}`"),
                );
            }
        }
    }
    // For RS* signing the JWKS must hold the key that verifies the tokens (checked against a
    // token by `jwt::signature`); here: at least one RSA key.
    if check
        .env
        .capabilities
        .jwt_alg
        .as_deref()
        .is_some_and(|a| a.starts_with("RS"))
    {
        let rsa = keys
            .iter()
            .any(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"));
        check.expect(rsa, rules::PUBLIC_JWKS_SHAPE, "/keys", || {
            "the target signs with RS* but its JWKS lists no RSA key".to_owned()
        });
    }
    Ok(())
}

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
    cost: |_, _| Cost::new(0, 1, 0),
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
    cost: |_, _| Cost::new(0, 1, 0),
};
