//! The outermost layer of the sandbox's router: the test hooks ([`crate::canned`]) run
//! before the emulation.

use crate::canned::{decode_query, RecordedRequest, BODY_LIMIT};
use crate::state::State;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The outermost layer: records the request, serves a canned reply if one is queued for
/// the path, delays token replies, then hands over to the emulation.
pub(crate) async fn intercept(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let hooks = &state.hooks;
    let path = request.uri().path().to_owned();
    let request = if hooks.record {
        let (parts, body) = request.into_parts();
        let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
            Ok(b) => b,
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        };
        hooks.push_record(RecordedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            query: decode_query(parts.uri.query()),
            body: bytes.to_vec(),
        });
        Request::from_parts(parts, Body::from(bytes))
    } else {
        request
    };
    if let Some(reply) = hooks.pop_canned(&path) {
        state.count_request();
        return (
            StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, reply.content_type)],
            reply.body,
        )
            .into_response();
    }
    if path == "/cgi-bin/token" || path == "/cgi-bin/stable_token" {
        let delay = hooks.token_delay();
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
    next.run(request).await
}
