//! [`FailureGroups`]: which failure signatures a run has met, and who investigates each (re-runs
//! it once and shrinks it), shared by every case thread; and the run's shrink budget
//! ([`ShrinkBudget`]).
//!
//! The first case of a signature to fail *claims* it ([`Claim::Investigate`]); a case of the
//! same signature that fails while the claim is open waits until it is settled (between two
//! runs of its own, holding no pool account, so it cannot block the investigation). Then:
//! a representative stands for the signature and every later case refers to it
//! ([`Claim::SameAs`]); a re-run that passed (flaky) or an investigation that ended without a
//! verdict (a panic, a stopping run) leaves the signature open for the next case to claim.
//!
//! **What varies with concurrency.** With one job, cases finish in plan order and the first case
//! of each signature in plan order is its representative: the same seed gives the same records.
//! With several, the first case to *fail* is: which one of a signature's cases carries the shrunk
//! input (and which carry a reference to it) can change between two runs of the same seed; the
//! cases, their outcomes, findings and signatures do not (flaky targets aside).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::stop::StopFlag;

/// How often a waiting case looks whether the run is stopping.
const WAIT_TICK: Duration = Duration::from_millis(200);

/// Where a signature stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    /// A case is re-running and shrinking it now.
    Investigating,
    /// This case stands for it.
    Represented(String),
}

/// What a case whose first run failed does next.
#[derive(Debug)]
pub enum Claim<'a> {
    /// It is the first of its signature: re-run it and shrink it, then settle the ticket.
    Investigate(Ticket<'a>),
    /// Another case stands for the signature: record this one as the same failure.
    SameAs(String),
    /// The run stopped while the case waited for its signature's investigation.
    Stopped,
}

/// The open claim of one case on one signature. Settle it with [`Ticket::represented`]; dropped
/// unsettled (a flaky re-run, a panic, a stopping run), it leaves the signature open.
#[derive(Debug)]
pub struct Ticket<'a> {
    groups: &'a FailureGroups,
    signature: u64,
    settled: bool,
}

impl Ticket<'_> {
    /// `case` stands for the signature from now on.
    pub fn represented(mut self, case: &str) {
        self.settled = true;
        self.groups
            .set(self.signature, Some(Group::Represented(case.to_owned())));
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.groups.set(self.signature, None);
        }
    }
}

/// The signatures of a run (or of every round of a `fuzz` campaign, shared).
#[derive(Debug, Default)]
pub struct FailureGroups {
    groups: Mutex<HashMap<u64, Group>>,
    settled: Condvar,
    across_runs: bool,
}

impl FailureGroups {
    /// No signature met yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Groups shared by several runs (a campaign's rounds, each with its own run seed): a
    /// representative is then named with its case seed (`suite::property::case_0003@0x…`), the
    /// same case number meaning another input in every round.
    pub fn across_runs() -> Self {
        Self {
            across_runs: true,
            ..Self::default()
        }
    }

    /// How a representative is named: `name`, with `seed` when the groups span several runs.
    pub fn name_of(&self, name: &results::CaseName, seed: results::CaseSeed) -> String {
        if self.across_runs {
            name.clone().with_seed(seed).to_string()
        } else {
            name.to_string()
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Group>> {
        self.groups.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, signature: u64, group: Option<Group>) {
        let mut groups = self.lock();
        match group {
            Some(g) => groups.insert(signature, g),
            None => groups.remove(&signature),
        };
        drop(groups);
        self.settled.notify_all();
    }

    /// Claims `signature` for a case, waiting while another case investigates it; gives up
    /// waiting when `stop` is set.
    pub fn claim(&self, signature: u64, stop: &StopFlag) -> Claim<'_> {
        let mut groups = self.lock();
        loop {
            match groups.get(&signature) {
                None => {
                    groups.insert(signature, Group::Investigating);
                    return Claim::Investigate(Ticket {
                        groups: self,
                        signature,
                        settled: false,
                    });
                }
                Some(Group::Represented(case)) => return Claim::SameAs(case.clone()),
                Some(Group::Investigating) if stop.is_stopped() => return Claim::Stopped,
                Some(Group::Investigating) => {
                    groups = self
                        .settled
                        .wait_timeout(groups, WAIT_TICK)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
    }
}

/// Requests and sign-ups one shrink step sends (or is expected to).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepCost {
    /// Requests, sign-ups included.
    pub requests: u64,
    /// Sign-up requests.
    pub sign_ups: u64,
}

impl StepCost {
    /// What a run sent, from its exchanges.
    pub fn of(exchanges: &[results::Exchange]) -> Self {
        Self {
            requests: exchanges.len() as u64,
            sign_ups: exchanges
                .iter()
                .filter(|x| x.operation == suites::Operation::SignUp.name())
                .count() as u64,
        }
    }
}

/// What all the shrinking of a run may still send. A step reserves what the last run of its
/// case sent before it starts, and settles what it really sent after, so concurrent cases never
/// spend more than the budget between them (a step that sends more than the one before it may
/// pass it by the difference).
#[derive(Debug)]
pub struct ShrinkBudget {
    left: Mutex<StepCost>,
}

impl ShrinkBudget {
    /// A budget of `requests` requests, `sign_ups` of them sign-ups at most.
    pub fn new(requests: u64, sign_ups: u64) -> Self {
        Self {
            left: Mutex::new(StepCost { requests, sign_ups }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, StepCost> {
        self.left.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reserves `cost`, or says which part of the budget cannot hold it.
    pub fn reserve(&self, cost: StepCost) -> Result<(), Spent> {
        let mut left = self.lock();
        if cost.sign_ups > left.sign_ups {
            return Err(Spent::SignUps);
        }
        if cost.requests > left.requests {
            return Err(Spent::Requests);
        }
        left.requests -= cost.requests;
        left.sign_ups -= cost.sign_ups;
        Ok(())
    }

    /// Settles a step that reserved `reserved` and sent `sent`.
    pub fn settle(&self, reserved: StepCost, sent: StepCost) {
        let mut left = self.lock();
        left.requests = (left.requests + reserved.requests).saturating_sub(sent.requests);
        left.sign_ups = (left.sign_ups + reserved.sign_ups).saturating_sub(sent.sign_ups);
    }

    /// What is left.
    #[cfg(test)]
    pub fn left(&self) -> StepCost {
        *self.lock()
    }
}

/// Which part of the run's shrink budget is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    /// The requests.
    Requests,
    /// The sign-ups.
    SignUps,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_first_claim_investigates_and_later_ones_refer_to_its_representative() {
        let groups = FailureGroups::new();
        let stop = StopFlag::new();
        let Claim::Investigate(ticket) = groups.claim(7, &stop) else {
            panic!("the first claim investigates")
        };
        ticket.represented("a::b::case_0001");
        assert!(matches!(groups.claim(7, &stop), Claim::SameAs(c) if c == "a::b::case_0001"));
        assert!(matches!(groups.claim(8, &stop), Claim::Investigate(_)));
    }

    #[test]
    fn groups_shared_by_several_runs_name_representatives_with_their_seed() {
        let name: results::CaseName = "token::rotation::case_0003".parse().unwrap();
        assert_eq!(
            FailureGroups::new().name_of(&name, results::CaseSeed(0xab)),
            "token::rotation::case_0003"
        );
        assert_eq!(
            FailureGroups::across_runs().name_of(&name, results::CaseSeed(0xab)),
            "token::rotation::case_0003@0x00000000000000ab"
        );
    }

    #[test]
    fn an_unsettled_ticket_leaves_the_signature_open_and_wakes_the_waiters() {
        let groups = Arc::new(FailureGroups::new());
        let stop = StopFlag::new();
        let Claim::Investigate(ticket) = groups.claim(1, &stop) else {
            panic!("the first claim investigates")
        };
        let waiter = {
            let (groups, stop) = (Arc::clone(&groups), stop.clone());
            std::thread::spawn(move || match groups.claim(1, &stop) {
                Claim::Investigate(t) => {
                    t.represented("second");
                    "investigated"
                }
                Claim::SameAs(_) => "same",
                Claim::Stopped => "stopped",
            })
        };
        drop(ticket);
        assert_eq!(waiter.join().unwrap(), "investigated");
        assert!(matches!(groups.claim(1, &stop), Claim::SameAs(c) if c == "second"));
    }

    #[test]
    fn a_waiter_gives_up_when_the_run_stops() {
        let groups = Arc::new(FailureGroups::new());
        let stop = StopFlag::new();
        let _held = groups.claim(3, &stop);
        let waiter = {
            let (groups, stop) = (Arc::clone(&groups), stop.clone());
            std::thread::spawn(move || matches!(groups.claim(3, &stop), Claim::Stopped))
        };
        stop.stop(super::super::stop::StopReason::Interrupted);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn the_budget_is_reserved_before_a_step_and_settled_after() {
        let budget = ShrinkBudget::new(10, 1);
        let step = StepCost {
            requests: 4,
            sign_ups: 1,
        };
        budget.reserve(step).unwrap();
        assert_eq!(budget.reserve(step), Err(Spent::SignUps));
        budget.settle(
            step,
            StepCost {
                requests: 2,
                sign_ups: 0,
            },
        );
        assert_eq!(
            budget.left(),
            StepCost {
                requests: 8,
                sign_ups: 1
            }
        );
        let no_sign_up = StepCost {
            requests: 8,
            sign_ups: 0,
        };
        budget.reserve(no_sign_up).unwrap();
        assert_eq!(budget.reserve(no_sign_up), Err(Spent::Requests));
    }
}
