//! The case plan: every case of a run ([`CasePlan`]), named `suite::property::case_NNNN` (see
//! [`results::CaseName`]), with its seed and, when the target cannot support it, the reason it
//! is not covered.
//!
//! The order is coverage first: regressions, under their own seeds; then round 1, the cases that
//! exercise every rule of every property once (all the rule-indexed cases of a property that
//! covers its rules one per case, the first case of the others), in suite order; then the second
//! case of every property, then the third, and so on. A run cut short (a deadline, a spent
//! budget, an interrupt) has then covered as many rules as it could, and the order depends on
//! nothing but the configuration.

use std::collections::HashMap;

use results::{CaseName, CaseSeed, RunSeed};
use suites::{Cost, Env, Need, Property};

use super::regressions::Regression;
use super::seed::{case_seed, rng};

/// One planned case.
#[derive(Clone)]
pub struct CasePlan {
    /// Full name (a regression's carries its seed).
    pub name: CaseName,
    /// The property it runs.
    pub property: &'static dyn Property,
    /// The case seed.
    pub seed: CaseSeed,
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
/// (`cases`, or what the property asks for instead: one, or at least one per rule). `env` is
/// `None` when listing without probing the target.
pub fn plan(
    properties: &[&'static dyn Property],
    cases: usize,
    run_seed: RunSeed,
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
                name: r.case.clone().with_seed(r.seed),
                property,
                seed: r.seed,
                index: r.case.index(),
                ignored: env.and_then(|e| unmet(property, e)),
            });
        }
    }
    let planned: Vec<(&'static dyn Property, usize, usize, Option<String>)> = properties
        .iter()
        .map(|&p| {
            (
                p,
                rule_cases(p),
                p.case_count(cases),
                env.and_then(|e| unmet(p, e)),
            )
        })
        .collect();
    let case = |property: &'static dyn Property, index: usize, ignored: &Option<String>| {
        let name = CaseName::new(property.suite(), property.name(), index);
        CasePlan {
            seed: case_seed(run_seed, &name.to_string()),
            name,
            property,
            index,
            ignored: ignored.clone(),
        }
    };
    for (property, first_round, count, ignored) in &planned {
        for index in 0..(*first_round).min(*count) {
            out.push(case(*property, index, ignored));
        }
    }
    let rounds = planned
        .iter()
        .map(|(_, first, count, _)| count.saturating_sub(*first))
        .max()
        .unwrap_or(0);
    for round in 0..rounds {
        for (property, first_round, count, ignored) in &planned {
            let index = first_round + round;
            if index < *count {
                out.push(case(*property, index, ignored));
            }
        }
    }
    out
}

/// What the plan's cases send that a rate limit counts most, at most: each case's input is
/// generated from its seed (as the run will) and priced by its property ([`Cost`]), for the
/// cases that talk to the target and are not known to be left out.
pub fn cost(plan: &[CasePlan], env: &Env) -> Cost {
    let mut total = Cost::NONE;
    for case in plan.iter().filter(|c| c.ignored.is_none()) {
        let online = case
            .property
            .needs()
            .iter()
            .any(|n| !matches!(n, Need::Offline | Need::SdkStage));
        if !online {
            continue;
        }
        if let Ok(tree) = case.property.case(env, rng(case.seed), case.index) {
            total += tree.cost(env);
        }
    }
    total
}

/// How many cases it takes `property` to exercise each of its rules once: the number it asks
/// for at one case per property (a property that covers its rules one per case asks for one
/// case per rule).
pub fn rule_cases(property: &dyn Property) -> usize {
    property.case_count(1).max(1)
}

/// The first need of `property` this target does not meet, as a reason.
pub fn unmet(property: &dyn Property, env: &Env) -> Option<String> {
    let caps = &env.capabilities;
    property.needs().iter().find_map(|need| match need {
        Need::Offline | Need::Target => None,
        Need::SdkStage => env
            .sdk_stage
            .as_ref()
            .err()
            .map(|r| format!("no SDK can be staged: {r}")),
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
                "the target signs with {alg}; set NHOST_JWT_SECRET (or name the variable that holds the secret with --jwt-secret-env) to verify signatures"
            )),
            None => {
                Some("no access token was seen, so the signing algorithm is unknown".to_owned())
            }
            _ => None,
        },
    })
}

/// Keeps the cases whose name contains one of `filters` (all of them when there is none); a
/// filter list that keeps nothing is an error naming it.
pub fn filter(
    plan: &mut Vec<CasePlan>,
    filters: &[String],
) -> Result<(), crate::errors::HarnessError> {
    if filters.is_empty() {
        return Ok(());
    }
    plan.retain(|p| {
        let name = p.name.to_string();
        filters.iter().any(|f| name.contains(f.as_str()))
    });
    if plan.is_empty() {
        return Err(crate::errors::HarnessError::NoCaseMatches(
            filters.join(" "),
        ));
    }
    Ok(())
}

/// Picks cases out of a plan: each wanted name, with its own seed when one is given (a name with
/// an `@seed` suffix, a regression, or a case file's seed); a case with its own seed is built from
/// its property's cases when the plan does not hold it under that name. Fails with the first
/// name the plan does not have (without a seed) or no property has (with one).
pub fn select(
    plan: &[CasePlan],
    wanted: &[(CaseName, Option<CaseSeed>)],
) -> Result<Vec<CasePlan>, CaseName> {
    // Indexed once: selecting every case of a long run stays linear.
    let mut by_name: HashMap<&CaseName, Vec<&CasePlan>> = HashMap::with_capacity(plan.len());
    for p in plan {
        by_name.entry(&p.name).or_default().push(p);
    }
    wanted
        .iter()
        .map(|(name, seed)| {
            let seed = seed.or_else(|| name.seed());
            if let Some(found) = by_name.get(name).and_then(|same| {
                same.iter()
                    .find(|p| seed.is_none_or(|s| s == p.seed))
                    .copied()
            }) {
                return Ok(found.clone());
            }
            let seed = seed.ok_or_else(|| name.clone())?;
            let template = plan
                .iter()
                .find(|p| {
                    p.property.suite() == name.suite() && p.property.name() == name.property()
                })
                .ok_or_else(|| name.clone())?;
            Ok(CasePlan {
                name: name.clone(),
                seed,
                index: name.index(),
                ..template.clone()
            })
        })
        .collect()
}
