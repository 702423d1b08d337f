//! Checks shared by several suites: echo of sign-up inputs, JWT claims and signature, user equality.

use generators::requests::SignUpRequest;
use serde_json::{json, Value};

use crate::api::{ApiRequest, Operation, Response};
use crate::check::{Check, SessionView, Stop, Wrapping};
use crate::env::Env;
use crate::jwt::{Jwt, JwtError};
use crate::pool::Lease;
use crate::rules;

/// The 4xx answers the contract page documents for the request endpoints (its error table): a
/// target may refuse a request the contract allows with one of these (a store that cannot hold a
/// value, a password found in HIBP), never with a 5xx.
pub const DOCUMENTED_4XX: &[(u16, &str)] = &[
    (400, "invalid-request"),
    (400, "password-too-short"),
    (400, "role-not-allowed"),
    (400, "default-role-must-be-in-allowed-roles"),
    (400, "redirectTo-not-allowed"),
    (400, "locale-not-allowed"),
    (400, "password-in-hibp-database"),
    (401, "invalid-email-password"),
    (401, "invalid-refresh-token"),
    (401, "disabled-user"),
    (401, "unverified-user"),
    (403, "forbidden-anonymous"),
    (403, "signup-disabled"),
    (409, "email-already-in-use"),
    (409, "disabled-endpoint"),
];

/// A valid request refused with a documented 4xx (and a conforming error body) is not a
/// failure, but the rest of a check that needs it accepted cannot run: not covered, with the
/// answer as the reason. Anything else passes through to the caller's judgement.
pub fn refused_as_documented(
    check: &mut Check<'_>,
    response: &crate::api::Response,
    op: Operation,
) -> Result<(), Stop> {
    let status = response.status;
    let code = response
        .body
        .json()
        .and_then(|b| b.get("error"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if !DOCUMENTED_4XX.contains(&(status, code.as_str())) {
        return Ok(());
    }
    check.expect_error(response, op, status, Some(&code));
    Err(Stop::NotCovered(format!(
        "{op} refused a request the contract allows with a documented {status} {code}"
    )))
}

/// The role list of a user, whichever key the contract uses (`allowedRoles` or `roles`).
pub fn user_roles(user: &Value) -> Option<Vec<String>> {
    let list = user
        .get("allowedRoles")
        .or_else(|| user.get("roles"))?
        .as_array()?;
    let mut roles: Vec<String> = list
        .iter()
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect();
    roles.sort();
    roles.dedup();
    Some(roles)
}

/// Checks that the new user echoes what sign-up asked for.
pub fn check_signup_echo(check: &mut Check<'_>, request: &SignUpRequest, user: &Value) {
    let opts = request.options.clone().unwrap_or_default();
    let got_email = user.get("email").and_then(Value::as_str).unwrap_or("");
    check.expect(
        got_email.eq_ignore_ascii_case(&request.email),
        rules::ECHO_EMAIL,
        "/user/email",
        || {
            format!(
                "user.email is {got_email:?}, sign-up asked for {:?}",
                request.email
            )
        },
    );
    let default_name = request.email.as_str();
    check_profile_echo(
        check,
        user,
        opts.display_name.as_deref(),
        default_name,
        opts.locale.as_deref(),
        opts.metadata.as_ref(),
    );
    let want_default = opts
        .default_role
        .clone()
        .unwrap_or_else(|| "user".to_owned());
    expect_field(
        check,
        user,
        "defaultRole",
        &want_default,
        rules::ECHO_DEFAULT_ROLE,
    );
    let mut want_roles = opts
        .allowed_roles
        .clone()
        .unwrap_or_else(|| vec!["me".into(), "user".into()]);
    want_roles.push(want_default);
    want_roles.sort();
    want_roles.dedup();
    let got_roles = user_roles(user);
    check.expect(
        got_roles.as_ref() == Some(&want_roles),
        rules::ECHO_ROLES,
        "/user/allowedRoles",
        || format!("user roles are {got_roles:?}, expected {want_roles:?}"),
    );
}

/// The profile fields every sign-up echoes: displayName (or `default_name` when none was asked
/// for), locale and metadata.
pub fn check_profile_echo(
    check: &mut Check<'_>,
    user: &Value,
    display_name: Option<&str>,
    default_name: &str,
    locale: Option<&str>,
    metadata: Option<&Value>,
) {
    let want_name = display_name.unwrap_or(default_name);
    expect_field(
        check,
        user,
        "displayName",
        want_name,
        rules::ECHO_DISPLAY_NAME,
    );
    check_locale_echo(check, locale, user);
    check_metadata_echo(check, metadata, user);
}

/// A string field of the user must equal `want`.
pub fn expect_field(check: &mut Check<'_>, user: &Value, key: &str, want: &str, rule: &str) {
    let got = user.get(key).and_then(Value::as_str).unwrap_or("");
    check.expect(got == want, rule, &format!("/user/{key}"), || {
        format!("user.{key} is {got:?}, expected {want:?}")
    });
}

/// Locale: the requested one when the target allows it, else the default (the first allowed).
pub fn check_locale_echo(check: &mut Check<'_>, requested: Option<&str>, user: &Value) {
    let allowed = &check.env.allowed_locales;
    let default = allowed.first().map(String::as_str).unwrap_or("en");
    let want = match requested {
        Some(l) if allowed.iter().any(|a| a == l) => l.to_owned(),
        _ => default.to_owned(),
    };
    let got = user.get("locale").and_then(Value::as_str).unwrap_or("");
    check.expect(got == want, rules::ECHO_LOCALE, "/user/locale", || {
        format!("user.locale is {got:?}, expected {want:?} (requested {requested:?})")
    });
}

/// Metadata: the requested object, or empty (`{}` or `null`) when none was given.
pub fn check_metadata_echo(check: &mut Check<'_>, requested: Option<&Value>, user: &Value) {
    let got = user.get("metadata").cloned().unwrap_or(Value::Null);
    let ok = match requested {
        Some(want) => &got == want || (want == &json!({}) && got.is_null()),
        None => got.is_null() || got == json!({}),
    };
    check.expect(ok, rules::ECHO_METADATA, "/user/metadata", || {
        format!(
            "user.metadata is {got}, expected {}",
            requested.map_or("{} or null".to_owned(), Value::to_string)
        )
    });
}

/// Checks the access token's claims against the session's user and expiry.
pub fn check_claims(check: &mut Check<'_>, session: &SessionView) {
    let Some(token) = session.access_token.as_deref() else {
        return;
    };
    let jwt = match Jwt::decode(token) {
        Ok(j) => j,
        Err(e) => {
            check.finding(rules::JWT_WELL_FORMED, "/accessToken", e.to_string());
            return;
        }
    };
    check.exercised(rules::JWT_WELL_FORMED);
    let user = &session.user;
    let id = user.get("id").and_then(Value::as_str);
    let sub = jwt.claims.get("sub").and_then(Value::as_str);
    check.expect(
        sub.is_some() && sub == id,
        rules::JWT_SUB,
        "/accessToken",
        || format!("sub is {sub:?}, user.id is {id:?}"),
    );
    let iat = jwt.claims.get("iat").and_then(Value::as_i64);
    let exp = jwt.claims.get("exp").and_then(Value::as_i64);
    let lifetime = exp.zip(iat).map(|(e, i)| e - i);
    check.expect(
        lifetime.is_some() && lifetime == session.expires_in,
        rules::JWT_EXP_IAT,
        "/accessToken",
        || {
            format!(
                "exp - iat is {lifetime:?}, accessTokenExpiresIn is {:?}",
                session.expires_in
            )
        },
    );
    let uid = jwt.hasura("x-hasura-user-id").and_then(Value::as_str);
    check.expect(
        uid.is_some() && uid == id,
        rules::JWT_HASURA_USER_ID,
        "/accessToken",
        || format!("x-hasura-user-id is {uid:?}, user.id is {id:?}"),
    );
    let role = jwt.hasura("x-hasura-default-role").and_then(Value::as_str);
    let want_role = user.get("defaultRole").and_then(Value::as_str);
    check.expect(
        role.is_some() && role == want_role,
        rules::JWT_HASURA_DEFAULT_ROLE,
        "/accessToken",
        || format!("x-hasura-default-role is {role:?}, user.defaultRole is {want_role:?}"),
    );
    let roles = jwt
        .hasura("x-hasura-allowed-roles")
        .and_then(|v| user_roles(&json!({ "roles": v })));
    let want_roles = user_roles(user);
    check.expect(
        roles.is_some() && roles == want_roles,
        rules::JWT_HASURA_ALLOWED_ROLES,
        "/accessToken",
        || format!("x-hasura-allowed-roles is {roles:?}, the user's roles are {want_roles:?}"),
    );
    let anon = jwt.hasura("x-hasura-user-is-anonymous").cloned();
    let want_anon = user
        .get("isAnonymous")
        .and_then(Value::as_bool)
        .map(|b| Value::String(b.to_string()));
    check.expect(
        anon.is_some() && anon == want_anon,
        rules::JWT_HASURA_IS_ANONYMOUS,
        "/accessToken",
        || {
            format!(
                "x-hasura-user-is-anonymous is {}, expected {}",
                show(&anon),
                show(&want_anon)
            )
        },
    );
}

fn show(v: &Option<Value>) -> String {
    v.as_ref().map_or("absent".to_owned(), Value::to_string)
}

/// Verifies the access token's signature; not covered when there is no key to verify with.
pub fn check_signature(check: &mut Check<'_>, token: &str) -> Result<(), Stop> {
    let jwt = match Jwt::decode(token) {
        Ok(j) => j,
        Err(e) => {
            check.finding(rules::JWT_WELL_FORMED, "/accessToken", e.to_string());
            return Ok(());
        }
    };
    let jwks = if jwt.alg().starts_with("RS") {
        jwks(check)?
    } else {
        None
    };
    match jwt.verify(check.env.jwt_secret.as_deref(), jwks.as_ref()) {
        Ok(()) => {
            check.exercised(rules::JWT_SIGNATURE);
            Ok(())
        }
        Err(JwtError::NoKey(why)) if !jwt.alg().starts_with("RS") => Err(Stop::NotCovered(why)),
        Err(e) => {
            check.finding(rules::JWT_SIGNATURE, "/accessToken", e.to_string());
            Ok(())
        }
    }
}

/// The target's JWKS, fetched once per run (the fetching case records the exchange).
pub fn jwks(check: &mut Check<'_>) -> Result<Option<Value>, Stop> {
    let env = check.env;
    if let Some(cached) = env.jwks.get() {
        return Ok(cached.clone().ok());
    }
    let response = check.send(ApiRequest::empty(Operation::Jwks))?;
    let fetched = match response.body.json() {
        Some(v) if response.status == 200 => Ok(v.clone()),
        _ => Err(format!("JWKS answered HTTP {}", response.status)),
    };
    Ok(env.jwks.get_or_init(|| fetched).clone().ok())
}

/// Leases a pool account; not covered when the pool is empty.
pub fn lease(env: &Env, hint: usize) -> Result<Lease<'_>, Stop> {
    env.pool
        .lease(hint)
        .ok_or_else(|| Stop::NotCovered(env.pool.unavailable_reason().unwrap_or_default()))
}

/// Leases a pool account and signs it in.
pub fn leased_session<'e>(
    check: &mut Check<'e>,
    hint: usize,
) -> Result<(Lease<'e>, SessionView), Stop> {
    let lease = lease(check.env, hint)?;
    let account = lease.account();
    let session = pool_session(check, &account.email, &account.password)?;
    Ok((lease, session))
}

/// A session of a pool account to make forged or tampered tokens from. It is signed in once
/// and shared by every case until half its access token's lifetime has passed (a forged token
/// must be valid in every way but the one under test, so its template is never stale); the
/// case that signs it in records the sign-in. Its tokens are only read, never presented as
/// they are, so sharing it changes no verdict: that saves a sign-in per forged-token case.
pub fn template_session(check: &mut Check<'_>, hint: usize) -> Result<SessionView, Stop> {
    let env = check.env;
    let mut template = env.template.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((session, at)) = template.as_ref() {
        let lifetime = session
            .expires_in
            .and_then(|s| u64::try_from(s).ok())
            .unwrap_or(0);
        if at.elapsed() < std::time::Duration::from_secs(lifetime / 2) {
            return Ok(session.clone());
        }
    }
    let (_lease, session) = leased_session(check, hint)?;
    *template = Some((session.clone(), std::time::Instant::now()));
    Ok(session)
}

/// Signs a pool account in; a failed sign-in is a finding and stops the check.
pub fn pool_session(
    check: &mut Check<'_>,
    email: &str,
    password: &str,
) -> Result<SessionView, Stop> {
    check.sign_in(email, password)?.ok_or(Stop::Broken)
}

/// Refreshes and judges the answer as a bare session.
pub fn refreshed(check: &mut Check<'_>, refresh_token: &str) -> Result<Option<SessionView>, Stop> {
    let response = check.refresh(refresh_token)?;
    Ok(check.expect_session(&response, Operation::Refresh, Wrapping::Bare))
}

/// Checks that a refresh token is now rejected with 401 invalid-refresh-token.
pub fn expect_refresh_rejected(
    check: &mut Check<'_>,
    refresh_token: &str,
    rule: &str,
    why: &str,
) -> Result<(), Stop> {
    let response = check.refresh(refresh_token)?;
    let status = response.status;
    let ok = check.expect(status == 401, rule, "", || {
        format!("{why}, yet /token answered HTTP {status}")
    });
    if ok {
        check.expect_error(
            &response,
            Operation::Refresh,
            401,
            Some("invalid-refresh-token"),
        );
    }
    Ok(())
}

/// Judges a protected route's answer (`GET /user`, sign-out `all`) to a missing or invalid
/// bearer token (`what` names it): one rule per situation. Accepting it (a 2xx) breaks
/// `user:bad-token-refused`; refusing it with any status but 401 breaks `user:needs-token` (401 is
/// the newer contract; v0.42's 400 is a documented deviation, expected by
/// `expectations/deployed-v0.42.toml`); a 401 carries a conforming error body.
pub fn judge_bad_bearer(check: &mut Check<'_>, response: &Response, op: Operation, what: &str) {
    let status = response.status;
    check.exercised(rules::USER_BAD_TOKEN_REFUSED);
    check.exercised(rules::USER_NEEDS_TOKEN);
    if (200..300).contains(&status) {
        check.finding(
            rules::USER_BAD_TOKEN_REFUSED,
            "",
            format!("{op} accepted {what}: HTTP {status}"),
        );
    } else if status != 401 {
        check.finding(
            rules::USER_NEEDS_TOKEN,
            "",
            format!(
                "{op} answered HTTP {status} to {what}, expected 401{}",
                if status == 400 {
                    " (v0.42 answers 400: a documented deviation)"
                } else {
                    ""
                }
            ),
        );
    } else {
        check.expect_error(response, op, 401, None);
    }
}

/// The keys whose arrays no document gives an order: they are compared as sets.
const UNORDERED: [&str; 2] = ["roles", "allowedRoles"];

/// The strings of an array as a set, when every item is a string.
fn string_set(v: &Value) -> Option<std::collections::BTreeSet<&str>> {
    v.as_array()?.iter().map(Value::as_str).collect()
}

/// Whether the values of `key` in two documents say the same: [`same_value`], and for a role
/// list the same roles in any order.
pub fn same_field(key: &str, a: &Value, b: &Value) -> bool {
    same_value(a, b)
        || (UNORDERED.contains(&key)
            && matches!((string_set(a), string_set(b)), (Some(x), Some(y)) if x == y))
}

/// Fields both documents carry must be equal (role lists as sets, timestamps as instants).
pub fn same_shared_fields(
    check: &mut Check<'_>,
    rule: &str,
    from_user: &Value,
    in_session: &Value,
) {
    let (Some(a), Some(b)) = (from_user.as_object(), in_session.as_object()) else {
        check.finding(rule, "", "GET /user or session.user is not an object");
        return;
    };
    check.exercised(rule);
    for (key, value) in a {
        if let Some(other) = b.get(key) {
            if !same_field(key, value, other) {
                // A role list is a set: its positions mean nothing, so it differs as a whole.
                let found = if UNORDERED.contains(&key.as_str()) {
                    vec![results::diff::Difference {
                        pointer: String::new(),
                        left: Some(value.clone()),
                        right: Some(other.clone()),
                    }]
                } else {
                    results::diff::json_diff_by(value, other, &same_value)
                };
                let at = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
                let context = format!("GET /user and the session disagree on {key}");
                check.differences(
                    rule,
                    &at,
                    &context,
                    ("GET /user says", "the session"),
                    &found,
                );
            } else if value != other && UNORDERED.contains(&key.as_str()) {
                check.observe(
                    rules::USER_ROLES_ORDER,
                    &format!("/{key}"),
                    format!("GET /user lists {key} as {value}, the session as {other}: the same roles in another order"),
                );
            }
        }
    }
}

/// Whether two decoded JSON values say the same: equal, or two RFC 3339 timestamps of the same
/// instant however they are spelled (Go trims trailing zeros of fractional seconds; offsets).
pub fn same_value(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            matches!((rfc3339_nanos(x), rfc3339_nanos(y)), (Some(p), Some(q)) if p == q)
        }
        _ => false,
    }
}

/// An RFC 3339 date-time as nanoseconds since the Unix epoch; `None` when it is not one.
pub fn rfc3339_nanos(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut nanos: i128 = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = s.get(start..i)?;
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        nanos = format!("{digits:0<9}").parse().ok()?;
    }
    let offset_secs: i64 = match s.get(i..)? {
        "Z" | "z" => 0,
        rest if rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':' =>
        {
            let h = num(i + 1..i + 3)?;
            let m = num(i + 4..i + 6)?;
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Some(i128::from(secs) * 1_000_000_000 + nanos)
}

/// Which pool account to lease: a small index, so it shrinks in a few steps.
pub fn account_hint() -> std::ops::Range<usize> {
    0..8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A target that is never called.
    struct NoTarget;

    impl crate::api::AuthApi for NoTarget {
        fn info(&self) -> crate::api::TargetInfo {
            crate::api::TargetInfo {
                kind: "none".into(),
                url: String::new(),
            }
        }

        fn send(&self, _: &ApiRequest) -> Result<Response, crate::errors::TargetError> {
            Err(crate::errors::TargetError::Other {
                operation: "none".into(),
                reason: "no target in this test".into(),
            })
        }
    }

    #[test]
    fn roles_in_another_order_are_an_observation_and_other_roles_a_finding() {
        let env = Env::new(contract::Contract::deployed(), "unit").expect("the env builds");
        let mut check = Check::new(&env, &NoTarget, 0);
        let user = json!({"roles": ["me", "user"], "locale": "en"});
        same_shared_fields(
            &mut check,
            rules::USER_SESSIONS_AGREE,
            &user,
            &json!({"roles": ["user", "me"], "locale": "en"}),
        );
        same_shared_fields(
            &mut check,
            rules::USER_SESSIONS_AGREE,
            &user,
            &json!({"roles": ["user"], "locale": "en"}),
        );
        let verdict = check.finish(Ok(()));
        assert_eq!(verdict.observations.len(), 1, "{verdict:?}");
        assert_eq!(verdict.observations[0].rule, rules::USER_ROLES_ORDER);
        assert_eq!(verdict.observations[0].pointer, "/roles");
        assert_eq!(verdict.findings.len(), 1, "{verdict:?}");
        assert_eq!(verdict.findings[0].rule, rules::USER_SESSIONS_AGREE);
    }

    #[test]
    fn role_lists_compare_as_sets() {
        let (a, b) = (json!(["me", "user"]), json!(["user", "me"]));
        assert!(same_field("roles", &a, &b));
        assert!(same_field("allowedRoles", &a, &b));
        assert!(!same_field("roles", &a, &json!(["user"])));
        assert!(!same_field("metadata", &json!([1, 2]), &json!([2, 1])));
        assert!(!same_field("roles", &json!(["me", 1]), &json!([1, "me"])));
    }

    #[test]
    fn timestamps_compare_as_instants_however_spelled() {
        let t = |s: &str| Value::String(s.to_owned());
        assert!(same_value(
            &t("2025-01-01T12:00:00.120000000Z"),
            &t("2025-01-01T12:00:00.12Z")
        ));
        assert!(same_value(
            &t("2025-01-01T12:00:00Z"),
            &t("2025-01-01T13:00:00.000+01:00")
        ));
        assert!(!same_value(
            &t("2025-01-01T12:00:00.12Z"),
            &t("2025-01-01T12:00:00.13Z")
        ));
        assert!(!same_value(&t("abc"), &t("abd")));
        assert_eq!(rfc3339_nanos("1970-01-01T00:00:01Z"), Some(1_000_000_000));
        assert_eq!(rfc3339_nanos("2025-01-01 12:00:00"), None);
        assert!(same_value(&serde_json::json!(1), &serde_json::json!(1)));
    }
}
