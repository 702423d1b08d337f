//! [`Cancel`]: a flag that wakes whoever waits on it. The run's stop flag carries one, so a
//! request held back by the pace or waiting out a 429 gives up as soon as the run stops, on any
//! runtime (the case threads' own and the shared one).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

/// A cancellation flag shared by clones; [`Cancel::cancelled`] resolves once it is set.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    set: AtomicBool,
    notify: Notify,
}

impl Cancel {
    /// A flag that is not set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flag and wakes every waiter.
    pub fn cancel(&self) {
        self.inner.set.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    /// Whether the flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.inner.set.load(Ordering::SeqCst)
    }

    /// Resolves once the flag is set (at once when it already is).
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            // Registered before the check: a `cancel` between the two still wakes it.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_waiter_wakes_when_cancelled_from_another_thread() {
        let cancel = Cancel::new();
        let other = cancel.clone();
        let waiter = tokio::spawn(async move { other.cancelled().await });
        std::thread::spawn(move || cancel.cancel()).join().unwrap();
        waiter.await.unwrap();
    }

    #[tokio::test]
    async fn an_already_cancelled_flag_does_not_wait() {
        let cancel = Cancel::new();
        cancel.cancel();
        cancel.cancelled().await;
        assert!(cancel.is_cancelled());
    }
}
