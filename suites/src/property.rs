//! Properties and their cases: [`Property`] and [`CaseTree`].
//!
//! A property is a generator of inputs plus a check. The harness asks a property for a
//! [`CaseTree`] from a seeded RNG, runs the check on the current input, and on failure walks the
//! tree's `simplify`/`complicate` (proptest's `ValueTree` contract) within its own bounds.

use std::cell::Cell;

use proptest::strategy::{BoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::{Config, TestRng, TestRunner};
use serde_json::Value;

use crate::api::AuthApi;
use crate::check::{Check, Stop, Verdict};
use crate::env::Env;

/// What a property needs from the target before it can run at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing: it runs offline (schema suite).
    Offline,
    /// Any reachable target.
    Target,
    /// Email/password sign-up that answers a session.
    SignUp,
    /// Anonymous sign-in.
    Anonymous,
    /// At least one pool account.
    Pool,
    /// A key to verify access tokens with: the JWKS (RS*) or the shared secret (HS*).
    JwtKey,
    /// A stage that serves documents to the official SDKs ([`crate::SdkStage`]); no target.
    SdkStage,
}

/// What one case sends that a rate-limited project counts most (Nhost allows 10 sign-ups and 10
/// sign-ins every 5 minutes by default): sign-ups, email sign-ins and anonymous sign-ins, at
/// most, on its first run against a target that answers as the contract says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    /// Sign-ups (refused ones too: a rate limit counts them).
    pub sign_ups: u32,
    /// Email and password sign-ins.
    pub sign_ins: u32,
    /// Anonymous sign-ins.
    pub anonymous: u32,
}

impl Cost {
    /// Nothing that a rate limit counts most.
    pub const NONE: Cost = Cost::new(0, 0, 0);

    /// A cost of `sign_ups`, `sign_ins` and `anonymous` sign-ins.
    pub const fn new(sign_ups: u32, sign_ins: u32, anonymous: u32) -> Self {
        Self {
            sign_ups,
            sign_ins,
            anonymous,
        }
    }
}

impl std::ops::AddAssign for Cost {
    fn add_assign(&mut self, other: Cost) {
        self.sign_ups = self.sign_ups.saturating_add(other.sign_ups);
        self.sign_ins = self.sign_ins.saturating_add(other.sign_ins);
        self.anonymous = self.anonymous.saturating_add(other.anonymous);
    }
}

/// `cost` for properties that send nothing a rate limit counts most.
pub fn no_cost<I>(_: &Env, _: &I) -> Cost {
    Cost::NONE
}

/// A property of the service, run once per case.
pub trait Property: Send + Sync {
    /// The suite it belongs to (`token`).
    fn suite(&self) -> &'static str;
    /// Its name within the suite (`rotation`).
    fn name(&self) -> &'static str;
    /// One line saying what it checks.
    fn description(&self) -> &'static str;
    /// What it needs from the target.
    fn needs(&self) -> &'static [Need];
    /// How many cases to run when the run asks for `configured` per property.
    fn case_count(&self, configured: usize) -> usize {
        configured
    }
    /// Case number `index` (0-based) from a seeded RNG: deterministic for a given seed and index.
    fn case(&self, env: &Env, rng: TestRng, index: usize) -> Result<Box<dyn CaseTree>, String>;
}

/// One case: an input that can be shrunk, and the check to run on it.
pub trait CaseTree {
    /// The current input, as JSON (not yet redacted).
    fn input(&self) -> Value;
    /// Runs the check on the current input.
    fn run(&self, env: &Env, api: &dyn AuthApi) -> Verdict;
    /// Whether the current (possibly shrunk) input still means what the check assumes; a shrink
    /// step to an input that does not is rejected by the runner.
    fn still_valid(&self) -> bool {
        true
    }
    /// Tries a simpler input (proptest `ValueTree::simplify`).
    fn simplify(&mut self) -> bool;
    /// Backs off the last simplification (proptest `ValueTree::complicate`).
    fn complicate(&mut self) -> bool;
    /// What running the current input sends that a rate limit counts most ([`Cost`]).
    fn cost(&self, _env: &Env) -> Cost {
        Cost::NONE
    }
}

/// How many cases a [`Prop`] runs.
#[derive(Debug, Clone, Copy)]
pub enum Cases {
    /// As many as the run asks for.
    Configured,
    /// One: the property has no input worth varying.
    Once,
    /// At least this many (e.g. one per request rule, so every rule is covered), or more when
    /// the run asks for more.
    AtLeast(fn() -> usize),
}

/// The check function of a property: judge one input.
pub type CheckFn<I> = fn(&mut Check<'_>, &I) -> Result<(), Stop>;

/// A property built from a strategy and a check, the usual way to write one.
pub struct Prop<I: 'static> {
    /// Suite name.
    pub suite: &'static str,
    /// Property name.
    pub name: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// Requirements.
    pub needs: &'static [Need],
    /// How many cases it runs.
    pub cases: Cases,
    /// The input strategy of case number `index` (most properties ignore the index).
    pub strategy: fn(&Env, usize) -> BoxedStrategy<I>,
    /// The check.
    pub check: CheckFn<I>,
    /// Renders an input as JSON for reports.
    pub show: fn(&I) -> Value,
    /// Whether a shrunk input still has the meaning the check assumes.
    pub still_valid: fn(&I) -> bool,
    /// What one run of the check on an input sends that a rate limit counts most, at most.
    pub cost: fn(&Env, &I) -> Cost,
}

/// `still_valid` for properties whose every input is meaningful.
pub fn always_valid<I>(_: &I) -> bool {
    true
}

impl<I: std::fmt::Debug + 'static> Property for Prop<I> {
    fn suite(&self) -> &'static str {
        self.suite
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn description(&self) -> &'static str {
        self.description
    }
    fn needs(&self) -> &'static [Need] {
        self.needs
    }
    fn case_count(&self, configured: usize) -> usize {
        match self.cases {
            Cases::Configured => configured,
            Cases::Once => configured.min(1),
            Cases::AtLeast(n) => configured.max(n()),
        }
    }
    fn case(&self, env: &Env, rng: TestRng, index: usize) -> Result<Box<dyn CaseTree>, String> {
        let mut runner = TestRunner::new_with_rng(Config::default(), rng);
        let tree = (self.strategy)(env, index)
            .new_tree(&mut runner)
            .map_err(|r| r.to_string())?;
        Ok(Box::new(PropCase {
            tree,
            check: self.check,
            show: self.show,
            still_valid: self.still_valid,
            cost: self.cost,
            runs: Cell::new(0),
        }))
    }
}

struct PropCase<I> {
    tree: Box<dyn ValueTree<Value = I>>,
    check: CheckFn<I>,
    show: fn(&I) -> Value,
    still_valid: fn(&I) -> bool,
    cost: fn(&Env, &I) -> Cost,
    runs: Cell<u32>,
}

impl<I: std::fmt::Debug> CaseTree for PropCase<I> {
    fn input(&self) -> Value {
        (self.show)(&self.tree.current())
    }
    fn run(&self, env: &Env, api: &dyn AuthApi) -> Verdict {
        let input = self.tree.current();
        let attempt = self.runs.get();
        self.runs.set(attempt + 1);
        let mut check = Check::new(env, api, attempt);
        let result = (self.check)(&mut check, &input);
        check.finish(result)
    }
    fn still_valid(&self) -> bool {
        (self.still_valid)(&self.tree.current())
    }
    fn simplify(&mut self) -> bool {
        self.tree.simplify()
    }
    fn complicate(&mut self) -> bool {
        self.tree.complicate()
    }
    fn cost(&self, env: &Env) -> Cost {
        (self.cost)(env, &self.tree.current())
    }
}
