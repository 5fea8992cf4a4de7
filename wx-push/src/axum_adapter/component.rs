//! The platform's authorisation-event URL on axum: [`ComponentEndpoint`].

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use tokio::time::Instant;

use super::super::component::{ComponentHandler, ComponentIncoming, ComponentPush, SUCCESS};
use super::super::dedup::{DedupStore, MemoryDedup};
use super::super::error::PushError;
use super::super::server::PushQuery;
use super::{
    error_response, read_body, BLOCKING_THRESHOLD, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_ERROR_HOLD,
    DEFAULT_REPLY_DEADLINE,
};

/// The route of a third-party platform's authorisation-event URL (授权事件接收 URL):
/// POST only, answered `success` once the [`ComponentHandler`] has handled the push.
///
/// Unlike [`PushEndpoint`](super::PushEndpoint), the answer waits for the handler: a
/// verify ticket answered `success` before it was stored would be lost until the next push
/// (10 minutes later). So:
///
/// - handler `Ok(())` within [`handler_deadline`](Self::handler_deadline) (4.5 s):
///   `success`;
/// - handler `Err` or panic: the push is released from the dedup store and answered `500`
///   at [`error_hold`](Self::error_hold) (5 s) after its arrival, so that WeChat, with no
///   answer in time, sends it again;
/// - handler still running at the deadline: answered `503`
///   ([`PushError::HandlerTimedOut`]) at the same time; the handler carries on (it is
///   not cancelled) and releases the push from the dedup store if it then fails.
///
/// A duplicate (WeChat's retry of a push already handled, or being handled) is answered
/// `success` without calling the handler. So a retry that arrives while a slow handler is
/// still running is acknowledged; if that handler then fails, the push is released but
/// only a later delivery brings it back (for a ticket, the next push 10 minutes later,
/// while the stored one stays valid 12 hours). Bodies are read within
/// [`body_read_timeout`](Self::body_read_timeout) and the config's body limit; those over
/// 16 KiB are decoded on the blocking pool.
pub struct ComponentEndpoint {
    push: ComponentPush,
    handler: Arc<dyn ComponentHandler>,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
    handler_deadline: Duration,
    body_read_timeout: Duration,
    error_hold: Duration,
}

impl ComponentEndpoint {
    /// An endpoint calling `handler` once per distinct push, with an in-memory dedup
    /// window (use [`dedup`](Self::dedup) with a shared store for a fleet).
    pub fn new(push: ComponentPush, handler: impl ComponentHandler) -> Self {
        Self::with_handler(push, Arc::new(handler))
    }

    /// [`new`](Self::new) with a handler already shared (e.g. the credential store the
    /// rest of the application also holds).
    pub fn with_handler(push: ComponentPush, handler: Arc<dyn ComponentHandler>) -> Self {
        let max_body = push.config().max_body();
        ComponentEndpoint {
            push,
            handler,
            dedup: Some(Arc::new(MemoryDedup::default())),
            max_body,
            handler_deadline: DEFAULT_REPLY_DEADLINE,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            error_hold: DEFAULT_ERROR_HOLD,
        }
    }

    /// Time from the request's arrival the handler has to finish before the push is
    /// answered `503` (default 4.5 s: WeChat gives up after 5 s).
    pub fn handler_deadline(mut self, deadline: Duration) -> Self {
        self.handler_deadline = deadline;
        self
    }

    /// Time allowed for the request body once the headers have arrived (default 5 s).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Time from the request's arrival before a push that was not handled is answered
    /// (default 5 s; `Duration::ZERO` answers at once).
    pub fn error_hold(mut self, hold: Duration) -> Self {
        self.error_hold = hold;
        self
    }

    /// Uses `store` (e.g. `RedisDedup`, shared by a fleet) for de-duplication.
    pub fn dedup(mut self, store: Arc<dyn DedupStore>) -> Self {
        self.dedup = Some(store);
        self
    }

    /// Turns de-duplication off (the handler then sees WeChat's retries too).
    pub fn without_dedup(mut self) -> Self {
        self.dedup = None;
        self
    }

    /// Maximum body size read from the socket (larger bodies get 413); bodies are also
    /// checked against the config's own limit.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// A router answering POST on `/`.
    pub fn router<S>(self) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        self.router_at("/")
    }

    /// A router answering POST on `path`.
    pub fn router_at<S>(self, path: &str) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let inner = Arc::new(self);
        Router::new().route(
            path,
            post(move |RawQuery(q): RawQuery, req: Request| {
                let inner = Arc::clone(&inner);
                async move { inner.receive(q.as_deref(), req).await }
            }),
        )
    }

    async fn receive(self: Arc<Self>, raw_query: Option<&str>, req: Request) -> Response {
        let arrival = Instant::now();
        let body = match read_body(req, self.max_body, self.body_read_timeout).await {
            Ok(b) => b,
            Err(e) => return error_response(&e),
        };
        let query = PushQuery::from_query_str(raw_query.unwrap_or(""));
        let incoming = match self.open(query, body).await {
            Ok(i) => i,
            Err(e) => return error_response(&e),
        };
        let deadline = arrival + self.handler_deadline;
        let mut claimed = None;
        if let Some(store) = &self.dedup {
            let key = incoming.event.dedup_key();
            match tokio::time::timeout_at(deadline, store.first_seen(&key)).await {
                Ok(Ok(true)) => claimed = Some((Arc::clone(store), key)),
                Ok(Ok(false)) => {
                    tracing::debug!("duplicate platform push acknowledged");
                    return success();
                }
                // Fail open: handling twice beats losing a ticket when the store is down.
                Ok(Err(e)) => tracing::warn!(error = %e, "dedup store failed; handling anyway"),
                Err(_) => tracing::warn!("dedup store too slow; handling anyway"),
            }
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(handle(Arc::clone(&self.handler), incoming, claimed, tx));
        let error = match tokio::time::timeout_at(deadline, rx).await {
            Ok(Ok(Ok(()))) => return success(),
            Ok(Ok(Err(e))) => e,
            Ok(Err(_)) => PushError::HandlerFailed,
            Err(_) => {
                tracing::warn!("platform push handler still running at the deadline");
                PushError::HandlerTimedOut
            }
        };
        tokio::time::sleep_until(arrival + self.error_hold).await;
        error_response(&error)
    }

    /// [`ComponentPush::open`], on the blocking pool for bodies above the threshold.
    async fn open(
        self: &Arc<Self>,
        query: PushQuery,
        body: Bytes,
    ) -> Result<ComponentIncoming, PushError> {
        if body.len() <= BLOCKING_THRESHOLD {
            return self.push.open(&query, &body);
        }
        let inner = Arc::clone(self);
        match tokio::task::spawn_blocking(move || inner.push.open(&query, &body)).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(
                    panicked = e.is_panic(),
                    "push decoding task did not complete"
                );
                Err(PushError::HandlerFailed)
            }
        }
    }
}

/// Runs the handler to completion (in a task of its own, so a panic is contained); a push
/// that was not handled is released from the dedup store so WeChat's retry is handled.
async fn handle(
    handler: Arc<dyn ComponentHandler>,
    incoming: ComponentIncoming,
    claimed: Option<(Arc<dyn DedupStore>, String)>,
    tx: tokio::sync::oneshot::Sender<Result<(), PushError>>,
) {
    let task = tokio::spawn(async move { handler.on_event(incoming).await });
    let result = match task.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            // The handler's own error text; the push's content is not logged.
            tracing::error!(error = %e, "platform push handler returned an error");
            Err(PushError::HandlerError)
        }
        Err(e) => {
            tracing::error!(
                panicked = e.is_panic(),
                "platform push handler did not complete"
            );
            Err(PushError::HandlerFailed)
        }
    };
    if let (Err(e), Some((store, key))) = (&result, &claimed) {
        tracing::warn!(error = %e, "platform push not handled; releasing it for WeChat's retry");
        if let Err(e) = store.forget(key).await {
            tracing::warn!(error = %e, "dedup store could not release the push");
        }
    }
    if tx.send(result).is_err() {
        tracing::debug!("platform push result arrived after the answer");
    }
}

fn success() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        SUCCESS,
    )
        .into_response()
}
