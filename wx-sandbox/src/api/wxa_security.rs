//! Mini Program content security (v2) and user risk rank. Request tables and limits are
//! the sandbox's own: `version` must be 2 (47001), `scene` 1..=4 (40129), `content` ≤ 2500
//! characters, `media_type` 1 or 2. Text holding `risky` is answered `risky` (label 20001);
//! openids starting with `risky` rank 4.

use super::wxa_user::{check_body, Kind};
use super::{Params, Shared};
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
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

pub(super) async fn text(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(
            &map,
            &[
                ("content", Kind::Str, true),
                ("version", Kind::Int, true),
                ("scene", Kind::Int, true),
                ("openid", Kind::Str, true),
                ("title", Kind::Str, false),
                ("nickname", Kind::Str, false),
                ("signature", Kind::Str, false),
            ],
        )?;
        version_and_scene(&map)?;
        super::openid(&map, "openid")?;
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
    })())
}

pub(super) async fn media(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(
            &map,
            &[
                ("media_url", Kind::Str, true),
                ("media_type", Kind::Int, true),
                ("version", Kind::Int, true),
                ("scene", Kind::Int, true),
                ("openid", Kind::Str, true),
            ],
        )?;
        version_and_scene(&map)?;
        super::openid(&map, "openid")?;
        if !matches!(map.get("media_type").and_then(Value::as_i64), Some(1 | 2)) {
            return Err(reply::reject(
                47001,
                "data format error: media_type must be 1 or 2",
            ));
        }
        Ok(reply::ok_with(json!({ "trace_id": state.id("trace-") })))
    })())
}

pub(super) async fn risk_rank(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        check_body(
            &map,
            &[
                ("appid", Kind::Str, true),
                ("openid", Kind::Str, true),
                ("scene", Kind::Int, true),
                ("mobile_no", Kind::Str, false),
                ("client_ip", Kind::Str, true),
                ("email_address", Kind::Str, false),
                ("extended_info", Kind::Str, false),
                ("is_test", Kind::Bool, false),
            ],
        )?;
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
    })())
}
