//! A server for the push router with bounded header read time, keep-alive and
//! connection count (see the module docs of [`super`]).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Limits of [`serve`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServeLimits {
    header_read_timeout: Duration,
    keep_alive: bool,
    max_connections: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
            keep_alive: true,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
        }
    }
}

impl ServeLimits {
    /// Default header read timeout: WeChat sends its request at once and gives up after
    /// 5 s, so a header still arriving after that is not from WeChat.
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
    /// Default cap on open connections.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

    /// Time a connection has to deliver a complete request head, counted from when it
    /// starts waiting for one: for a new connection from its accept, for a kept-alive
    /// one from the end of its previous response, so this also bounds idle keep-alive
    /// connections. Past it the connection is closed.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Whether connections are kept alive between requests (default `true`).
    pub fn keep_alive(mut self, keep_alive: bool) -> Self {
        self.keep_alive = keep_alive;
        self
    }

    /// Most connections open at once (at least 1); further clients wait in the listen
    /// backlog until one closes.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }
}

/// Serves `router` on `listener` over HTTP/1.1 (what WeChat speaks) with `limits`; runs
/// until the future is dropped. Accept errors (e.g. out of file descriptors) are logged
/// and retried after a short pause, not returned.
///
/// ```no_run
/// # async fn run(router: axum::Router) -> std::io::Result<()> {
/// use wx_push::axum_adapter::{serve, ServeLimits};
/// let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
/// serve(listener, router, ServeLimits::default()).await;
/// # Ok(()) }
/// ```
pub async fn serve(listener: TcpListener, router: Router, limits: ServeLimits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            // The semaphore is never closed.
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                tracing::error!(error = %e, "accepting a connection failed; retrying");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        let service = TowerToHyperService::new(router.clone());
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .keep_alive(limits.keep_alive);
        tokio::spawn(async move {
            if let Err(e) = builder
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, "push connection closed with an error");
            }
            drop(slot);
        });
    }
}
