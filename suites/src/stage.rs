//! [`SdkStage`]: what the `sdk` suite needs from the harness. A stage serves a document as the
//! Auth service's answer to one SDK call (from a stub service the SDK is pointed at) and reports
//! what the SDK's caller saw. The suite decides what to serve and judges the reaction; it never
//! sees Node or HTTP.

use results::Exchange;
use serde_json::Value;

use crate::api::Operation;

/// A document served as the answer to one SDK call.
#[derive(Debug, Clone, PartialEq)]
pub struct Served {
    /// The call the SDK is made to: [`Operation::SignIn`] (the stub answers
    /// `POST /signin/email-password`) or [`Operation::Refresh`] (`POST /token`).
    pub operation: Operation,
    /// The HTTP status the stub answers with.
    pub status: u16,
    /// What the stub answers with.
    pub body: ServedBody,
}

/// What the stub answers with.
#[derive(Debug, Clone, PartialEq)]
pub enum ServedBody {
    /// This JSON document.
    Json(Value),
    /// Nothing, ever: the request is held open until the SDK gives up (a stalled service).
    Silence,
}

/// What the SDK's caller saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// The call returned: the value the caller got (in the endpoint's shape), and the session
    /// the SDK holds afterwards (`null` when none).
    Returned {
        /// What the call returned.
        body: Value,
        /// The SDK's current session after the call.
        session: Value,
    },
    /// The call raised an error to its caller.
    Rejected {
        /// The error, one line.
        error: String,
    },
    /// The SDK's process died during the call (an uncaught exception, the memory cap); it was
    /// started again for the next call.
    Crashed {
        /// How it died.
        detail: String,
    },
    /// No answer within the call's timeout; the SDK was stopped and started again.
    Hung {
        /// How long it was given.
        detail: String,
    },
}

/// One served document and its outcome.
#[derive(Debug, Clone)]
pub struct Staged {
    /// What the caller saw.
    pub seen: Seen,
    /// The exchange: what the SDK sent, what the stub answered, the SDK call and what it
    /// returned (not yet scrubbed).
    pub exchange: Exchange,
}

/// Serves documents to the official SDKs. Implemented by the harness.
pub trait SdkStage: Send + Sync {
    /// The client of SDK line `line` (`v4`, `v3`) with its version (`@nhost/nhost-js 4.7.0`).
    fn label(&self, line: &str) -> String;

    /// Serves `served` to the client of SDK line `line` and reports what its caller saw. `Err`
    /// when the stage itself could not run the client (Node.js missing, the install failed):
    /// the case is then not covered.
    fn serve(&self, line: &str, served: &Served) -> Result<Staged, String>;
}
