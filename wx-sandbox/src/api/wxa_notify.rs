//! Mini Program service cards (服务卡片: `set_user_notify`, `set_user_notifyext`,
//! `get_user_notify`) and chat-tool cards (`chattoolmsg/send`). Request tables are the
//! sandbox's own, from the official pages.
//!
//! Service cards are kept per (app, openid, notify_type, notify_code): `set_user_notify`
//! stores `content_json` (which must be a JSON object as a string; 47001 otherwise),
//! `set_user_notifyext` needs a card activated before (85437 otherwise), `get_user_notify`
//! answers the last `content_json` (empty when none) with `code_state` 0 and an expiry 24
//! hours after activation. A `notify_code` starting with `invalid` is 85437, an openid
//! starting with `invalid` 40003, a `notify_type` of 0 85434.
//!
//! Chat-tool cards: the activity id must come from `activityid/create` (40097 otherwise),
//! `target_state` 1..=3, `version_type` 0..=2, each participant `{group_openid, state: 1}`
//! (47001 otherwise); the last state is kept.

use super::table::{check_body, post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// A service card's stored state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Card {
    pub content_json: String,
    pub ext_json: String,
    pub activated_at: u64,
}

/// Service cards and chat-tool card states.
#[derive(Debug, Default)]
pub(crate) struct Notify {
    /// (app, openid, notify_type, notify_code) → the card.
    pub cards: HashMap<(String, String, i64, String), Card>,
    /// Chat-tool activity ids → their last target_state.
    pub chat_tool: HashMap<String, i64>,
}

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The card's key, after the openid, notify_type and notify_code checks.
fn card_key(app_id: &str, map: &Map<String, Value>) -> Step<(String, String, i64, String)> {
    let openid = super::openid(map, "openid")?;
    let notify_type = map.get("notify_type").and_then(Value::as_i64).unwrap_or(0);
    if notify_type <= 0 {
        return Err(reply::reject(85434, "invalid notify_type"));
    }
    let code = text(map, "notify_code");
    if code.is_empty() || code.starts_with(crate::UNKNOWN_OPENID_PREFIX) {
        return Err(reply::reject(85437, "invalid notify_code"));
    }
    Ok((
        app_id.to_owned(),
        openid.to_owned(),
        notify_type,
        code.to_owned(),
    ))
}

fn json_object_text(map: &Map<String, Value>, name: &str) -> Step<()> {
    match serde_json::from_str::<Value>(text(map, name)) {
        Ok(Value::Object(_)) => Ok(()),
        _ => Err(reply::reject(
            47001,
            &format!("data format error: `{name}` is not a JSON object"),
        )),
    }
}

const SET: &[Field] = &[
    ("openid", Kind::Str, true),
    ("notify_type", Kind::Int, true),
    ("notify_code", Kind::Str, true),
    ("content_json", Kind::Str, true),
    ("check_json", Kind::Str, false),
];

/// `/wxa/set_user_notify`.
pub(super) fn set() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), SET, |c| {
        let key = card_key(c.app_id, c.body)?;
        json_object_text(c.body, "content_json")?;
        if c.body.contains_key("check_json") {
            json_object_text(c.body, "check_json")?;
        }
        let mut inner = c.state.lock();
        let card = inner.notify.cards.entry(key).or_insert_with(|| Card {
            activated_at: crate::clock::unix_now(),
            ..Card::default()
        });
        text(c.body, "content_json").clone_into(&mut card.content_json);
        Ok(reply::ok())
    })
}

const SET_EXT: &[Field] = &[
    ("openid", Kind::Str, true),
    ("notify_type", Kind::Int, true),
    ("notify_code", Kind::Str, true),
    ("ext_json", Kind::Str, true),
];

/// `/wxa/set_user_notifyext`: only for an activated card.
pub(super) fn set_ext() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), SET_EXT, |c| {
        let key = card_key(c.app_id, c.body)?;
        json_object_text(c.body, "ext_json")?;
        let mut inner = c.state.lock();
        let Some(card) = inner.notify.cards.get_mut(&key) else {
            return Err(reply::reject(
                85437,
                "invalid notify_code: the card is not activated",
            ));
        };
        text(c.body, "ext_json").clone_into(&mut card.ext_json);
        Ok(reply::ok())
    })
}

const GET: &[Field] = &[
    ("openid", Kind::Str, true),
    ("notify_code", Kind::Str, true),
    ("notify_type", Kind::Int, true),
];

/// `/wxa/get_user_notify`.
pub(super) fn get() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), GET, |c| {
        let key = card_key(c.app_id, c.body)?;
        let notify_type = key.2;
        let inner = c.state.lock();
        let (content, since) = inner.notify.cards.get(&key).map_or_else(
            || (String::new(), crate::clock::unix_now()),
            |card| (card.content_json.clone(), card.activated_at),
        );
        Ok(reply::ok_with(json!({
            "notify_info": {
                "notify_type": notify_type,
                "content_json": content,
                "code_state": 0,
                "code_expire_time": since + 86_400,
            }
        })))
    })
}

const CHAT_TOOL: &[Field] = &[
    ("activity_id", Kind::Str, true),
    ("target_state", Kind::Int, true),
    ("template_id", Kind::Str, true),
    ("participator_info_list", Kind::Arr, false),
    ("version_type", Kind::Int, true),
];

const PARTICIPATOR: &[Field] = &[
    ("group_openid", Kind::Str, true),
    ("state", Kind::Int, true),
];

/// `/cgi-bin/message/wxopen/chattoolmsg/send`.
pub(super) fn chat_tool() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), CHAT_TOOL, |c| {
        let map = c.body;
        let target = map.get("target_state").and_then(Value::as_i64).unwrap_or(0);
        if !(1..=3).contains(&target) {
            return Err(reply::reject(
                47001,
                "data format error: target_state must be 1, 2 or 3",
            ));
        }
        if !matches!(map.get("version_type").and_then(Value::as_i64), Some(0..=2)) {
            return Err(reply::reject(
                47001,
                "data format error: version_type must be 0, 1 or 2",
            ));
        }
        for p in map
            .get("participator_info_list")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(p) = p.as_object() else {
                return Err(reply::reject(
                    47001,
                    "data format error: participator_info_list holds objects",
                ));
            };
            check_body(p, PARTICIPATOR)?;
            if p.get("state").and_then(Value::as_i64) != Some(1) {
                return Err(reply::reject(
                    47001,
                    "data format error: a participator's state can only be set to 1",
                ));
            }
        }
        let id = text(map, "activity_id");
        let mut inner = c.state.lock();
        if !inner.mini.activities.contains_key(id) {
            return Err(reply::reject(40097, "invalid activity_id"));
        }
        inner.notify.chat_tool.insert(id.to_owned(), target);
        Ok(reply::ok())
    })
}
