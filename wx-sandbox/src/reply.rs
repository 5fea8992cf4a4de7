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

/// Result of a handler step: a reply to send as is when it is an error.
pub type Step<T> = Result<T, Response>;
