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
    /// The case number within its property, from 0 (`case_0001` is 0).
    pub index: usize,
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

/// Plans the run: regressions of the selected properties first, then the cases of each property
/// (`cases`, or what the property asks for instead: one, or at least one per rule). `env` is `None` when listing without probing the target.
pub fn plan(
    properties: &[&'static dyn Property],
    cases: usize,
    run_seed: u64,
    env: Option<&Env>,
    regressions: &[Regression],
) -> Vec<CasePlan> {
    let mut out = Vec::new();
    for r in regressions {
        let Some((property_name, index)) = split_case_name(&r.case) else {
            continue;
        };
        if let Some(property) = properties
            .iter()
            .copied()
            .find(|p| property_id(*p) == property_name)
        {
            out.push(CasePlan {
                name: regression_name(&r.case, r.seed),
                property,
                seed: r.seed,
                index,
                ignored: env.and_then(|e| unmet(property, e)),
            });
        }
    }
    for property in properties.iter().copied() {
        let n = property.case_count(cases);
        let ignored = env.and_then(|e| unmet(property, e));
        for i in 1..=n {
            let name = format!("{}::case_{i:04}", property_id(property));
            let seed = case_seed(run_seed, &name);
            out.push(CasePlan {
                name,
                property,
                seed,
                index: i - 1,
                ignored: ignored.clone(),
            });
        }
    }
    out
}

/// The trial name of a regression: the original case name and its seed, `…::case_0007@1a2b…`.
pub fn regression_name(case: &str, seed: u64) -> String {
    format!("{case}@{seed:016x}")
}

/// Splits `suite::property::case_NNNN` into `suite::property` and the 0-based index.
pub fn split_case_name(case: &str) -> Option<(&str, usize)> {
    let (property, last) = case.rsplit_once("::")?;
    let n: usize = last.strip_prefix("case_")?.parse().ok()?;
    Some((property, n.checked_sub(1)?))
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
