//! The shapes of the answers a target sent, recorded where every answer is parsed (the record
//! layer) before anything is redacted, so the formats of tokens can still be told: the main
//! type is [`Shapes`]. Examples are kept only once redacted by value with the run's
//! [`Secrets`], and again when the drift is reported.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use contract::drift::ShapeBuilder;
use serde_json::Value;
use suites::{redact, Operation, Secrets};

/// The response types a run records, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResponseType {
    /// A session: sign-up, sign-in and anonymous answers (the value of `session`), `/token`.
    Session,
    /// `GET /user`.
    User,
    /// The body of any answer of HTTP 400 or more that is JSON.
    ErrorBody,
    /// `GET /.well-known/jwks.json`.
    Jwks,
}

impl ResponseType {
    /// The name reports use: `Session`, `User`, `error body`, `JWKS`.
    pub fn name(self) -> &'static str {
        match self {
            ResponseType::Session => "Session",
            ResponseType::User => "User",
            ResponseType::ErrorBody => "error body",
            ResponseType::Jwks => "JWKS",
        }
    }

    /// What answer of `operation` with `status` and JSON `body` is, and the document to
    /// record: the session inside `{session}`, the body itself otherwise.
    pub fn of(operation: Operation, status: u16, body: &Value) -> Option<(Self, &Value)> {
        if status >= 400 {
            return Some((ResponseType::ErrorBody, body));
        }
        if status != 200 {
            return None;
        }
        match operation {
            Operation::SignUp | Operation::SignIn | Operation::SignInAnonymous => {
                match body.get("session") {
                    Some(session) if session.is_object() => Some((ResponseType::Session, session)),
                    _ if body.get("accessToken").is_some() => Some((ResponseType::Session, body)),
                    _ => None,
                }
            }
            Operation::Refresh if body.is_object() => Some((ResponseType::Session, body)),
            Operation::GetUser => Some((ResponseType::User, body)),
            Operation::Jwks => Some((ResponseType::Jwks, body)),
            _ => None,
        }
    }
}

/// Every answer's shape, by response type; shared by every call of a run.
#[derive(Debug, Default)]
pub struct Shapes {
    by_type: Mutex<BTreeMap<ResponseType, ShapeBuilder>>,
}

impl Shapes {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the answer of `operation` (`status`, parsed `body`), when it is of a recorded
    /// type. Call it after the answer's secrets were learned into `secrets`.
    pub fn observe(&self, operation: Operation, status: u16, body: &Value, secrets: &Secrets) {
        let Some((kind, document)) = ResponseType::of(operation, status, body) else {
            return;
        };
        let show = |v: &Value| secrets.scrub(&redact::json(v).to_string());
        self.lock()
            .entry(kind)
            .or_insert_with(|| ShapeBuilder::new(kind.name()))
            .observe(document, &show);
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<ResponseType, ShapeBuilder>> {
        self.by_type.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The shapes recorded so far, by response type.
    pub fn snapshot(&self) -> Vec<(ResponseType, ShapeBuilder)> {
        self.lock().iter().map(|(k, v)| (*k, v.clone())).collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn answers_are_sorted_into_their_response_types() {
        let session = json!({"session": {"accessToken": "a.b.c"}});
        assert_eq!(
            ResponseType::of(Operation::SignIn, 200, &session).map(|(k, d)| (k, d.clone())),
            Some((ResponseType::Session, session["session"].clone()))
        );
        let bare = json!({"accessToken": "a.b.c"});
        assert_eq!(
            ResponseType::of(Operation::SignUp, 200, &bare).map(|(k, _)| k),
            Some(ResponseType::Session)
        );
        assert_eq!(ResponseType::of(Operation::SignUp, 200, &json!({})), None);
        assert_eq!(
            ResponseType::of(Operation::GetUser, 401, &json!("x")).map(|(k, _)| k),
            Some(ResponseType::ErrorBody)
        );
        assert_eq!(
            ResponseType::of(Operation::SignOut, 200, &json!("OK")),
            None
        );
    }

    #[test]
    fn examples_are_redacted_by_value() {
        let secrets = Secrets::new();
        secrets.learn("s3cret-refresh-token-value");
        let shapes = Shapes::new();
        shapes.observe(
            Operation::Refresh,
            200,
            &json!({"refreshToken": "s3cret-refresh-token-value", "accessToken": "eyJh.eyJz.c2ln"}),
            &secrets,
        );
        let (_, shape) = &shapes.snapshot()[0];
        let text = serde_json::to_string(&shape.shape()).unwrap();
        assert!(!text.contains("s3cret"), "{text}");
        assert!(!text.contains("eyJh.eyJz"), "{text}");
        assert!(
            text.contains("\"jwt\":1"),
            "the format is seen before redaction: {text}"
        );
    }
}
