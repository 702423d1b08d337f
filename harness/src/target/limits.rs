//! Request pacing shared by every call of a target: [`Limits`] (rate limit, concurrency cap,
//! budgets), and what it learns from 429 answers: each one halves the pace of the rest of the run
//! (the interval between requests doubles, from at least [`MIN_LEARNED_INTERVAL`] up to
//! [`MAX_LEARNED_INTERVAL`]), and a `Retry-After` holds every request back until it has passed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use suites::{Operation, TargetError};
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::config::Budgets;

/// The longest interval between two requests, whatever the rate.
pub const MAX_INTERVAL: Duration = Duration::from_secs(3600);

/// The interval a first 429 sets when the run had no rate limit.
pub const MIN_LEARNED_INTERVAL: Duration = Duration::from_millis(50);

/// The slowest pace 429s can push the run to: one request a second, under the service's
/// 100 requests a minute. Stricter limits (10 sign-ups per 5 minutes) are for the budgets and
/// `Retry-After`, which holds every request back; a slower learned pace would only stretch a run
/// against a target that answers 429 to everything before the circuit breaker can stop it.
pub const MAX_LEARNED_INTERVAL: Duration = Duration::from_secs(1);

/// The pacing of a target: at most `concurrency` requests in flight, at most `rate` per second, and
/// at most the budget of each operation over the run.
#[derive(Debug)]
pub struct Limits {
    inflight: Semaphore,
    interval: Mutex<Option<Duration>>,
    next_slot: tokio::sync::Mutex<Option<Instant>>,
    budgets: Budgets,
    spent: Mutex<HashMap<Operation, u32>>,
    throttled: AtomicU64,
}

impl Limits {
    /// Limits from the run's settings. Never panics: `concurrency` is clamped to 1 ..=
    /// [`Semaphore::MAX_PERMITS`], a rate that is not a positive finite number means no limit,
    /// and the interval between requests is at most [`MAX_INTERVAL`] (the configuration bounds
    /// the rate long before that).
    pub fn new(concurrency: usize, rate_per_sec: Option<f64>, budgets: Budgets) -> Self {
        Self {
            inflight: Semaphore::new(concurrency.clamp(1, Semaphore::MAX_PERMITS)),
            interval: Mutex::new(rate_per_sec.filter(|r| r.is_finite() && *r > 0.0).map(|r| {
                let secs = (1.0 / r).min(MAX_INTERVAL.as_secs_f64());
                Duration::try_from_secs_f64(secs).unwrap_or(MAX_INTERVAL)
            })),
            next_slot: tokio::sync::Mutex::new(None),
            budgets,
            spent: Mutex::new(HashMap::new()),
            throttled: AtomicU64::new(0),
        }
    }

    /// Learns from a 429: the rest of the run goes at half the pace (never slower than one
    /// request per [`MAX_LEARNED_INTERVAL`]), and no request starts before `hold` has passed.
    pub async fn rate_limited(&self, hold: Duration) {
        self.throttled.fetch_add(1, Ordering::Relaxed);
        {
            let mut interval = self.interval.lock().unwrap_or_else(|e| e.into_inner());
            let current = *interval;
            // A configured pace slower than the cap stays as it is.
            let cap = MAX_LEARNED_INTERVAL.max(current.unwrap_or(Duration::ZERO));
            let doubled = current.map_or(MIN_LEARNED_INTERVAL, |i| i.saturating_mul(2));
            *interval = Some(doubled.clamp(MIN_LEARNED_INTERVAL, cap));
        }
        let until = Instant::now() + hold;
        let mut next = self.next_slot.lock().await;
        *next = Some(next.map_or(until, |n| n.max(until)));
    }

    /// How many 429 answers the run has seen.
    pub fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }

    /// The current pace in requests per second, `None` when unlimited.
    pub fn pace_per_sec(&self) -> Option<f64> {
        let interval = *self.interval.lock().unwrap_or_else(|e| e.into_inner());
        interval.map(|i| 1.0 / i.as_secs_f64().max(f64::MIN_POSITIVE))
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

    /// Waits for a free slot under the concurrency cap and the rate limit.
    pub async fn admit(&self) -> SemaphorePermit<'_> {
        // The semaphore is never closed, so acquire cannot fail.
        let permit = self
            .inflight
            .acquire()
            .await
            .expect("semaphore is never closed");
        let interval = *self.interval.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(interval) = interval {
            let wait_until = {
                let mut next = self.next_slot.lock().await;
                let now = Instant::now();
                let slot = next.map_or(now, |n| n.max(now));
                *next = Some(slot + interval);
                slot
            };
            tokio::time::sleep_until(wait_until).await;
        }
        permit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_run_out() {
        let mut b = Budgets::unlimited();
        b.set(Operation::SignUp, 2);
        let limits = Limits::new(1, None, b);
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
        let huge = Limits::new(usize::MAX, Some(1e-300), Budgets::unlimited());
        assert_eq!(*huge.interval.lock().unwrap(), Some(MAX_INTERVAL));
        assert_eq!(huge.inflight.available_permits(), Semaphore::MAX_PERMITS);
        let none = Limits::new(0, Some(f64::NAN), Budgets::unlimited());
        assert_eq!(*none.interval.lock().unwrap(), None);
        assert_eq!(none.inflight.available_permits(), 1);
        let fast = Limits::new(1, Some(f64::MAX), Budgets::unlimited());
        assert_eq!(*fast.interval.lock().unwrap(), Some(Duration::ZERO));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_halves_the_pace_and_holds_requests_back() {
        let limits = Limits::new(4, None, Budgets::unlimited());
        assert_eq!(limits.pace_per_sec(), None);
        limits.rate_limited(Duration::from_secs(2)).await;
        assert_eq!(limits.pace_per_sec(), Some(20.0));
        let start = Instant::now();
        drop(limits.admit().await);
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(2),
            "Retry-After holds the next request"
        );
        limits.rate_limited(Duration::ZERO).await;
        assert_eq!(limits.pace_per_sec(), Some(10.0));
        assert_eq!(limits.throttled(), 2);
        for _ in 0..20 {
            limits.rate_limited(Duration::ZERO).await;
        }
        assert_eq!(
            limits.pace_per_sec(),
            Some(1.0),
            "never slower than the cap"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limit_spaces_requests() {
        let limits = Limits::new(4, Some(2.0), Budgets::unlimited());
        let start = Instant::now();
        for _ in 0..3 {
            drop(limits.admit().await);
        }
        // Paused clock: the third request waits two half-second slots, exactly.
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
