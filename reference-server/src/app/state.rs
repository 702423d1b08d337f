//! Shared application state. The main type is [`AppState`].

use std::sync::Arc;

use crate::app::rate_limit::RateLimiter;
use crate::config::ServerConfig;
use crate::crypto::{PasswordHasher, Signer};
use crate::errors::ServerError;
use crate::store::Store;

/// Everything a handler needs, cheap to clone.
#[derive(Clone)]
pub(crate) struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: ServerConfig,
    store: Arc<dyn Store>,
    signer: Signer,
    passwords: PasswordHasher,
    limiter: Option<RateLimiter>,
}

impl AppState {
    /// Builds the state; fails only if an embedded key cannot be loaded.
    pub(crate) fn new(config: ServerConfig, store: Arc<dyn Store>) -> Result<Self, ServerError> {
        let signer = Signer::new(&config.jwt, &config.issuer, &config.faults)?;
        let passwords = PasswordHasher::new(config.password_hash_cost, &config.faults);
        let limiter = RateLimiter::new(config.rate_limits);
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                store,
                signer,
                passwords,
                limiter,
            }),
        })
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    /// The store.
    pub(crate) fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The JWT signer.
    pub(crate) fn signer(&self) -> &Signer {
        &self.inner.signer
    }

    /// The password hasher.
    pub(crate) fn passwords(&self) -> &PasswordHasher {
        &self.inner.passwords
    }

    /// The rate limiter, when a limit is configured.
    pub(crate) fn limiter(&self) -> Option<&RateLimiter> {
        self.inner.limiter.as_ref()
    }
}
