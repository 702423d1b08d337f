//! [`BridgeStage`]: the harness's [`SdkStage`]. A stub Auth service on a loopback port answers
//! whatever document a case registers for it, and one [`Bridge`] per pinned SDK line is pointed
//! at it (`connect`) and made to call it. They start on the first serve, every line's bridge at
//! once in the background (a serve waits only for its own line's), and a run without the `sdk`
//! suite never starts Node.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use results::Exchange;
use serde_json::{json, Value};
use suites::{Operation, SdkStage, Secrets, Seen, Served, ServedBody, Staged};
use tokio::runtime::Handle;

use super::bridge::{Bridge, BridgeFailure, BridgeSettings};
use super::install::{self, sdk_label, BridgeDir};
use super::line::SdkLine;
use super::transport::wire_parts;
use crate::errors::SdkError;
use crate::transport::layers::{masked_headers, shown};
use crate::transport::Limits;

/// The longest a served call may take before the SDK counts as hung.
pub const STAGE_CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// A line's bridge: the bridge once started, or why it could not start (kept, so every serve
/// that needs it says so at once).
type BridgeCell = Arc<tokio::sync::OnceCell<Result<Arc<Bridge>, String>>>;

/// Starts a bridge with `settings`.
async fn start(settings: BridgeSettings) -> Result<Arc<Bridge>, String> {
    let bridge = Arc::new(Bridge::new(settings));
    bridge.start().await.map_err(|e| e.to_string())?;
    Ok(bridge)
}

/// The stub's answers, by token.
type Answers = Arc<Mutex<HashMap<u64, Served>>>;

/// What the stub's handler reads: the answers, and the run's counts (each request the SDKs
/// make to the stub is counted as sent elsewhere than the target, as `sdk stage`).
#[derive(Clone)]
struct StubState {
    answers: Answers,
    counts: Option<Arc<Limits>>,
}

/// The stub Auth service.
struct Stub {
    /// `http://127.0.0.1:PORT`.
    base: String,
    answers: Answers,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves documents to every pinned SDK line.
pub struct BridgeStage {
    runtime: Handle,
    /// The run's secrets: what the stage sends and serves is learned, and its exchanges are
    /// redacted like every other.
    secrets: Arc<Secrets>,
    /// Each line's prepared bridge folder (and its line).
    dirs: Vec<BridgeDir>,
    timeout: Duration,
    memory_mib: u32,
    bridges: Vec<BridgeCell>,
    /// One serve at a time per bridge: `connect`, the call and `session` belong together.
    serving: Vec<tokio::sync::Mutex<()>>,
    stub: OnceLock<Result<Stub, String>>,
    next: AtomicU64,
    counts: Option<Arc<Limits>>,
    /// Set once every line's bridge was set starting (side by side, on the first serve).
    started: OnceLock<()>,
}

impl BridgeStage {
    /// A stage for `lines`, each call bounded by `timeout`. Each line's bridge is prepared here
    /// (its packages installed on first use), before any case; no process starts until the
    /// first [`SdkStage::serve`]. Fails at once when Node.js is missing or too old, or a line
    /// cannot be installed.
    pub fn new(
        runtime: Handle,
        secrets: Arc<Secrets>,
        lines: Vec<SdkLine>,
        timeout: Duration,
        memory_mib: u32,
    ) -> Result<Self, SdkError> {
        install::check_node()?;
        let dirs = lines
            .iter()
            .map(|line| install::prepare(*line, &runtime))
            .collect::<Result<Vec<_>, _>>()?;
        let bridges = lines.iter().map(|_| BridgeCell::default()).collect();
        let serving = lines.iter().map(|_| tokio::sync::Mutex::new(())).collect();
        Ok(Self {
            runtime,
            secrets,
            dirs,
            timeout,
            memory_mib,
            bridges,
            serving,
            stub: OnceLock::new(),
            next: AtomicU64::new(1),
            counts: None,
            started: OnceLock::new(),
        })
    }

    /// Sets every line's bridge starting in the background, side by side, so a serve waits
    /// only for its own line's (a bridge that cannot start says so to the serves that need it).
    fn start_all(&self) {
        self.started.get_or_init(|| {
            for (client, cell) in self.bridges.iter().enumerate() {
                if let Ok(settings) = self.settings(client) {
                    let cell = Arc::clone(cell);
                    self.runtime.spawn(async move {
                        cell.get_or_init(|| start(settings)).await;
                    });
                }
            }
        });
    }

    /// Counts every request the SDKs make to the stage's stub in `limits`, as sent elsewhere
    /// than the target (`sdk stage`).
    pub fn counting(mut self, limits: Arc<Limits>) -> Self {
        self.counts = Some(limits);
        self
    }

    /// The bridge of client `client`, started on first use (or waited for, when it is starting).
    pub fn bridge(&self, client: usize) -> Result<Arc<Bridge>, String> {
        let settings = self.settings(client)?;
        let cell = self
            .bridges
            .get(client)
            .ok_or_else(|| format!("no SDK client number {client}"))?;
        self.runtime
            .block_on(cell.get_or_init(|| start(settings)))
            .clone()
    }

    /// How the bridge of client `client` starts: its line's folder, pointed at the stub.
    fn settings(&self, client: usize) -> Result<BridgeSettings, String> {
        let dir = self
            .dirs
            .get(client)
            .ok_or_else(|| format!("no SDK client number {client}"))?;
        let base = self.stub()?.base.clone();
        Ok(BridgeSettings {
            dir: dir.clone(),
            auth_url: format!("{base}/t/0/v1"),
            call_timeout: self.timeout,
            memory_mib: self.memory_mib,
            env: Vec::new(),
            spare: true,
        })
    }

    fn stub(&self) -> Result<&Stub, String> {
        self.stub
            .get_or_init(|| {
                let answers: Answers = Arc::default();
                let app = Router::new()
                    .route("/t/{token}/v1/{*rest}", any(answer))
                    .with_state(StubState {
                        answers: Arc::clone(&answers),
                        counts: self.counts.clone(),
                    });
                let listener = self
                    .runtime
                    .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                    .map_err(|e| format!("cannot start the stub Auth service: {e}"))?;
                let addr = listener
                    .local_addr()
                    .map_err(|e| format!("cannot start the stub Auth service: {e}"))?;
                let task = self.runtime.spawn(async move {
                    let _ = axum::serve(listener, app).await;
                });
                Ok(Stub {
                    base: format!("http://{addr}"),
                    answers,
                    task,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Serves one document; `Err` only when the bridge could not be started at all (that is the
    /// stage failing, not the SDK reacting to the document).
    async fn staged(&self, bridge: &Bridge, url: &str, served: &Served) -> Result<Staged, String> {
        let (op, args) = match served.operation {
            Operation::Refresh => (
                "refresh",
                json!({"body": {"refreshToken": "4bd3a1c2-5e6f-4a7b-8c9d-0e1f2a3b4c5d"}}),
            ),
            _ => (
                "signIn",
                json!({"body": {"email": "stage@example.com", "password": "stage-password"}}),
            ),
        };
        let secrets = &*self.secrets;
        secrets.learn_json(&args);
        if let ServedBody::Json(body) = &served.body {
            secrets.learn_json(body);
        }
        let mut exchange = Exchange {
            operation: served.operation.name().to_owned(),
            method: served.operation.method().to_owned(),
            url: format!("{url}{}", served.operation.path()),
            request_headers: Vec::new(),
            request_body: None,
            status: Some(served.status),
            response_headers: Vec::new(),
            response_body: match &served.body {
                ServedBody::Json(v) => Some(shown(v.to_string().as_bytes(), secrets)),
                ServedBody::Silence => None,
            },
            elapsed_ms: 0.0,
            error: None,
            curl: String::new(),
            via: Some(format!("{op} through {}", bridge.sdk_label())),
            returned: None,
        };
        let started = std::time::Instant::now();
        let connected = bridge
            .call("connect", json!({"authUrl": url}), self.timeout)
            .await;
        let result = match connected {
            // The SDK died after an earlier call settled: that is what this command says.
            Ok(reply) if crashed(&reply).is_some() => Ok(reply),
            Ok(_) => bridge.call(op, args, self.timeout).await,
            Err(e) => Err(e),
        };
        exchange.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        let seen = match result {
            Ok(reply) if crashed(&reply).is_some() => {
                exchange.error = Some("the SDK crashed".into());
                Seen::Crashed {
                    detail: crashed(&reply).unwrap_or_default(),
                }
            }
            Err(BridgeFailure::Start(e)) => return Err(e.to_string()),
            Err(BridgeFailure::Hung { waited }) => Seen::Hung {
                detail: format!(
                    "the bridge itself gave no answer within {:.1} s (the SDK blocked its event loop) and was restarted",
                    waited.as_secs_f64()
                ),
            },
            Err(failure) => Seen::Crashed {
                detail: failure.to_string(),
            },
            Ok(reply) => {
                if let Some(wire) = wire_parts(&reply) {
                    exchange.request_headers = masked_headers(&wire.sent.headers, secrets);
                    exchange.request_body = wire.sent.body.map(|b| shown(&b, secrets));
                }
                if reply["timeout"] == json!(true) {
                    exchange.error = Some("no answer within the call's timeout".to_owned());
                    Seen::Hung {
                        detail: format!(
                            "no answer within the call's {:.1} s timeout",
                            self.timeout.as_secs_f64()
                        ),
                    }
                } else {
                    // What the SDK holds now; also a ping: a crash the document caused after the
                    // call settled (an unhandled rejection in a state machine) shows here, in
                    // this case, not in the next one.
                    let held = match bridge.call("session", json!({}), self.timeout).await {
                        Ok(held) => crashed(&held).map_or(Ok(held), Err),
                        Err(failure) => Err(failure.to_string()),
                    };
                    match (held, reply["ok"] == json!(true)) {
                        (Err(detail), _) => {
                            exchange.error = Some("the SDK died after the call settled".into());
                            Seen::Crashed {
                                detail: format!("after the call settled: {detail}"),
                            }
                        }
                        (Ok(held), true) => {
                            let body = reply.get("body").cloned().unwrap_or(Value::Null);
                            exchange.returned = Some(shown(body.to_string().as_bytes(), secrets));
                            Seen::Returned {
                                body,
                                session: held.get("body").cloned().unwrap_or(Value::Null),
                            }
                        }
                        (Ok(_), false) => {
                            let error = format!(
                                "{}: {}",
                                reply["errorName"].as_str().unwrap_or("Error"),
                                reply["error"].as_str().unwrap_or("an error without a message")
                            );
                            exchange.returned =
                                Some(shown(format!("raised {error}").as_bytes(), secrets));
                            Seen::Rejected { error }
                        }
                    }
                }
            }
        };
        Ok(Staged { seen, exchange })
    }
}

impl SdkStage for BridgeStage {
    fn label(&self, line: &str) -> String {
        line.parse::<SdkLine>()
            .map_or_else(|_| format!("@nhost/nhost-js {line}"), sdk_label)
    }

    fn serve(&self, line: &str, served: &Served) -> Result<Staged, String> {
        let line: SdkLine = line.parse()?;
        let client = self
            .dirs
            .iter()
            .position(|d| d.line == line)
            .ok_or_else(|| format!("the SDK line {line} is not on this stage"))?;
        self.start_all();
        let stub = self.stub()?;
        let token = self.next.fetch_add(1, Ordering::Relaxed);
        let bridge = self.bridge(client)?;
        stub.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token, served.clone());
        let url = format!("{}/t/{token}/v1", stub.base);
        let staged = self.runtime.block_on(async {
            let _alone = self.serving[client].lock().await;
            self.staged(&bridge, &url, served).await
        });
        stub.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&token);
        staged
    }
}

/// How the SDK crashed, when a bridge's answer says it did (`crashed: true`: an uncaught
/// exception or unhandled rejection in the SDK, which would end an app's process; the bridge
/// went on with a fresh client).
fn crashed(reply: &Value) -> Option<String> {
    (reply["crashed"] == json!(true)).then(|| {
        format!(
            "the SDK crashed (an app's process would have died): {}",
            reply["error"].as_str().unwrap_or("no reason given")
        )
    })
}

/// The stub's handler: the document registered for the token, on any path below it.
async fn answer(State(stub): State<StubState>, Path((token, _)): Path<(u64, String)>) -> Response {
    if let Some(counts) = &stub.counts {
        counts.count_elsewhere("sdk stage", 1);
    }
    let served = stub
        .answers
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&token)
        .cloned();
    let Some(served) = served else {
        return (StatusCode::NOT_FOUND, "no document is served here").into_response();
    };
    match served.body {
        ServedBody::Json(body) => Response::builder()
            .status(StatusCode::from_u16(served.status).unwrap_or(StatusCode::OK))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        ServedBody::Silence => std::future::pending().await,
    }
}
