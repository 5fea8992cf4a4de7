//! Mini Program content security (v2) and user risk rank. Request tables and limits are
//! the sandbox's own: `version` must be 2 (47001), `scene` 1..=4 (40129), `content` ≤ 2500
//! characters, `media_type` 1 or 2. Text holding `risky` is answered `risky` (label 20001);
//! openids starting with `risky` rank 4.

use super::table::{post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};

fn version_and_scene(map: &Map<String, Value>) -> Step<()> {
    if map.get("version").and_then(Value::as_i64) != Some(2) {
        return Err(reply::reject(47001, "data format error: version must be 2"));
    }
    match map.get("scene").and_then(Value::as_i64) {
        Some(1..=4) => Ok(()),
        _ => Err(reply::reject(40129, "invalid scene")),
    }
}

const TEXT: &[Field] = &[
    ("content", Kind::Str, true),
    ("version", Kind::Int, true),
    ("scene", Kind::Int, true),
    ("openid", Kind::Str, true),
    ("title", Kind::Str, false),
    ("nickname", Kind::Str, false),
    ("signature", Kind::Str, false),
];

/// `/wxa/msg_sec_check` (v2).
pub(super) fn text() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), TEXT, |c| {
        let (state, map) = (c.state, c.body);
        version_and_scene(map)?;
        super::openid(map, "openid")?;
        let content = map
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if content.chars().count() > 2500 {
            return Err(reply::reject(
                47001,
                "data format error: content over 2500 characters",
            ));
        }
        let (suggest, label) = if content.contains("risky") {
            ("risky", 20001)
        } else {
            ("pass", 100)
        };
        Ok(reply::ok_with(json!({
            "trace_id": state.id("trace-"),
            "result": { "suggest": suggest, "label": label },
            "detail": [{ "strategy": "content_model", "errcode": 0, "suggest": suggest, "label": label, "prob": 90 }],
        })))
    })
}

const MEDIA: &[Field] = &[
    ("media_url", Kind::Str, true),
    ("media_type", Kind::Int, true),
    ("version", Kind::Int, true),
    ("scene", Kind::Int, true),
    ("openid", Kind::Str, true),
];

/// `/wxa/media_check_async` (v2).
pub(super) fn media() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), MEDIA, |c| {
        let (state, map) = (c.state, c.body);
        version_and_scene(map)?;
        super::openid(map, "openid")?;
        if !matches!(map.get("media_type").and_then(Value::as_i64), Some(1 | 2)) {
            return Err(reply::reject(
                47001,
                "data format error: media_type must be 1 or 2",
            ));
        }
        Ok(reply::ok_with(json!({ "trace_id": state.id("trace-") })))
    })
}

const RISK_RANK: &[Field] = &[
    ("appid", Kind::Str, true),
    ("openid", Kind::Str, true),
    ("scene", Kind::Int, true),
    ("mobile_no", Kind::Str, false),
    ("client_ip", Kind::Str, true),
    ("email_address", Kind::Str, false),
    ("extended_info", Kind::Str, false),
    ("is_test", Kind::Bool, false),
];

/// `/wxa/getuserriskrank`.
pub(super) fn risk_rank() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), RISK_RANK, |c| {
        let (state, map) = (c.state, c.body);
        if !matches!(map.get("scene").and_then(Value::as_i64), Some(0..=2)) {
            return Err(reply::reject(
                47001,
                "data format error: scene must be 0, 1 or 2",
            ));
        }
        let openid = map
            .get("openid")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let rank = if openid.starts_with("risky") { 4 } else { 0 };
        Ok(reply::json(
            json!({ "errcode": 0, "errmsg": "getuserriskrank succ", "risk_rank": rank, "unoin_id": state.next() }),
        ))
    })
}
