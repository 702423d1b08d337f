//! A server running on a Tokio task. The main type is [`RunningServer`].

use std::net::{Ipv4Addr, SocketAddr};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app::{try_app, BASE_PATH};
use crate::config::ServerConfig;
use crate::errors::ServerError;

/// A reference server listening on a socket. Dropping it starts a graceful shutdown.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Starts a server on `127.0.0.1` and `config.port` (an ephemeral port when `None`).
///
/// Must be called inside a Tokio runtime; the server runs on a task of that runtime.
pub async fn spawn(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port.unwrap_or(0)));
    spawn_on(config, addr).await
}

/// Starts a server on `addr` (e.g. for `serve --port N`); `config.port` is ignored.
pub async fn spawn_on(
    config: ServerConfig,
    addr: SocketAddr,
) -> Result<RunningServer, ServerError> {
    let router = try_app(config)?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let bound = listener.local_addr().map_err(ServerError::LocalAddr)?;
    let (shutdown, signal) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = signal.await;
            })
            .await;
        if let Err(error) = served {
            tracing::warn!(%error, "reference server stopped with an error");
        }
    });
    tracing::debug!(addr = %bound, "reference server listening");
    Ok(RunningServer {
        addr: bound,
        url: format!("http://{bound}{BASE_PATH}"),
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

impl RunningServer {
    /// The base URL, `http://127.0.0.1:PORT/v1`: what the JS SDK takes as `authUrl`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Shuts down gracefully and waits until the server task has ended (open keep-alive
    /// connections must be closed by their clients first).
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    /// Signals a graceful shutdown; the server task ends on its own.
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
