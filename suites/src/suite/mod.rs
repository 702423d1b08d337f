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

/// The suites that judge a target: every suite but those that only serve documents to the SDKs
/// from a stage of their own (`sdk`), which no fault of a target can change.
pub fn target_suites() -> Vec<&'static str> {
    let properties = all();
    SUITES
        .iter()
        .copied()
        .filter(|suite| {
            properties.iter().any(|p| {
                p.suite() == *suite && !p.needs().contains(&crate::property::Need::SdkStage)
            })
        })
        .collect()
}

/// The properties of the named suites, or the unknown name.
pub fn select(names: &[String]) -> Result<Vec<&'static dyn Property>, String> {
    if let Some(bad) = names.iter().find(|n| !SUITES.contains(&n.as_str())) {
        return Err(bad.clone());
    }
    Ok(all()
        .into_iter()
        .filter(|p| names.is_empty() || names.iter().any(|n| n == p.suite()))
        .collect())
}
