//! The endpoint handlers, named `resource_action`. The shared user-field rules live in
//! [`user_fields`].

pub(crate) mod meta;
pub(crate) mod signin;
pub(crate) mod signout;
pub(crate) mod signup;
pub(crate) mod token;
pub(crate) mod user;
mod user_fields;
