//! The suites: each module is one suite, a list of [`Property`]s.
//!
//! [`all`] lists every property of every suite in a stable order; [`SUITES`] names the suites.

mod anonymous;
mod boundary;
mod common;
mod jwt;
mod lifecycle;
mod negative;
mod schema;
mod sdk;
mod signin;
mod signout;
mod signup;
mod token;
mod user;

use crate::property::Property;

/// The access-token judges every session check uses, for the offline fuzzing of the judge.
pub use common::{check_claims, check_signature};

/// Every suite name, in run order: the boundary phase first.
pub const SUITES: &[&str] = &[
    "boundary",
    "schema",
    "signup",
    "signin",
    "anonymous",
    "token",
    "signout",
    "user",
    "jwt",
    "negative",
    "lifecycle",
    "sdk",
];

/// Every property of every suite, in a stable order.
pub fn all() -> Vec<&'static dyn Property> {
    let mut out: Vec<&'static dyn Property> = Vec::new();
    out.extend(boundary::PROPERTIES.iter().copied());
    out.extend(schema::PROPERTIES.iter().copied());
    out.extend(signup::PROPERTIES.iter().copied());
    out.extend(signin::PROPERTIES.iter().copied());
    out.extend(anonymous::PROPERTIES.iter().copied());
    out.extend(token::PROPERTIES.iter().copied());
    out.extend(signout::PROPERTIES.iter().copied());
    out.extend(user::PROPERTIES.iter().copied());
    out.extend(jwt::PROPERTIES.iter().copied());
    out.extend(negative::PROPERTIES.iter().copied());
    out.extend(lifecycle::PROPERTIES.iter().copied());
    out.extend(sdk::PROPERTIES.iter().copied());
    out
}

/// Whether `suite` only serves documents to the SDKs from a stage of its own (`sdk`): it never
/// talks to the target and needs Node.js, so it runs only when named.
pub fn is_opt_in(suite: &str) -> bool {
    all()
        .iter()
        .filter(|p| p.suite() == suite)
        .all(|p| p.needs().contains(&crate::property::Need::SdkStage))
}

/// The suites that judge a target: every suite but the opt-in ones ([`is_opt_in`]), which no
/// fault of a target can change. The default plan of a run.
pub fn target_suites() -> Vec<&'static str> {
    SUITES.iter().copied().filter(|s| !is_opt_in(s)).collect()
}

/// The properties of the named suites (all the [`target_suites`] when `names` is empty) minus
/// the `excluded` ones, or the first unknown name.
pub fn select(names: &[String], excluded: &[String]) -> Result<Vec<&'static dyn Property>, String> {
    if let Some(bad) = names
        .iter()
        .chain(excluded)
        .find(|n| !SUITES.contains(&n.as_str()))
    {
        return Err(bad.clone());
    }
    let wanted = |suite: &str| {
        let named = if names.is_empty() {
            !is_opt_in(suite)
        } else {
            names.iter().any(|n| n == suite)
        };
        named && !excluded.iter().any(|n| n == suite)
    };
    Ok(all().into_iter().filter(|p| wanted(p.suite())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_leaves_the_sdk_stage_out_and_exclusions_apply() {
        let default: Vec<&str> = select(&[], &[])
            .unwrap()
            .iter()
            .map(|p| p.suite())
            .collect();
        assert!(!default.contains(&"sdk") && default.contains(&"token"));
        assert_eq!(target_suites().len(), SUITES.len() - 1);
        let sdk = select(&["sdk".to_owned()], &[]).unwrap();
        assert!(!sdk.is_empty() && sdk.iter().all(|p| p.suite() == "sdk"));
        let no_jwt = select(&[], &["jwt".to_owned()]).unwrap();
        assert!(no_jwt
            .iter()
            .all(|p| p.suite() != "jwt" && p.suite() != "sdk"));
        assert_eq!(
            select(&[], &["nope".to_owned()]).err().as_deref(),
            Some("nope")
        );
    }
}
