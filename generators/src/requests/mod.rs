//! Request bodies: valid sign-up/sign-in/anonymous requests a default server accepts, and
//! invalid requests for every endpoint, each tagged with the request rule it breaks. The main
//! types are [`SignUpRequest`] and [`InvalidRequest`].

mod boundary;
mod invalid;
mod rules;
mod types;
mod valid;

pub use boundary::{boundary_inputs, measured, BoundaryInput, Measure, PLACEHOLDER_EMAIL};
pub use invalid::{cases, invalid_request, rules, Case};
pub use rules::{is_json_content_type, rule_id, rule_source, rules_broken, still_breaks_rule};
pub use types::{
    mask_passwords, redacted, AnonymousRequest, Endpoint, InvalidRequest, RequestBody,
    SignInRequest, SignUpOptions, SignUpRequest,
};
pub use valid::{
    anonymous, display_name, email, email_tag, locale, metadata, options, password, sign_up,
    DISPLAY_NAME_MAX, LOCALES, PASSWORD_MAX_BYTES, SERVER_DEFAULT_ROLES,
};
