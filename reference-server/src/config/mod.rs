//! Server configuration. The main type is [`ServerConfig`].

mod jwt;
mod profile;
mod rate_limit;
mod server_config;

pub use jwt::JwtConfig;
pub use profile::Profile;
pub use rate_limit::{RateLimit, RateLimits};
pub use server_config::ServerConfig;
