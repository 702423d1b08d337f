//! An in-process Nhost Auth server that follows the deployed-service contract, with named faults.
//!
//! The reference server is the embedded default target of `nhost-conformance` and the CI target: it
//! serves the Nhost Auth endpoints (sign-up and sign-in with email and password, anonymous sign-in,
//! `/token` with rotation, sign-out, `GET /user`, the JWKS, `/healthz` and `/version`) under the
//! `/v1` prefix, with real mechanics (bcrypt password hashes, refresh tokens stored only as SHA-256
//! hashes, case-insensitive unique emails, HS*/RS* signed access tokens).
//!
//! The main types are [`ServerConfig`] (everything settable, with the service's defaults),
//! [`Fault`] and [`FaultSet`] (named deviations that the suites must catch) and [`RunningServer`]
//! (a server bound to a loopback port, shut down on drop).
//!
//! ```no_run
//! # async fn demo() -> Result<(), reference_server::ServerError> {
//! use reference_server::{spawn, Fault, ServerConfig};
//!
//! let mut config = ServerConfig::for_tests();
//! config.faults.insert(Fault::NoRefreshRotation);
//! let server = spawn(config).await?;
//! println!("Nhost Auth at {}", server.url()); // http://127.0.0.1:PORT/v1
//! # Ok(())
//! # }
//! ```
//!
//! For tests without a socket, [`app`] returns the `axum::Router`, to drive with
//! `tower::ServiceExt::oneshot`.
#![warn(missing_docs)]

mod api;
mod app;
pub mod config;
mod crypto;
mod errors;
pub mod faults;
mod handlers;
mod server;
mod session;
pub mod store;

pub use app::{app, app_with_store, try_app, BASE_PATH};
pub use config::{JwtConfig, Profile, RateLimit, RateLimits, ServerConfig};
pub use crypto::development_key_der;
pub use errors::{
    ApiError, ErrorCode, ParseFaultError, ParseJwtConfigError, ParseProfileError, ServerError,
    StoreError,
};
pub use faults::{Fault, FaultCategory, FaultSet};
pub use server::{spawn, spawn_on, RunningServer};
pub use session::ANONYMOUS_EMAIL_DOMAIN;
pub use store::{MemoryStore, RefreshTokenRecord, Store, TokenHash, UserRecord};
