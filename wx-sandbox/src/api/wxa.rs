//! Mini Program: login, the three mini-program codes, the WeChat Search data import.

use super::{Params, Shared};
use crate::reply::{self, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use std::collections::HashSet;
use std::sync::Mutex;

use crate::reply::either;

static USED_CODES: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// `js_code`s starting with `invalid` are refused (40029); each code works once (40163).
pub(super) async fn login(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let appid = q.get("appid").map(String::as_str).unwrap_or_default();
        let app = state
            .app(appid)
            .ok_or_else(|| reply::reject(40013, "invalid appid"))?;
        if q.get("secret") != Some(&app.secret) {
            return Err(reply::reject(40125, "invalid appsecret"));
        }
        if app.kind != AppKind::MiniProgram {
            return Err(reply::reject(48001, "api unauthorized"));
        }
        if q.get("grant_type").map(String::as_str) != Some("authorization_code") {
            return Err(reply::reject(40002, "invalid grant_type"));
        }
        let code = q
            .get("js_code")
            .filter(|c| !c.is_empty() && !c.starts_with("invalid"))
            .ok_or_else(|| reply::reject(40029, "invalid code"))?;
        let fresh = USED_CODES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(HashSet::new)
            .insert(format!("{appid}:{code}"));
        if !fresh {
            return Err(reply::reject(40163, "code been used"));
        }
        let openid = format!("o-sbx-{code}");
        let session_key = format!("sk-{}", state.id(""));
        super::wxa_user::remember_session(&state, appid, &openid, &session_key);
        Ok(reply::json(serde_json::json!({
            "openid": openid,
            "session_key": session_key,
            "unionid": format!("union-o-sbx-{code}"),
        })))
    })())
}

fn width_ok(map: &serde_json::Map<String, serde_json::Value>) -> Step<()> {
    match super::uint(map, "width")? {
        Some(w) if !(280..=1280).contains(&w) => {
            Err(reply::reject(40097, "invalid width, 280..=1280"))
        }
        _ => Ok(()),
    }
}

fn env_ok(map: &serde_json::Map<String, serde_json::Value>) -> Step<()> {
    match map.get("env_version").and_then(|v| v.as_str()) {
        None | Some("release" | "trial" | "develop") => Ok(()),
        Some(_) => Err(reply::reject(40097, "invalid env_version")),
    }
}

fn image(content: &str, hyaline: bool) -> Response {
    let mut bytes = if hyaline {
        b"\x89PNG\r\n\x1a\n".to_vec()
    } else {
        vec![0xFF, 0xD8, 0xFF, 0xE0]
    };
    bytes.extend_from_slice(content.as_bytes());
    reply::bytes(
        if hyaline { "image/png" } else { "image/jpeg" },
        bytes,
        None,
    )
}

fn hyaline(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    map.get("is_hyaline")
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub(super) async fn code_a(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        let path = super::string(&map, "path", 40159)?;
        if path.len() > 1024 {
            return Err(reply::reject(40159, "invalid length for path"));
        }
        width_ok(&map)?;
        env_ok(&map)?;
        Ok(image(path, hyaline(&map)))
    })())
}

const SCENE_CHARS: &str = "!#$&'()*+,/:;=?@-._~";

pub(super) async fn code_b(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        let scene = map
            .get("scene")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let valid = (1..=32).contains(&scene.chars().count())
            && scene
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || SCENE_CHARS.contains(c));
        if !valid {
            return Err(reply::reject(
                40169,
                "invalid length for scene, or the data is not json string",
            ));
        }
        if let Some(page) = map.get("page").and_then(|v| v.as_str()) {
            if page.starts_with('/') || page.contains('?') {
                return Err(reply::reject(41030, "invalid page rid"));
            }
        }
        width_ok(&map)?;
        env_ok(&map)?;
        Ok(image(scene, hyaline(&map)))
    })())
}

pub(super) async fn code_square(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        let map = super::json_body(&body)?;
        let path = super::string(&map, "path", 40159)?;
        // [conflict] 128 bytes (older page) or characters (newer): the permissive reading.
        if path.chars().count() > 128 {
            return Err(reply::reject(40159, "invalid length for path"));
        }
        width_ok(&map)?;
        Ok(image(path, false))
    })())
}

/// What the `query` and `data` strings must hold (the search-widget import page):
/// `{"type": <service type>}` (a number in the docs; a numeric string, as WxJava sends, is
/// accepted too), and
/// `{"items": [...], "attribute": {id, seq, count, totalcount}}` with `count` items; 47001
/// otherwise.
fn import_contents(map: &serde_json::Map<String, serde_json::Value>) -> Step<()> {
    let parse = |key: &str| {
        map.get(key)
            .and_then(|v| v.as_str())
            .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
            .unwrap_or_default()
    };
    let bad = |what: &str| Err(reply::reject(47001, &format!("data format error: {what}")));
    let query = parse("query");
    let service_type = &query["type"];
    let type_ok = service_type.as_u64().is_some()
        || service_type
            .as_str()
            .is_some_and(|t| t.parse::<u64>().is_ok());
    if !type_ok {
        return bad("`query` needs a service `type`");
    }
    let data = parse("data");
    let Some(items) = data["items"].as_array() else {
        return bad("`data` needs an `items` list");
    };
    let attribute = &data["attribute"];
    let number = |k: &str| attribute[k].as_u64();
    let id_ok = attribute["id"].as_str().is_some_and(|id| !id.is_empty());
    match (number("seq"), number("count"), number("totalcount")) {
        (Some(_), Some(count), Some(total))
            if id_ok && count == items.len() as u64 && count <= total =>
        {
            Ok(())
        }
        _ => bad("`data.attribute` needs id, seq, count (= the items sent) and totalcount"),
    }
}

/// `/wxa/setdynamicdata`: `query` and `data` must be JSON *strings* holding JSON, and one
/// body at most 5 KB; the token must be a Mini Program's.
pub(super) async fn search_import(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::MiniProgram))?;
        if body.len() > 5 * 1024 {
            return Err(reply::reject(40035, "invalid parameter: body over 5 KB"));
        }
        let map = super::json_body(&body)?;
        super::uint(&map, "lifespan")?
            .ok_or_else(|| reply::reject(40035, "invalid parameter: lifespan"))?;
        if map.get("scene").and_then(|v| v.as_i64()).is_none() {
            return Err(reply::reject(40035, "invalid parameter: scene"));
        }
        for key in ["query", "data"] {
            let text = map.get(key).and_then(|v| v.as_str()).ok_or_else(|| {
                reply::reject(
                    47001,
                    &format!("data format error: `{key}` must be a JSON string"),
                )
            })?;
            if !serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_object()) {
                return Err(reply::reject(
                    47001,
                    &format!("data format error: `{key}` must hold a JSON object"),
                ));
            }
        }
        import_contents(&map)?;
        state.lock().sent.push(crate::SentMessage {
            app_id,
            endpoint: "/wxa/setdynamicdata".into(),
            body: serde_json::Value::Object(map),
        });
        Ok(reply::ok())
    })())
}
