//! Integration tests of the reference server: one binary, one module per concern.

mod anonymous;
mod concurrency;
mod config_knobs;
mod error_codes;
mod faults;
mod jwt;
mod meta;
mod request_schema;
mod server;
mod signin;
mod signout;
mod signup;
mod support;
mod token;
mod user;
