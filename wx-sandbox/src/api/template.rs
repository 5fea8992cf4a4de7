//! Template messages: each Official Account's industries and private templates, with
//! WeChat's limits and errcodes: industry codes 1..=41 of the set-industry page's table
//! (40102), changing the industries deletes the account's templates, 25 templates an
//! account (45026), an empty short id or an unknown template (40037), empty keyword names
//! (40246). Request bodies are checked against this module's own table of required fields
//! and JSON types ([`SPEC`]): 47001 when one is missing or of another type.
//!
//! A template added here is titled after its short id; its content lists the keyword
//! names given (`{{keyword1.DATA}}` for a template added without names).

use super::{Params, Shared};
use crate::reply::{self, either, Step};
use crate::AppKind;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

type Body = Map<String, Value>;

/// Required body fields by path: (name, must be a string (else an array of strings)).
const SPEC: &[(&str, &[(&str, bool)])] = &[
    (
        "/cgi-bin/template/api_set_industry",
        &[("industry_id1", true), ("industry_id2", true)],
    ),
    (
        "/cgi-bin/template/api_add_template",
        &[("template_id_short", true)],
    ),
    (
        "/cgi-bin/template/del_private_template",
        &[("template_id", true)],
    ),
];

/// The set-industry page's table: code → (class, sub-class).
const INDUSTRIES: [(&str, &str); 41] = [
    ("IT科技", "互联网|电子商务"),
    ("IT科技", "IT软件与服务"),
    ("IT科技", "IT硬件与设备"),
    ("IT科技", "电子技术"),
    ("IT科技", "通信与运营商"),
    ("IT科技", "网络游戏"),
    ("金融业", "银行"),
    ("金融业", "基金理财信托"),
    ("金融业", "保险"),
    ("餐饮", "餐饮"),
    ("酒店旅游", "酒店"),
    ("酒店旅游", "旅游"),
    ("运输与仓储", "快递"),
    ("运输与仓储", "物流"),
    ("运输与仓储", "仓储"),
    ("教育", "培训"),
    ("教育", "院校"),
    ("政府与公共事业", "学术科研"),
    ("政府与公共事业", "交警"),
    ("政府与公共事业", "博物馆"),
    ("政府与公共事业", "公共事业非盈利机构"),
    ("医药护理", "医药医疗"),
    ("医药护理", "护理美容"),
    ("医药护理", "保健与卫生"),
    ("交通工具", "汽车相关"),
    ("交通工具", "摩托车相关"),
    ("交通工具", "火车相关"),
    ("交通工具", "飞机相关"),
    ("房地产", "建筑"),
    ("房地产", "物业"),
    ("消费品", "消费品"),
    ("商业服务", "法律"),
    ("商业服务", "会展"),
    ("商业服务", "中介服务"),
    ("商业服务", "认证"),
    ("商业服务", "审计"),
    ("文体娱乐", "传媒"),
    ("文体娱乐", "体育"),
    ("文体娱乐", "娱乐休闲"),
    ("印刷", "印刷"),
    ("其它", "其它"),
];

const MAX_TEMPLATES: usize = 25;

/// One private template.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub template_id: String,
    pub title: String,
    pub industry: u32,
    pub content: String,
}

/// The template messages of one Official Account.
#[derive(Debug, Default)]
pub(crate) struct Templates {
    /// (primary, secondary) industry codes, once set.
    pub industry: Option<(u32, u32)>,
    pub templates: Vec<Template>,
}

fn begin(state: &Shared, q: &Params, path: &str, body: &Bytes) -> Step<(String, Body)> {
    let app_id = super::authorize(state, q, Some(AppKind::OfficialAccount))?;
    let map = super::json_body(body)?;
    let fields = SPEC
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(&[][..], |(_, f)| *f);
    for (name, string) in fields {
        let ok = match map.get(*name) {
            Some(Value::String(_)) => *string,
            Some(Value::Array(a)) => !*string && a.iter().all(Value::is_string),
            _ => false,
        };
        if !ok {
            return Err(reply::reject(
                47001,
                &format!("data format error: `{name}` missing or of the wrong type"),
            ));
        }
    }
    Ok((app_id, map))
}

fn industry_code(map: &Body, name: &str) -> Step<u32> {
    map.get(name)
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|n| (1..=41).contains(n))
        .ok_or_else(|| reply::reject(40102, "invalid industry id"))
}

fn industry_json(code: u32) -> Value {
    let (first, second) = INDUSTRIES[(code as usize).saturating_sub(1).min(40)];
    json!({ "first_class": first, "second_class": second })
}

/// `POST /cgi-bin/template/api_set_industry`: the old industry's templates are deleted.
pub(super) async fn set_industry(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, "/cgi-bin/template/api_set_industry", &body)?;
        let one = industry_code(&map, "industry_id1")?;
        let two = industry_code(&map, "industry_id2")?;
        let mut inner = state.lock();
        let t = inner.templates.entry(app_id).or_default();
        if t.industry != Some((one, two)) {
            t.templates.clear();
        }
        t.industry = Some((one, two));
        Ok(reply::ok())
    })())
}

/// `GET /cgi-bin/template/get_industry`.
pub(super) async fn get_industry(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let mut inner = state.lock();
        let t = inner.templates.entry(app_id).or_default();
        let out = match t.industry {
            Some((one, two)) => json!({
                "primary_industry": industry_json(one),
                "secondary_industry": industry_json(two),
            }),
            None => json!({}),
        };
        Ok(reply::json(out))
    })())
}

/// `POST /cgi-bin/template/api_add_template`.
pub(super) async fn add(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, "/cgi-bin/template/api_add_template", &body)?;
        let short = map
            .get("template_id_short")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if short.is_empty() {
            return Err(reply::reject(40037, "invalid template_id"));
        }
        let names: Option<Vec<String>> = match map.get("keyword_name_list") {
            None | Some(Value::Null) => None,
            Some(Value::Array(a)) => Some(
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_owned())
                    .collect(),
            ),
            Some(_) => return Err(reply::reject(47001, "data format error")),
        };
        if let Some(names) = &names {
            if names.is_empty() || names.iter().any(String::is_empty) {
                return Err(reply::reject(40246, "keyword name invalid"));
            }
        }
        let template_id = state.id("tmpl");
        let mut inner = state.lock();
        let t = inner.templates.entry(app_id).or_default();
        if t.templates.len() >= MAX_TEMPLATES {
            return Err(reply::reject(45026, "template size out of limit"));
        }
        let content = match &names {
            Some(names) => names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{n}:{{{{keyword{}.DATA}}}}", i + 1))
                .collect::<Vec<_>>()
                .join("\n"),
            None => "{{keyword1.DATA}}".to_owned(),
        };
        t.templates.push(Template {
            template_id: template_id.clone(),
            title: format!("模板 {short}"),
            industry: t.industry.map_or(41, |(one, _)| one),
            content,
        });
        Ok(reply::ok_with(json!({ "template_id": template_id })))
    })())
}

/// `GET /cgi-bin/template/get_all_private_template`.
pub(super) async fn list(State(state): State<Shared>, Query(q): Query<Params>) -> Response {
    either((|| {
        let app_id = super::authorize(&state, &q, Some(AppKind::OfficialAccount))?;
        let mut inner = state.lock();
        let t = inner.templates.entry(app_id).or_default();
        let list: Vec<Value> = t
            .templates
            .iter()
            .map(|x| {
                let industry = industry_json(x.industry);
                json!({
                    "template_id": x.template_id,
                    "title": x.title,
                    "primary_industry": industry["first_class"],
                    "deputy_industry": industry["second_class"],
                    "content": x.content,
                    "example": "",
                })
            })
            .collect();
        Ok(reply::json(json!({ "template_list": list })))
    })())
}

/// `POST /cgi-bin/template/del_private_template`.
pub(super) async fn delete(
    State(state): State<Shared>,
    Query(q): Query<Params>,
    body: Bytes,
) -> Response {
    either((|| {
        let (app_id, map) = begin(&state, &q, "/cgi-bin/template/del_private_template", &body)?;
        let id = map
            .get("template_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut inner = state.lock();
        let t = inner.templates.entry(app_id).or_default();
        let before = t.templates.len();
        t.templates.retain(|x| x.template_id != id);
        if t.templates.len() == before {
            return Err(reply::reject(40037, "invalid template_id"));
        }
        Ok(reply::ok())
    })())
}
