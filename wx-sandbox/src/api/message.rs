//! Outbound messages: checked against the documented shapes, recorded for inspection.

use super::{Params, Shared};
use crate::reply::{self, Step};
use crate::state::SentMessage;
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Query, State};
use axum::response::Response;

type Map = serde_json::Map<String, serde_json::Value>;

use crate::reply::either;

fn record(state: &Shared, app_id: String, path: &str, body: Map) {
    state.lock().sent.push(SentMessage {
        app_id,
        endpoint: path.to_owned(),
        body: serde_json::Value::Object(body),
    });
}

/// The payload object named by `msgtype`, which must be one of `allowed`.
fn payload<'a>(map: &'a Map, allowed: &[&str]) -> Step<(&'a str, &'a Map)> {
    let msgtype = super::string(map, "msgtype", 40008)?;
    if !allowed.contains(&msgtype) {
        return Err(reply::reject(
            40008,
            &format!("invalid message type `{msgtype}`"),
        ));
    }
    Ok((msgtype, object(map, msgtype)?))
}

/// The object under `key`; 40035 when missing.
fn object<'a>(map: &'a Map, key: &str) -> Step<&'a Map> {
    map.get(key)
        .and_then(|v| v.as_object())
        .ok_or_else(|| reply::reject(40035, &format!("invalid parameter: `{key}` object missing")))
}

const OA_CUSTOM: &[&str] = &[
    "text",
    "image",
    "voice",
    "video",
    "music",
    "news",
    "mpnews",
    "mpnewsarticle",
    "msgmenu",
    "wxcard",
    "miniprogrampage",
];
const MP_CUSTOM: &[&str] = &["text", "image", "link", "miniprogrampage"];

pub(super) async fn custom(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    uri: OriginalUri,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, None)?;
        let map = super::json_body(&body)?;
        super::openid(&map, "touser")?;
        let kind = state.app(&app_id).map(|a| a.kind);
        let allowed = if kind == Some(AppKind::MiniProgram) {
            MP_CUSTOM
        } else {
            OA_CUSTOM
        };
        let (msgtype, p) = payload(&map, allowed)?;
        let need = |k: &str| super::string(p, k, 40035).map(|_| ());
        match msgtype {
            "text" => need("content")?,
            "image" | "voice" | "mpnews" => need("media_id")?,
            "video" => need("media_id")?,
            "music" => need("thumb_media_id")?,
            "mpnewsarticle" => need("article_id")?,
            "wxcard" => need("card_id")?,
            "miniprogrampage" => {
                need("pagepath")?;
                need("thumb_media_id")?;
            }
            "link" => {
                need("title")?;
                need("url")?;
            }
            "news" => {
                let n = p
                    .get("articles")
                    .and_then(|a| a.as_array())
                    .map_or(0, |a| a.len());
                if n == 0 {
                    return Err(reply::reject(40035, "invalid parameter: articles"));
                }
                if n > 1 {
                    return Err(reply::reject(45008, "article size out of limit"));
                }
            }
            _ => {}
        }
        record(&state, app_id, uri.path(), map);
        Ok(reply::ok())
    })())
}

pub(super) async fn typing(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, None)?;
        let map = super::json_body(&body)?;
        super::string(&map, "touser", 40003)?;
        match super::string(&map, "command", 40035)? {
            "Typing" | "CancelTyping" => Ok(reply::ok()),
            _ => Err(reply::reject(
                40035,
                "invalid parameter: command must be Typing or CancelTyping",
            )),
        }
    })())
}

pub(super) async fn template(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    uri: OriginalUri,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        super::openid(&map, "touser")?;
        super::string(&map, "template_id", 40037)?;
        let data_ok = map
            .get("data")
            .and_then(|d| d.as_object())
            .is_some_and(|d| {
                d.values()
                    .all(|v| v.get("value").and_then(|x| x.as_str()).is_some())
            });
        if !data_ok {
            return Err(reply::reject(
                47003,
                "argument invalid! data must map keys to {\"value\": string}",
            ));
        }
        if let Some(mp) = map.get("miniprogram") {
            if mp
                .get("appid")
                .and_then(|v| v.as_str())
                .is_none_or(str::is_empty)
            {
                return Err(reply::reject(40035, "invalid parameter: miniprogram.appid"));
            }
        }
        let msgid = 3_000_000_000 + state.next();
        record(&state, app_id, uri.path(), map);
        Ok(reply::ok_with(serde_json::json!({"msgid": msgid})))
    })())
}

pub(super) async fn subscribe(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    uri: OriginalUri,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        let touser = super::openid(&map, "touser")?;
        super::string(&map, "template_id", 40037)?;
        if map.get("data").and_then(|d| d.as_object()).is_none() {
            return Err(reply::reject(47003, "argument invalid! data"));
        }
        let enum_ok = |k: &str, allowed: &[&str]| {
            map.get(k)
                .and_then(|v| v.as_str())
                .is_none_or(|v| allowed.contains(&v))
        };
        if !enum_ok("miniprogram_state", &["developer", "trial", "formal"])
            || !enum_ok("lang", &["zh_CN", "en_US", "zh_HK", "zh_TW"])
        {
            return Err(reply::reject(
                40035,
                "invalid parameter: miniprogram_state or lang",
            ));
        }
        if touser.starts_with(crate::REFUSING_OPENID_PREFIX) {
            return Err(reply::reject(43101, "user refuse to accept the msg"));
        }
        let msgid = 4_000_000_000 + state.next();
        record(&state, app_id, uri.path(), map);
        Ok(reply::ok_with(serde_json::json!({"msgid": msgid})))
    })())
}

/// Mass-send msgtypes and the key of their payload: several images go as `"msgtype":"image"`
/// with `"images":{"media_ids":[...]}`, as the official send pages write it (not
/// `"msgtype":"images"`, which some summaries suggest).
const MASS_TYPES: &[(&str, &str)] = &[
    ("mpnews", "mpnews"),
    ("text", "text"),
    ("voice", "voice"),
    ("image", "images"),
    ("mpvideo", "mpvideo"),
    ("wxcard", "wxcard"),
];
/// A preview shows one image: `"image":{"media_id"}`.
const PREVIEW_TYPES: &[(&str, &str)] = &[
    ("mpnews", "mpnews"),
    ("text", "text"),
    ("voice", "voice"),
    ("image", "image"),
    ("mpvideo", "mpvideo"),
    ("wxcard", "wxcard"),
];

/// The mass payload: its msgtype must be in `types`, its object under the type's key must
/// carry what that type needs.
fn mass_payload(map: &Map, types: &[(&str, &str)]) -> Step<()> {
    let msgtype = super::string(map, "msgtype", 40008)?;
    let (_, key) = types
        .iter()
        .find(|(t, _)| *t == msgtype)
        .ok_or_else(|| reply::reject(40008, &format!("invalid message type `{msgtype}`")))?;
    let p = object(map, key)?;
    let need = |k: &str| super::string(p, k, 40035).map(|_| ());
    match *key {
        "text" => need("content"),
        "wxcard" => need("card_id"),
        "images" => {
            let ids = p.get("media_ids").and_then(|v| v.as_array());
            let ok = ids.is_some_and(|ids| {
                !ids.is_empty()
                    && ids
                        .iter()
                        .all(|i| i.as_str().is_some_and(|s| !s.is_empty()))
            });
            if ok {
                Ok(())
            } else {
                Err(reply::reject(
                    40035,
                    "invalid parameter: images.media_ids must be a non-empty list of media ids",
                ))
            }
        }
        _ => need("media_id"),
    }
}

fn mass(
    state: &Shared,
    q: &Params,
    path: &str,
    body: &Bytes,
    types: &[(&str, &str)],
    check: impl Fn(&Map) -> Step<()>,
) -> Step<Response> {
    let app_id = super::authorize(state, q, Some(AppKind::OfficialAccount))?;
    let map = super::json_body(body)?;
    check(&map)?;
    mass_payload(&map, types)?;
    let msg_id = 1_000_000_000 + state.next();
    // A clientmsgid repeated within 24 h is refused with the first send's msg_id.
    if let Some(id) = map.get("clientmsgid").and_then(|v| v.as_str()) {
        if id.len() > 64 {
            return Err(reply::reject(45067, "clientmsgid too long"));
        }
        let key = (app_id.clone(), id.to_owned());
        let mut inner = state.lock();
        if let Some(first) = inner.mass_client_ids.get(&key) {
            let first = *first;
            drop(inner);
            return Ok(reply::json(serde_json::json!({
                "errcode": 45065,
                "errmsg": "clientmsgid exist",
                "msg_id": first,
            })));
        }
        inner.mass_client_ids.insert(key, msg_id);
    }
    record(state, app_id, path, map);
    Ok(reply::ok_with(
        serde_json::json!({"msg_id": msg_id, "msg_data_id": msg_id + 1}),
    ))
}

pub(super) async fn mass_all(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    uri: OriginalUri,
    body: Bytes,
) -> Response {
    either(mass(&state, &q, uri.path(), &body, MASS_TYPES, |map| {
        let filter = map
            .get("filter")
            .and_then(|f| f.as_object())
            .ok_or_else(|| reply::reject(40035, "invalid parameter: filter"))?;
        let to_all = filter
            .get("is_to_all")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if !to_all && filter.get("tag_id").and_then(|v| v.as_u64()).is_none() {
            return Err(reply::reject(
                40035,
                "invalid parameter: filter needs is_to_all or tag_id",
            ));
        }
        Ok(())
    }))
}

pub(super) async fn mass_openids(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    uri: OriginalUri,
    body: Bytes,
) -> Response {
    either(mass(&state, &q, uri.path(), &body, MASS_TYPES, |map| {
        let n = map
            .get("touser")
            .and_then(|t| t.as_array())
            .map_or(0, |t| t.len());
        if !(2..=10_000).contains(&n) {
            return Err(reply::reject(
                40130,
                "invalid openid list size, at least two openid",
            ));
        }
        Ok(())
    }))
}

pub(super) async fn mass_preview(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    uri: OriginalUri,
    body: Bytes,
) -> Response {
    either(mass(&state, &q, uri.path(), &body, PREVIEW_TYPES, |map| {
        // With both, WeChat uses towxname.
        if map
            .get("towxname")
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.is_empty())
        {
            return Ok(());
        }
        super::openid(map, "touser").map(|_| ())
    }))
}

pub(super) async fn mass_delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        if super::uint(&map, "msg_id")?.is_none() && map.get("url").is_none() {
            return Err(reply::reject(40035, "invalid parameter: msg_id"));
        }
        Ok(reply::ok())
    })())
}

pub(super) async fn mass_status(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = super::json_body(&body)?;
        let id = super::uint(&map, "msg_id")?
            .ok_or_else(|| reply::reject(40035, "invalid parameter: msg_id"))?;
        Ok(reply::json(
            serde_json::json!({"msg_id": id, "msg_status": "SEND_SUCCESS"}),
        ))
    })())
}
