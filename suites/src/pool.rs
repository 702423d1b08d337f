//! The account pool: users created once per run, leased exclusively to one case at a time.
//!
//! The main type is [`AccountPool`]. A staging project may allow 10 sign-ups per 5 minutes, so the
//! properties that need a signed-in user never sign up themselves: they lease an [`Account`] and sign
//! in. A lease is exclusive, so a `signout --all` in one trial can never revoke another trial's
//! session.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Credentials of one pool account. `Debug` never prints the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The email the account signs in with.
    pub email: String,
    /// The password (a secret: never printed).
    pub password: String,
    /// The user id sign-up answered, when known (pre-provisioned accounts may not say).
    pub user_id: Option<String>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("email", &self.email)
            .field("password", &"[redacted]")
            .field("user_id", &self.user_id)
            .finish()
    }
}

/// A fixed set of accounts with exclusive leases.
#[derive(Debug, Default)]
pub struct AccountPool {
    accounts: Vec<Account>,
    /// Why the pool is empty, when it is.
    unavailable: Option<String>,
    busy: Mutex<Vec<bool>>,
    freed: Condvar,
}

/// An exclusive lease on one account, returned to the pool on drop.
#[derive(Debug)]
pub struct Lease<'a> {
    pool: &'a AccountPool,
    index: usize,
}

impl AccountPool {
    /// A pool of the given accounts.
    pub fn new(accounts: Vec<Account>) -> Self {
        let busy = Mutex::new(vec![false; accounts.len()]);
        Self {
            accounts,
            unavailable: None,
            busy,
            freed: Condvar::new(),
        }
    }

    /// An empty pool, with the reason no account could be made.
    pub fn unavailable(reason: impl Into<String>) -> Self {
        Self {
            unavailable: Some(reason.into()),
            ..Self::default()
        }
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    /// Whether the pool has no account.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// Why the pool is empty, or `None` when it has accounts.
    pub fn unavailable_reason(&self) -> Option<String> {
        if self.accounts.is_empty() {
            Some(
                self.unavailable
                    .clone()
                    .unwrap_or_else(|| "the account pool is empty".to_owned()),
            )
        } else {
            None
        }
    }

    /// Leases an account, preferring `hint % len`, waiting until one is free. `None` when empty.
    pub fn lease(&self, hint: usize) -> Option<Lease<'_>> {
        if self.accounts.is_empty() {
            return None;
        }
        let n = self.accounts.len();
        let mut busy = self.lock();
        loop {
            if let Some(index) = (0..n).map(|k| (hint + k) % n).find(|&i| !busy[i]) {
                busy[index] = true;
                return Some(Lease { pool: self, index });
            }
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<bool>> {
        self.busy.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Lease<'_> {
    /// The leased account.
    pub fn account(&self) -> &Account {
        &self.pool.accounts[self.index]
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        self.pool.lock()[self.index] = false;
        self.pool.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(n: usize) -> Account {
        Account {
            email: format!("u{n}@example.com"),
            password: "secret-pw".into(),
            user_id: None,
        }
    }

    #[test]
    fn leases_are_exclusive_and_returned() {
        let pool = AccountPool::new(vec![account(0), account(1)]);
        let a = pool.lease(0).unwrap();
        let b = pool.lease(0).unwrap();
        assert_ne!(a.account(), b.account());
        drop(a);
        let c = pool.lease(1).unwrap();
        assert_eq!(c.account().email, "u0@example.com");
    }

    #[test]
    fn waiting_lease_wakes_when_one_is_freed() {
        let pool = AccountPool::new(vec![account(0)]);
        let held = pool.lease(0).unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| pool.lease(0).map(|l| l.account().email.clone()));
            drop(held);
            assert_eq!(waiter.join().unwrap().as_deref(), Some("u0@example.com"));
        });
    }

    #[test]
    fn empty_pool_says_why_and_debug_hides_password() {
        let pool = AccountPool::unavailable("sign-up requires email verification");
        assert!(pool.lease(3).is_none());
        assert_eq!(
            pool.unavailable_reason().as_deref(),
            Some("sign-up requires email verification")
        );
        assert!(!format!("{:?}", account(0)).contains("secret-pw"));
    }
}
