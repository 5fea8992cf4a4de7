//! Mini Program user information and login state: session checks and resets (signed with
//! the session key `jscode2session` issued), phone numbers, paid UnionIDs, encrypted-data
//! checks, encryption keys, plugin openpids.
//!
//! Conventions: codes starting with `invalid` are refused; each code works once.

use super::table::{check_body, check_query, get_checked, Kind};
use super::{Params, Shared};
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::MethodRouter;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Session keys by (app id, openid), as `jscode2session` issued them; codes used.
#[derive(Debug, Default)]
pub(crate) struct Mini {
    pub sessions: HashMap<(String, String), String>,
    pub used_codes: HashSet<String>,
    /// Generated schemes and URL links (without any `cq` suffix) → their settings.
    pub links: HashMap<String, Value>,
    /// NFC device `model_id:sn` pairs that already have a scheme (9800010 again).
    pub nfc_devices: HashSet<String>,
    /// Updatable-message activity ids → their state (0 or 1).
    pub activities: HashMap<String, i64>,
}

/// Records the session key `jscode2session` issued.
pub(crate) fn remember_session(state: &Shared, app_id: &str, openid: &str, session_key: &str) {
    state.lock().mini.sessions.insert(
        (app_id.to_owned(), openid.to_owned()),
        session_key.to_owned(),
    );
}

/// HMAC-SHA256 (RFC 2104) in lowercase hex, computed here independently of `wx-api`.
pub(crate) fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    use hmac::{Mac, SimpleHmac};
    match SimpleHmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize()
                .into_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        }
        // Unreachable: HMAC takes keys of any length.
        Err(_) => String::new(),
    }
}

/// A code used once: 40163 (or `reused`) the second time, `invalid` for `invalid*` codes.
fn use_code(state: &Shared, app_id: &str, code: &str, invalid: i64, reused: i64) -> Step<()> {
    if code.starts_with("invalid") {
        return Err(reply::reject(invalid, "invalid code"));
    }
    if !state
        .lock()
        .mini
        .used_codes
        .insert(format!("{app_id}:{code}"))
    {
        return Err(reply::reject(reused, "code been used"));
    }
    Ok(())
}

/// The openid whose login-state signature in the query is right: 87008 for another
/// `sig_method`, 87009 for a wrong signature or a user without a session.
fn signed(state: &Shared, app_id: &str, q: &Params) -> Step<String> {
    check_query(q, &["openid", "signature", "sig_method"])?;
    if q.get("sig_method").map(String::as_str) != Some("hmac_sha256") {
        return Err(reply::reject(87008, "invalid sig_method"));
    }
    let openid = q.get("openid").cloned().unwrap_or_default();
    let key = state
        .lock()
        .mini
        .sessions
        .get(&(app_id.to_owned(), openid.clone()))
        .cloned();
    let expected = key.map(|k| hmac_sha256_hex(k.as_bytes(), b""));
    if expected.as_deref() != q.get("signature").map(String::as_str) {
        return Err(reply::reject(87009, "invalid signature"));
    }
    Ok(openid)
}

pub(super) async fn check_session(
    State(state): State<Shared>,
    Query(q): Query<Params>,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        signed(&state, &app_id, &q)?;
        Ok(reply::ok())
    })())
}

pub(super) async fn reset_session(
    State(state): State<Shared>,
    Query(q): Query<Params>,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let openid = signed(&state, &app_id, &q)?;
        let fresh = format!("sk-{}", state.id("reset"));
        remember_session(&state, &app_id, &openid, &fresh);
        Ok(reply::ok_with(
            json!({ "openid": openid, "session_key": fresh }),
        ))
    })())
}

pub(super) async fn encrypt_key(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let openid = signed(&state, &app_id, &q)?;
        let now = crate::clock::unix_now() as i64;
        let keys: Vec<Value> = (0..3)
            .map(|i| {
                json!({
                    "encrypt_key": hmac_sha256_hex(openid.as_bytes(), &[i])[..24].to_owned(),
                    "iv": hmac_sha256_hex(b"iv", &[i])[..16].to_owned(),
                    "version": 10 - i64::from(i),
                    "expire_in": if i == 0 { 3600 } else { 0 },
                    "create_time": now - 3600 * i64::from(i),
                })
            })
            .collect();
        Ok(reply::ok_with(json!({ "key_info_list": keys })))
    })())
}

pub(super) async fn phone_number(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(
            &map,
            &[("code", Kind::Str, true), ("openid", Kind::Str, false)],
        )?;
        let code = map.get("code").and_then(Value::as_str).unwrap_or_default();
        use_code(&state, &app_id, code, 40029, 40029)?;
        Ok(reply::ok_with(json!({
            "phone_info": {
                "phoneNumber": "+86 13800000000",
                "purePhoneNumber": "13800000000",
                "countryCode": "86",
                "watermark": { "timestamp": crate::clock::unix_now(), "appid": app_id },
            }
        })))
    })())
}

/// `/wxa/getpaidunionid`: by transaction id, or by merchant id and order number.
pub(super) fn paid_unionid() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &["openid"], |c| {
        let q = c.query;
        let openid = super::known_openid(q.get("openid").map(String::as_str).unwrap_or_default())?;
        let by_tx = q.get("transaction_id").is_some_and(|v| !v.is_empty());
        let by_order = q.get("mch_id").is_some_and(|v| !v.is_empty())
            && q.get("out_trade_no").is_some_and(|v| !v.is_empty());
        let order = match (by_tx, by_order) {
            (true, false) => q.get("transaction_id"),
            (false, true) => q.get("out_trade_no"),
            _ => {
                return Err(reply::reject(
                    40097,
                    "invalid args: transaction_id, or mch_id and out_trade_no",
                ))
            }
        };
        if order.is_some_and(|o| o.starts_with("invalid")) {
            return Err(reply::reject(89300, "invalid trade"));
        }
        Ok(reply::ok_with(
            json!({ "unionid": format!("union-{openid}") }),
        ))
    })
}

pub(super) async fn check_encrypted(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(&map, &[("encrypted_msg_hash", Kind::Str, true)])?;
        let hash = map
            .get("encrypted_msg_hash")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(reply::reject(40097, "invalid args"));
        }
        if hash.bytes().all(|b| b == b'0') {
            return Err(reply::reject(1, "data not exist"));
        }
        Ok(reply::ok_with(
            json!({ "vaild": true, "create_time": crate::clock::unix_now() }),
        ))
    })())
}

pub(super) async fn plugin_openpid(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(&map, &[("code", Kind::Str, true)])?;
        let code = map.get("code").and_then(Value::as_str).unwrap_or_default();
        use_code(&state, &app_id, code, 1007, 1007)?;
        Ok(reply::ok_with(
            json!({ "openpid": format!("pid-{}", hmac_sha256_hex(app_id.as_bytes(), code.as_bytes())[..20].to_owned()) }),
        ))
    })())
}
