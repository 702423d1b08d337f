//! The [`RequestKind`] enum: which request-body schema to load.

/// The Auth endpoints whose request bodies have a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// `POST /signup/email-password`.
    SignUp,
    /// `POST /signin/email-password`.
    SignIn,
    /// `POST /signin/anonymous`.
    Anonymous,
    /// `POST /token`.
    Refresh,
    /// `POST /signout`.
    SignOut,
}

impl RequestKind {
    /// Every kind, in endpoint order.
    pub const ALL: [RequestKind; 5] = [
        RequestKind::SignUp,
        RequestKind::SignIn,
        RequestKind::Anonymous,
        RequestKind::Refresh,
        RequestKind::SignOut,
    ];

    /// A short lowercase name: `signup`, `signin`, `anonymous`, `refresh`, `signout`.
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::SignUp => "signup",
            RequestKind::SignIn => "signin",
            RequestKind::Anonymous => "anonymous",
            RequestKind::Refresh => "refresh",
            RequestKind::SignOut => "signout",
        }
    }

    /// The embedded schema text.
    pub fn schema_text(self) -> &'static str {
        use crate::schemas;
        match self {
            RequestKind::SignUp => schemas::SIGNUP_REQUEST,
            RequestKind::SignIn => schemas::SIGNIN_REQUEST,
            RequestKind::Anonymous => schemas::ANONYMOUS_REQUEST,
            RequestKind::Refresh => schemas::REFRESH_REQUEST,
            RequestKind::SignOut => schemas::SIGNOUT_REQUEST,
        }
    }

    /// The kind's position in [`RequestKind::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
