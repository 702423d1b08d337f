//! The embedded schema texts, verbatim from the repository's `schemas/` folder.

/// The published Session schema (`schemas/session.schema.json`), verbatim.
pub const SESSION_PUBLISHED: &str = include_str!("../../schemas/session.schema.json");
/// The Session schema of the deployed service (`schemas/nhost-auth-deployed.schema.json`).
pub const SESSION_DEPLOYED: &str = include_str!("../../schemas/nhost-auth-deployed.schema.json");
/// `POST /signup/email-password` request body (`schemas/signup-request.schema.json`).
pub const SIGNUP_REQUEST: &str = include_str!("../../schemas/signup-request.schema.json");
/// `POST /signin/email-password` request body (`schemas/signin-request.schema.json`).
pub const SIGNIN_REQUEST: &str = include_str!("../../schemas/signin-request.schema.json");
/// `POST /signin/anonymous` request body (`schemas/anonymous-request.schema.json`).
pub const ANONYMOUS_REQUEST: &str = include_str!("../../schemas/anonymous-request.schema.json");
/// `POST /token` request body (`schemas/refresh-request.schema.json`).
pub const REFRESH_REQUEST: &str = include_str!("../../schemas/refresh-request.schema.json");
/// `POST /signout` request body (`schemas/signout-request.schema.json`).
pub const SIGNOUT_REQUEST: &str = include_str!("../../schemas/signout-request.schema.json");
/// The error body (`schemas/error.schema.json`).
pub const ERROR_BODY: &str = include_str!("../../schemas/error.schema.json");
