//! [`LayeredTarget`]: a transport under the standard layers, as the blocking
//! [`AuthApi`] the properties talk to. The suites see only the trait, so a new transport needs
//! no change in them.

use std::future::Future;
use std::sync::Arc;

use suites::{ApiRequest, AuthApi, Response, TargetError, TargetInfo};
use thread_local::ThreadLocal;
use tokio::runtime::{Handle, Runtime};
use tower::ServiceExt;

use super::layers::{self, BoxTarget, StackSettings};
use super::reply::Transport;
use crate::errors::HarnessError;

/// A target: a [`Transport`] under [`layers::stack`], run one of two ways (see the
/// constructors).
pub struct LayeredTarget {
    info: TargetInfo,
    runs: Runs,
}

/// Where a [`LayeredTarget`]'s calls run.
enum Runs {
    /// One stack on a shared runtime: the calling thread blocks while the runtime's workers
    /// do the I/O.
    Shared { service: BoxTarget, runtime: Handle },
    /// A stack and a current-thread runtime for each calling thread, made on its first call:
    /// a request's I/O runs on the thread that waits for it, with no hand-off between threads.
    /// A thread that exits leaves its pair to the next thread given its id, never to two
    /// threads at once. Dropped with the target, which closes their connections.
    EachThread {
        make: Box<dyn Fn() -> Result<BoxTarget, HarnessError> + Send + Sync>,
        stacks: Box<ThreadLocal<(Runtime, BoxTarget)>>,
    },
}

/// How many times a call on a thread's own runtime yields before it starts. That runtime runs
/// only while its thread waits on a call, so a connection the peer closed in between is still
/// in the client's pool. A yield polls the I/O driver and runs the tasks it woke, among them
/// the connection's, which sees the close and leaves the pool: the call then opens a new
/// connection instead of failing on the dead one. One yield is enough with tokio 1.x; the
/// second is margin (test: `hostile::a_kept_alive_connection_the_server_closed_between_calls_is_not_reused`).
const SETTLE_YIELDS: usize = 2;

impl LayeredTarget {
    /// Puts `transport` under the standard layers; calls are driven on `runtime` (for a
    /// transport whose resources belong to that runtime, like the SDK bridge's pipes, or one
    /// that may be called from any runtime). `info.url` must carry no userinfo (it is shown in
    /// reports).
    pub fn new<T: Transport>(
        transport: T,
        info: TargetInfo,
        settings: &StackSettings,
        runtime: Handle,
    ) -> Self {
        Self {
            info,
            runs: Runs::Shared {
                service: layers::stack(transport, settings),
                runtime,
            },
        }
    }

    /// Gives each calling thread a transport of its own from `make`, under the standard layers
    /// (sharing `settings`: budgets, pacing and secrets stay per run), driven on a runtime of
    /// that thread's own. For a transport whose connections must stay with the runtime that
    /// opened them, like [`HttpTransport`](super::HttpTransport): `make` must return one that
    /// shares no connection with another.
    pub fn each_thread<T: Transport>(
        make: impl Fn() -> Result<T, HarnessError> + Send + Sync + 'static,
        info: TargetInfo,
        settings: &StackSettings,
    ) -> Self {
        let settings = settings.clone();
        Self {
            info,
            runs: Runs::EachThread {
                make: Box::new(move || make().map(|t| layers::stack(t, &settings))),
                stacks: Box::default(),
            },
        }
    }
}

impl Runs {
    fn block_on<F, Fut>(&self, operation: &str, call: F) -> Result<Response, TargetError>
    where
        F: FnOnce(BoxTarget) -> Fut,
        Fut: Future<Output = Result<Response, TargetError>>,
    {
        match self {
            Self::Shared { service, runtime } => runtime.block_on(call(service.clone())),
            Self::EachThread { make, stacks } => {
                let (runtime, service) = stacks
                    .get_or_try(|| {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .map_err(|e| HarnessError::Runtime(e.to_string()))?;
                        // Made inside the runtime: a transport may register resources with it.
                        let service = runtime.block_on(async { make() })?;
                        Ok::<_, HarnessError>((runtime, service))
                    })
                    .map_err(|e| TargetError::Other {
                        operation: operation.to_owned(),
                        reason: format!("cannot set this thread up to call the target: {e}"),
                    })?;
                runtime.block_on(async {
                    for _ in 0..SETTLE_YIELDS {
                        tokio::task::yield_now().await;
                    }
                    call(service.clone()).await
                })
            }
        }
    }
}

impl AuthApi for LayeredTarget {
    fn info(&self) -> TargetInfo {
        self.info.clone()
    }

    fn send(&self, request: &ApiRequest) -> Result<Response, TargetError> {
        let call = Arc::new(request.clone());
        self.runs
            .block_on(request.operation.name(), |service| service.oneshot(call))
    }
}
