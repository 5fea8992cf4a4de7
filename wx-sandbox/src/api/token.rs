//! `/cgi-bin/token` (rotates on every call) and `/cgi-bin/stable_token` (same token while valid).

use super::{Params, Shared};
use crate::reply;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;

fn issue(
    state: &Shared,
    appid: Option<&str>,
    secret: Option<&str>,
    grant: Option<&str>,
    stable: bool,
    force: bool,
) -> Response {
    let Some(appid) = appid.filter(|a| !a.is_empty()) else {
        return reply::error(41002, "appid missing");
    };
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return reply::error(41004, "appsecret missing");
    };
    if grant != Some("client_credential") {
        return reply::error(40002, "invalid grant_type");
    }
    let Some(app) = state.app(appid) else {
        return reply::error(40013, "invalid appid");
    };
    if app.secret != secret {
        // On the token endpoint 40001 means a wrong AppSecret.
        return reply::error(
            40001,
            "invalid credential, access_token is invalid or not latest",
        );
    }
    match state.issue_token(appid, stable, force) {
        Ok((token, expires_in)) => {
            reply::json(serde_json::json!({"access_token": token, "expires_in": expires_in}))
        }
        Err(code) => reply::error(code, "reach max api daily quota limit"),
    }
}

pub(super) async fn classic(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    issue(
        &state,
        q.get("appid").map(String::as_str),
        q.get("secret").map(String::as_str),
        q.get("grant_type").map(String::as_str),
        false,
        false,
    )
}

pub(super) async fn stable(State(state): State<Shared>, body: Bytes) -> Response {
    let map = match super::json_body(&body) {
        Ok(m) => m,
        Err(r) => return axum::response::IntoResponse::into_response(r),
    };
    let s = |k: &str| map.get(k).and_then(|v| v.as_str());
    let force = match map.get("force_refresh") {
        None => false,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(_) => {
            return reply::error(40035, "invalid parameter: force_refresh must be a boolean")
        }
    };
    issue(
        &state,
        s("appid"),
        s("secret"),
        s("grant_type"),
        true,
        force,
    )
}
