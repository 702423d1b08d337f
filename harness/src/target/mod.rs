//! Targets that implement [`suites::AuthApi`]. The main type is [`HttpTarget`]; the embedded
//! reference server is reached through it too.

mod curl;
mod http;
mod limits;

pub use curl::command as curl_command;
pub use http::{HttpSettings, HttpTarget};
pub use limits::Limits;
