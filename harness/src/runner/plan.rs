//! The case plan: every trial of a run, named `suite::property::case_NNNN`, with its seed and,
//! when the target cannot support it, the reason it is ignored.

use suites::{Env, Need, Property};

use super::regressions::Regression;
use super::seed::case_seed;

/// One planned case.
#[derive(Clone)]
pub struct CasePlan {
    /// Full trial name.
    pub name: String,
    /// The property it runs.
    pub property: &'static dyn Property,
    /// The case seed.
    pub seed: u64,
    /// Why it cannot run on this target, if it cannot.
    pub ignored: Option<String>,
}

impl std::fmt::Debug for CasePlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CasePlan")
            .field("name", &self.name)
            .field("seed", &self.seed)
            .field("ignored", &self.ignored)
            .finish()
    }
}

/// `suite::property`.
pub fn property_id(p: &dyn Property) -> String {
    format!("{}::{}", p.suite(), p.name())
}

/// Plans the run: regressions of the selected properties first, then `cases` cases per property
/// (fewer when the property caps them). `env` is `None` when listing without probing the target.
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
            .find(|p| property_id(*p) == r.property)
        {
            out.push(CasePlan {
                name: format!("{}::regression_{:016x}", r.property, r.seed),
                property,
                seed: r.seed,
                ignored: env.and_then(|e| unmet(property, e)),
            });
        }
    }
    for property in properties.iter().copied() {
        let n = property.max_cases().map_or(cases, |m| m.min(cases));
        let ignored = env.and_then(|e| unmet(property, e));
        for i in 1..=n {
            let name = format!("{}::case_{i:04}", property_id(property));
            let seed = case_seed(run_seed, &name);
            out.push(CasePlan {
                name,
                property,
                seed,
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
