//! Request parsing: the JSON body and bearer-token extractors and the request types. The main
//! types are [`JsonBody`] and the request structs in [`requests`].

mod bearer;
mod fields;
mod json_body;
mod request_rules;
pub(crate) mod requests;

pub(crate) use bearer::BearerToken;
pub(crate) use json_body::{JsonBody, RequestBody};
