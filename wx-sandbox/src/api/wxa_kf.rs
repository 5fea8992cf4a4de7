//! Mini Program customer service beyond messages: the typing indicator, administrators,
//! sub-merchants (客服子商户) and the binding to WeChat customer service (微信客服).
//! Request tables are the sandbox's own, from the official pages.
//!
//! State, per Mini Program ([`Desk`]):
//! - administrators: `setadmin` adds a `kf_openid` (per sub-merchant), `canceladmin`
//!   removes it; cancelling one that is not an administrator is 65401 (invalid account);
//!   a `kf_openid` starting with `invalid` is 40003;
//! - sub-merchants: `register` gives ids 1, 2, ... (as numbers, like the page's example);
//!   an `account_name` used before is 45070, a nickname outside the rules 45078;
//!   `get`/`update` of an unknown id or name is 45071; `list` pages by `offset`/`count`
//!   (count 1..=200);
//! - the WeChat customer-service binding: binding twice is 10130603, unbinding when not
//!   bound 10130604, unbinding another corpid 10130600; `get` answers the binding, or only
//!   `errcode` 0 when there is none.

use super::table::{get_checked, post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The entity name the sandbox gives every Mini Program (`entityName`).
pub(crate) const ENTITY_NAME: &str = "沙盒测试有限公司";

/// One sub-merchant.
#[derive(Debug, Clone)]
pub(crate) struct Business {
    pub account_name: String,
    pub nickname: String,
    pub icon_media_id: String,
}

/// A Mini Program's customer-service settings.
#[derive(Debug, Default)]
pub(crate) struct Desk {
    /// (business_id or "", kf_openid) of the administrators.
    pub admins: BTreeSet<(String, String)>,
    /// Sub-merchants by id (1, 2, ...).
    pub businesses: BTreeMap<u64, Business>,
    /// The bound WeCom corporation and when it was bound.
    pub work: Option<(String, u64)>,
}

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

const TYPING: &[Field] = &[("touser", Kind::Str, true), ("command", Kind::Str, true)];

/// `/cgi-bin/message/custom/business/typing`.
pub(super) fn typing() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), TYPING, |c| {
        super::openid(c.body, "touser")?;
        match text(c.body, "command") {
            "Typing" | "CancelTyping" => Ok(reply::ok()),
            _ => Err(reply::reject(45072, "invalid command")),
        }
    })
}

fn admin_key(c: &super::table::Checked<'_>) -> Step<(String, String)> {
    let kf_openid = c.query.get("kf_openid").cloned().unwrap_or_default();
    super::known_openid(&kf_openid)?;
    let business = c.query.get("business_id").cloned().unwrap_or_default();
    if !business.is_empty() {
        let known = business.parse::<u64>().ok().is_some_and(|id| {
            c.state
                .lock()
                .wxa_kf
                .get(c.app_id)
                .is_some_and(|d| d.businesses.contains_key(&id))
        });
        if !known {
            return Err(reply::reject(45071, "business_id not found"));
        }
    }
    Ok((business, kf_openid))
}

/// `/customservice/kfaccount/setadmin` (GET, `kf_openid` and `business_id` in the query).
pub(super) fn set_admin() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &["kf_openid"], |c| {
        let key = admin_key(&c)?;
        c.state
            .lock()
            .wxa_kf
            .entry(c.app_id.to_owned())
            .or_default()
            .admins
            .insert(key);
        Ok(reply::ok())
    })
}

/// `/customservice/kfaccount/canceladmin` (GET, like `setadmin`).
pub(super) fn cancel_admin() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &["kf_openid"], |c| {
        let key = admin_key(&c)?;
        let removed = c
            .state
            .lock()
            .wxa_kf
            .entry(c.app_id.to_owned())
            .or_default()
            .admins
            .remove(&key);
        if removed {
            Ok(reply::ok())
        } else {
            Err(reply::reject(
                65401,
                "invalid custom service account: not an administrator",
            ))
        }
    })
}

/// The page's nickname rule: width 4..=30 (non-ASCII counts 2), letters and digits.
fn nickname_ok(nickname: &str) -> bool {
    let width: usize = nickname
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    (4..=30).contains(&width) && nickname.chars().all(char::is_alphanumeric)
}

fn info(id: u64, b: &Business) -> Value {
    json!({
        "business_id": id,
        "account_name": b.account_name,
        "nickname": b.nickname,
        "icon_media_id": b.icon_media_id,
    })
}

const REGISTER: &[Field] = &[
    ("account_name", Kind::Str, true),
    ("nickname", Kind::Str, true),
    ("icon_media_id", Kind::Str, true),
    ("transfer_to_commkf", Kind::Bool, false),
];

/// `/cgi-bin/business/register`.
pub(super) fn register() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), REGISTER, |c| {
        let account_name = text(c.body, "account_name");
        let name_ok = (6..=30).contains(&account_name.chars().count())
            && account_name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if !name_ok {
            return Err(reply::reject(47001, "data format error: account_name"));
        }
        let nickname = text(c.body, "nickname");
        if !nickname_ok(nickname) {
            return Err(reply::reject(45078, "invalid nickname"));
        }
        let mut inner = c.state.lock();
        let desk = inner.wxa_kf.entry(c.app_id.to_owned()).or_default();
        if desk
            .businesses
            .values()
            .any(|b| b.account_name == account_name)
        {
            return Err(reply::reject(45070, "account_name already registered"));
        }
        let id = desk
            .businesses
            .keys()
            .next_back()
            .map_or(1, |last| last + 1);
        desk.businesses.insert(
            id,
            Business {
                account_name: account_name.to_owned(),
                nickname: nickname.to_owned(),
                icon_media_id: text(c.body, "icon_media_id").to_owned(),
            },
        );
        Ok(reply::ok_with(json!({ "business_id": id })))
    })
}

const GET: &[Field] = &[
    ("business_id", Kind::Str, false),
    ("account_name", Kind::Str, false),
];

/// `/cgi-bin/business/get`: by `business_id` or `account_name`.
pub(super) fn get() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), GET, |c| {
        let id = text(c.body, "business_id");
        let name = text(c.body, "account_name");
        if id.is_empty() == name.is_empty() {
            return Err(reply::reject(
                47001,
                "data format error: one of business_id and account_name",
            ));
        }
        let inner = c.state.lock();
        let found = inner.wxa_kf.get(c.app_id).and_then(|d| {
            d.businesses.iter().find(|(k, b)| {
                if id.is_empty() {
                    b.account_name == name
                } else {
                    k.to_string() == id
                }
            })
        });
        match found {
            Some((k, b)) => Ok(reply::ok_with(json!({ "business_info": info(*k, b) }))),
            None => Err(reply::reject(45071, "business not found")),
        }
    })
}

const LIST: &[Field] = &[("offset", Kind::Int, true), ("count", Kind::Int, true)];

/// `/cgi-bin/business/list`.
pub(super) fn list() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), LIST, |c| {
        let offset = c.body.get("offset").and_then(Value::as_u64).unwrap_or(0);
        let count = c.body.get("count").and_then(Value::as_u64).unwrap_or(0);
        if !(1..=200).contains(&count) {
            return Err(reply::reject(
                47001,
                "data format error: count must be 1..=200",
            ));
        }
        let inner = c.state.lock();
        let page: Vec<Value> = inner
            .wxa_kf
            .get(c.app_id)
            .map(|d| {
                d.businesses
                    .iter()
                    .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                    .take(usize::try_from(count).unwrap_or(200))
                    .map(|(k, b)| info(*k, b))
                    .collect()
            })
            .unwrap_or_default();
        Ok(reply::ok_with(json!({ "list": page })))
    })
}

const UPDATE: &[Field] = &[
    ("business_id", Kind::Str, true),
    ("nickname", Kind::Str, false),
    ("icon_media_id", Kind::Str, false),
];

/// `/cgi-bin/business/update`: empty values leave the field unchanged.
pub(super) fn update() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), UPDATE, |c| {
        let nickname = text(c.body, "nickname");
        if !nickname.is_empty() && !nickname_ok(nickname) {
            return Err(reply::reject(45078, "invalid nickname"));
        }
        let icon = text(c.body, "icon_media_id");
        let mut inner = c.state.lock();
        let business = text(c.body, "business_id")
            .parse::<u64>()
            .ok()
            .and_then(|id| {
                inner
                    .wxa_kf
                    .get_mut(c.app_id)
                    .and_then(|d| d.businesses.get_mut(&id))
            });
        let Some(business) = business else {
            return Err(reply::reject(45071, "business not found"));
        };
        if !nickname.is_empty() {
            nickname.clone_into(&mut business.nickname);
        }
        if !icon.is_empty() {
            icon.clone_into(&mut business.icon_media_id);
        }
        Ok(reply::ok())
    })
}

const CORPID: &[Field] = &[("corpid", Kind::Str, true)];

/// `/customservice/work/bind`.
pub(super) fn work_bind() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), CORPID, |c| {
        let corpid = text(c.body, "corpid");
        if corpid.is_empty() {
            return Err(reply::reject(10130002, "invalid parameter"));
        }
        let mut inner = c.state.lock();
        let desk = inner.wxa_kf.entry(c.app_id.to_owned()).or_default();
        if desk.work.is_some() {
            return Err(reply::reject(10130603, "already bound"));
        }
        desk.work = Some((corpid.to_owned(), crate::clock::unix_now()));
        Ok(reply::ok())
    })
}

/// `/customservice/work/unbind`.
pub(super) fn work_unbind() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), CORPID, |c| {
        let corpid = text(c.body, "corpid");
        let mut inner = c.state.lock();
        let desk = inner.wxa_kf.entry(c.app_id.to_owned()).or_default();
        match &desk.work {
            None => Err(reply::reject(10130604, "not bound")),
            Some((bound, _)) if bound != corpid => Err(reply::reject(10130600, "invalid corpid")),
            Some(_) => {
                desk.work = None;
                Ok(reply::ok())
            }
        }
    })
}

/// `/customservice/work/get` (GET, no parameters).
pub(super) fn work_get() -> MethodRouter<Shared> {
    get_checked(Some(AppKind::MiniProgram), &[], |c| {
        let inner = c.state.lock();
        match inner.wxa_kf.get(c.app_id).and_then(|d| d.work.as_ref()) {
            Some((corpid, time)) => Ok(reply::json(json!({
                "errcode": 0,
                "entityName": ENTITY_NAME,
                "corpid": corpid,
                "bindTime": time,
            }))),
            None => Ok(reply::json(json!({ "errcode": 0 }))),
        }
    })
}
