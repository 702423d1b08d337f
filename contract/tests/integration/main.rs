//! Integration tests of the `contract` crate: one binary, one module per concern.

mod embedded;
mod loading;
mod requests;
mod self_check;
mod validation;
