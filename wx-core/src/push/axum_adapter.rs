//! axum 0.8 adapter (feature `axum`): GET verification and POST handling on one route.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::dedup::{DedupStore, MemoryDedup};
use super::error::PushError;
use super::reply::Reply;
use super::server::{Incoming, PushQuery, PushServer};

/// Builder of the push route: server, user handler, dedup store and body limit.
pub struct PushEndpoint<H> {
    server: PushServer,
    handler: H,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
}

struct Inner<H> {
    server: PushServer,
    handler: H,
    dedup: Option<Arc<dyn DedupStore>>,
    max_body: usize,
}

impl<H, Fut> PushEndpoint<H>
where
    H: Fn(Incoming) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    /// An endpoint calling `handler` once per distinct push, with an in-memory dedup
    /// window and the server's body limit (1 MiB unless configured).
    pub fn new(server: PushServer, handler: H) -> Self {
        let max_body = server.config().max_body();
        PushEndpoint {
            server,
            handler,
            dedup: Some(Arc::new(MemoryDedup::default())),
            max_body,
        }
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
    if let Some(store) = &inner.dedup {
        let key = incoming.message.dedup_key();
        match store.first_seen(&key).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::debug!("duplicate push acknowledged without calling the handler");
                return ack();
            }
            // Fail open: handling twice beats dropping a message when the store is down.
            Err(e) => tracing::warn!(error = %e, "dedup store failed; handling anyway"),
        }
    }
    let reply = (inner.handler)(incoming.clone()).await;
    match inner.server.reply(&incoming, &reply) {
        Ok(r) => {
            let mut resp = Response::new(Body::from(r.body));
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(r.content_type),
            );
            resp
        }
        Err(e) => error_response(&e),
    }
}

fn ack() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "success",
    )
        .into_response()
}
