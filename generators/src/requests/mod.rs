//! Request bodies: valid sign-up/sign-in/anonymous requests a default server accepts, invalid
//! requests for every endpoint, each tagged with the request rule it breaks, and the boundary
//! phase's inputs. Every rule is read from the contract's rules table
//! ([`contract::requests`]). The main types are [`SignUpRequest`], [`InvalidRequest`] and
//! [`BoundaryInput`].

mod boundary;
mod invalid;
mod rules;
mod types;
mod valid;

pub use boundary::{boundary_inputs, measured, BoundaryInput, Measure, PLACEHOLDER_EMAIL};
pub use invalid::{cases, invalid_request, rules, Case};
pub use rules::{
    admission, is_json_content_type, lengths, rule_id, rule_source, rules_broken, rules_broken_in,
    still_breaks_rule, Admission, SERVER_DEFAULT_ROLES,
};
pub use types::{
    mask_passwords, redacted, AnonymousRequest, Endpoint, InvalidRequest, RequestBody,
    SignInRequest, SignUpOptions, SignUpRequest,
};
pub use valid::{
    anonymous, display_name, display_name_max, email, email_tag, locale, metadata, options,
    password, sign_up, LOCALES, PASSWORD_MAX_BYTES,
};
