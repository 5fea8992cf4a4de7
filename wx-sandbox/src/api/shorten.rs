//! Short keys (`/cgi-bin/shorten/gen|fetch`), Official Accounts only: `long_data` of
//! 1..=4096 bytes (47003 missing, 9410010 too long), `expire_seconds` 1..=2 592 000
//! (9410011; missing means the default, 30 days), keys of 15 base62 characters that expire
//! by the sandbox's movable clock; an unknown, expired or other account's key is 9410012.

use super::{Params, Shared};
use crate::reply::{self, either};
use crate::state::ShortKey;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Value};

const MAX_BYTES: usize = 4096;
const MAX_SECONDS: u64 = 2_592_000;
const BASE62: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// `POST /cgi-bin/shorten/gen`.
pub(super) async fn gen(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let long_data = match map.get("long_data") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                return Err(reply::reject(47003, "argument invalid! long_data missing"))
            }
            Some(_) => return Err(reply::reject(47001, "data format error")),
        };
        if long_data.len() > MAX_BYTES {
            return Err(reply::reject(9410010, "long_data too long (4KB)"));
        }
        let expire = match super::uint(&map, "expire_seconds")? {
            None => MAX_SECONDS,
            Some(s @ 1..=MAX_SECONDS) => s,
            Some(_) => return Err(reply::reject(9410011, "expire_seconds too large")),
        };
        let now = state.clock.now_ms() / 1000;
        let mut n = state.next().wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ now;
        let key: String = (0..15)
            .map(|_| {
                let c = BASE62[(n % 62) as usize] as char;
                n = n / 62 + 0x2545_F491_4F6C_DD1D;
                c
            })
            .collect();
        state.lock().short_keys.insert(
            key.clone(),
            ShortKey {
                app_id,
                long_data,
                created: now,
                expires_at: now + expire,
            },
        );
        Ok(reply::ok_with(json!({ "short_key": key })))
    })())
}

/// `POST /cgi-bin/shorten/fetch`.
pub(super) async fn fetch(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(crate::AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let key = super::string(&map, "short_key", 47003)?;
        let now = state.clock.now_ms() / 1000;
        let inner = state.lock();
        let stored = inner
            .short_keys
            .get(key)
            .filter(|s| s.app_id == app_id && s.expires_at > now)
            .ok_or_else(|| reply::reject(9410012, "short_key not found, expired or not yours"))?;
        Ok(reply::ok_with(json!({
            "long_data": stored.long_data,
            "create_time": stored.created,
            "expire_seconds": stored.expires_at - now,
        })))
    })())
}
