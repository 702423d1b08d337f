//! [`Guard`]: the layer every target sits under during a run. It refuses new requests once the run
//! is stopping, and it is the circuit breaker: after `threshold` consecutive calls that got no
//! answer at all (timeouts, refused connections, endless 429s), it stops the run with
//! [`StopReason::TargetGone`] instead of letting every remaining case wait out its timeouts.
//! It also notes the id of every user a sign-up or anonymous sign-in created, for the cleanup.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use suites::{ApiRequest, AuthApi, Operation, Response, TargetError, TargetInfo};

use super::stop::{StopFlag, StopReason};

/// A target wrapped with the run's stop flag and a circuit breaker.
pub struct Guard {
    inner: Arc<dyn AuthApi>,
    stop: StopFlag,
    threshold: u32,
    consecutive: AtomicU32,
    last_failure: Mutex<Option<String>>,
    created: Mutex<Vec<String>>,
}

impl Guard {
    /// Wraps `inner`; the breaker opens after `threshold` consecutive unanswered calls (0: never).
    pub fn new(inner: Arc<dyn AuthApi>, stop: StopFlag, threshold: u32) -> Self {
        Self {
            inner,
            stop,
            threshold,
            consecutive: AtomicU32::new(0),
            last_failure: Mutex::new(None),
            created: Mutex::new(Vec::new()),
        }
    }

    /// Ids of the users this run's sign-ups and anonymous sign-ins created, in order.
    pub fn created_users(&self) -> Vec<String> {
        self.created
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn note_created(&self, request: &ApiRequest, response: &Response) {
        if !matches!(
            request.operation,
            Operation::SignUp | Operation::SignInAnonymous
        ) || response.status != 200
        {
            return;
        }
        let id = response
            .body
            .json()
            .and_then(|b| b.pointer("/session/user/id"))
            .and_then(serde_json::Value::as_str);
        if let Some(id) = id {
            let mut created = self.created.lock().unwrap_or_else(|p| p.into_inner());
            if !created.iter().any(|c| c == id) {
                created.push(id.to_owned());
            }
        }
    }

    fn refused(&self, request: &ApiRequest) -> Option<TargetError> {
        let reason = self.stop.reason()?;
        Some(TargetError::Stopped {
            operation: request.operation.name().to_owned(),
            reason: reason.to_string(),
        })
    }
}

impl AuthApi for Guard {
    fn info(&self) -> TargetInfo {
        self.inner.info()
    }

    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        if let Some(refused) = self.refused(request) {
            return Err(refused);
        }
        let result = self.inner.send(request);
        match &result {
            Err(e) if e.is_no_answer() => {
                let n = self.consecutive.fetch_add(1, Ordering::SeqCst) + 1;
                *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
                if self.threshold > 0 && n >= self.threshold {
                    self.stop.stop(StopReason::TargetGone {
                        reason: format!("{n} requests in a row got no answer; the last: {e}"),
                    });
                }
            }
            Ok(response) => {
                self.consecutive.store(0, Ordering::SeqCst);
                self.note_created(request, response);
            }
            Err(_) => {}
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use suites::{Operation, ResponseBody};

    struct Flaky(bool);
    impl AuthApi for Flaky {
        fn info(&self) -> TargetInfo {
            TargetInfo {
                kind: "test".into(),
                url: "http://x".into(),
            }
        }
        fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
            if self.0 {
                return Err(TargetError::Timeout {
                    operation: request.operation.name().into(),
                    seconds: 1.0,
                });
            }
            Ok(Response {
                status: 200,
                body: ResponseBody::Empty,
                duplicate_keys: Vec::new(),
                exchange: results::Exchange {
                    operation: String::new(),
                    method: String::new(),
                    url: String::new(),
                    request_headers: vec![],
                    request_body: None,
                    status: Some(200),
                    response_headers: vec![],
                    response_body: None,
                    elapsed_ms: 0.0,
                    error: None,
                    curl: String::new(),
                    via: None,
                    returned: None,
                },
            })
        }
    }

    #[test]
    fn the_breaker_opens_after_consecutive_silence_and_refuses_the_rest() {
        let stop = StopFlag::new();
        let guard = Guard::new(Arc::new(Flaky(true)), stop.clone(), 3);
        let req = ApiRequest::empty(Operation::Health);
        for _ in 0..3 {
            assert!(matches!(guard.send(&req), Err(TargetError::Timeout { .. })));
        }
        assert!(matches!(stop.reason(), Some(StopReason::TargetGone { .. })));
        assert!(matches!(guard.send(&req), Err(TargetError::Stopped { .. })));
    }

    #[test]
    fn an_answer_resets_the_count() {
        let stop = StopFlag::new();
        let ok = Guard::new(Arc::new(Flaky(false)), stop.clone(), 1);
        assert!(ok.send(&ApiRequest::empty(Operation::Health)).is_ok());
        assert!(!stop.is_stopped());
    }
}
