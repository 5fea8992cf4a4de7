//! Mini Program logistics: the logistics helper for businesses (物流助手,
//! `/cgi-bin/express/business/*`) and the WeChat logistics service's query and message
//! components (`/cgi-bin/express/delivery/open_msg/*`). Request tables are the sandbox's
//! own, written from the official field tables.
//!
//! State, per app: bound courier accounts, printers, orders (with their waybill and trace)
//! and the waybill tokens of the query and message components (kept apart: a token of one
//! component is unknown to the other).
//!
//! Conventions and errcodes: the couriers are those of the `getAllDelivery` example plus
//! the test courier `TEST` (always usable with `biz_id` `test_biz_id`); another courier
//! needs a bound account (else 9300501 with the courier's code 10001, "客户编码或者月结账户不存在").
//! Unknown `delivery_id` 9300503; unknown order or waybill 40199; cancelling a waybill that
//! has a trace 9300506; bad `update_type` 9300517; binding again 9300529, unbinding an
//! unknown account 9300530, password `wrong` 9300531. The same `order_id` gives the same
//! waybill. Unknown waybill token 9300507. `test_update_order` pushes a trace node onto a
//! `TEST` order; the components' `status` follows the trace of an order with that waybill.

use super::table::{check_body, get_checked, post_checked, Field, Kind};
use super::Shared;
use crate::clock::unix_now;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

const MINI: Option<AppKind> = Some(AppKind::MiniProgram);

/// The couriers of the `getAllDelivery` example, and the test courier.
const COURIERS: &[(&str, &str)] = &[
    ("BEST", "百世快递"),
    ("EMS", "中国邮政速递物流"),
    ("PJ", "品骏物流"),
    ("SF", "顺丰速运"),
    ("YTO", "圆通速递"),
    ("YUNDA", "韵达快递"),
    ("ZTO", "中通快递"),
];
const TEST_COURIER: &str = "TEST";
const TEST_BIZ_ID: &str = "test_biz_id";
/// The documented trace node types.
const ACTION_TYPES: &[i64] = &[
    100001, 100002, 100003, 200001, 300002, 300003, 300004, 400001, 400002,
];
/// The electronic-waybill quota of a freshly bound account.
const QUOTA: i64 = 100;

/// A bound courier account.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    remark_content: Option<String>,
    created: u64,
}

/// An order and its waybill.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    openid: Option<String>,
    delivery_id: String,
    biz_id: String,
    waybill_id: String,
    cancelled: bool,
    /// (action_time, action_type, action_msg), oldest first.
    path: Vec<(i64, i64, String)>,
}

/// A waybill handed to the query or the message component.
#[derive(Debug, Clone)]
pub(crate) struct Tracked {
    app_id: String,
    follow: bool,
    waybill_id: String,
    delivery_id: Option<String>,
    goods: Value,
}

/// Everything the logistics endpoints keep.
#[derive(Debug, Default)]
pub(crate) struct Logistics {
    /// (app, delivery_id, biz_id) → account.
    accounts: BTreeMap<(String, String, String), Account>,
    /// app → printer openid → its tag ids.
    printers: HashMap<String, BTreeMap<String, Option<String>>>,
    /// (app, order_id) → order.
    orders: HashMap<(String, String), Order>,
    /// waybill_token → waybill.
    tokens: HashMap<String, Tracked>,
}

fn str_field<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn known_courier(delivery_id: &str) -> Step<()> {
    if delivery_id == TEST_COURIER || COURIERS.iter().any(|(id, _)| *id == delivery_id) {
        Ok(())
    } else {
        Err(reply::reject(9300503, "delivery_id not exist"))
    }
}

fn courier_name(delivery_id: &str) -> String {
    COURIERS
        .iter()
        .find(|(id, _)| *id == delivery_id)
        .map_or_else(|| delivery_id.to_owned(), |(_, name)| (*name).to_owned())
}

/// 9300501 with the courier's own code, as `addOrder` documents its failures.
fn courier_fail(code: i64, msg: &str) -> axum::response::Response {
    reply::json(json!({
        "errcode": 9300501,
        "errmsg": "delivery logic fail",
        "delivery_resultcode": code,
        "delivery_resultmsg": msg,
    }))
}

fn nested(map: &Map<String, Value>, name: &str, table: &[Field]) -> Step<()> {
    match map.get(name) {
        Some(Value::Object(inner)) => check_body(inner, table),
        _ => Ok(()),
    }
}

fn each(map: &Map<String, Value>, name: &str, table: &[Field]) -> Step<()> {
    if let Some(Value::Array(items)) = map.get(name) {
        for item in items {
            match item {
                Value::Object(inner) => check_body(inner, table)?,
                _ => {
                    return Err(reply::reject(
                        47001,
                        &format!("data format error: `{name}[]` must be objects"),
                    ))
                }
            }
        }
    }
    Ok(())
}

const BIND: &[Field] = &[
    ("type", Kind::Str, true),
    ("biz_id", Kind::Str, true),
    ("delivery_id", Kind::Str, true),
    ("password", Kind::Str, false),
    ("remark_content", Kind::Str, false),
];

/// `/cgi-bin/express/business/account/bind`.
pub(super) fn bind_account() -> MethodRouter<Shared> {
    post_checked(MINI, BIND, |c| {
        let map = c.body;
        let delivery_id = str_field(map, "delivery_id");
        known_courier(delivery_id)?;
        let key = (
            c.app_id.to_owned(),
            delivery_id.to_owned(),
            str_field(map, "biz_id").to_owned(),
        );
        let mut inner = c.state.lock();
        let accounts = &mut inner.logistics.accounts;
        match str_field(map, "type") {
            "bind" => {
                if str_field(map, "password") == "wrong" {
                    return Err(reply::reject(9300531, "invalid biz_id or password"));
                }
                if accounts.contains_key(&key) {
                    return Err(reply::reject(9300529, "biz_id already bound"));
                }
                let remark_content = map
                    .get("remark_content")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                accounts.insert(
                    key,
                    Account {
                        remark_content,
                        created: unix_now(),
                    },
                );
            }
            "unbind" => {
                if accounts.remove(&key).is_none() {
                    return Err(reply::reject(9300530, "biz_id to unbind not exist"));
                }
            }
            _ => {
                return Err(reply::reject(
                    47001,
                    "data format error: `type` must be bind or unbind",
                ))
            }
        }
        Ok(reply::ok())
    })
}

/// `/cgi-bin/express/business/account/getall`.
pub(super) fn list_accounts() -> MethodRouter<Shared> {
    get_checked(MINI, &[], |c| {
        let inner = c.state.lock();
        let used = |delivery_id: &str, biz_id: &str| {
            inner
                .logistics
                .orders
                .iter()
                .filter(|((app, _), o)| {
                    app == c.app_id && o.delivery_id == delivery_id && o.biz_id == biz_id
                })
                .count() as i64
        };
        let list: Vec<Value> = inner
            .logistics
            .accounts
            .iter()
            .filter(|((app, _, _), _)| app == c.app_id)
            .map(|((_, delivery_id, biz_id), a)| {
                json!({
                    "biz_id": biz_id,
                    "delivery_id": delivery_id,
                    "create_time": a.created,
                    "update_time": a.created,
                    "status_code": 0,
                    "alias": "",
                    "remark_wrong_msg": "",
                    "remark_content": a.remark_content.clone().unwrap_or_default(),
                    "quota_num": QUOTA - used(delivery_id, biz_id),
                    "quota_update_time": a.created,
                    "service_type": [{ "service_type": 0, "service_name": "标准快递" }],
                })
            })
            .collect();
        Ok(reply::ok_with(json!({ "count": list.len(), "list": list })))
    })
}

/// `/cgi-bin/express/business/delivery/getall`: the documented example.
pub(super) fn list_deliveries() -> MethodRouter<Shared> {
    get_checked(MINI, &[], |_| {
        let data: Vec<Value> = COURIERS
            .iter()
            .map(|(id, name)| json!({ "delivery_id": id, "delivery_name": name }))
            .collect();
        Ok(reply::ok_with(json!({ "count": data.len(), "data": data })))
    })
}

/// `/cgi-bin/express/business/printer/getall`.
pub(super) fn list_printers() -> MethodRouter<Shared> {
    get_checked(MINI, &[], |c| {
        let inner = c.state.lock();
        let printers = inner.logistics.printers.get(c.app_id);
        let openid: Vec<&String> = printers.map(|p| p.keys().collect()).unwrap_or_default();
        let tagid_list: Vec<String> = printers
            .map(|p| p.values().map(|t| t.clone().unwrap_or_default()).collect())
            .unwrap_or_default();
        Ok(reply::ok_with(json!({
            "count": openid.len(),
            "openid": openid,
            "tagid_list": tagid_list,
        })))
    })
}

const PRINTER: &[Field] = &[
    ("openid", Kind::Str, true),
    ("update_type", Kind::Str, true),
    ("tagid_list", Kind::Str, false),
];

/// `/cgi-bin/express/business/printer/update`.
pub(super) fn update_printer() -> MethodRouter<Shared> {
    post_checked(MINI, PRINTER, |c| {
        let map = c.body;
        let openid = super::openid(map, "openid")?.to_owned();
        let tags = map
            .get("tagid_list")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if tags.as_deref().is_some_and(|t| t.split(',').count() > 10) {
            return Err(reply::reject(47001, "data format error: over 10 tagids"));
        }
        let mut inner = c.state.lock();
        let printers = inner
            .logistics
            .printers
            .entry(c.app_id.to_owned())
            .or_default();
        match str_field(map, "update_type") {
            "bind" => {
                printers.insert(openid, tags);
            }
            "unbind" => {
                printers.remove(&openid);
            }
            _ => return Err(reply::reject(9300517, "update_type invalid")),
        }
        Ok(reply::ok())
    })
}

const ADD: &[Field] = &[
    ("add_source", Kind::Int, true),
    ("wx_appid", Kind::Str, false),
    ("order_id", Kind::Str, true),
    ("openid", Kind::Str, false),
    ("delivery_id", Kind::Str, true),
    ("biz_id", Kind::Str, true),
    ("custom_remark", Kind::Str, false),
    ("tagid", Kind::Int, false),
    ("sender", Kind::Obj, true),
    ("receiver", Kind::Obj, true),
    ("cargo", Kind::Obj, true),
    ("shop", Kind::Obj, true),
    ("insured", Kind::Obj, true),
    ("service", Kind::Obj, true),
    ("expect_time", Kind::Int, false),
];
const CONTACT: &[Field] = &[
    ("name", Kind::Str, true),
    ("tel", Kind::Str, false),
    ("mobile", Kind::Str, false),
    ("company", Kind::Str, false),
    ("post_code", Kind::Str, false),
    ("country", Kind::Str, false),
    ("province", Kind::Str, true),
    ("city", Kind::Str, true),
    ("area", Kind::Str, true),
    ("address", Kind::Str, true),
];
const CARGO: &[Field] = &[
    ("count", Kind::Int, true),
    ("weight", Kind::Num, true),
    ("space_x", Kind::Num, true),
    ("space_y", Kind::Num, true),
    ("space_z", Kind::Num, true),
    ("detail_list", Kind::Arr, true),
];
const CARGO_ITEM: &[Field] = &[("name", Kind::Str, true), ("count", Kind::Int, true)];
const SHOP: &[Field] = &[
    ("wxa_path", Kind::Str, true),
    ("img_url", Kind::Str, false),
    ("goods_name", Kind::Str, false),
    ("goods_count", Kind::Int, false),
    ("detail_list", Kind::Arr, false),
];
const SHOP_GOODS: &[Field] = &[
    ("goods_name", Kind::Str, true),
    ("goods_img_url", Kind::Str, true),
    ("goods_desc", Kind::Str, false),
];
const INSURED: &[Field] = &[
    ("use_insured", Kind::Int, true),
    ("insured_value", Kind::Int, true),
];
const SERVICE: &[Field] = &[
    ("service_type", Kind::Int, true),
    ("service_name", Kind::Str, true),
];

fn waybill_data(delivery_id: &str, city: &str) -> Value {
    json!([
        { "key": format!("{delivery_id}_bagAddr"), "value": city },
        { "key": format!("{delivery_id}_mark"), "value": "101- 07-03 509" },
    ])
}

/// `/cgi-bin/express/business/order/add`.
pub(super) fn add_order() -> MethodRouter<Shared> {
    post_checked(MINI, ADD, |c| {
        let map = c.body;
        nested(map, "sender", CONTACT)?;
        nested(map, "receiver", CONTACT)?;
        nested(map, "cargo", CARGO)?;
        nested(map, "shop", SHOP)?;
        nested(map, "insured", INSURED)?;
        nested(map, "service", SERVICE)?;
        if let Some(Value::Object(cargo)) = map.get("cargo") {
            each(cargo, "detail_list", CARGO_ITEM)?;
        }
        if let Some(Value::Object(shop)) = map.get("shop") {
            each(shop, "detail_list", SHOP_GOODS)?;
        }
        let openid = match map.get("add_source").and_then(Value::as_i64) {
            Some(0) => Some(super::openid(map, "openid")?.to_owned()),
            Some(2) => {
                super::string(map, "wx_appid", 47001)?;
                None
            }
            _ => {
                return Err(reply::reject(
                    47001,
                    "data format error: add_source must be 0 or 2",
                ))
            }
        };
        let delivery_id = str_field(map, "delivery_id").to_owned();
        let biz_id = str_field(map, "biz_id").to_owned();
        let order_id = str_field(map, "order_id").to_owned();
        if order_id.is_empty() || order_id.len() > 512 {
            return Err(reply::reject(9300526, "order_id length invalid"));
        }
        known_courier(&delivery_id)?;
        let city = map
            .get("receiver")
            .and_then(|r| r.get("city"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut inner = c.state.lock();
        let bound = inner.logistics.accounts.contains_key(&(
            c.app_id.to_owned(),
            delivery_id.clone(),
            biz_id.clone(),
        ));
        if delivery_id == TEST_COURIER {
            if biz_id != TEST_BIZ_ID {
                return Ok(courier_fail(10001, "客户编码或者月结账户不存在"));
            }
        } else if !bound {
            return Ok(courier_fail(10001, "客户编码或者月结账户不存在"));
        }
        let key = (c.app_id.to_owned(), order_id.clone());
        if let Some(existing) = inner.logistics.orders.get(&key) {
            if !existing.cancelled {
                let reply = json!({
                    "order_id": order_id,
                    "waybill_id": existing.waybill_id,
                    "waybill_data": waybill_data(&existing.delivery_id, &city),
                });
                return Ok(reply::ok_with(reply));
            }
        }
        let waybill_id = format!("{delivery_id}{:012}", c.state.next());
        inner.logistics.orders.insert(
            key,
            Order {
                openid,
                delivery_id: delivery_id.clone(),
                biz_id,
                waybill_id: waybill_id.clone(),
                cancelled: false,
                path: Vec::new(),
            },
        );
        Ok(reply::ok_with(json!({
            "order_id": order_id,
            "waybill_id": waybill_id,
            "waybill_data": waybill_data(&delivery_id, &city),
        })))
    })
}

/// The order `order_id` of the app, when `delivery_id` (and `waybill_id`, when given)
/// match; 40199 otherwise.
fn find_order(
    orders: &HashMap<(String, String), Order>,
    app_id: &str,
    order_id: &str,
    delivery_id: &str,
    waybill_id: Option<&str>,
) -> Step<Order> {
    orders
        .get(&(app_id.to_owned(), order_id.to_owned()))
        .filter(|o| o.delivery_id == delivery_id && waybill_id.is_none_or(|w| w == o.waybill_id))
        .cloned()
        .ok_or_else(|| reply::reject(40199, "waybill id not exist"))
}

fn order_json(order_id: &str, o: &Order) -> Value {
    let html = format!("<html>{} {}</html>", o.delivery_id, o.waybill_id);
    json!({
        "print_html": base64::engine::general_purpose::STANDARD.encode(html.as_bytes()),
        "waybill_data": waybill_data(&o.delivery_id, "广州"),
        "delivery_id": o.delivery_id,
        "waybill_id": o.waybill_id,
        "order_id": order_id,
        "order_status": i64::from(o.cancelled),
    })
}

const GET: &[Field] = &[
    ("order_id", Kind::Str, true),
    ("openid", Kind::Str, false),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, false),
    ("print_type", Kind::Int, false),
    ("custom_remark", Kind::Str, false),
];

/// `/cgi-bin/express/business/order/get`.
pub(super) fn get_order() -> MethodRouter<Shared> {
    post_checked(MINI, GET, |c| {
        let map = c.body;
        let order_id = str_field(map, "order_id");
        let waybill_id = map.get("waybill_id").and_then(Value::as_str);
        let inner = c.state.lock();
        let o = find_order(
            &inner.logistics.orders,
            c.app_id,
            order_id,
            str_field(map, "delivery_id"),
            waybill_id,
        )?;
        Ok(reply::ok_with(order_json(order_id, &o)))
    })
}

const BATCH: &[Field] = &[("order_list", Kind::Arr, true)];
const ORDER_KEY: &[Field] = &[
    ("order_id", Kind::Str, true),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
];

/// `/cgi-bin/express/business/order/batchget`: each order answers on its own (40199 for an
/// unknown one).
pub(super) fn batch_get_orders() -> MethodRouter<Shared> {
    post_checked(MINI, BATCH, |c| {
        each(c.body, "order_list", ORDER_KEY)?;
        let keys = c
            .body
            .get("order_list")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if keys.is_empty() || keys.len() > 100 {
            return Err(reply::reject(
                47001,
                "data format error: order_list holds 1..=100 orders",
            ));
        }
        let inner = c.state.lock();
        let list: Vec<Value> = keys
            .iter()
            .map(|k| {
                let field = |n: &str| k.get(n).and_then(Value::as_str).unwrap_or_default();
                let (order_id, delivery_id, waybill_id) =
                    (field("order_id"), field("delivery_id"), field("waybill_id"));
                match find_order(
                    &inner.logistics.orders,
                    c.app_id,
                    order_id,
                    delivery_id,
                    Some(waybill_id),
                ) {
                    Ok(o) => {
                        let mut v = order_json(order_id, &o);
                        if let Some(m) = v.as_object_mut() {
                            m.insert("errcode".into(), 0.into());
                            m.insert("errmsg".into(), "ok".into());
                        }
                        v
                    }
                    Err(_) => json!({
                        "errcode": 40199,
                        "errmsg": "waybill id not exist",
                        "order_id": order_id,
                        "delivery_id": delivery_id,
                        "waybill_id": waybill_id,
                    }),
                }
            })
            .collect();
        Ok(reply::ok_with(json!({ "order_list": list })))
    })
}

const CANCEL: &[Field] = &[
    ("openid", Kind::Str, false),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("order_id", Kind::Str, true),
];

/// `/cgi-bin/express/business/order/cancel`.
pub(super) fn cancel_order() -> MethodRouter<Shared> {
    post_checked(MINI, CANCEL, |c| {
        let map = c.body;
        let order_id = str_field(map, "order_id");
        let mut inner = c.state.lock();
        let o = find_order(
            &inner.logistics.orders,
            c.app_id,
            order_id,
            str_field(map, "delivery_id"),
            Some(str_field(map, "waybill_id")),
        )?;
        if !o.path.is_empty() {
            return Err(reply::reject(
                9300506,
                "waybill already has a trace, cannot cancel",
            ));
        }
        if let Some(stored) = inner
            .logistics
            .orders
            .get_mut(&(c.app_id.to_owned(), order_id.to_owned()))
        {
            stored.cancelled = true;
        }
        Ok(reply::ok_with(
            json!({ "delivery_resultcode": 0, "delivery_resultmsg": "" }),
        ))
    })
}

const PATH: &[Field] = &[
    ("order_id", Kind::Str, false),
    ("openid", Kind::Str, false),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
];

/// `/cgi-bin/express/business/path/get`.
pub(super) fn get_path() -> MethodRouter<Shared> {
    post_checked(MINI, PATH, |c| {
        let map = c.body;
        let (delivery_id, waybill_id) =
            (str_field(map, "delivery_id"), str_field(map, "waybill_id"));
        let inner = c.state.lock();
        let o = inner
            .logistics
            .orders
            .iter()
            .find(|((app, _), o)| {
                app == c.app_id && o.delivery_id == delivery_id && o.waybill_id == waybill_id
            })
            .map(|(_, o)| o.clone())
            .ok_or_else(|| reply::reject(40199, "waybill id not exist"))?;
        let items: Vec<Value> = o
            .path
            .iter()
            .map(|(t, ty, msg)| json!({ "action_time": t, "action_type": ty, "action_msg": msg }))
            .collect();
        Ok(reply::ok_with(json!({
            "openid": o.openid.unwrap_or_default(),
            "delivery_id": o.delivery_id,
            "waybill_id": o.waybill_id,
            "path_item_num": items.len(),
            "path_item_list": items,
        })))
    })
}

const QUOTA_TABLE: &[Field] = &[
    ("delivery_id", Kind::Str, true),
    ("biz_id", Kind::Str, true),
];

/// `/cgi-bin/express/business/quota/get`: 100 for a bound account, less one per order.
pub(super) fn get_quota() -> MethodRouter<Shared> {
    post_checked(MINI, QUOTA_TABLE, |c| {
        let map = c.body;
        let (delivery_id, biz_id) = (str_field(map, "delivery_id"), str_field(map, "biz_id"));
        known_courier(delivery_id)?;
        let inner = c.state.lock();
        let key = (
            c.app_id.to_owned(),
            delivery_id.to_owned(),
            biz_id.to_owned(),
        );
        if !inner.logistics.accounts.contains_key(&key) {
            return Ok(courier_fail(10001, "客户编码或者月结账户不存在"));
        }
        let used = inner
            .logistics
            .orders
            .iter()
            .filter(|((app, _), o)| {
                app == c.app_id && o.delivery_id == delivery_id && o.biz_id == biz_id
            })
            .count() as i64;
        Ok(reply::ok_with(json!({ "quota_num": QUOTA - used })))
    })
}

const TEST_UPDATE: &[Field] = &[
    ("biz_id", Kind::Str, true),
    ("order_id", Kind::Str, true),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("action_time", Kind::Int, true),
    ("action_type", Kind::Int, true),
    ("action_msg", Kind::Str, true),
];

/// `/cgi-bin/express/business/test_update_order`: a trace node onto a `TEST` order; 400001
/// cancels it.
pub(super) fn update_test_order() -> MethodRouter<Shared> {
    post_checked(MINI, TEST_UPDATE, |c| {
        let map = c.body;
        if str_field(map, "biz_id") != TEST_BIZ_ID || str_field(map, "delivery_id") != TEST_COURIER
        {
            return Err(reply::reject(
                47001,
                "data format error: only biz_id test_biz_id with delivery_id TEST",
            ));
        }
        let action_type = map
            .get("action_type")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        if !ACTION_TYPES.contains(&action_type) {
            return Err(reply::reject(
                47001,
                "data format error: action_type is not a documented value",
            ));
        }
        let order_id = str_field(map, "order_id");
        let mut inner = c.state.lock();
        find_order(
            &inner.logistics.orders,
            c.app_id,
            order_id,
            TEST_COURIER,
            Some(str_field(map, "waybill_id")),
        )?;
        if let Some(o) = inner
            .logistics
            .orders
            .get_mut(&(c.app_id.to_owned(), order_id.to_owned()))
        {
            let at = map
                .get("action_time")
                .and_then(Value::as_i64)
                .unwrap_or_default();
            o.path
                .push((at, action_type, str_field(map, "action_msg").to_owned()));
            if action_type == 400001 {
                o.cancelled = true;
            }
        }
        Ok(reply::ok())
    })
}

// ---- The WeChat logistics service: query and message components ----

/// The couriers of the `get_delivery_list` example.
const SERVICE_COURIERS: &[(&str, &str)] = &[
    ("(AU)", "Interparcel"),
    ("BDT", "八达通"),
    ("YD", "韵达速递"),
];

/// `/cgi-bin/express/delivery/open_msg/get_delivery_list`.
pub(super) fn delivery_list() -> MethodRouter<Shared> {
    post_checked(MINI, &[], |_| {
        let list: Vec<Value> = SERVICE_COURIERS
            .iter()
            .map(|(id, name)| json!({ "delivery_id": id, "delivery_name": name }))
            .collect();
        Ok(reply::ok_with(
            json!({ "delivery_list": list, "count": list.len() }),
        ))
    })
}

const GOODS_INFO: &[Field] = &[("detail_list", Kind::Arr, true)];
const GOODS: &[Field] = &[
    ("goods_name", Kind::Str, true),
    ("goods_img_url", Kind::Str, true),
    ("goods_desc", Kind::Str, false),
];

fn goods(map: &Map<String, Value>) -> Step<Value> {
    nested(map, "goods_info", GOODS_INFO)?;
    if let Some(Value::Object(info)) = map.get("goods_info") {
        each(info, "detail_list", GOODS)?;
        if info
            .get("detail_list")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            return Err(reply::reject(
                47001,
                "data format error: goods_info.detail_list empty",
            ));
        }
    }
    Ok(map.get("goods_info").cloned().unwrap_or(Value::Null))
}

const TRACE: &[Field] = &[
    ("openid", Kind::Str, true),
    ("sender_phone", Kind::Str, false),
    ("receiver_phone", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("goods_info", Kind::Obj, true),
    ("trans_id", Kind::Str, true),
    ("order_detail_path", Kind::Str, true),
    ("delivery_id", Kind::Str, false),
];
const FOLLOW: &[Field] = &[
    ("openid", Kind::Str, true),
    ("sender_phone", Kind::Str, false),
    ("receiver_phone", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("goods_info", Kind::Obj, true),
    ("trans_id", Kind::Str, true),
    ("order_detail_path", Kind::Str, false),
    ("delivery_id", Kind::Str, false),
];

fn submit(c: &super::table::Checked<'_>, follow: bool) -> Step<axum::response::Response> {
    let map = c.body;
    super::openid(map, "openid")?;
    let goods = goods(map)?;
    let token = c.state.id("o_wbt");
    c.state.lock().logistics.tokens.insert(
        token.clone(),
        Tracked {
            app_id: c.app_id.to_owned(),
            follow,
            waybill_id: str_field(map, "waybill_id").to_owned(),
            delivery_id: map
                .get("delivery_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
            goods,
        },
    );
    Ok(reply::ok_with(json!({ "waybill_token": token })))
}

/// `/cgi-bin/express/delivery/open_msg/trace_waybill` (query component).
pub(super) fn trace_waybill() -> MethodRouter<Shared> {
    post_checked(MINI, TRACE, |c| submit(&c, false))
}

/// `/cgi-bin/express/delivery/open_msg/follow_waybill` (message component).
pub(super) fn follow_waybill() -> MethodRouter<Shared> {
    post_checked(MINI, FOLLOW, |c| submit(&c, true))
}

/// The waybill of `token` for this app and component; 9300507 otherwise.
fn tracked<'a>(
    tokens: &'a mut HashMap<String, Tracked>,
    token: &str,
    app_id: &str,
    follow: bool,
) -> Step<&'a mut Tracked> {
    tokens
        .get_mut(token)
        .filter(|t| t.app_id == app_id && t.follow == follow)
        .ok_or_else(|| {
            reply::reject(
                9300507,
                "invalid token, can't decryption or decryption result is different from the plaintext",
            )
        })
}

/// The component's `status` of a waybill: from the last trace node of an order of the app
/// with that waybill id (0 without one).
fn status_of(orders: &HashMap<(String, String), Order>, app_id: &str, waybill_id: &str) -> i64 {
    let last = orders
        .iter()
        .find(|((app, _), o)| app == app_id && o.waybill_id == waybill_id)
        .and_then(|(_, o)| o.path.last().map(|(_, ty, _)| *ty));
    match last {
        Some(100001 | 100003) => 1,
        Some(200001) => 2,
        Some(300002) => 3,
        Some(300003) => 4,
        Some(100002 | 300004 | 400001 | 400002) => 5,
        _ => 0,
    }
}

const QUERY: &[Field] = &[
    ("waybill_token", Kind::Str, true),
    ("openid", Kind::Str, false),
];

fn query(c: &super::table::Checked<'_>, follow: bool) -> Step<axum::response::Response> {
    let token = str_field(c.body, "waybill_token");
    let mut inner = c.state.lock();
    let t = tracked(&mut inner.logistics.tokens, token, c.app_id, follow)?.clone();
    let status = status_of(&inner.logistics.orders, c.app_id, &t.waybill_id);
    let mut reply = json!({
        "waybill_info": { "status": status, "waybill_id": t.waybill_id },
        "shop_info": { "goods_info": t.goods },
    });
    if let (Some(id), Some(m)) = (t.delivery_id, reply.as_object_mut()) {
        let name = SERVICE_COURIERS
            .iter()
            .find(|(c, _)| *c == id)
            .map_or_else(|| courier_name(&id), |(_, n)| (*n).to_owned());
        m.insert(
            "delivery_info".into(),
            json!({ "delivery_id": id, "delivery_name": name }),
        );
    }
    Ok(reply::ok_with(reply))
}

/// `/cgi-bin/express/delivery/open_msg/query_trace` (query component).
pub(super) fn query_trace() -> MethodRouter<Shared> {
    post_checked(MINI, QUERY, |c| query(&c, false))
}

/// `/cgi-bin/express/delivery/open_msg/query_follow_trace` (message component).
pub(super) fn query_follow_trace() -> MethodRouter<Shared> {
    post_checked(MINI, QUERY, |c| query(&c, true))
}

const UPDATE_GOODS: &[Field] = &[
    ("waybill_token", Kind::Str, true),
    ("goods_info", Kind::Obj, true),
];

fn update(c: &super::table::Checked<'_>, follow: bool) -> Step<axum::response::Response> {
    let goods = goods(c.body)?;
    let token = str_field(c.body, "waybill_token");
    let mut inner = c.state.lock();
    tracked(&mut inner.logistics.tokens, token, c.app_id, follow)?.goods = goods;
    Ok(reply::ok())
}

/// `/cgi-bin/express/delivery/open_msg/update_waybill_goods` (query component).
pub(super) fn update_waybill_goods() -> MethodRouter<Shared> {
    post_checked(MINI, UPDATE_GOODS, |c| update(&c, false))
}

/// `/cgi-bin/express/delivery/open_msg/update_follow_waybill_goods` (message component).
pub(super) fn update_follow_waybill_goods() -> MethodRouter<Shared> {
    post_checked(MINI, UPDATE_GOODS, |c| update(&c, true))
}
