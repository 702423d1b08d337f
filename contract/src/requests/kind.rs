//! The [`RequestKind`] enum: the Auth endpoints whose request bodies have rules.

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

    /// The kind's position in [`RequestKind::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
