//! The set-up's own case: a run whose set-up (the account pool's sign-ups and sign-ins) broke
//! the contract and left the pool empty gets one more case, [`suites::setup::SETUP_CASE`],
//! first in its plan, whose record carries the set-up's findings and exchanges. The main
//! function is [`plan_setup`].

use results::CaseName;
use suites::Env;

use super::plan::CasePlan;
use super::seed::case_seed;

/// Puts the set-up's case first in `plan` when the set-up judged in `env` failed and left the
/// pool empty ([`suites::setup::reported`]); otherwise it adds nothing (a set-up that gave the
/// pool its accounts has its answers judged again by the suites).
pub fn plan_setup(plan: &mut Vec<CasePlan>, env: &Env, run_seed: results::RunSeed) {
    if !suites::setup::reported(&env.setup, &env.pool) {
        return;
    }
    let property = &suites::setup::POOL;
    let name = CaseName::new(
        suites::Property::suite(property),
        suites::Property::name(property),
        0,
    );
    plan.insert(
        0,
        CasePlan {
            seed: case_seed(run_seed, &name.to_string()),
            name,
            property,
            index: 0,
            ignored: None,
        },
    );
}
