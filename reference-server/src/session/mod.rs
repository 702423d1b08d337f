//! Issuing and rendering sessions. The main type is [`IssuedSession`].

mod claims;
mod issue;
mod render;

pub(crate) use issue::{issue_session, refresh_expiry, sign_access_token, IssuedSession};
pub use render::ANONYMOUS_EMAIL_DOMAIN;
pub(crate) use render::{render_session, render_user};
