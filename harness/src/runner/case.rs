//! Running one case: generate from the case seed, check, and on a failure group it by its
//! [`Signature`] first. The first case of a signature re-runs once (a case that then passes is
//! *flaky*, not failed) and is shrunk within its bounds (steps, time, requests; the run's
//! shrink budget too), keeping only shrink steps that still fail with one of the original
//! rules; later cases of the same signature are recorded as the same failure, neither re-run
//! nor shrunk ([`FailureGroups`](super::groups::FailureGroups)). Transport failures and
//! timeouts are verdicts about the target's availability, not about its answers: they are never
//! re-run nor shrunk.

use std::collections::BTreeSet;
use std::time::Instant;

use results::{CaseRecord, Finding, Investigation, Outcome};
use serde_json::Value;
use suites::{redact, CaseTree, Stop, TargetError, Verdict};

use super::groups::{Claim, Spent, StepCost};
use super::judge::Judge;
use super::plan::CasePlan;
use super::seed::rng;
use super::session::RunSession;
use super::signature::Signature;

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
    // A failure with findings: has a case already failed this way?
    let signature = Signature::of(&first);
    let mut investigation = Investigation {
        signature: signature.hex(),
        label: signature.label(),
        ..Investigation::default()
    };
    let ticket = match session.groups().claim(signature.id(), session.stop()) {
        Claim::Investigate(ticket) => ticket,
        Claim::SameAs(case) => {
            investigation.unfinished = Some(format!(
                "not re-run nor shrunk: the same failure as {case}, which stands for it"
            ));
            investigation.same_as = Some(case);
            let input = tree.input();
            let mut record = build(session, plan, first, Some(input), started, None);
            record.investigation = Some(investigation);
            return record;
        }
        Claim::Stopped => {
            investigation.unfinished = Some(
                "not re-run nor shrunk: the run stopped while another case of this failure was being shrunk"
                    .to_owned(),
            );
            let input = tree.input();
            let mut record = build(session, plan, first, Some(input), started, None);
            record.investigation = Some(investigation);
            return record;
        }
    };
    // The first of its signature: does it happen again?
    let second = tree.run(session.env(), session.api());
    investigation.requests = second.exchanges.len() as u64;
    if !fails(&second) && !stopped_by_run(&second) {
        // Flaky: the ticket is dropped unsettled, so the next case of this signature checks it.
        drop(ticket);
        let reason = summary(&first);
        let input = tree.input();
        investigation.unfinished = Some("not shrunk: it passed when re-run".to_owned());
        let mut record = build(session, plan, first, Some(input), started, Some(reason));
        record.investigation = Some(investigation);
        return record;
    }
    let cost = StepCost::of(&first.exchanges);
    let shrunk = shrink(session, tree.as_mut(), first, cost);
    investigation.shrink_steps = shrunk.steps;
    investigation.requests += shrunk.requests;
    investigation.unfinished = shrunk.unfinished;
    let mut record = build(
        session,
        plan,
        shrunk.verdict,
        Some(shrunk.input),
        started,
        None,
    );
    if record.outcome.is_failure() {
        ticket.represented(&session.groups().name_of(&plan.name, plan.seed));
    }
    record.investigation = Some(investigation);
    record
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

/// What shrinking a case ended with.
struct Shrunk {
    /// The verdict of the simplest input that still failed.
    verdict: Verdict,
    /// That input.
    input: Value,
    /// Steps run.
    steps: u32,
    /// Requests the steps sent.
    requests: u64,
    /// Why it stopped before a minimal input, if it did.
    unfinished: Option<String>,
}

/// proptest's shrink loop: simplify while the case still fails, complicate when it passes.
/// A step whose verdict has no findings (a transport failure, a stopping run) counts as passing.
/// A step starts only when the case's own request budget and the run's shrink budget hold as
/// much as the last run of the case sent (`cost` after the first run): once the run's sign-ups
/// for shrinking are spent, cases whose runs sign up stop while the others go on.
fn shrink(
    session: &RunSession,
    tree: &mut dyn CaseTree,
    first: Verdict,
    mut cost: StepCost,
) -> Shrunk {
    let bounds = session.shrink_bounds();
    let budget = session.shrink_budget();
    let original = rule_set(&first);
    let mut best = (first, tree.input());
    let deadline = Instant::now() + bounds.time;
    let (mut steps, mut requests) = (0, 0);
    let done = |best: (Verdict, Value), steps, requests, unfinished: Option<String>| Shrunk {
        verdict: best.0,
        input: best.1,
        steps,
        requests,
        unfinished,
    };
    if !tree.simplify() {
        return done(best, steps, requests, None);
    }
    loop {
        let stop = if steps >= bounds.steps {
            Some(format!(
                "shrinking stopped at its step bound ({} steps; --shrink-steps)",
                bounds.steps
            ))
        } else if Instant::now() >= deadline {
            Some(format!(
                "shrinking stopped at its time bound ({} s; --shrink-secs)",
                bounds.time.as_secs_f64()
            ))
        } else if session.stop().is_stopped() {
            Some("shrinking stopped: the run is stopping".to_owned())
        } else if requests + cost.requests > bounds.requests {
            Some(format!(
                "shrinking stopped after {requests} request(s): a step needs {} and the failure may spend {} (--shrink-requests)",
                cost.requests, bounds.requests
            ))
        } else {
            match budget.reserve(cost) {
                Ok(()) => None,
                Err(Spent::Requests) => Some(format!(
                    "shrinking stopped after {requests} request(s): the run's shrink budget is spent (--shrink-run-requests {})",
                    session.config().shrink_run_requests
                )),
                Err(Spent::SignUps) => Some(format!(
                    "shrinking stopped after {requests} request(s): each step signs up {} user(s) and the run's sign-ups for shrinking are spent (--shrink-sign-ups {})",
                    cost.sign_ups,
                    session.config().shrink_sign_ups
                )),
            }
        };
        if let Some(reason) = stop {
            return done(best, steps, requests, Some(reason));
        }
        steps += 1;
        let verdict = tree
            .still_valid()
            .then(|| tree.run(session.env(), session.api()));
        let sent = verdict
            .as_ref()
            .map_or_else(StepCost::default, |v| StepCost::of(&v.exchanges));
        budget.settle(cost, sent);
        requests += sent.requests;
        if sent.requests > 0 {
            cost = sent;
        }
        let still_fails = verdict
            .as_ref()
            .is_some_and(|v| !v.findings.is_empty() && !rule_set(v).is_disjoint(&original));
        let more = if still_fails {
            best = (verdict.unwrap_or_default(), tree.input());
            tree.simplify()
        } else {
            tree.complicate()
        };
        if !more {
            return done(best, steps, requests, None);
        }
    }
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
        seed: plan.seed,
        rules: verdict.exercised(),
        findings,
        exchanges: verdict.exchanges,
        minimal_input: input
            .filter(|_| keep_input)
            .map(|v| session.env().secrets.scrub_json(&redact::json(&v))),
        rerun: String::new(),
        reactions: verdict.reactions,
        observations: verdict.observations,
        investigation: None,
    }
}
