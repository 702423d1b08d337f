//! Running one case: generate from the case seed, check, and on a failure re-run it once (a case
//! that then passes is *flaky*, not failed), then shrink within bounds, keeping only shrink steps
//! that still fail with one of the original rules. Transport failures and timeouts are verdicts
//! about the target's availability, not about its answers: they are never re-run nor shrunk.

use std::collections::BTreeSet;
use std::time::Instant;

use results::{CaseRecord, CaseSeed, Finding, Outcome};
use serde_json::Value;
use suites::{redact, CaseTree, Stop, TargetError, Verdict};

use super::judge::Judge;
use super::plan::CasePlan;
use super::seed::rng;
use super::session::RunSession;

/// The rule of a finding that says the case's input could not be generated.
pub const GENERATION_RULE: &str = "harness:generation";

/// The rule of a finding that says the harness itself panicked while running the case.
pub const PANIC_RULE: &str = "harness:panic";

/// Runs a case to its record (without the re-run line, which the engine adds).
pub fn execute(session: &RunSession, plan: &CasePlan) -> CaseRecord {
    let started = Instant::now();
    let mut tree = match plan
        .property
        .case(session.env(), rng(plan.seed), plan.index)
    {
        Ok(tree) => tree,
        Err(reason) => {
            let mut verdict = Verdict::default();
            verdict.findings.push(Finding {
                rule: GENERATION_RULE.to_owned(),
                pointer: String::new(),
                message: format!("the input could not be generated: {reason}"),
            });
            return build(session, plan, verdict, None, started, None);
        }
    };
    let first = tree.run(session.env(), session.api());
    if stopped_by_run(&first) {
        return unfinished(session, plan);
    }
    let property = plan.property_id();
    let fails = |v: &Verdict| session.judge().fails(&property, &Judge::findings(v));
    if !fails(&first) || first.findings.is_empty() {
        // A passed record keeps no input: do not render it.
        let input = (!first.findings.is_empty()
            || first.stopped.is_some()
            || session.judge().expects_failure(&property))
        .then(|| tree.input());
        return build(session, plan, first, input, started, None);
    }
    // A failure with findings: does it happen again?
    let second = tree.run(session.env(), session.api());
    if !fails(&second) && !stopped_by_run(&second) {
        let reason = summary(&first);
        let input = tree.input();
        return build(session, plan, first, Some(input), started, Some(reason));
    }
    let (verdict, input) = shrink(session, tree.as_mut(), first);
    build(session, plan, verdict, Some(input), started, None)
}

/// A failed record for a case whose property panicked.
pub fn panicked(session: &RunSession, plan: &CasePlan, message: String) -> CaseRecord {
    let mut verdict = Verdict::default();
    verdict.findings.push(Finding {
        rule: PANIC_RULE.to_owned(),
        pointer: String::new(),
        message: format!(
            "the harness panicked while running this case (a bug: please report it): {message}"
        ),
    });
    build(session, plan, verdict, None, Instant::now(), None)
}

/// Whether `record` is a case the run did not finish because it stopped for `reason` (the
/// record [`unfinished`] made), as opposed to one that ran to a verdict.
pub fn was_cut(record: &CaseRecord, reason: &super::stop::StopReason) -> bool {
    let text = reason.to_string();
    match &record.outcome {
        Outcome::NotRun { reason } | Outcome::NotCovered { reason } => *reason == text,
        _ => false,
    }
}

/// A record for a case that was not covered: the target cannot support it.
pub fn not_covered(session: &RunSession, plan: &CasePlan, reason: &str) -> CaseRecord {
    let verdict = Verdict {
        stopped: Some(Stop::NotCovered(reason.to_owned())),
        ..Verdict::default()
    };
    build(session, plan, verdict, None, Instant::now(), None)
}

/// A record for a case that never finished.
pub fn not_run(session: &RunSession, plan: &CasePlan, reason: &str) -> CaseRecord {
    let mut record = build(
        session,
        plan,
        Verdict::default(),
        None,
        Instant::now(),
        None,
    );
    record.outcome = Outcome::NotRun {
        reason: reason.to_owned(),
    };
    record.rules.clear();
    record
}

/// The record of a case the run did not finish: *not covered* when the run reached its
/// `--max-duration` (the bound the user chose left it out, and the reason names the flag), *not
/// run* otherwise (a signal, the breaker, `--max-fail`).
pub fn unfinished(session: &RunSession, plan: &CasePlan) -> CaseRecord {
    let reason = session.stop().reason().map_or_else(
        || "the run ended before this case".to_owned(),
        |r| r.to_string(),
    );
    if session.stop().reached_deadline() {
        not_covered(session, plan, &reason)
    } else {
        not_run(session, plan, &reason)
    }
}

/// Whether the verdict ended because the run is stopping, with nothing found before.
fn stopped_by_run(verdict: &Verdict) -> bool {
    verdict.findings.is_empty()
        && matches!(
            verdict.stopped,
            Some(Stop::Target(TargetError::Stopped { .. }))
        )
}

fn summary(verdict: &Verdict) -> String {
    let rules: BTreeSet<&str> = verdict.findings.iter().map(|f| f.rule.as_str()).collect();
    let rules: Vec<&str> = rules.into_iter().collect();
    format!("the first run violated {}", rules.join(", "))
}

fn rule_set(verdict: &Verdict) -> BTreeSet<String> {
    Judge::findings(verdict)
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

/// proptest's shrink loop: simplify while the case still fails, complicate when it passes.
/// A step whose verdict has no findings (a transport failure, a stopping run) counts as passing.
fn shrink(session: &RunSession, tree: &mut dyn CaseTree, first: Verdict) -> (Verdict, Value) {
    let (max_steps, max_time) = session.shrink_bounds();
    let original = rule_set(&first);
    let mut best = (first, tree.input());
    let deadline = Instant::now() + max_time;
    let mut steps = 0;
    if !tree.simplify() {
        return best;
    }
    while steps < max_steps && Instant::now() < deadline && !session.stop().is_stopped() {
        steps += 1;
        let verdict = tree
            .still_valid()
            .then(|| tree.run(session.env(), session.api()));
        let still_fails = verdict
            .as_ref()
            .is_some_and(|v| !v.findings.is_empty() && !rule_set(v).is_disjoint(&original));
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
    verdict: Verdict,
    input: Option<Value>,
    started: Instant,
    flaky: Option<String>,
) -> CaseRecord {
    let verdict = verdict.scrubbed(&session.env().secrets);
    let findings = Judge::findings(&verdict);
    let outcome = match flaky {
        Some(reason) => Outcome::Flaky { reason },
        None => session
            .judge()
            .outcome(&plan.property_id(), &verdict, &findings),
    };
    let keep_input = !matches!(outcome, Outcome::Passed);
    CaseRecord {
        name: plan.name.to_string(),
        suite: plan.property.suite().to_owned(),
        property: plan.property.name().to_owned(),
        outcome,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        seed: CaseSeed(plan.seed),
        rules: verdict.exercised(),
        findings,
        exchanges: verdict.exchanges,
        minimal_input: input
            .filter(|_| keep_input)
            .map(|v| session.env().secrets.scrub_json(&redact::json(&v))),
        rerun: String::new(),
        reactions: verdict.reactions,
        observations: verdict.observations,
    }
}
