//! Subscribe-message templates (`/wxaapi/newtmpl/*`, for both kinds of app) and the
//! Official Account's `bizsend`, with state: a small public library (categories, titles,
//! keywords) the test accounts share, each app's private templates, and sends that need
//! one of them.
//!
//! The library: category 616 (公交) with titles 99 (付款成功通知, one-time, keywords 1..=5)
//! and 401 (出行提醒, long-term, keywords 1..=3); category 627 (导航) with title 10000001
//! (a new one-time template, no keywords). Checks and answers: `tid` not in the library
//! 200014, `kidList` of 2..=5 keywords of the title (none for a new one-time title)
//! 200020, `sceneDesc` over 15 characters 200021, `getpubtemplatetitles` start/limit/ids
//! 200016/200017/200018/200019, an unknown private template 40037 (delete, bizsend).
//! Bodies are checked against this module's own table of required fields and JSON types
//! ([`SPEC`]): 47001 when one is missing or of another type.

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

type Body = Map<String, Value>;

#[derive(Clone, Copy)]
enum Ty {
    Str,
    Array,
    Object,
}

/// Required body fields by path, with their JSON types.
const SPEC: &[(&str, &[(&str, Ty)])] = &[
    (
        "/wxaapi/newtmpl/addtemplate",
        &[("tid", Ty::Str), ("kidList", Ty::Array)],
    ),
    ("/wxaapi/newtmpl/deltemplate", &[("priTmplId", Ty::Str)]),
    (
        "/cgi-bin/message/subscribe/bizsend",
        &[
            ("touser", Ty::Str),
            ("template_id", Ty::Str),
            ("data", Ty::Object),
        ],
    ),
];

/// (category id, name).
const CATEGORIES: &[(u64, &str)] = &[(616, "公交"), (627, "导航")];
/// A public title: (tid, title, type, category, keyword names with their rule).
type PubTitle = (
    u64,
    &'static str,
    u32,
    u64,
    &'static [(&'static str, &'static str)],
);

const TITLES: &[PubTitle] = &[
    (
        99,
        "付款成功通知",
        2,
        616,
        &[
            ("物品名称", "thing"),
            ("支付金额", "amount"),
            ("支付时间", "time"),
            ("订单号", "character_string"),
            ("备注", "thing"),
        ],
    ),
    (
        401,
        "出行提醒",
        3,
        616,
        &[("线路", "thing"), ("出发时间", "time"), ("状态", "phrase")],
    ),
    (10_000_001, "一次性提醒", 2, 627, &[]),
];

/// One private template.
#[derive(Debug, Clone)]
pub(crate) struct Private {
    pub id: String,
    pub tid: u64,
    pub kids: Vec<u64>,
}

/// The private subscribe templates of one app.
#[derive(Debug, Default)]
pub(crate) struct Privates {
    pub templates: Vec<Private>,
}

fn spec_body(path: &str, body: &Bytes) -> Step<Body> {
    let map = super::json_body(body)?;
    let fields = SPEC
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(&[][..], |(_, f)| *f);
    for (name, ty) in fields {
        let ok = matches!(
            (ty, map.get(*name)),
            (Ty::Str, Some(Value::String(_)))
                | (Ty::Array, Some(Value::Array(_)))
                | (Ty::Object, Some(Value::Object(_)))
        );
        if !ok {
            return Err(reply::reject(
                47001,
                &format!("data format error: `{name}` missing or of the wrong type"),
            ));
        }
    }
    Ok(map)
}

fn title(tid: u64) -> Option<&'static PubTitle> {
    TITLES.iter().find(|t| t.0 == tid)
}

/// `POST /wxaapi/newtmpl/addtemplate`.
pub(super) async fn add(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, None)?;
        let map = spec_body("/wxaapi/newtmpl/addtemplate", &body)?;
        let tid = map
            .get("tid")
            .and_then(Value::as_str)
            .and_then(|t| t.parse::<u64>().ok())
            .ok_or_else(|| reply::reject(200014, "invalid tid"))?;
        let t = title(tid).ok_or_else(|| reply::reject(200014, "invalid tid"))?;
        let kids: Vec<u64> = map
            .get("kidList")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        let count_ok = if t.4.is_empty() {
            kids.is_empty()
        } else {
            (2..=5).contains(&kids.len())
        };
        let known = kids.iter().all(|k| (1..=t.4.len() as u64).contains(k));
        if !count_ok || !known {
            return Err(reply::reject(200020, "invalid kidList"));
        }
        if map
            .get("sceneDesc")
            .and_then(Value::as_str)
            .is_some_and(|s| s.chars().count() > 15)
        {
            return Err(reply::reject(200021, "invalid sceneDesc"));
        }
        let id = state.id("pri");
        let mut inner = state.lock();
        inner
            .subscribe_templates
            .entry(app_id)
            .or_default()
            .templates
            .push(Private {
                id: id.clone(),
                tid,
                kids,
            });
        Ok(reply::ok_with(json!({ "priTmplId": id })))
    })())
}

/// `POST /wxaapi/newtmpl/deltemplate`.
pub(super) async fn delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, None)?;
        let map = spec_body("/wxaapi/newtmpl/deltemplate", &body)?;
        let id = map
            .get("priTmplId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut inner = state.lock();
        let p = inner.subscribe_templates.entry(app_id).or_default();
        let before = p.templates.len();
        p.templates.retain(|t| t.id != id);
        if p.templates.len() == before {
            return Err(reply::reject(40037, "invalid template_id"));
        }
        Ok(reply::ok())
    })())
}

/// `GET /wxaapi/newtmpl/getcategory`.
pub(super) async fn categories(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, None)?;
        let data: Vec<Value> = CATEGORIES
            .iter()
            .map(|(id, name)| json!({ "id": id, "name": name }))
            .collect();
        Ok(reply::ok_with(json!({ "data": data })))
    })())
}

/// `GET /wxaapi/newtmpl/getpubtemplatekeywords?tid=`.
pub(super) async fn keywords(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, None)?;
        let t = q
            .get("tid")
            .and_then(|t| t.parse::<u64>().ok())
            .and_then(title)
            .ok_or_else(|| reply::reject(200014, "invalid tid"))?;
        let data: Vec<Value> = t
            .4
            .iter()
            .enumerate()
            .map(|(i, (name, rule))| {
                json!({ "kid": i + 1, "name": name, "example": "", "rule": rule })
            })
            .collect();
        Ok(reply::ok_with(json!({ "count": data.len(), "data": data })))
    })())
}

/// `GET /wxaapi/newtmpl/getpubtemplatetitles?ids=&start=&limit=`.
pub(super) async fn titles(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        super::authorize(&state, &q, None)?;
        let ids = q
            .get("ids")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| reply::reject(200018, "missing ids"))?;
        let ids: Vec<u64> = ids
            .split(',')
            .map(|s| s.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| reply::reject(200019, "invalid ids"))?;
        let start = q
            .get("start")
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| reply::reject(200016, "invalid start"))?;
        let limit = q
            .get("limit")
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|n| (1..=30).contains(n))
            .ok_or_else(|| reply::reject(200017, "invalid limit"))?;
        let all: Vec<_> = TITLES.iter().filter(|t| ids.contains(&t.3)).collect();
        let data: Vec<Value> = all
            .iter()
            .skip(start)
            .take(limit)
            .map(
                |t| json!({ "tid": t.0, "title": t.1, "type": t.2, "categoryId": t.3.to_string() }),
            )
            .collect();
        Ok(reply::ok_with(json!({ "count": all.len(), "data": data })))
    })())
}

/// `GET /wxaapi/newtmpl/gettemplate`.
pub(super) async fn list(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, None)?;
        let mut inner = state.lock();
        let p = inner.subscribe_templates.entry(app_id).or_default();
        let data: Vec<Value> = p
            .templates
            .iter()
            .filter_map(|x| {
                let t = title(x.tid)?;
                let content: Vec<String> = x
                    .kids
                    .iter()
                    .filter_map(|k| {
                        let (name, rule) = t.4.get((*k as usize).checked_sub(1)?)?;
                        Some(format!("{name}:{{{{{rule}{k}.DATA}}}}"))
                    })
                    .collect();
                Some(json!({
                    "priTmplId": x.id,
                    "title": t.1,
                    "content": content.join("\n"),
                    "example": "",
                    "type": t.2,
                }))
            })
            .collect();
        Ok(reply::ok_with(json!({ "data": data })))
    })())
}

/// `POST /cgi-bin/message/subscribe/bizsend`: needs one of the app's private templates.
pub(super) async fn bizsend(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let map = spec_body("/cgi-bin/message/subscribe/bizsend", &body)?;
        let touser = super::openid(&map, "touser")?;
        let template = map
            .get("template_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut inner = state.lock();
        let p = inner.subscribe_templates.entry(app_id).or_default();
        if !p.templates.iter().any(|t| t.id == template) {
            return Err(reply::reject(40037, "invalid template_id"));
        }
        if touser.starts_with(crate::REFUSING_OPENID_PREFIX) {
            return Err(reply::reject(43101, "user refuse to accept the msg"));
        }
        Ok(reply::ok())
    })())
}
