//! Suite `anonymous`: anonymous sign-in answers a conforming anonymous session that can refresh.

use generators::requests::{self, AnonymousRequest};
use serde_json::Value;

use super::common::{
    check_claims, check_profile_echo, refreshed, refused_as_documented, user_roles,
};
use crate::api::{ApiRequest, Operation};
use crate::check::{Check, Stop, Wrapping};
use crate::property::{always_valid, Cases, Cost, Need, Prop, Property};
use crate::rules;

/// The properties of this suite.
pub static PROPERTIES: &[&dyn Property] = &[&SESSION];

static SESSION: Prop<AnonymousRequest> = Prop {
    suite: "anonymous",
    name: "session",
    description: "anonymous sign-in answers a conforming anonymous session that echoes the request and refreshes",
    needs: &[Need::Anonymous],
    cases: Cases::Configured,
    strategy: |_, _| requests::anonymous(),
    check: session,
    show: AnonymousRequest::to_json,
    still_valid: always_valid,
    cost: |_, _| Cost::new(0, 0, 1),
};

fn session(check: &mut Check<'_>, request: &AnonymousRequest) -> Result<(), Stop> {
    let response = check.send(ApiRequest::json(
        Operation::SignInAnonymous,
        request.to_json(),
    ))?;
    refused_as_documented(check, &response, Operation::SignInAnonymous)?;
    let session = check
        .expect_session(&response, Operation::SignInAnonymous, Wrapping::Wrapped)
        .ok_or(Stop::Broken)?;
    let user = &session.user;
    let anonymous = user.get("isAnonymous") == Some(&Value::Bool(true));
    let role = user.get("defaultRole").and_then(Value::as_str);
    let roles = user_roles(user);
    check.expect(
        anonymous && role == Some("anonymous") && roles == Some(vec!["anonymous".to_owned()]),
        rules::ANONYMOUS_FLAGS,
        "/session/user",
        || {
            format!(
                "anonymous user has isAnonymous {:?}, defaultRole {role:?}, roles {roles:?}",
                user.get("isAnonymous")
            )
        },
    );
    check_profile_echo(
        check,
        user,
        request.display_name.as_deref(),
        "Anonymous User",
        request.locale.as_deref(),
        request.metadata.as_ref(),
    );
    check_claims(check, &session);
    let token = session.require_refresh_token()?.to_owned();
    if let Some(next) = refreshed(check, &token)? {
        let (a, b) = (session.user_id(), next.user_id());
        check.expect(a == b, rules::TOKEN_SAME_USER, "/user/id", || {
            format!("refresh answered user {b:?}, expected {a:?}")
        });
    }
    Ok(())
}
