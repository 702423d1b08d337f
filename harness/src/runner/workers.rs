//! Runs planned cases on a few worker threads, in plan order of results.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use reports::CaseRecord;

use super::plan::CasePlan;
use super::session::RunSession;

/// Runs every case (recording ignored ones as not covered), calls `observe` on each record of a
/// case that ran, and returns the records in plan order.
pub fn run_plans(
    session: &RunSession,
    plans: &[CasePlan],
    jobs: usize,
    observe: &(dyn Fn(&CaseRecord) + Sync),
) -> Vec<CaseRecord> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<CaseRecord>>> = plans.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(plan) = plans.get(i) else { break };
                let record = match &plan.ignored {
                    Some(reason) => session.record_ignored(plan, reason),
                    None => {
                        let record = session.run_case(plan);
                        observe(&record);
                        record
                    }
                };
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(record);
            });
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
