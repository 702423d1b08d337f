//! The case plan: every case of a run ([`CasePlan`]), named `suite::property::case_NNNN` (see
//! [`results::CaseName`]), with its seed and, when the target cannot support it, the reason it
//! is not covered. Regressions come first, under their own seeds; then every property's cases in
//! suite order.

use results::{CaseName, CaseSeed};
use suites::{Env, Need, Property};

use super::regressions::Regression;
use super::seed::case_seed;

/// One planned case.
#[derive(Clone)]
pub struct CasePlan {
    /// Full name (a regression's carries its seed).
    pub name: CaseName,
    /// The property it runs.
    pub property: &'static dyn Property,
    /// The case seed.
    pub seed: u64,
    /// The case number within its property, from 0 (`case_0001` is 0).
    pub index: usize,
    /// Why it cannot run on this target, if it cannot.
    pub ignored: Option<String>,
}

impl CasePlan {
    /// `suite::property`.
    pub fn property_id(&self) -> String {
        property_id(self.property)
    }
}

impl std::fmt::Debug for CasePlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CasePlan")
            .field("name", &self.name.to_string())
            .field("seed", &CaseSeed(self.seed))
            .field("ignored", &self.ignored)
            .finish()
    }
}

/// `suite::property`.
pub fn property_id(p: &dyn Property) -> String {
    format!("{}::{}", p.suite(), p.name())
}

/// Plans the run: regressions of the selected properties first, then the cases of each property
/// (`cases`, or what the property asks for instead: one, or at least one per rule). `env` is
/// `None` when listing without probing the target.
pub fn plan(
    properties: &[&'static dyn Property],
    cases: usize,
    run_seed: u64,
    env: Option<&Env>,
    regressions: &[Regression],
) -> Vec<CasePlan> {
    let mut out = Vec::new();
    for r in regressions {
        if let Some(property) = properties
            .iter()
            .copied()
            .find(|p| p.suite() == r.case.suite() && p.name() == r.case.property())
        {
            out.push(CasePlan {
                name: r.case.clone().with_seed(CaseSeed(r.seed)),
                property,
                seed: r.seed,
                index: r.case.index(),
                ignored: env.and_then(|e| unmet(property, e)),
            });
        }
    }
    for property in properties.iter().copied() {
        let n = property.case_count(cases);
        let ignored = env.and_then(|e| unmet(property, e));
        for index in 0..n {
            let name = CaseName::new(property.suite(), property.name(), index);
            let seed = case_seed(run_seed, &name.to_string());
            out.push(CasePlan {
                name,
                property,
                seed,
                index,
                ignored: ignored.clone(),
            });
        }
    }
    out
}

/// The first need of `property` this target does not meet, as a reason.
pub fn unmet(property: &dyn Property, env: &Env) -> Option<String> {
    let caps = &env.capabilities;
    property.needs().iter().find_map(|need| match need {
        Need::Offline | Need::Target => None,
        Need::SignUp => caps
            .signup
            .clone()
            .err()
            .map(|r| format!("sign-up is not available: {r}")),
        Need::Anonymous => caps
            .anonymous
            .clone()
            .err()
            .map(|r| format!("anonymous sign-in is not available: {r}")),
        Need::Pool => env
            .pool
            .unavailable_reason()
            .map(|r| format!("no pool account: {r}")),
        Need::JwtKey => match caps.jwt_alg.as_deref() {
            Some(alg) if alg.starts_with("HS") && env.jwt_secret.is_none() => Some(format!(
                "the target signs with {alg}; set NHOST_JWT_SECRET to verify signatures"
            )),
            None => {
                Some("no access token was seen, so the signing algorithm is unknown".to_owned())
            }
            _ => None,
        },
    })
}

/// Picks cases out of a plan: each wanted name, with its own seed when one is given (a name with
/// an `@seed` suffix, or a case file's seed), built from the property's cases when the plan does
/// not hold it under that name (a regression, or a case number beyond the configured count).
/// Fails with the first name no property has.
pub fn select(
    plan: &[CasePlan],
    run_seed: u64,
    wanted: &[(CaseName, Option<u64>)],
) -> Result<Vec<CasePlan>, CaseName> {
    wanted
        .iter()
        .map(|(name, seed)| {
            let seed = seed.or_else(|| name.seed().map(|s| s.0));
            if let Some(found) = plan
                .iter()
                .find(|p| p.name == *name && seed.is_none_or(|s| s == p.seed))
            {
                return Ok(found.clone());
            }
            let template = plan
                .iter()
                .find(|p| p.property.suite() == name.suite() && p.property.name() == name.property())
                .ok_or_else(|| name.clone())?;
            Ok(CasePlan {
                name: name.clone(),
                seed: seed.unwrap_or_else(|| case_seed(run_seed, &name.to_string())),
                index: name.index(),
                ..template.clone()
            })
        })
        .collect()
}
