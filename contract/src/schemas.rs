//! The embedded schema texts, verbatim from the repository's `schemas/` folder.

/// The published Session schema (`schemas/session.schema.json`), verbatim.
pub const SESSION_PUBLISHED: &str = include_str!("../../schemas/session.schema.json");
/// The Session schema of the deployed service (`schemas/nhost-auth-deployed.schema.json`).
pub const SESSION_DEPLOYED: &str = include_str!("../../schemas/nhost-auth-deployed.schema.json");
/// The error body (`schemas/error.schema.json`).
pub const ERROR_BODY: &str = include_str!("../../schemas/error.schema.json");
