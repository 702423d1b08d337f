//! Request pacing shared by every call of a target: [`Limits`] (concurrency cap, the pace,
//! opt-in budgets) and what it learns from the target's answers, AIMD-style:
//!
//! - the pace starts where [`PaceSettings`] says: no cap for a target on this machine or a
//!   private network, a gentle [`GENTLE_START`] requests/s for a public host, or the user's rate;
//! - every [`SPEED_UP_EVERY`] answers in a row without a 429 add [`SPEED_UP_BY`] requests/s
//!   (never above the user's rate; past [`UNCAPPED_AT`] with no user rate the cap goes);
//! - every 429 halves the pace of the whole run (a first one on an uncapped run sets
//!   [`FIRST_LEARNED`]), never below [`SLOWEST`] (or the user's rate, if slower), and a
//!   `Retry-After` holds every request back until it has passed.
//!
//! It also counts what was sent: every attempt, per operation, retries included.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use results::Traffic;
use suites::{Operation, TargetError};
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use super::budgets::Budgets;

/// The pace a public host starts at, requests per second: under Nhost's 100 requests a minute.
pub const GENTLE_START: f64 = 1.5;

/// The pace a first 429 sets on a run that had no cap, requests per second.
pub const FIRST_LEARNED: f64 = 20.0;

/// The slowest pace 429s can push the run to, requests per second. Slower limits (10 sign-ups
/// per 5 minutes) are met by each request waiting and retrying, not by slowing every request.
pub const SLOWEST: f64 = 1.0;

/// Answers in a row without a 429 after which the pace goes up by [`SPEED_UP_BY`].
pub const SPEED_UP_EVERY: u32 = 10;

/// How much the pace goes up after [`SPEED_UP_EVERY`] clean answers, requests per second.
pub const SPEED_UP_BY: f64 = 1.0;

/// With no rate given by the user, a pace that climbs past this is no cap at all.
pub const UNCAPPED_AT: f64 = 1000.0;

/// The longest interval between two requests, whatever the rate.
pub const MAX_INTERVAL: Duration = Duration::from_secs(3600);

/// Where a run's pace starts and what bounds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PaceSettings {
    /// Requests in flight at once (clamped to 1 ..= [`Semaphore::MAX_PERMITS`]).
    pub concurrency: usize,
    /// The starting pace in requests per second, `None` for no cap.
    pub start: Option<f64>,
    /// The user's rate: the pace never goes above it. `None`: no ceiling.
    pub ceiling: Option<f64>,
    /// Per-operation request budgets (opt-in).
    pub budgets: Budgets,
}

/// The pace now: requests per second (`None`: no cap) and the clean answers since it last changed.
#[derive(Debug)]
struct Pace {
    rate: Option<f64>,
    ceiling: Option<f64>,
    clean: u32,
    slowest: Option<f64>,
}

impl Pace {
    fn interval(&self) -> Option<Duration> {
        self.rate.map(|r| {
            let secs = (1.0 / r).min(MAX_INTERVAL.as_secs_f64());
            Duration::try_from_secs_f64(secs).unwrap_or(MAX_INTERVAL)
        })
    }

    fn answered(&mut self) {
        let Some(rate) = self.rate else { return };
        self.clean += 1;
        if self.clean < SPEED_UP_EVERY {
            return;
        }
        self.clean = 0;
        let faster = rate + SPEED_UP_BY;
        self.rate = match self.ceiling {
            Some(ceiling) => Some(faster.min(ceiling)),
            None if faster >= UNCAPPED_AT => None,
            None => Some(faster),
        };
    }

    fn throttled(&mut self) {
        self.clean = 0;
        let floor = self.ceiling.map_or(SLOWEST, |c| c.min(SLOWEST));
        let slower = self.rate.map_or(FIRST_LEARNED, |r| (r / 2.0).max(floor));
        let slower = self.ceiling.map_or(slower, |c| slower.min(c));
        self.rate = Some(slower);
        self.slowest = Some(self.slowest.map_or(slower, |s| s.min(slower)));
    }
}

/// A usable rate: positive and finite, else no cap.
fn usable(rate: Option<f64>) -> Option<f64> {
    rate.filter(|r| r.is_finite() && *r > 0.0)
}

/// The pacing of a target: at most `concurrency` requests in flight, at the learned pace, and at
/// most the budget of each operation over the run.
#[derive(Debug)]
pub struct Limits {
    inflight: Semaphore,
    pace: Mutex<Pace>,
    next_slot: Mutex<Option<Instant>>,
    budgets: Budgets,
    spent: Mutex<HashMap<Operation, u32>>,
    sent: [AtomicU64; Operation::ALL.len()],
    throttled: [AtomicU64; Operation::ALL.len()],
    elsewhere: Mutex<BTreeMap<String, u64>>,
}

fn slot(op: Operation) -> usize {
    Operation::ALL.iter().position(|o| *o == op).unwrap_or(0)
}

impl Limits {
    /// Limits from the run's settings. Never panics: the concurrency is clamped, and a rate that
    /// is not a positive finite number means no cap.
    pub fn new(settings: PaceSettings) -> Self {
        let ceiling = usable(settings.ceiling);
        let start = usable(settings.start).map(|s| ceiling.map_or(s, |c| s.min(c)));
        Self {
            inflight: Semaphore::new(settings.concurrency.clamp(1, Semaphore::MAX_PERMITS)),
            pace: Mutex::new(Pace {
                rate: start,
                ceiling,
                clean: 0,
                slowest: None,
            }),
            next_slot: Mutex::new(None),
            budgets: settings.budgets,
            spent: Mutex::new(HashMap::new()),
            sent: Default::default(),
            throttled: Default::default(),
            elsewhere: Mutex::default(),
        }
    }

    fn pace(&self) -> std::sync::MutexGuard<'_, Pace> {
        self.pace.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Learns from an answer that was not a 429: after enough of them in a row, a faster pace.
    pub fn answered(&self) {
        self.pace().answered();
    }

    /// Learns from a 429 to `op`: the whole run goes at half the pace, and no request starts
    /// before `hold` has passed.
    pub fn rate_limited(&self, op: Operation, hold: Duration) {
        self.throttled[slot(op)].fetch_add(1, Ordering::Relaxed);
        self.pace().throttled();
        let until = Instant::now() + hold;
        let mut next = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
        *next = Some(next.map_or(until, |n| n.max(until)));
    }

    /// How many 429 answers the run has seen.
    pub fn throttled(&self) -> u64 {
        self.throttled
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .sum()
    }

    /// The current pace in requests per second, `None` when there is no cap.
    pub fn pace_per_sec(&self) -> Option<f64> {
        self.pace().rate
    }

    /// Counts one request sent for `op` (every attempt counts).
    pub fn count_sent(&self, op: Operation) {
        self.sent[slot(op)].fetch_add(1, Ordering::Relaxed);
    }

    /// Corrects the count of `op` by `delta` once a call tells how many requests it really put
    /// on the wire: an SDK call may make none (a call the SDK refused to make) or several.
    pub fn correct_sent(&self, op: Operation, delta: i64) {
        let counter = &self.sent[slot(op)];
        if delta >= 0 {
            counter.fetch_add(delta.unsigned_abs(), Ordering::Relaxed);
        } else {
            let less = delta.unsigned_abs();
            let _ = counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_sub(less))
            });
        }
    }

    /// Counts `n` requests sent elsewhere than the target, by `what` (`sdk stage`, `cleanup`).
    pub fn count_elsewhere(&self, what: &str, n: u64) {
        let mut elsewhere = self.elsewhere.lock().unwrap_or_else(|e| e.into_inner());
        *elsewhere.entry(what.to_owned()).or_default() += n;
    }

    /// Requests sent so far, every attempt counted.
    pub fn requests(&self) -> u64 {
        self.sent.iter().map(|n| n.load(Ordering::Relaxed)).sum()
    }

    /// What went over the wire so far.
    pub fn traffic(&self) -> Traffic {
        let per_op = |counts: &[AtomicU64]| {
            Operation::ALL
                .iter()
                .zip(counts)
                .map(|(op, n)| (op.name().to_owned(), n.load(Ordering::Relaxed)))
                .filter(|(_, n)| *n > 0)
                .collect()
        };
        let pace = self.pace();
        Traffic {
            sent: per_op(&self.sent),
            throttled: per_op(&self.throttled),
            pace_per_sec: pace.rate,
            slowest_per_sec: pace.slowest,
            elsewhere: self
                .elsewhere
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }

    /// Spends one request of `op`'s budget, or fails when it is spent.
    pub fn spend(&self, op: Operation) -> Result<(), TargetError> {
        let Some(budget) = self.budgets.get(op) else {
            return Ok(());
        };
        let mut spent = self.spent.lock().unwrap_or_else(|e| e.into_inner());
        let n = spent.entry(op).or_default();
        if *n >= budget {
            return Err(TargetError::BudgetExhausted {
                operation: op.name().to_owned(),
                budget,
            });
        }
        *n += 1;
        Ok(())
    }

    /// Waits for a free slot under the concurrency cap and the pace.
    pub async fn admit(&self) -> SemaphorePermit<'_> {
        // The semaphore is never closed, so acquire cannot fail.
        let permit = self
            .inflight
            .acquire()
            .await
            .expect("semaphore is never closed");
        let interval = self.pace().interval();
        let wait_until = {
            let mut next = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            match (*next, interval) {
                (None, None) => None,
                (Some(held), None) if held <= now => {
                    *next = None;
                    None
                }
                (held, interval) => {
                    let slot = held.map_or(now, |h| h.max(now));
                    *next = Some(slot + interval.unwrap_or(Duration::ZERO));
                    Some(slot)
                }
            }
        };
        if let Some(at) = wait_until {
            tokio::time::sleep_until(at).await;
        }
        permit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(start: Option<f64>, ceiling: Option<f64>) -> Limits {
        Limits::new(PaceSettings {
            concurrency: 4,
            start,
            ceiling,
            budgets: Budgets::unlimited(),
        })
    }

    #[test]
    fn budgets_run_out() {
        let mut b = Budgets::unlimited();
        b.set(Operation::SignUp, 2);
        let limits = Limits::new(PaceSettings {
            concurrency: 1,
            start: None,
            ceiling: None,
            budgets: b,
        });
        assert!(limits.spend(Operation::SignUp).is_ok());
        assert!(limits.spend(Operation::SignUp).is_ok());
        assert!(matches!(
            limits.spend(Operation::SignUp),
            Err(TargetError::BudgetExhausted { budget: 2, .. })
        ));
        assert!(limits.spend(Operation::SignIn).is_ok());
    }

    #[test]
    fn hostile_numbers_do_not_panic() {
        let huge = Limits::new(PaceSettings {
            concurrency: usize::MAX,
            start: Some(1e-300),
            ceiling: None,
            budgets: Budgets::unlimited(),
        });
        assert_eq!(huge.pace().interval(), Some(MAX_INTERVAL));
        assert_eq!(huge.inflight.available_permits(), Semaphore::MAX_PERMITS);
        let none = Limits::new(PaceSettings {
            concurrency: 0,
            start: Some(f64::NAN),
            ceiling: Some(f64::INFINITY),
            budgets: Budgets::unlimited(),
        });
        assert_eq!(none.pace().interval(), None);
        assert_eq!(none.inflight.available_permits(), 1);
        let fast = limits(Some(f64::MAX), None);
        assert_eq!(fast.pace().interval(), Some(Duration::ZERO));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_halves_the_pace_and_holds_requests_back() {
        let limits = limits(None, None);
        assert_eq!(limits.pace_per_sec(), None);
        limits.rate_limited(Operation::SignUp, Duration::from_secs(2));
        assert_eq!(limits.pace_per_sec(), Some(FIRST_LEARNED));
        let start = Instant::now();
        drop(limits.admit().await);
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(2),
            "Retry-After holds the next request"
        );
        limits.rate_limited(Operation::SignIn, Duration::ZERO);
        assert_eq!(limits.pace_per_sec(), Some(FIRST_LEARNED / 2.0));
        assert_eq!(limits.throttled(), 2);
        for _ in 0..20 {
            limits.rate_limited(Operation::SignIn, Duration::ZERO);
        }
        assert_eq!(
            limits.pace_per_sec(),
            Some(SLOWEST),
            "never slower than the floor"
        );
        let traffic = limits.traffic();
        let throttled: Vec<(&str, u64)> = traffic
            .throttled
            .iter()
            .map(|(op, n)| (op.as_str(), *n))
            .collect();
        assert_eq!(throttled, vec![("sign_in", 21), ("sign_up", 1)]);
        assert_eq!(traffic.slowest_per_sec, Some(SLOWEST));
    }

    #[test]
    fn clean_answers_speed_the_pace_up_to_the_ceiling_or_no_cap() {
        let gentle = limits(Some(GENTLE_START), None);
        for _ in 0..SPEED_UP_EVERY {
            gentle.answered();
        }
        assert_eq!(gentle.pace_per_sec(), Some(GENTLE_START + SPEED_UP_BY));
        for _ in 0..SPEED_UP_EVERY * 2000 {
            gentle.answered();
        }
        assert_eq!(gentle.pace_per_sec(), None, "past UNCAPPED_AT the cap goes");
        let capped = limits(Some(5.0), Some(5.0));
        for _ in 0..SPEED_UP_EVERY * 10 {
            capped.answered();
        }
        assert_eq!(
            capped.pace_per_sec(),
            Some(5.0),
            "never above the user's rate"
        );
        let slow_user = limits(Some(0.2), Some(0.2));
        slow_user.pace().throttled();
        assert_eq!(
            slow_user.pace_per_sec(),
            Some(0.2),
            "a user's rate slower than the floor stays"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_pace_spaces_requests() {
        let limits = limits(Some(2.0), None);
        let start = Instant::now();
        for _ in 0..3 {
            drop(limits.admit().await);
        }
        // Paused clock: the third request waits two half-second slots, exactly.
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
