//! axum 0.8 adapter (feature `axum`): GET verification and POST handling on one route.
//!
//! # Handlers
//!
//! [`PushEndpoint::new`] takes `Fn(Incoming) -> impl Future<Output = O>`;
//! [`PushEndpoint::new_with_state`] takes `Fn(State<T>, Incoming) -> ...` and builds a
//! `Router<S>` (with `T: FromRef<S>`) to merge into an application that has state. `O` is
//! a [`Reply`] or a `Result<Reply, E>` ([`HandlerOutput`]).
//!
//! The handler runs in a task of its own (a client hanging up does not cancel it). It is
//! answered with its reply if it finishes within [`PushEndpoint::reply_deadline`] (4.5 s),
//! with `success` otherwise (the late reply is discarded).
//!
//! # A handler that fails: how WeChat is made to retry
//!
//! WeChat documents one trigger for re-sending a push: *no answer within 5 seconds* (it
//! then drops the connection and tries again, three attempts in all); `success` or an
//! empty body is an acknowledgement that is never retried. It documents nothing about
//! error statuses (the console's interface alarm counts an invalid answer as a failure,
//! not as a reason to retry). So when the handler returns `Err` (or panics), the adapter
//! releases the push from the dedup store at once, then holds the answer until
//! [`PushEndpoint::error_hold`] (5 s, default) after the request arrived, and only then
//! answers `500`: WeChat has given up on the connection by then and re-sends the push,
//! which the handler gets again. The error is logged at error level. An error returned
//! after the reply deadline cannot cause a retry any more (`success` was sent); it is
//! logged all the same.
//!
//! # Bounded reads
//!
//! The POST handler reads the body within [`PushEndpoint::body_read_timeout`] (5 s by
//! default; WeChat sends a push of a few KiB in one go), otherwise it answers
//! `408` ([`PushError::BodyReadTimeout`]) and the connection is closed: a client that
//! declares 1,000 bytes and sends 5 no longer holds it. This holds wherever the router is
//! mounted.
//!
//! Header read time belongs to the HTTP server, not the router. [`serve`] runs a router with
//! [`ServeLimits`]: header read timeout (which also bounds how long an idle keep-alive
//! connection waits for its next request), keep-alive, and a cap on open connections.
//! `axum::serve` sets no header timeout (hyper's needs a timer, which it does not set), so
//! a slowloris client trickling its header holds a connection and its task for ever. When
//! mounting the router on a server of your own, set the same limits there, e.g. with
//! hyper's `server::conn::http1::Builder`:
//!
//! ```no_run
//! # async fn run(listener: tokio::net::TcpListener, router: axum::Router) {
//! use hyper_util::rt::{TokioIo, TokioTimer};
//! use hyper_util::service::TowerToHyperService;
//! loop {
//!     let Ok((stream, _)) = listener.accept().await else { continue };
//!     let service = TowerToHyperService::new(router.clone());
//!     tokio::spawn(async move {
//!         let _ = hyper::server::conn::http1::Builder::new()
//!             .timer(TokioTimer::new())
//!             .header_read_timeout(std::time::Duration::from_secs(5))
//!             .serve_connection(TokioIo::new(stream), service)
//!             .await;
//!     });
//! }
//! # }
//! ```
//!
//! Behind a reverse proxy, bound the same two times there (nginx: `client_header_timeout`,
//! `client_body_timeout`; both default to 60 s).
//!
//! # CPU-heavy decoding
//!
//! Bodies larger than [`BLOCKING_THRESHOLD`] (16 KiB; real pushes are a few KiB) are
//! verified, decrypted and parsed on tokio's blocking pool (`spawn_blocking`), so a few
//! large hostile bodies cannot stall the async workers; smaller ones inline, where a
//! thread hop would cost more than the work.
//!
//! # Several accounts
//!
//! [`PushAccounts`] serves many accounts (each its own [`PushServer`], token, key and
//! handler) on one router, routed by a path segment or by the envelope's `ToUserName`.
//!
//! # A third-party platform's authorisation events
//!
//! [`ComponentEndpoint`] serves the platform's own push URL ([`ComponentPush`](crate::ComponentPush)):
//! POST only, answered `success` only once its handler has handled the push (e.g. stored
//! the verify ticket).

mod accounts;
mod component;
mod handler;
mod serve;

pub use accounts::PushAccounts;
pub use component::ComponentEndpoint;
pub use handler::{BoxError, HandlerOutput};
pub use serve::{serve, ServeLimits};

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRef, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::time::Instant;

use super::dedup::{DedupStore, MemoryDedup};
use super::error::PushError;
use super::reply::Reply;
use super::server::{EncodedReply, Incoming, PushQuery, PushServer};

/// Default [`PushEndpoint::reply_deadline`]: WeChat waits 5 s, so answer before that with
/// room for the network.
pub const DEFAULT_REPLY_DEADLINE: Duration = Duration::from_millis(4500);

/// Default [`PushEndpoint::body_read_timeout`]: WeChat gives up on the whole request
/// after 5 s, so a body still arriving after that is not from WeChat.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Default [`PushEndpoint::error_hold`]: WeChat re-sends a push it got no answer to within
/// 5 s; holding a failed push's answer that long from the request's arrival (which is
/// after WeChat sent it) makes the retry happen.
pub const DEFAULT_ERROR_HOLD: Duration = Duration::from_secs(5);

/// Bodies larger than this are decoded on the blocking pool (see the module docs).
pub const BLOCKING_THRESHOLD: usize = 16 * 1024;

type HandlerFuture = Pin<Box<dyn Future<Output = Result<Reply, BoxError>> + Send>>;
type DynHandler<S> = Arc<dyn Fn(&S, Incoming) -> HandlerFuture + Send + Sync>;

/// Builder of the push route: server, user handler, dedup store, limits and deadlines.
///
/// `S` is the router's state: `()` for [`new`](Self::new), the application's state for
/// [`new_with_state`](Self::new_with_state).
///
/// The handler runs in its own task: a client that hangs up (WeChat gives up after 5 s)
/// does not cancel it, and a push whose handler fails or panics is released from the dedup
/// store so WeChat's retry is handled.
pub struct PushEndpoint<S = ()> {
    server: PushServer,
    handler: DynHandler<S>,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
    reply_deadline: Duration,
    body_read_timeout: Duration,
    error_hold: Duration,
}

impl PushEndpoint<()> {
    /// An endpoint calling `handler` once per distinct push, with an in-memory dedup
    /// window, the server's body limit (1 MiB unless configured), a 4.5 s reply deadline
    /// and a 5 s body read timeout. The handler returns a [`Reply`] or a
    /// `Result<Reply, E>` ([`HandlerOutput`]).
    pub fn new<H, Fut>(server: PushServer, handler: H) -> Self
    where
        H: Fn(Incoming) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HandlerOutput,
    {
        let handler: DynHandler<()> = Arc::new(move |_: &(), incoming| {
            let fut = handler(incoming);
            Box::pin(async move { fut.await.into_handler_result() })
        });
        Self::from_parts(server, handler)
    }

    /// This stateless endpoint as one of an application whose router has state `S2`, so
    /// its router merges into that application.
    pub fn for_state<S2>(self) -> PushEndpoint<S2>
    where
        S2: Clone + Send + Sync + 'static,
    {
        let h = self.handler;
        PushEndpoint {
            server: self.server,
            handler: Arc::new(move |_: &S2, incoming| h(&(), incoming)),
            dedup: self.dedup,
            max_body: self.max_body,
            reply_deadline: self.reply_deadline,
            body_read_timeout: self.body_read_timeout,
            error_hold: self.error_hold,
        }
    }
}

impl<S> PushEndpoint<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// An endpoint whose handler takes the application's state the axum way:
    /// `|State(app): State<App>, incoming: Incoming| async move { ... }`. The router is a
    /// `Router<S>` (`T: FromRef<S>`, so `T` may be `S` or a part of it): merge it into the
    /// application's router before its `.with_state(...)`.
    ///
    /// ```no_run
    /// use axum::extract::State;
    /// use axum::Router;
    /// use wx_push::axum_adapter::PushEndpoint;
    /// use wx_push::{Incoming, PushConfig, PushServer, Reply};
    ///
    /// #[derive(Clone)]
    /// struct App { greeting: String }
    ///
    /// # fn build() -> Router {
    /// let server = PushServer::new(PushConfig::new("token", "wx0123456789abcdef"));
    /// let push = PushEndpoint::new_with_state(server, |State(app): State<App>, _in: Incoming| async move {
    ///     Ok::<_, std::io::Error>(Reply::text(app.greeting.clone()))
    /// });
    /// Router::new()
    ///     .merge(push.router_at("/wechat"))
    ///     .with_state(App { greeting: "hello".into() })
    /// # }
    /// ```
    pub fn new_with_state<T, H, Fut>(server: PushServer, handler: H) -> Self
    where
        T: FromRef<S> + Send + 'static,
        H: Fn(State<T>, Incoming) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HandlerOutput,
    {
        let handler: DynHandler<S> = Arc::new(move |state: &S, incoming| {
            let fut = handler(State(T::from_ref(state)), incoming);
            Box::pin(async move { fut.await.into_handler_result() })
        });
        Self::from_parts(server, handler)
    }
}

impl<S> PushEndpoint<S> {
    fn from_parts(server: PushServer, handler: DynHandler<S>) -> Self {
        let max_body = server.config().max_body();
        PushEndpoint {
            server,
            handler,
            dedup: Some(Arc::new(MemoryDedup::default())),
            max_body,
            reply_deadline: DEFAULT_REPLY_DEADLINE,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            error_hold: DEFAULT_ERROR_HOLD,
        }
    }

    /// Time from the request's arrival after which the push is answered `success` if the
    /// handler has not replied (past 5 s WeChat drops the connection and re-sends).
    /// The handler keeps running; its late reply is discarded, so send anything the user
    /// must see through the customer-service API instead.
    pub fn reply_deadline(mut self, deadline: Duration) -> Self {
        self.reply_deadline = deadline;
        self
    }

    /// Time allowed for the request body to arrive once the headers have (default 5 s);
    /// past it the request is answered `408` and the connection closed.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Time from the request's arrival before a push whose handler failed (returned `Err`
    /// or panicked) is answered `500` (default 5 s, see the module docs: WeChat retries
    /// a push it got no answer to within 5 s). `Duration::ZERO` answers at once, for a
    /// sender that retries on error statuses.
    pub fn error_hold(mut self, hold: Duration) -> Self {
        self.error_hold = hold;
        self
    }

    /// Uses `store` (e.g. `RedisDedup` of feature `redis`, shared between
    /// processes) for de-duplication.
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

    fn into_inner(self) -> Arc<Inner<S>> {
        Arc::new(Inner {
            server: self.server,
            handler: self.handler,
            dedup: self.dedup,
            max_body: self.max_body,
            reply_deadline: self.reply_deadline,
            body_read_timeout: self.body_read_timeout,
            error_hold: self.error_hold,
        })
    }
}

impl<S> PushEndpoint<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// A router answering GET and POST on `/`; nest it where WeChat is configured to push.
    pub fn router(self) -> Router<S> {
        self.router_at("/")
    }

    /// A router answering GET and POST on `path`.
    pub fn router_at(self, path: &str) -> Router<S> {
        let inner = self.into_inner();
        let for_get = Arc::clone(&inner);
        Router::new().route(
            path,
            get(move |RawQuery(q): RawQuery| {
                let inner = Arc::clone(&for_get);
                async move { inner.verify(q.as_deref()) }
            })
            .post(
                move |State(state): State<S>, RawQuery(q): RawQuery, req: Request| {
                    let inner = Arc::clone(&inner);
                    async move { inner.receive(state, q.as_deref(), req).await }
                },
            ),
        )
    }
}

/// One account's configured endpoint, shared by the routes that serve it.
pub(crate) struct Inner<S> {
    server: PushServer,
    handler: DynHandler<S>,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
    reply_deadline: Duration,
    body_read_timeout: Duration,
    error_hold: Duration,
}

impl<S: Send + Sync + 'static> Inner<S> {
    pub(crate) fn server(&self) -> &PushServer {
        &self.server
    }

    pub(crate) fn verify(&self, raw_query: Option<&str>) -> Response {
        let query = PushQuery::from_query_str(raw_query.unwrap_or(""));
        match self.server.verify_url(&query) {
            Ok(echostr) => (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                echostr,
            )
                .into_response(),
            Err(e) => error_response(&e),
        }
    }

    async fn receive(self: Arc<Self>, state: S, raw_query: Option<&str>, req: Request) -> Response {
        let arrival = Instant::now();
        let body = match read_body(req, self.max_body, self.body_read_timeout).await {
            Ok(b) => b,
            Err(e) => return error_response(&e),
        };
        self.handle_body(state, raw_query, body, arrival).await
    }

    /// Opens a body already read and runs the handler on it.
    pub(crate) async fn handle_body(
        self: Arc<Self>,
        state: S,
        raw_query: Option<&str>,
        body: Bytes,
        arrival: Instant,
    ) -> Response {
        let deadline = arrival + self.reply_deadline;
        if body.len() > self.max_body {
            return error_response(&PushError::BodyTooLarge {
                limit: self.max_body,
            });
        }
        let query = PushQuery::from_query_str(raw_query.unwrap_or(""));
        let incoming = match self.open(query, body).await {
            Ok(i) => i,
            Err(e) => return error_response(&e),
        };
        let mut claimed = None;
        if let Some(store) = &self.dedup {
            // Already bounded (`dedup_key` hashes long keys), and every store bounds again.
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
        tokio::spawn(handle(Arc::clone(&self), state, incoming, claimed, tx));
        match tokio::time::timeout_at(deadline, rx).await {
            Ok(Ok(Ok(r))) => reply_response(r),
            Ok(Ok(Err(e))) => self.failed(arrival, &e).await,
            // The task ended without reporting: only if the runtime is shutting down.
            Ok(Err(_)) => self.failed(arrival, &PushError::HandlerFailed).await,
            Err(_) => {
                tracing::debug!("push handler past the reply deadline; answered `success`");
                ack()
            }
        }
    }

    /// The answer to a push that was not handled: held until `error_hold` after its
    /// arrival, so that WeChat, having had no answer in time, re-sends it.
    async fn failed(&self, arrival: Instant, e: &PushError) -> Response {
        tokio::time::sleep_until(arrival + self.error_hold).await;
        error_response(e)
    }

    /// [`PushServer::open`], on the blocking pool for bodies above [`BLOCKING_THRESHOLD`].
    async fn open(self: &Arc<Self>, query: PushQuery, body: Bytes) -> Result<Incoming, PushError> {
        if body.len() <= BLOCKING_THRESHOLD {
            return self.server.open(&query, &body);
        }
        let inner = Arc::clone(self);
        match tokio::task::spawn_blocking(move || inner.server.open(&query, &body)).await {
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

/// Reads the body within `limit` bytes and `timeout`.
pub(crate) async fn read_body(
    req: Request,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, PushError> {
    let too_large = PushError::BodyTooLarge { limit };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large);
    }
    match tokio::time::timeout(timeout, axum::body::to_bytes(req.into_body(), limit)).await {
        Ok(Ok(b)) => Ok(b),
        // Without a Content-Length the limit is enforced while reading; a read error is
        // almost always that limit (a broken connection has nobody to answer anyway).
        Ok(Err(_)) => Err(too_large),
        Err(_) => Err(PushError::BodyReadTimeout),
    }
}

/// Runs the user's handler to completion and encodes its reply. A push that ends without
/// a reply (error, panic, encoding error) is released from the dedup store, so WeChat's
/// retry is handled instead of being acknowledged as a duplicate.
async fn handle<S: Send + Sync + 'static>(
    inner: Arc<Inner<S>>,
    state: S,
    incoming: Incoming,
    claimed: Option<(Arc<dyn DedupStore>, String)>,
    tx: tokio::sync::oneshot::Sender<Result<EncodedReply, PushError>>,
) {
    // A task of its own, so a panic is contained and reported by its JoinHandle.
    let task = {
        let handler = Arc::clone(&inner.handler);
        let incoming = incoming.clone();
        tokio::spawn(async move { handler(&state, incoming).await })
    };
    let result = match task.await {
        Ok(Ok(reply)) => inner.server.reply(&incoming, &reply),
        Ok(Err(e)) => {
            // The user's own error text; the message content is not logged.
            tracing::error!(error = %e, "push handler returned an error");
            Err(PushError::HandlerError)
        }
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

pub(crate) fn error_response(e: &PushError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    if e.is_misconfiguration() {
        // Every push will fail the same way until the configuration is fixed: say so loudly.
        // The reason is the error's `source()`, not part of its text: log it too.
        tracing::error!(error = %e, reason = %e.reason(), status = status.as_u16(), "push rejected: server misconfigured");
    } else {
        tracing::warn!(error = %e, status = status.as_u16(), "push rejected");
    }
    // PushError's text never carries secrets or message content.
    let mut resp = (status, e.to_string()).into_response();
    if matches!(e, PushError::BodyReadTimeout) {
        // The rest of the body may still be on its way: do not reuse the connection.
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

fn reply_response(r: EncodedReply) -> Response {
    let mut resp = Response::new(Body::from(r.body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(r.content_type),
    );
    resp
}

fn ack() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "success",
    )
        .into_response()
}
