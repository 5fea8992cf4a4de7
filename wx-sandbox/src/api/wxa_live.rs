//! Mini Program live broadcasting (`/wxaapi/broadcast/*`, `/wxa/business/getliveinfo`,
//! `getgoodswarehouse`, `get_wxa_followers`, `push_message`), with state per app: rooms
//! (with their goods, assistants, sub-anchor and switches), the goods library with its
//! review states, the members' roles and the pendant's goods key.
//!
//! Every body is checked against this module's own request tables (47001 for a missing
//! field or a wrong JSON type), then against the documented rules, each with its errcode:
//! - rooms: a name of 3..=17 Chinese characters (6..=34 units, a Chinese character counting
//!   2), an anchor name of 2..=15 (4..=30 units), a start 10 minutes..=186 days from now and
//!   a duration of 30 minutes..=24 hours, `type` 0 or 1 — 200002 otherwise; an unknown room
//!   300022; a room's state (102 before its start, 101 until its end, 103 after) decides
//!   whether it can start a subscribers' push (9410006 unless live);
//! - goods: a name of at most 28 units (300002), `priceType` 1..=3 with `price2` absent for 1
//!   and present for 2 and 3 (300003), unknown goods 300024, goods not in the room 300024; a
//!   review goes 0 (withdrawn) → 1 (submitted) → 2 (approved) when a status is read
//!   (`getapproved`, `getgoodswarehouse`), or 3 (rejected) for names containing `违规`;
//!   withdrawing what is not under review 300017, resubmitting what is under review 300010,
//!   updating goods under review 300010 and approved goods beyond their prices 300010;
//! - roles: 1..=3 (200002), a role given twice 400004, removing a role not held 200002;
//! - sub-anchors: a second one 500004, the anchor as sub-anchor 500005.

use super::table::{get_checked, post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const MINI: Option<AppKind> = Some(AppKind::MiniProgram);

/// One room.
#[derive(Debug, Clone, Default)]
pub(crate) struct Room {
    body: Map<String, Value>,
    goods: Vec<i64>,
    on_sale: BTreeMap<i64, bool>,
    assistants: Vec<(String, String, u64)>,
    sub_anchor: Option<String>,
}

/// One goods item of the library.
#[derive(Debug, Clone, Default)]
pub(crate) struct Goods {
    info: Map<String, Value>,
    audit_status: i64,
    audit_id: i64,
}

/// An app's live broadcasting state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Live {
    rooms: BTreeMap<i64, Room>,
    goods: BTreeMap<i64, Goods>,
    roles: BTreeMap<String, Vec<i64>>,
    goods_key: Vec<String>,
    next_id: i64,
}

impl Live {
    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    fn room(&mut self, id: i64) -> Step<&mut Room> {
        self.rooms
            .get_mut(&id)
            .ok_or_else(|| reply::reject(300022, "roomid is not exsit"))
    }

    fn goods(&mut self, id: i64) -> Step<&mut Goods> {
        self.goods
            .get_mut(&id)
            .ok_or_else(|| reply::reject(300024, "goods is not exist"))
    }

    /// Reviews under way complete when a status is read.
    fn settle_reviews(&mut self) {
        for g in self.goods.values_mut() {
            if g.audit_status == 1 {
                let name = g.info.get("name").and_then(Value::as_str).unwrap_or("");
                g.audit_status = if name.contains("违规") { 3 } else { 2 };
            }
        }
    }
}

fn with_live<T>(c: &super::table::Checked<'_>, f: impl FnOnce(&mut Live) -> Step<T>) -> Step<T> {
    let mut inner = c.state.lock();
    f(inner.live.entry(c.app_id.to_owned()).or_default())
}

fn int(map: &Map<String, Value>, name: &str) -> i64 {
    map.get(name).and_then(Value::as_i64).unwrap_or_default()
}

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn query_int(c: &super::table::Checked<'_>, name: &str) -> Step<i64> {
    c.query
        .get(name)
        .map(String::as_str)
        .unwrap_or("")
        .parse()
        .map_err(|_| {
            reply::reject(
                47001,
                &format!("data format error: `{name}` must be a number"),
            )
        })
}

fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn param_error(what: &str) -> reply::Reject {
    reply::reject(200002, &format!("invalid parameter: {what}"))
}

fn check_room_fields(map: &Map<String, Value>) -> Step<()> {
    if !(6..=34).contains(&width(text(map, "name"))) {
        return Err(param_error("name must be 3..=17 Chinese characters"));
    }
    if !(4..=30).contains(&width(text(map, "anchorName"))) {
        return Err(param_error("anchorName must be 2..=15 Chinese characters"));
    }
    let now = crate::clock::unix_now() as i64;
    let (start, end) = (int(map, "startTime"), int(map, "endTime"));
    let lead = start - now;
    if !(600..=186 * 86_400).contains(&lead) || !(1800..=86_400).contains(&(end - start)) {
        return Err(param_error("startTime or endTime is invalid"));
    }
    Ok(())
}

fn status_of(room: &Room) -> i64 {
    let now = crate::clock::unix_now() as i64;
    if now < int(&room.body, "startTime") {
        102
    } else if now <= int(&room.body, "endTime") {
        101
    } else {
        103
    }
}

const CREATE: &[Field] = &[
    ("name", Kind::Str, true),
    ("coverImg", Kind::Str, true),
    ("startTime", Kind::Int, true),
    ("endTime", Kind::Int, true),
    ("anchorName", Kind::Str, true),
    ("anchorWechat", Kind::Str, true),
    ("shareImg", Kind::Str, true),
    ("feedsImg", Kind::Str, true),
    ("isFeedsPublic", Kind::Int, false),
    ("closeLike", Kind::Int, true),
    ("closeGoods", Kind::Int, true),
    ("closeComment", Kind::Int, true),
    ("closeReplay", Kind::Int, false),
    ("closeShare", Kind::Int, false),
    ("closeKf", Kind::Int, false),
    ("type", Kind::Int, true),
    ("screenType", Kind::Int, false),
    ("subAnchorWechat", Kind::Str, false),
    ("createrWechat", Kind::Str, false),
];

/// `room/create`.
pub(super) fn create() -> MethodRouter<Shared> {
    post_checked(MINI, CREATE, |c| {
        check_room_fields(c.body)?;
        if !matches!(c.body.get("type").and_then(Value::as_i64), Some(0 | 1)) {
            return Err(param_error("type must be 0 or 1"));
        }
        let id = with_live(&c, |live| {
            let id = live.id();
            let sub_anchor = c
                .body
                .get("subAnchorWechat")
                .and_then(Value::as_str)
                .map(str::to_owned);
            live.rooms.insert(
                id,
                Room {
                    body: c.body.clone(),
                    sub_anchor,
                    ..Room::default()
                },
            );
            Ok(id)
        })?;
        Ok(reply::ok_with(json!({ "roomId": id })))
    })
}

const EDIT: &[Field] = &[
    ("id", Kind::Int, true),
    ("name", Kind::Str, true),
    ("coverImg", Kind::Str, true),
    ("startTime", Kind::Int, true),
    ("endTime", Kind::Int, true),
    ("anchorName", Kind::Str, true),
    ("anchorWechat", Kind::Str, true),
    ("shareImg", Kind::Str, true),
    ("feedsImg", Kind::Str, true),
    ("isFeedsPublic", Kind::Int, false),
    ("closeLike", Kind::Int, true),
    ("closeGoods", Kind::Int, true),
    ("closeComment", Kind::Int, true),
    ("closeReplay", Kind::Int, false),
    ("closeShare", Kind::Int, false),
    ("closeKf", Kind::Int, false),
];

/// `room/editroom`: rooms that have not started only (300023 otherwise).
pub(super) fn edit() -> MethodRouter<Shared> {
    post_checked(MINI, EDIT, |c| {
        check_room_fields(c.body)?;
        with_live(&c, |live| {
            let room = live.room(int(c.body, "id"))?;
            if status_of(room) != 102 {
                return Err(reply::reject(
                    300023,
                    "the current room status does not allow this operation",
                ));
            }
            for (k, v) in c.body {
                if k != "id" {
                    room.body.insert(k.clone(), v.clone());
                }
            }
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const LIST: &[Field] = &[
    ("start", Kind::Int, true),
    ("limit", Kind::Int, true),
    ("action", Kind::Str, false),
    ("room_id", Kind::Int, false),
];

/// `getliveinfo`: the rooms newest start first, or a room's replay.
pub(super) fn list() -> MethodRouter<Shared> {
    post_checked(MINI, LIST, |c| {
        let (start, limit) = (int(c.body, "start").max(0), int(c.body, "limit").max(0));
        with_live(&c, |live| {
            if let Some(action) = c.body.get("action") {
                if action.as_str() != Some("get_replay") {
                    return Err(param_error("action must be get_replay"));
                }
                let id = c
                    .body
                    .get("room_id")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| param_error("room_id required with action"))?;
                let room = live.room(id)?;
                let replay: Vec<Value> = if status_of(room) == 103 {
                    vec![json!({
                        "create_time": "2026-01-01T00:00:00Z",
                        "expire_time": "2027-01-01T00:00:00Z",
                        "media_url": format!("https://sandbox.invalid/replay/{id}.m3u8"),
                    })]
                } else {
                    Vec::new()
                };
                return Ok(reply::ok_with(json!({
                    "total": replay.len(),
                    "live_replay": replay,
                })));
            }
            let mut rooms: Vec<(&i64, &Room)> = live.rooms.iter().collect();
            rooms.sort_by_key(|(id, r)| (std::cmp::Reverse(int(&r.body, "startTime")), **id));
            let total = rooms.len();
            let page: Vec<Value> = rooms
                .into_iter()
                .skip(start as usize)
                .take(limit as usize)
                .map(|(id, r)| room_info(*id, r, live))
                .collect();
            Ok(reply::ok_with(json!({ "room_info": page, "total": total })))
        })
    })
}

fn room_info(id: i64, r: &Room, live: &Live) -> Value {
    let b = &r.body;
    let goods: Vec<Value> = r
        .goods
        .iter()
        .filter_map(|g| live.goods.get(g).map(|x| (g, x)))
        .map(|(g, x)| {
            json!({
                "goods_id": g,
                "cover_img": text(&x.info, "coverImgUrl"),
                "url": text(&x.info, "url"),
                "name": text(&x.info, "name"),
                "price": x.info.get("price").cloned().unwrap_or(json!(0)),
                "price2": x.info.get("price2").cloned().unwrap_or(json!(0)),
                "price_type": int(&x.info, "priceType"),
            })
        })
        .collect();
    json!({
        "name": text(b, "name"),
        "roomid": id,
        "cover_img": format!("https://sandbox.invalid/media/{}", text(b, "coverImg")),
        "share_img": format!("https://sandbox.invalid/media/{}", text(b, "shareImg")),
        "live_status": status_of(r),
        "start_time": int(b, "startTime"),
        "end_time": int(b, "endTime"),
        "anchor_name": text(b, "anchorName"),
        "goods": goods,
        "live_type": int(b, "type"),
        "close_like": int(b, "closeLike"),
        "close_goods": int(b, "closeGoods"),
        "close_comment": int(b, "closeComment"),
        "close_kf": b.get("closeKf").and_then(Value::as_i64).unwrap_or(1),
        "close_replay": b.get("closeReplay").and_then(Value::as_i64).unwrap_or(1),
        "is_feeds_public": b.get("isFeedsPublic").and_then(Value::as_i64).unwrap_or(1),
        "feeds_img": format!("https://sandbox.invalid/media/{}", text(b, "feedsImg")),
    })
}

const ID: &[Field] = &[("id", Kind::Int, true)];

/// `room/deleteroom`.
pub(super) fn delete() -> MethodRouter<Shared> {
    post_checked(MINI, ID, |c| {
        with_live(&c, |live| {
            live.room(int(c.body, "id"))?;
            live.rooms.remove(&int(c.body, "id"));
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const IMPORT: &[Field] = &[("ids", Kind::Arr, true), ("roomId", Kind::Int, true)];

/// `room/addgoods`: library goods into a room.
pub(super) fn import_goods() -> MethodRouter<Shared> {
    post_checked(MINI, IMPORT, |c| {
        let ids: Vec<i64> = c
            .body
            .get("ids")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            return Err(param_error("ids must hold goods ids"));
        }
        with_live(&c, |live| {
            for id in &ids {
                live.goods(*id)?;
            }
            let room = live.room(int(c.body, "roomId"))?;
            for id in ids {
                if !room.goods.contains(&id) {
                    room.goods.push(id);
                    room.on_sale.insert(id, true);
                }
            }
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `room/getpushurl`.
pub(super) fn push_url() -> MethodRouter<Shared> {
    get_checked(MINI, &["roomId"], |c| {
        let id = query_int(&c, "roomId")?;
        with_live(&c, |live| live.room(id).map(drop))?;
        Ok(reply::ok_with(json!({
            "pushAddr": format!("rtmp://sandbox.invalid/live/{id}?txSecret=sandbox"),
        })))
    })
}

/// `room/getsharedcode`.
pub(super) fn shared_code() -> MethodRouter<Shared> {
    get_checked(MINI, &["roomId"], |c| {
        let id = query_int(&c, "roomId")?;
        with_live(&c, |live| live.room(id).map(drop))?;
        Ok(reply::ok_with(json!({
            "cdnUrl": format!("https://sandbox.invalid/live/{id}/code.jpg"),
            "pagePath": format!("plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id={id}"),
            "posterUrl": format!("https://sandbox.invalid/live/{id}/poster.jpg"),
        })))
    })
}

const ADD_ASSISTANT: &[Field] = &[("roomId", Kind::Int, true), ("users", Kind::Arr, true)];

/// `room/addassistant`.
pub(super) fn add_assistant() -> MethodRouter<Shared> {
    post_checked(MINI, ADD_ASSISTANT, |c| {
        let mut users = Vec::new();
        for u in c
            .body
            .get("users")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(name), Some(nick)) = (
                u.get("username").and_then(Value::as_str),
                u.get("nickname").and_then(Value::as_str),
            ) else {
                return Err(reply::reject(
                    47001,
                    "data format error: users[] need username and nickname strings",
                ));
            };
            users.push((name.to_owned(), nick.to_owned()));
        }
        if users.is_empty() {
            return Err(param_error("users must not be empty"));
        }
        let now = crate::clock::unix_now();
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            for (name, nick) in users {
                room.assistants.retain(|a| a.0 != name);
                room.assistants.push((name, nick, now));
            }
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const MODIFY_ASSISTANT: &[Field] = &[
    ("roomId", Kind::Int, true),
    ("username", Kind::Str, true),
    ("nickname", Kind::Str, true),
];

fn assistant_missing() -> reply::Reject {
    param_error("no such assistant in the room")
}

/// `room/modifyassistant`.
pub(super) fn modify_assistant() -> MethodRouter<Shared> {
    post_checked(MINI, MODIFY_ASSISTANT, |c| {
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            let a = room
                .assistants
                .iter_mut()
                .find(|a| a.0 == text(c.body, "username"))
                .ok_or_else(assistant_missing)?;
            a.1 = text(c.body, "nickname").to_owned();
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const ROOM_USER: &[Field] = &[("roomId", Kind::Int, true), ("username", Kind::Str, true)];

/// `room/removeassistant`.
pub(super) fn remove_assistant() -> MethodRouter<Shared> {
    post_checked(MINI, ROOM_USER, |c| {
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            let before = room.assistants.len();
            room.assistants.retain(|a| a.0 != text(c.body, "username"));
            if room.assistants.len() == before {
                return Err(assistant_missing());
            }
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `room/getassistantlist`.
pub(super) fn assistants() -> MethodRouter<Shared> {
    get_checked(MINI, &["roomId"], |c| {
        let id = query_int(&c, "roomId")?;
        let list = with_live(&c, |live| {
            let room = live.room(id)?;
            Ok(room
                .assistants
                .iter()
                .map(|(name, nick, t)| {
                    json!({
                        "timestamp": t,
                        "headimg": "https://sandbox.invalid/head/0",
                        "nickname": nick,
                        "alias": name,
                        "openid": format!("o-assistant-{name}"),
                    })
                })
                .collect::<Vec<_>>())
        })?;
        Ok(reply::ok_with(
            json!({ "count": list.len(), "maxCount": 10, "list": list }),
        ))
    })
}

/// `room/addsubanchor` (`modify`: `room/modifysubanchor`, which needs an existing one).
pub(super) fn sub_anchor(modify: bool) -> MethodRouter<Shared> {
    post_checked(MINI, ROOM_USER, move |c| {
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            let name = text(c.body, "username");
            if name == text(&room.body, "anchorWechat") {
                return Err(reply::reject(500005, "sub anchor cannot be the anchor"));
            }
            match (&room.sub_anchor, modify) {
                (Some(_), false) => {
                    return Err(reply::reject(500004, "sub anchor already set"));
                }
                (None, true) => return Err(param_error("the room has no sub anchor")),
                _ => {}
            }
            room.sub_anchor = Some(name.to_owned());
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const ROOM_ID: &[Field] = &[("roomId", Kind::Int, true)];

/// `room/deletesubanchor`.
pub(super) fn delete_sub_anchor() -> MethodRouter<Shared> {
    post_checked(MINI, ROOM_ID, |c| {
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            room.sub_anchor
                .take()
                .map(drop)
                .ok_or_else(|| param_error("the room has no sub anchor"))
        })?;
        Ok(reply::ok())
    })
}

/// `room/getsubanchor`.
pub(super) fn get_sub_anchor() -> MethodRouter<Shared> {
    get_checked(MINI, &["roomId"], |c| {
        let id = query_int(&c, "roomId")?;
        let name = with_live(&c, |live| Ok(live.room(id)?.sub_anchor.clone()))?;
        Ok(reply::ok_with(
            json!({ "username": name.unwrap_or_default() }),
        ))
    })
}

const BAN_COMMENT: &[Field] = &[("roomId", Kind::Int, true), ("banComment", Kind::Int, true)];
const FEED_PUBLIC: &[Field] = &[
    ("roomId", Kind::Int, true),
    ("isFeedsPublic", Kind::Int, true),
];
const CLOSE_KF: &[Field] = &[("roomId", Kind::Int, true), ("closeKf", Kind::Int, true)];
const CLOSE_REPLAY: &[Field] = &[
    ("roomId", Kind::Int, true),
    ("closeReplay", Kind::Int, true),
];

/// One of the room switches: `updatecomment`, `updatefeedpublic`, `updatekf`,
/// `updatereplay`; `field` is the 0/1 body field, kept on the room.
pub(super) fn switch(field: &'static str) -> MethodRouter<Shared> {
    let table = match field {
        "banComment" => BAN_COMMENT,
        "isFeedsPublic" => FEED_PUBLIC,
        "closeKf" => CLOSE_KF,
        _ => CLOSE_REPLAY,
    };
    post_checked(MINI, table, move |c| {
        let value = int(c.body, field);
        if !(0..=1).contains(&value) {
            return Err(param_error("the switch must be 0 or 1"));
        }
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            room.body.insert(field.to_owned(), json!(value));
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const ROOM_GOODS: &[Field] = &[("roomId", Kind::Int, true), ("goodsId", Kind::Int, true)];

fn in_room(live: &mut Live, room: i64, goods: i64) -> Step<&mut Room> {
    let r = live.room(room)?;
    if r.goods.contains(&goods) {
        Ok(r)
    } else {
        Err(reply::reject(300024, "goods is not in the room"))
    }
}

/// `goods/deleteInRoom`.
pub(super) fn delete_in_room() -> MethodRouter<Shared> {
    post_checked(MINI, ROOM_GOODS, |c| {
        with_live(&c, |live| {
            let goods = int(c.body, "goodsId");
            let room = in_room(live, int(c.body, "roomId"), goods)?;
            room.goods.retain(|g| *g != goods);
            room.on_sale.remove(&goods);
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `goods/push`.
pub(super) fn push_goods() -> MethodRouter<Shared> {
    post_checked(MINI, ROOM_GOODS, |c| {
        with_live(&c, |live| {
            in_room(live, int(c.body, "roomId"), int(c.body, "goodsId")).map(drop)
        })?;
        Ok(reply::ok())
    })
}

const ON_SALE: &[Field] = &[
    ("roomId", Kind::Int, true),
    ("goodsId", Kind::Int, true),
    ("onSale", Kind::Int, true),
];

/// `goods/onsale`.
pub(super) fn on_sale() -> MethodRouter<Shared> {
    post_checked(MINI, ON_SALE, |c| {
        let on = int(c.body, "onSale");
        if !(0..=1).contains(&on) {
            return Err(param_error("onSale must be 0 or 1"));
        }
        with_live(&c, |live| {
            let goods = int(c.body, "goodsId");
            let room = in_room(live, int(c.body, "roomId"), goods)?;
            room.on_sale.insert(goods, on == 1);
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const SORT: &[Field] = &[("roomId", Kind::Int, true), ("goods", Kind::Arr, true)];

/// `goods/sort`: the listed goods first, in that order.
pub(super) fn sort() -> MethodRouter<Shared> {
    post_checked(MINI, SORT, |c| {
        let mut order = Vec::new();
        for g in c
            .body
            .get("goods")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match g.get("goodsId").and_then(Value::as_i64) {
                Some(id) => order.push(id),
                None => {
                    return Err(reply::reject(
                        47001,
                        "data format error: goods[].goodsId must be a number",
                    ))
                }
            }
        }
        with_live(&c, |live| {
            let room = live.room(int(c.body, "roomId"))?;
            if order.iter().any(|id| !room.goods.contains(id)) {
                return Err(reply::reject(300048, "failed to pull the goods list"));
            }
            let rest: Vec<i64> = room
                .goods
                .iter()
                .copied()
                .filter(|g| !order.contains(g))
                .collect();
            room.goods = order.into_iter().chain(rest).collect();
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `goods/getVideo`.
pub(super) fn video() -> MethodRouter<Shared> {
    post_checked(MINI, ROOM_GOODS, |c| {
        let (room, goods) = (int(c.body, "roomId"), int(c.body, "goodsId"));
        with_live(&c, |live| in_room(live, room, goods).map(drop))?;
        Ok(reply::ok_with(json!({
            "url": format!("https://sandbox.invalid/live/{room}/goods/{goods}.mp4"),
        })))
    })
}

fn check_goods_info(info: &Map<String, Value>, full: bool) -> Step<()> {
    if let Some(name) = info.get("name") {
        let w = name.as_str().map(width).unwrap_or(0);
        if w == 0 || w > 28 {
            return Err(reply::reject(300002, "name length is invalid"));
        }
    } else if full {
        return Err(reply::reject(
            47001,
            "data format error: `goodsInfo.name` missing",
        ));
    }
    let price_type = info.get("priceType").and_then(Value::as_i64);
    let has = |k: &str| info.get(k).is_some_and(Value::is_number);
    match price_type {
        Some(1) if info.contains_key("price2") || !has("price") => {
            Err(reply::reject(300003, "price is invalid"))
        }
        Some(2 | 3) if !has("price") || !has("price2") => {
            Err(reply::reject(300003, "price is invalid"))
        }
        Some(1..=3) => Ok(()),
        None if !full => Ok(()),
        _ => Err(reply::reject(300003, "priceType is invalid")),
    }
}

const ADD_GOODS: &[Field] = &[("goodsInfo", Kind::Obj, true)];
const NEW_GOODS: &[Field] = &[
    ("coverImgUrl", Kind::Str, true),
    ("name", Kind::Str, true),
    ("priceType", Kind::Int, true),
    ("price", Kind::Num, true),
    ("price2", Kind::Num, false),
    ("url", Kind::Str, true),
    ("thirdPartyAppid", Kind::Str, false),
];

fn goods_info(body: &Map<String, Value>) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    body.get("goodsInfo")
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

/// `goods/add`: into the library, under review.
pub(super) fn add_goods() -> MethodRouter<Shared> {
    post_checked(MINI, ADD_GOODS, |c| {
        let info = goods_info(c.body);
        super::table::check_body(info, NEW_GOODS)?;
        check_goods_info(info, true)?;
        let (goods_id, audit_id) = with_live(&c, |live| {
            let (goods_id, audit_id) = (live.id(), 525_000_000 + live.id());
            live.goods.insert(
                goods_id,
                Goods {
                    info: info.clone(),
                    audit_status: 1,
                    audit_id,
                },
            );
            Ok((goods_id, audit_id))
        })?;
        Ok(reply::ok_with(
            json!({ "goodsId": goods_id, "auditId": audit_id }),
        ))
    })
}

const GOODS_ID: &[Field] = &[("goodsId", Kind::Int, true)];

/// `goods/audit`: resubmit a withdrawn review.
pub(super) fn resubmit() -> MethodRouter<Shared> {
    post_checked(MINI, GOODS_ID, |c| {
        let audit_id = with_live(&c, |live| {
            let next = 525_000_000 + live.id();
            let g = live.goods(int(c.body, "goodsId"))?;
            if g.audit_status == 1 {
                return Err(reply::reject(300010, "goods audit status is invalid"));
            }
            g.audit_status = 1;
            g.audit_id = next;
            Ok(next)
        })?;
        Ok(reply::ok_with(json!({ "auditId": audit_id })))
    })
}

const RESET: &[Field] = &[("auditId", Kind::Int, true), ("goodsId", Kind::Int, true)];

/// `goods/resetaudit`: withdraw a review under way.
pub(super) fn reset_audit() -> MethodRouter<Shared> {
    post_checked(MINI, RESET, |c| {
        with_live(&c, |live| {
            let g = live.goods(int(c.body, "goodsId"))?;
            if g.audit_status != 1 || g.audit_id != int(c.body, "auditId") {
                return Err(reply::reject(300017, "goods is not under audit"));
            }
            g.audit_status = 0;
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

/// `goods/delete`: from the library and every room.
pub(super) fn delete_goods() -> MethodRouter<Shared> {
    post_checked(MINI, GOODS_ID, |c| {
        let id = int(c.body, "goodsId");
        with_live(&c, |live| {
            live.goods(id)?;
            live.goods.remove(&id);
            for room in live.rooms.values_mut() {
                room.goods.retain(|g| *g != id);
            }
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

const CHANGE_GOODS: &[Field] = &[
    ("goodsId", Kind::Int, true),
    ("coverImgUrl", Kind::Str, false),
    ("name", Kind::Str, false),
    ("priceType", Kind::Int, false),
    ("price", Kind::Num, false),
    ("price2", Kind::Num, false),
    ("url", Kind::Str, false),
    ("thirdPartyAppid", Kind::Str, false),
];

/// `goods/update`.
pub(super) fn update_goods() -> MethodRouter<Shared> {
    post_checked(MINI, ADD_GOODS, |c| {
        let info = goods_info(c.body);
        super::table::check_body(info, CHANGE_GOODS)?;
        check_goods_info(info, false)?;
        with_live(&c, |live| {
            let g = live.goods(int(info, "goodsId"))?;
            let price_only = info
                .keys()
                .all(|k| matches!(k.as_str(), "goodsId" | "priceType" | "price" | "price2"));
            if g.audit_status == 1 || (g.audit_status == 2 && !price_only) {
                return Err(reply::reject(300010, "goods audit status is invalid"));
            }
            for (k, v) in info {
                if k != "goodsId" {
                    g.info.insert(k.clone(), v.clone());
                }
            }
            if info.get("priceType").and_then(Value::as_i64) == Some(1) {
                g.info.remove("price2");
            }
            Ok(())
        })?;
        Ok(reply::ok())
    })
}

fn library_row(id: i64, g: &Goods, snake: bool) -> Value {
    let i = &g.info;
    if snake {
        json!({
            "goods_id": id,
            "cover_img_url": text(i, "coverImgUrl"),
            "name": text(i, "name"),
            "price": i.get("price").cloned().unwrap_or(json!(0)),
            "price2": i.get("price2").cloned().unwrap_or(json!(0)),
            "url": text(i, "url"),
            "priceType": int(i, "priceType"),
            "audit_status": g.audit_status,
            "third_party_tag": 2,
        })
    } else {
        json!({
            "goodsId": id,
            "coverImgUrl": text(i, "coverImgUrl"),
            "name": text(i, "name"),
            "price": i.get("price").cloned().unwrap_or(json!(0)),
            "price2": i.get("price2").cloned().unwrap_or(json!(0)),
            "url": text(i, "url"),
            "priceType": int(i, "priceType"),
            "thirdPartyTag": 2,
        })
    }
}

/// `goods/getapproved`: goods of one review status.
pub(super) fn goods_list() -> MethodRouter<Shared> {
    get_checked(MINI, &["offset", "status"], |c| {
        let (offset, status) = (query_int(&c, "offset")?, query_int(&c, "status")?);
        let limit = match c.query.get("limit") {
            Some(_) => query_int(&c, "limit")?,
            None => 30,
        };
        if !(0..=3).contains(&status) || !(1..=100).contains(&limit) || offset < 0 {
            return Err(param_error("status 0..=3, limit 1..=100, offset ≥ 0"));
        }
        let (total, goods) = with_live(&c, |live| {
            live.settle_reviews();
            let all: Vec<Value> = live
                .goods
                .iter()
                .filter(|(_, g)| g.audit_status == status)
                .map(|(id, g)| library_row(*id, g, false))
                .collect();
            let total = all.len();
            Ok((
                total,
                all.into_iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .collect::<Vec<_>>(),
            ))
        })?;
        Ok(reply::ok_with(json!({ "total": total, "goods": goods })))
    })
}

const WAREHOUSE: &[Field] = &[("goods_ids", Kind::Arr, true)];

/// `getgoodswarehouse`: status by ids (unknown ids are left out).
pub(super) fn warehouse() -> MethodRouter<Shared> {
    post_checked(MINI, WAREHOUSE, |c| {
        let ids: Vec<i64> = c
            .body
            .get("goods_ids")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        if ids.is_empty() || ids.len() > 20 {
            return Err(param_error("goods_ids must hold 1..=20 ids"));
        }
        let goods = with_live(&c, |live| {
            live.settle_reviews();
            Ok(ids
                .iter()
                .filter_map(|id| live.goods.get(id).map(|g| library_row(*id, g, true)))
                .collect::<Vec<_>>())
        })?;
        Ok(reply::ok_with(
            json!({ "total": goods.len(), "goods": goods }),
        ))
    })
}

const SET_KEY: &[Field] = &[("goodsKey", Kind::Arr, true)];

/// `goods/setkey`.
pub(super) fn set_key() -> MethodRouter<Shared> {
    post_checked(MINI, SET_KEY, |c| {
        let keys: Option<Vec<String>> = c
            .body
            .get("goodsKey")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(|k| k.as_str().map(str::to_owned)).collect());
        match keys {
            Some(keys) if !keys.is_empty() => {
                with_live(&c, |live| {
                    live.goods_key = keys;
                    Ok(())
                })?;
                Ok(reply::ok())
            }
            _ => Err(param_error("goodsKey must be Array<string>")),
        }
    })
}

const ROLE: &[Field] = &[("username", Kind::Str, true), ("role", Kind::Int, true)];

/// `role/addrole` (`add`) and `role/deleterole`.
pub(super) fn role(add: bool) -> MethodRouter<Shared> {
    post_checked(MINI, ROLE, move |c| {
        let role = int(c.body, "role");
        let name = text(c.body, "username");
        if !(1..=3).contains(&role) || name.is_empty() {
            return Err(param_error("role must be 1, 2 or 3"));
        }
        with_live(&c, |live| {
            let roles = live.roles.entry(name.to_owned()).or_default();
            match (add, roles.contains(&role)) {
                (true, true) => Err(reply::reject(400004, "role already set")),
                (true, false) => {
                    roles.push(role);
                    Ok(())
                }
                (false, true) => {
                    roles.retain(|r| *r != role);
                    Ok(())
                }
                (false, false) => Err(param_error("the user does not hold the role")),
            }
        })?;
        Ok(reply::ok())
    })
}

/// `role/getrolelist`.
pub(super) fn roles() -> MethodRouter<Shared> {
    get_checked(MINI, &[], |c| {
        let opt = |name: &str, default: i64| match c.query.get(name) {
            Some(_) => query_int(&c, name),
            None => Ok(default),
        };
        let (role, offset, limit) = (opt("role", -1)?, opt("offset", 0)?, opt("limit", 10)?);
        if !(-1..=3).contains(&role) || !(1..=30).contains(&limit) || offset < 0 {
            return Err(param_error("role -1..=3, limit 1..=30, offset ≥ 0"));
        }
        let keyword = c.query.get("keyword").cloned().unwrap_or_default();
        let (total, list) = with_live(&c, |live| {
            let all: Vec<Value> = live
                .roles
                .iter()
                .filter(|(_, r)| !r.is_empty() && (role == -1 || r.contains(&role)))
                .filter(|(name, _)| keyword.is_empty() || name.contains(&keyword))
                .map(|(name, r)| {
                    json!({
                        "headingimg": "https://sandbox.invalid/head/0",
                        "nickname": name,
                        "openid": format!("o-member-{name}"),
                        "roleList": r,
                        "updateTimestamp": crate::clock::unix_now().to_string(),
                        "username": name,
                    })
                })
                .collect();
            let total = all.len();
            Ok((
                total,
                all.into_iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .collect::<Vec<_>>(),
            ))
        })?;
        Ok(reply::ok_with(json!({ "total": total, "list": list })))
    })
}

const FOLLOWERS: &[Field] = &[
    ("limit", Kind::Int, false),
    ("page_break", Kind::Int, false),
];

/// `get_wxa_followers`: the documented example's two subscribers.
pub(super) fn followers() -> MethodRouter<Shared> {
    post_checked(MINI, FOLLOWERS, |c| {
        if let Some(limit) = c.body.get("limit").and_then(Value::as_i64) {
            if !(1..=2000).contains(&limit) {
                return Err(param_error("limit must be 1..=2000"));
            }
        }
        Ok(reply::ok_with(json!({
            "followers": [
                { "openid": "openid1", "subscribe_time": 1_606_270_612, "room_status": 101, "room_id": 1 },
                { "openid": "openid2", "subscribe_time": 1_606_270_612, "room_status": 102, "room_id": 2 },
            ],
            "page_break": 0,
        })))
    })
}

const PUSH: &[Field] = &[
    ("room_id", Kind::Int, true),
    ("user_openid", Kind::Arr, true),
];

/// `push_message`: only for a live room (9410006 otherwise).
pub(super) fn push_message() -> MethodRouter<Shared> {
    post_checked(MINI, PUSH, |c| {
        let n = c
            .body
            .get("user_openid")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if !(1..=2000).contains(&n) {
            return Err(param_error("user_openid must hold 1..=2000 openids"));
        }
        with_live(&c, |live| {
            let room = live.room(int(c.body, "room_id"))?;
            if status_of(room) != 101 {
                return Err(reply::reject(9410006, "the room is not live"));
            }
            Ok(())
        })?;
        Ok(reply::ok_with(
            json!({ "message_id": c.state.id("live-msg-") }),
        ))
    })
}
