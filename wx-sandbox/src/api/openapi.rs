//! API management and network endpoints, for Official Accounts and Mini Programs alike:
//! quotas (`openapi/quota/get|clear`, `clear_quota`, `clear_quota/v2`), rid lookup,
//! the callback check and the two IP lists.
//!
//! State: every reset (of one API or all, with a token or the AppSecret) counts against the
//! app's 10 a month (48006 beyond); a reset of all quotas or of `/cgi-bin/token` gives the
//! app its daily token quota back. `openapi/quota/get` reports the token endpoint's real use
//! (the sandbox's `daily_token_quota`) and 0 used of 100 000 for any other `/`-path.
//! `openapi/rid/get` knows the rids of the sandbox's own error replies (`...-sandbox`):
//! any other well-formed rid is 76001, an empty one 76002. The IP lists answer the
//! documented example; the callback check answers 40201 (the sandbox has no callback URL to
//! resolve) once `action` and `check_operator` pass its table (40202, 40203).

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

/// Resets a month, all kinds together.
const MAX_RESETS: u32 = 10;

fn begin(state: &Shared, q: &Params, body: &Bytes) -> Step<(String, Map<String, Value>)> {
    let app_id = super::authorize(state, q, None)?;
    let map = super::json_body(body)?;
    Ok((app_id, map))
}

fn cgi_path(map: &Map<String, Value>) -> Step<&str> {
    match map.get("cgi_path").and_then(Value::as_str) {
        Some(p) if p.starts_with('/') => Ok(p),
        _ => Err(reply::reject(76021, "cgi_path not found, please check")),
    }
}

fn use_reset(state: &Shared, app_id: &str, token_quota_too: bool) -> Step<()> {
    let mut inner = state.lock();
    let used = inner.quota_resets.entry(app_id.to_owned()).or_default();
    if *used >= MAX_RESETS {
        return Err(reply::reject(
            48006,
            "forbid to clear quota because of reaching the limit",
        ));
    }
    *used += 1;
    if token_quota_too {
        inner
            .apps
            .entry(app_id.to_owned())
            .or_default()
            .token_fetches = 0;
    }
    Ok(())
}

/// `POST /cgi-bin/openapi/quota/get`.
pub(super) async fn quota_get(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let path = cgi_path(&map)?;
        if path.starts_with("/sns/") {
            return Err(reply::reject(
                76022,
                "could not use this cgi_path，no permission",
            ));
        }
        let (limit, used) = if path == "/cgi-bin/token" {
            let quota = u64::from(state.config.daily_token_quota);
            let used = state
                .lock()
                .apps
                .get(&app_id)
                .map_or(0, |a| u64::from(a.token_fetches));
            (quota, used.min(quota))
        } else {
            (100_000, 0)
        };
        Ok(reply::ok_with(json!({
            "quota": {"daily_limit": limit, "used": used, "remain": limit - used},
        })))
    })())
}

/// `POST /cgi-bin/openapi/quota/clear`.
pub(super) async fn quota_clear(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let path = cgi_path(&map)?;
        use_reset(&state, &app_id, path == "/cgi-bin/token")?;
        Ok(reply::ok())
    })())
}

/// `POST /cgi-bin/clear_quota` (`{"appid"}`: the token's own account).
pub(super) async fn clear_all(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, &body)?;
        let appid = super::string(&map, "appid", 41002)?;
        if appid != app_id {
            return Err(reply::reject(40013, "invalid appid"));
        }
        use_reset(&state, &app_id, true)?;
        Ok(reply::ok())
    })())
}

/// `POST /cgi-bin/clear_quota/v2` (`{"appid", "appsecret"}` in the body, no token).
pub(super) async fn clear_all_with_secret(State(state): State<Shared>, body: Bytes) -> Response {
    either((|| {
        let map = super::json_body(&body)?;
        let appid = super::string(&map, "appid", 41002)?;
        let secret = super::string(&map, "appsecret", 41004)?;
        let app = state
            .app(appid)
            .ok_or_else(|| reply::reject(40013, "invalid appid"))?;
        if app.secret != secret {
            return Err(reply::reject(40125, "invalid appsecret"));
        }
        let app_id = app.app_id.clone();
        use_reset(&state, &app_id, true)?;
        Ok(reply::ok())
    })())
}

/// `POST /cgi-bin/openapi/rid/get`.
pub(super) async fn rid_get(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (_app_id, map) = begin(&state, &q, &body)?;
        let rid = super::string(&map, "rid", 76002)?;
        if !rid.ends_with("-sandbox") {
            return Err(reply::reject(76001, "rid not found"));
        }
        Ok(reply::ok_with(json!({
            "request": {
                "invoke_time": crate::clock::unix_now(),
                "cost_in_ms": 1,
                "request_url": "access_token=ACCESS_TOKEN",
                "request_body": "",
                "response_body": format!("{{\"errcode\":-1,\"errmsg\":\"system error rid: {rid}\"}}"),
                "client_ip": "127.0.0.1",
            }
        })))
    })())
}

/// `POST /cgi-bin/callback/check`.
pub(super) async fn callback_check(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (_app_id, map) = begin(&state, &q, &body)?;
        match map.get("action").and_then(Value::as_str) {
            Some("all" | "dns" | "ping") => {}
            _ => return Err(reply::reject(40202, "invalid action")),
        }
        match map.get("check_operator").and_then(Value::as_str) {
            Some("CHINANET" | "UNICOM" | "CAP" | "DEFAULT") => {}
            _ => return Err(reply::reject(40203, "invalid check operator")),
        }
        Err(reply::reject(40201, "invalid url: no callback URL is set"))
    })())
}

/// `GET /cgi-bin/get_api_domain_ip` and `GET /cgi-bin/getcallbackip`: the documented
/// example's first addresses.
pub(super) async fn ip_list(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, None)?;
        Ok(reply::ok_with(
            json!({"ip_list": ["101.89.47.18", "101.91.34.103", "101.226.103.0/25"]}),
        ))
    })())
}
