//! axum 0.8 adapter (feature `axum`): GET verification and POST handling on one route.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::dedup::{DedupStore, MemoryDedup};
use super::error::PushError;
use super::reply::Reply;
use super::server::{EncodedReply, Incoming, PushQuery, PushServer};

/// Default [`PushEndpoint::reply_deadline`]: WeChat waits 5 s, so answer before that with
/// room for the network.
pub const DEFAULT_REPLY_DEADLINE: Duration = Duration::from_millis(4500);

/// Builder of the push route: server, user handler, dedup store, body limit and reply
/// deadline.
///
/// The handler runs in its own task: a client that hangs up (WeChat gives up after 5 s)
/// does not cancel it, and a push whose handler panics is released from the dedup store
/// so WeChat's retry is handled.
pub struct PushEndpoint<H> {
    server: PushServer,
    handler: H,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
    reply_deadline: Duration,
}

struct Inner<H> {
    server: PushServer,
    handler: H,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
    reply_deadline: Duration,
}

impl<H, Fut> PushEndpoint<H>
where
    H: Fn(Incoming) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    /// An endpoint calling `handler` once per distinct push, with an in-memory dedup
    /// window, the server's body limit (1 MiB unless configured) and a 4.5 s reply
    /// deadline.
    pub fn new(server: PushServer, handler: H) -> Self {
        let max_body = server.config().max_body();
        PushEndpoint {
            server,
            handler,
            dedup: Some(Arc::new(MemoryDedup::default())),
            max_body,
            reply_deadline: DEFAULT_REPLY_DEADLINE,
        }
    }

    /// Time from the request's arrival after which the push is answered `success` if the
    /// handler has not replied (spec: past 5 s WeChat drops the connection and re-sends).
    /// The handler keeps running; its late reply is discarded, so send anything the user
    /// must see through the customer-service API instead.
    pub fn reply_deadline(mut self, deadline: Duration) -> Self {
        self.reply_deadline = deadline;
        self
    }

    /// Uses `store` (e.g. shared between processes) for de-duplication.
    pub fn dedup(mut self, store: Arc<dyn DedupStore>) -> Self {
        self.dedup = Some(store);
        self
    }

    /// Turns de-duplication off.
    pub fn without_dedup(mut self) -> Self {
        self.dedup = None;
        self
    }

    /// Maximum body size read from the socket (larger bodies get 413); bodies are also
    /// checked against the server's own limit.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// A router answering GET and POST on `/`; nest it where WeChat is configured to push.
    pub fn router(self) -> Router {
        self.router_at("/")
    }

    /// A router answering GET and POST on `path`.
    pub fn router_at(self, path: &str) -> Router {
        let inner = Arc::new(Inner {
            server: self.server,
            handler: self.handler,
            dedup: self.dedup,
            max_body: self.max_body,
            reply_deadline: self.reply_deadline,
        });
        Router::new()
            .route(path, get(verify::<H>).post(receive::<H, Fut>))
            .with_state(inner)
    }
}

fn error_response(e: &PushError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    tracing::warn!(error = %e, status = status.as_u16(), "push rejected");
    // PushError's text never carries secrets or message content.
    (status, e.to_string()).into_response()
}

async fn verify<H>(State(inner): State<Arc<Inner<H>>>, RawQuery(q): RawQuery) -> Response {
    let query = PushQuery::from_query_str(q.as_deref().unwrap_or(""));
    match inner.server.verify_url(&query) {
        Ok(echostr) => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            echostr,
        )
            .into_response(),
        Err(e) => error_response(&e),
    }
}

async fn receive<H, Fut>(
    State(inner): State<Arc<Inner<H>>>,
    RawQuery(q): RawQuery,
    req: Request,
) -> Response
where
    H: Fn(Incoming) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    let deadline = tokio::time::Instant::now() + inner.reply_deadline;
    let too_large = PushError::BodyTooLarge {
        limit: inner.max_body,
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > inner.max_body as u64) {
        return error_response(&too_large);
    }
    // Without a Content-Length the limit is enforced while reading; a read error is
    // almost always that limit (a broken connection has nobody to answer anyway).
    let body = match axum::body::to_bytes(req.into_body(), inner.max_body).await {
        Ok(b) => b,
        Err(_) => return error_response(&too_large),
    };
    let query = PushQuery::from_query_str(q.as_deref().unwrap_or(""));
    let incoming = match inner.server.open(&query, &body) {
        Ok(i) => i,
        Err(e) => return error_response(&e),
    };
    let mut claimed = None;
    if let Some(store) = &inner.dedup {
        let key = incoming.message.dedup_key();
        match tokio::time::timeout_at(deadline, store.first_seen(&key)).await {
            Ok(Ok(true)) => claimed = Some((Arc::clone(store), key)),
            Ok(Ok(false)) => {
                tracing::debug!("duplicate push acknowledged without calling the handler");
                return ack();
            }
            // Fail open: handling twice beats dropping a message when the store is down.
            Ok(Err(e)) => tracing::warn!(error = %e, "dedup store failed; handling anyway"),
            Err(_) => tracing::warn!("dedup store too slow; handling anyway"),
        }
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    // Spawned, so neither a hang-up nor the deadline below cancels the handler.
    tokio::spawn(handle(Arc::clone(&inner), incoming, claimed, tx));
    match tokio::time::timeout_at(deadline, rx).await {
        Ok(Ok(Ok(r))) => {
            let mut resp = Response::new(Body::from(r.body));
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(r.content_type),
            );
            resp
        }
        Ok(Ok(Err(e))) => error_response(&e),
        // The task ended without reporting: only if the runtime is shutting down.
        Ok(Err(_)) => error_response(&PushError::HandlerFailed),
        Err(_) => {
            tracing::debug!("push handler past the reply deadline; answered `success`");
            ack()
        }
    }
}

/// Runs the user's handler to completion and encodes its reply. A push that ends without
/// a reply (panic, encoding error) is released from the dedup store, so WeChat's retry is
/// handled instead of being acknowledged as a duplicate.
async fn handle<H, Fut>(
    inner: Arc<Inner<H>>,
    incoming: Incoming,
    claimed: Option<(Arc<dyn DedupStore>, String)>,
    tx: tokio::sync::oneshot::Sender<Result<EncodedReply, PushError>>,
) where
    H: Fn(Incoming) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    // A task of its own, so a panic is contained and reported by its JoinHandle.
    let task = {
        let inner = Arc::clone(&inner);
        let incoming = incoming.clone();
        tokio::spawn(async move { (inner.handler)(incoming).await })
    };
    let result = match task.await {
        Ok(reply) => inner.server.reply(&incoming, &reply),
        Err(e) => {
            tracing::error!(panicked = e.is_panic(), "push handler did not complete");
            Err(PushError::HandlerFailed)
        }
    };
    if let (Err(e), Some((store, key))) = (&result, &claimed) {
        tracing::warn!(error = %e, "push not handled; releasing it for WeChat's retry");
        if let Err(e) = store.forget(key).await {
            tracing::warn!(error = %e, "dedup store could not release the push");
        }
    }
    if tx.send(result).is_err() {
        tracing::debug!("late push reply discarded (already answered, or the client left)");
    }
}

fn ack() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "success",
    )
        .into_response()
}
