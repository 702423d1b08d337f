//! Running one case: generate from the case seed, check, and on failure shrink within bounds,
//! keeping only shrink steps that still fail with one of the original rules.

use std::collections::BTreeSet;
use std::time::Instant;

use reports::{CaseRecord, Outcome};
use serde_json::Value;
use suites::{redact, CaseTree, Verdict};

use super::judge::Judge;
use super::plan::{property_id, CasePlan};
use super::seed::rng;
use super::session::RunSession;

/// The rule of a finding that says the case's input could not be generated.
pub const GENERATION_RULE: &str = "harness:generation";

/// Runs a case to its record.
pub fn execute(session: &RunSession, plan: &CasePlan) -> CaseRecord {
    let started = Instant::now();
    let property = property_id(plan.property);
    let mut tree = match plan
        .property
        .case(session.env(), rng(plan.seed), plan.index)
    {
        Ok(tree) => tree,
        Err(reason) => {
            let mut verdict = Verdict::default();
            verdict.findings.push(reports::Finding {
                rule: GENERATION_RULE.to_owned(),
                pointer: String::new(),
                message: format!("the input could not be generated: {reason}"),
            });
            return build(session, plan, &property, verdict, None, started);
        }
    };
    let first = tree.run(session.env(), session.api());
    let (verdict, input) = if first.is_failure() {
        shrink(session, tree.as_mut(), first)
    } else {
        let input = tree.input();
        (first, input)
    };
    build(session, plan, &property, verdict, Some(input), started)
}

/// The rule of a finding that says the harness itself panicked while running the case.
pub const PANIC_RULE: &str = "harness:panic";

/// A failed record for a case whose property panicked.
pub fn panicked(session: &RunSession, plan: &CasePlan, message: String) -> CaseRecord {
    let property = property_id(plan.property);
    let mut verdict = Verdict::default();
    verdict.findings.push(reports::Finding {
        rule: PANIC_RULE.to_owned(),
        pointer: String::new(),
        message: format!(
            "the harness panicked while running this case (a bug: please report it): {message}"
        ),
    });
    build(session, plan, &property, verdict, None, Instant::now())
}

/// A record for a case that was not run (ignored because the target cannot support it).
pub fn not_run(session: &RunSession, plan: &CasePlan, reason: &str) -> CaseRecord {
    let property = property_id(plan.property);
    let verdict = Verdict {
        stopped: Some(suites::Stop::NotCovered(reason.to_owned())),
        ..Verdict::default()
    };
    build(session, plan, &property, verdict, None, Instant::now())
}

fn rule_set(verdict: &Verdict) -> BTreeSet<String> {
    Judge::findings(verdict)
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

/// proptest's shrink loop: simplify while the case still fails, complicate when it passes.
fn shrink(session: &RunSession, tree: &mut dyn CaseTree, first: Verdict) -> (Verdict, Value) {
    let (max_steps, max_time) = session.shrink_bounds();
    let original = rule_set(&first);
    let mut best = (first, tree.input());
    let deadline = Instant::now() + max_time;
    let mut steps = 0;
    if !tree.simplify() {
        return best;
    }
    while steps < max_steps && Instant::now() < deadline {
        steps += 1;
        let verdict = tree
            .still_valid()
            .then(|| tree.run(session.env(), session.api()));
        let still_fails = verdict
            .as_ref()
            .is_some_and(|v| v.is_failure() && !rule_set(v).is_disjoint(&original));
        if still_fails {
            best = (verdict.unwrap_or_default(), tree.input());
            if !tree.simplify() {
                break;
            }
        } else if !tree.complicate() {
            break;
        }
    }
    best
}

fn build(
    session: &RunSession,
    plan: &CasePlan,
    property: &str,
    verdict: Verdict,
    input: Option<Value>,
    started: Instant,
) -> CaseRecord {
    let verdict = verdict.scrubbed(&session.env().secrets);
    let findings = Judge::findings(&verdict);
    let outcome = session.judge().outcome(property, &verdict, &findings);
    let keep_input = !matches!(outcome, Outcome::Passed);
    CaseRecord {
        name: plan.name.clone(),
        suite: plan.property.suite().to_owned(),
        property: plan.property.name().to_owned(),
        outcome,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        seed: reports::CaseSeed(plan.seed),
        rules: verdict.rules.iter().cloned().collect(),
        findings,
        exchanges: verdict.exchanges,
        minimal_input: input.filter(|_| keep_input).map(|v| redact::json(&v)),
        rerun: session.rerun_command(&plan.name),
    }
}
