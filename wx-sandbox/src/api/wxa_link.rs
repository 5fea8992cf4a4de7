//! Mini Program links: URL Schemes (also for NFC), URL Links and Short Links, kept as state
//! so that a generated link can be queried (85403 for one never generated). Request tables
//! and limits are the sandbox's own: path without `?` (40165), query ≤ 1024 characters of
//! the allowed set (40212), env_version (85402), expiry within 30 days (85401).

use super::table::{check_body, post_checked, Checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::response::Response;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};

const SYMBOLS: &str = "!#$&'()*+,/:;=?@-._~%";
/// Opens left today, as the quota query answers it.
const DAILY_VISITS: i64 = 3_000_000;

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn page(path: &str, query: &str, env: Option<&str>) -> Step<()> {
    if path.contains('?') {
        return Err(reply::reject(40165, "invalid weapp pagepath"));
    }
    if query.chars().count() > 1024
        || !query
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SYMBOLS.contains(c))
    {
        return Err(reply::reject(40212, "invalid query"));
    }
    match env {
        None | Some("release" | "trial" | "develop") => Ok(()),
        Some(_) => Err(reply::reject(85402, "invalid env_version")),
    }
}

/// The expiry time of a new link: 85401 outside (now, now + 30 days].
fn expiry(map: &Map<String, Value>, now: i64) -> Step<i64> {
    let max = now + 30 * 86_400;
    match map.get("expire_type").and_then(Value::as_i64).unwrap_or(0) {
        0 => match map.get("expire_time").and_then(Value::as_i64) {
            None => Ok(max),
            Some(t) if t > now && t <= max => Ok(t),
            Some(_) => Err(reply::reject(85401, "invalid expire_time")),
        },
        1 => match map.get("expire_interval").and_then(Value::as_i64) {
            Some(d @ 1..=30) => Ok(now + d * 86_400),
            _ => Err(reply::reject(85401, "invalid expire_interval")),
        },
        _ => Err(reply::reject(40097, "invalid expire_type")),
    }
}

fn store(state: &Shared, key: String, info: Value) {
    state.lock().mini.links.insert(key, info);
}

/// The link's key: the text before any `?cq=` / `&cq=` the developer appended.
fn key_of(link: &str) -> String {
    for marker in ["&cq=", "?cq="] {
        if let Some(i) = link.find(marker) {
            return link[..i].to_owned();
        }
    }
    link.to_owned()
}

fn generate_scheme_like(state: &Shared, app_id: &str, map: &Map<String, Value>) -> Step<String> {
    let jump = map
        .get("jump_wxa")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    check_body(
        &jump,
        &[
            ("path", Kind::Str, false),
            ("query", Kind::Str, false),
            ("env_version", Kind::Str, false),
        ],
    )?;
    let (path, query) = (text(&jump, "path"), text(&jump, "query"));
    let env = jump.get("env_version").and_then(Value::as_str);
    page(path, query, env)?;
    let now = crate::clock::unix_now() as i64;
    let expire = expiry(map, now)?;
    let scheme = format!("weixin://dl/business/?t={}", state.id("S"));
    store(
        state,
        scheme.clone(),
        json!({ "appid": app_id, "path": path, "query": query, "create_time": now,
                "expire_time": expire, "env_version": env.unwrap_or("release") }),
    );
    Ok(scheme)
}

const SCHEME: &[Field] = &[
    ("jump_wxa", Kind::Obj, false),
    ("expire_type", Kind::Int, false),
    ("expire_time", Kind::Int, false),
    ("expire_interval", Kind::Int, false),
];

/// `/wxa/generatescheme`.
pub(super) fn generate_scheme() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), SCHEME, |c| {
        let openlink = generate_scheme_like(c.state, c.app_id, c.body)?;
        Ok(reply::ok_with(json!({ "openlink": openlink })))
    })
}

const NFC: &[Field] = &[
    ("jump_wxa", Kind::Obj, false),
    ("model_id", Kind::Str, true),
    ("sn", Kind::Str, false),
];

/// `/wxa/generatenfcscheme`: one scheme per device (model id and serial number).
pub(super) fn generate_nfc() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), NFC, |c| {
        let device = format!("{}:{}", text(c.body, "model_id"), text(c.body, "sn"));
        if !c.state.lock().mini.nfc_devices.insert(device) {
            return Err(reply::reject(9_800_010, "schema already exists"));
        }
        let openlink = generate_scheme_like(c.state, c.app_id, c.body)?;
        Ok(reply::ok_with(json!({ "openlink": openlink })))
    })
}

/// A query of a generated link (`field` names it) or of the day's visit quota.
fn query_link(c: &Checked<'_>, field: &'static str, info_key: &str) -> Step<Response> {
    match c
        .body
        .get("query_type")
        .and_then(Value::as_i64)
        .unwrap_or(0)
    {
        1 => {
            return Ok(reply::ok_with(
                json!({ "quota_info": { "remain_visit_quota": DAILY_VISITS } }),
            ))
        }
        0 => {}
        _ => return Err(reply::reject(40097, "invalid query_type")),
    }
    let link = text(c.body, field);
    if link.is_empty() {
        return Err(reply::reject(40097, "invalid args"));
    }
    let found = c.state.lock().mini.links.get(&key_of(link)).cloned();
    match found {
        Some(info) if info["appid"] == c.app_id => Ok(reply::ok_with(
            json!({ info_key: info, "visit_openid": "" }),
        )),
        _ => Err(reply::reject(85403, "scheme not exist")),
    }
}

const QUERY_SCHEME: &[Field] = &[
    ("scheme", Kind::Str, false),
    ("query_type", Kind::Int, false),
];

/// `/wxa/queryscheme`.
pub(super) fn query_scheme() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), QUERY_SCHEME, |c| {
        query_link(&c, "scheme", "scheme_info")
    })
}

const URLLINK: &[Field] = &[
    ("path", Kind::Str, false),
    ("query", Kind::Str, false),
    ("env_version", Kind::Str, false),
    ("expire_type", Kind::Int, false),
    ("expire_time", Kind::Int, false),
    ("expire_interval", Kind::Int, false),
    ("cloud_base", Kind::Obj, false),
];

const CLOUD_BASE: &[Field] = &[
    ("env", Kind::Str, true),
    ("domain", Kind::Str, false),
    ("path", Kind::Str, false),
    ("query", Kind::Str, false),
    ("resource_appid", Kind::Str, false),
];

/// `/wxa/generate_urllink`.
pub(super) fn generate_urllink() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), URLLINK, |c| {
        let map = c.body;
        let (path, query) = (text(map, "path"), text(map, "query"));
        let env = map.get("env_version").and_then(Value::as_str);
        page(path, query, env)?;
        let cloud = map.get("cloud_base").and_then(Value::as_object).cloned();
        if let Some(cb) = &cloud {
            check_body(cb, CLOUD_BASE)?;
            page(text(cb, "path"), text(cb, "query"), None)?;
        }
        let now = crate::clock::unix_now() as i64;
        let expire = expiry(map, now)?;
        let link = format!("https://wxaurl.cn/{}", c.state.id("L"));
        let mut info = json!({ "appid": c.app_id, "path": path, "query": query, "create_time": now,
                               "expire_time": expire, "env_version": env.unwrap_or("release") });
        if let Some(cb) = cloud {
            info["cloud_base"] = Value::Object(cb);
        }
        store(c.state, link.clone(), info);
        Ok(reply::ok_with(json!({ "url_link": link })))
    })
}

const QUERY_URLLINK: &[Field] = &[
    ("url_link", Kind::Str, false),
    ("query_type", Kind::Int, false),
];

/// `/wxa/query_urllink`.
pub(super) fn query_urllink() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), QUERY_URLLINK, |c| {
        query_link(&c, "url_link", "url_link_info")
    })
}

const SHORT_LINK: &[Field] = &[
    ("page_url", Kind::Str, true),
    ("page_title", Kind::Str, false),
    ("is_permanent", Kind::Bool, false),
];

/// `/wxa/genwxashortlink`.
pub(super) fn short_link() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), SHORT_LINK, |c| {
        let url = text(c.body, "page_url");
        if url.is_empty() || url.chars().count() > 1024 {
            return Err(reply::reject(40165, "invalid page_url"));
        }
        let title: String = text(c.body, "page_title").chars().take(20).collect();
        Ok(reply::ok_with(
            json!({ "link": format!("#小程序://sandbox/{title}/{}", c.state.id("K")) }),
        ))
    })
}
