//! The axum application: state, router, rate limiting and fallbacks. The main function is
//! [`app`]; the main type is [`AppState`].

mod fallback;
mod rate_limit;
mod router;
mod state;

pub use router::{app, app_with_store, try_app, BASE_PATH};
pub(crate) use state::AppState;
