//! WeChat-shaped replies: JSON with `errcode`/`errmsg` (and a request id), bytes, 404.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};

static RID: AtomicU64 = AtomicU64::new(0x5a4d_0000);

/// A JSON reply with HTTP 200 (WeChat answers errors with 200 too).
pub fn json(value: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; encoding=utf-8")],
        value.to_string(),
    )
        .into_response()
}

/// `{"errcode":0,"errmsg":"ok", ...fields}`.
pub fn ok_with(mut fields: serde_json::Value) -> Response {
    if let Some(map) = fields.as_object_mut() {
        map.insert("errcode".into(), 0.into());
        map.insert("errmsg".into(), "ok".into());
    }
    json(fields)
}

pub fn ok() -> Response {
    ok_with(serde_json::json!({}))
}

/// An error envelope; `errmsg` ends with ` rid: ...` as WeChat's do.
pub fn error(code: i64, message: &str) -> Response {
    let rid = RID.fetch_add(1, Ordering::Relaxed);
    json(serde_json::json!({
        "errcode": code,
        "errmsg": format!("{message} rid: {rid:08x}-sandbox"),
    }))
}

pub fn bytes(content_type: &str, body: Vec<u8>, filename: Option<&str>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    if let Ok(v) = content_type.parse() {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Some(name) = filename {
        if let Ok(v) = format!("attachment; filename=\"{name}\"").parse() {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, v);
        }
    }
    response
}

pub fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

/// A WeChat error a handler answers with; small, so that `Step` stays cheap to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub code: i64,
    pub message: String,
}

/// The error envelope `code`/`message` as a handler's early exit.
pub fn reject(code: i64, message: &str) -> Reject {
    Reject {
        code,
        message: message.to_owned(),
    }
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        error(self.code, &self.message)
    }
}

/// Result of a handler step.
pub type Step<T> = Result<T, Reject>;

/// A handler's outcome as a response.
pub fn either(step: Step<Response>) -> Response {
    step.unwrap_or_else(IntoResponse::into_response)
}
