//! Setting up is judged too: the account pool's sign-ups and sign-ins are recorded and judged
//! like any case while the probe fills the pool ([`crate::probe`]), and a set-up whose answers
//! break the contract is reported as one failed case, [`SETUP_CASE`], of the rules it broke.
//! The main item is [`POOL`], the property that replays that verdict.
//!
//! The cases that needed a pool account the set-up could not make are not covered, and their
//! reason names [`SETUP_CASE`], so the failure is found where it happened.
//!
//! The set-up's case is reported when its findings left the pool empty: then nothing else
//! would fail for them. A broken answer that still gave the pool its accounts is judged again,
//! and failed, by the suites' own sign-ups and sign-ins, so the run reports it there (a second
//! copy in a case of its own would only shift every count).

use proptest::test_runner::TestRng;
use serde_json::{json, Value};

use crate::api::AuthApi;
use crate::check::Verdict;
use crate::env::Env;
use crate::pool::AccountPool;
use crate::property::{CaseTree, Need, Property};

/// The name of the set-up's case in the reports.
pub const SETUP_CASE: &str = "setup::pool::case_0001";

/// The set-up as a property: one case, whose verdict is the one the probe judged
/// ([`Env::setup`]). It sends nothing itself; the engine plans it only when [`reported`].
#[derive(Debug)]
pub struct SetupPool;

/// The `setup::pool` property.
pub static POOL: SetupPool = SetupPool;

impl Property for SetupPool {
    fn suite(&self) -> &'static str {
        "setup"
    }

    fn name(&self) -> &'static str {
        "pool"
    }

    fn description(&self) -> &'static str {
        "the account pool's sign-ups and sign-ins (the run's set-up) answer as the contract says"
    }

    fn needs(&self) -> &'static [Need] {
        &[Need::Target]
    }

    fn case_count(&self, _configured: usize) -> usize {
        1
    }

    fn case(&self, _env: &Env, _rng: TestRng, _index: usize) -> Result<Box<dyn CaseTree>, String> {
        Ok(Box::new(Replay))
    }
}

/// The set-up's verdict, as judged when the pool was filled.
struct Replay;

impl CaseTree for Replay {
    fn input(&self) -> Value {
        json!({ "set_up": "account pool: sign-up and sign-in of each pool account" })
    }

    fn run(&self, env: &Env, _api: &dyn AuthApi) -> Verdict {
        env.setup.clone()
    }

    fn simplify(&mut self) -> bool {
        false
    }

    fn complicate(&mut self) -> bool {
        false
    }
}

/// Whether the set-up's answers broke the contract.
pub fn failed(setup: &Verdict) -> bool {
    !setup.findings.is_empty()
}

/// Whether the set-up is reported as its own failed case: it failed and left `pool` empty.
pub fn reported(setup: &Verdict, pool: &AccountPool) -> bool {
    failed(setup) && pool.is_empty()
}

/// The rules a failed set-up broke, for the reason of the cases it leaves not covered.
pub fn broken_rules(setup: &Verdict) -> String {
    let rules: std::collections::BTreeSet<&str> =
        setup.findings.iter().map(|f| f.rule.as_str()).collect();
    rules.into_iter().collect::<Vec<_>>().join(", ")
}
