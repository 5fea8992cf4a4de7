//! Mini Program immediate delivery (即时配送), stateful: orders by (app id, shop id, shop
//! order id) with the documented status codes (101 waiting for a rider ... 302 delivered,
//! 103/203/204/205/401/501/502 final), verified carrier signatures and the documented
//! errcodes. Request tables are the sandbox's own, written from the official pages.
//!
//! The carrier accounts every app has bound ([`crate::DELIVERY_SHOPS`]): the official test
//! shop `test_shop_id` of the test carrier `TEST` (secret `test_app_secrect`, as on the
//! official page) and a DADA test shop. `delivery_sign` must be the lower-case hex SHA-1 of
//! `shopid + shop_order_id + secret`, computed here independently of `wx-api`; a wrong one is
//! answered as the carriers do, `resultcode` 1 `签名校验失败` with errcode 0.
//!
//! Errcodes: 930560 unknown shop, 930561 invalid parameter (unknown carrier, a status the
//! test call may not set, a waybill id not the order's), 930562 the order exists, 930563 no
//! such order, 930565 the order has ended, 930558 carrier logic error (a tip not above the
//! previous one, or after a rider accepted; a return confirmed for an order not being
//! returned), 930569 delivery already open. Fees: 8.00 yuan for 2000 metres, 1.60 coupon.

use super::table::{post_checked, Field, Kind};
use super::Shared;
use crate::reply::{self, Step};
use crate::AppKind;
use axum::routing::MethodRouter;
use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The carriers the sandbox knows: id and name.
const COMPANIES: [(&str, &str); 5] = [
    ("TEST", "测试配送公司"),
    ("SFTC", "顺丰同城急送"),
    ("SS", "闪送"),
    ("MTPS", "美团配送"),
    ("DADA", "达达"),
];

/// One order.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub delivery_id: String,
    pub waybill_id: String,
    pub status: i64,
    pub tips: f64,
}

/// Each app's delivery state.
#[derive(Debug, Default)]
pub(crate) struct Delivery {
    /// Orders by (app id, shopid, shop_order_id).
    pub orders: HashMap<(String, String, String), Order>,
    /// Apps that opened immediate delivery.
    pub opened: HashSet<String>,
}

fn is_final(status: i64) -> bool {
    matches!(status, 302 | 103 | 203 | 204 | 205 | 401 | 501 | 502)
}

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> &'a str {
    map.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn sha1_hex(input: &str) -> String {
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(input.as_bytes()) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The shop's secret: 930560 for a shop not bound.
fn shop_secret(shopid: &str) -> Step<&'static str> {
    crate::DELIVERY_SHOPS
        .iter()
        .find(|(id, _, _)| *id == shopid)
        .map(|(_, secret, _)| *secret)
        .ok_or_else(|| reply::reject(930560, "shop not bound (未绑定的商户号)"))
}

/// The signature check: `Ok(None)` when it holds, `Ok(Some(reply))` the carrier's refusal.
fn signature(map: &Map<String, Value>) -> Step<Option<axum::response::Response>> {
    let shopid = text(map, "shopid");
    let secret = shop_secret(shopid)?;
    let expected = sha1_hex(&format!("{shopid}{}{secret}", text(map, "shop_order_id")));
    if text(map, "delivery_sign") == expected {
        Ok(None)
    } else {
        Ok(Some(reply::ok_with(
            json!({ "resultcode": 1, "resultmsg": "签名校验失败" }),
        )))
    }
}

fn known_company(map: &Map<String, Value>) -> Step<()> {
    let id = text(map, "delivery_id");
    if COMPANIES.iter().any(|(c, _)| *c == id) {
        Ok(())
    } else {
        Err(reply::reject(930561, "args error: unknown delivery_id"))
    }
}

fn key(app_id: &str, map: &Map<String, Value>) -> (String, String, String) {
    (
        app_id.to_owned(),
        text(map, "shopid").to_owned(),
        text(map, "shop_order_id").to_owned(),
    )
}

fn no_order() -> reply::Reject {
    reply::reject(930563, "order not exists")
}

fn carrier_ok(fields: Value) -> axum::response::Response {
    let mut fields = fields;
    if let Some(m) = fields.as_object_mut() {
        m.insert("resultcode".into(), 0.into());
        m.insert("resultmsg".into(), "ok".into());
    }
    reply::ok_with(fields)
}

const NONE: &[Field] = &[];

/// `/cgi-bin/express/local/business/delivery/getall`.
pub(super) fn list_companies() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), NONE, |_| {
        let list: Vec<Value> = COMPANIES
            .iter()
            .map(|(id, name)| json!({ "delivery_id": id, "delivery_name": name }))
            .collect();
        Ok(carrier_ok(json!({ "list": list })))
    })
}

/// `/cgi-bin/express/local/business/open`: once per app (930569 again).
pub(super) fn open() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), NONE, |c| {
        if !c.state.lock().delivery.opened.insert(c.app_id.to_owned()) {
            return Err(reply::reject(930569, "already open"));
        }
        Ok(carrier_ok(json!({})))
    })
}

const BIND: &[Field] = &[("delivery_id", Kind::Str, true)];

/// `/cgi-bin/express/local/business/shop/add`.
pub(super) fn bind() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), BIND, |c| {
        known_company(c.body)?;
        Ok(carrier_ok(json!({})))
    })
}

/// `/cgi-bin/express/local/business/shop/get`: the sandbox's bound shops.
pub(super) fn accounts() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), NONE, |_| {
        let list: Vec<Value> = crate::DELIVERY_SHOPS
            .iter()
            .map(|(shopid, _, delivery_id)| {
                json!({ "delivery_id": delivery_id, "shopid": shopid, "audit_result": 0 })
            })
            .collect();
        Ok(carrier_ok(json!({ "shop_list": list })))
    })
}

const PLACE: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("delivery_id", Kind::Str, true),
    ("openid", Kind::Str, true),
    ("sender", Kind::Obj, false),
    ("receiver", Kind::Obj, true),
    ("cargo", Kind::Obj, true),
    ("order_info", Kind::Obj, true),
    ("shop", Kind::Obj, true),
    ("delivery_token", Kind::Str, false),
    ("delivery_sign", Kind::Str, true),
    ("shop_no", Kind::Str, true),
    ("sub_biz_id", Kind::Str, false),
];

const ADDRESS: &[Field] = &[
    ("name", Kind::Str, true),
    ("city", Kind::Str, true),
    ("address", Kind::Str, true),
    ("address_detail", Kind::Str, true),
    ("phone", Kind::Str, true),
    ("lng", Kind::Num, true),
    ("lat", Kind::Num, true),
    ("coordinate_type", Kind::Int, false),
];

const CARGO: &[Field] = &[
    ("goods_value", Kind::Num, true),
    ("goods_height", Kind::Num, false),
    ("goods_length", Kind::Num, false),
    ("goods_width", Kind::Num, false),
    ("goods_weight", Kind::Num, true),
    ("goods_detail", Kind::Obj, false),
    ("goods_pickup_info", Kind::Str, false),
    ("goods_delivery_info", Kind::Str, false),
    ("cargo_first_class", Kind::Str, true),
    ("cargo_second_class", Kind::Str, true),
];

const SHOP: &[Field] = &[
    ("wxa_path", Kind::Str, true),
    ("img_url", Kind::Str, true),
    ("goods_name", Kind::Str, true),
    ("goods_count", Kind::Int, true),
];

fn nested(map: &Map<String, Value>, name: &str, table: &'static [Field]) -> Step<()> {
    match map.get(name) {
        Some(Value::Object(inner)) => super::table::check_body(inner, table),
        _ => Ok(()),
    }
}

/// The checks the three placing calls share; `Some(reply)` when the carrier refuses.
fn placing(map: &Map<String, Value>) -> Step<Option<axum::response::Response>> {
    nested(map, "sender", ADDRESS)?;
    nested(map, "receiver", ADDRESS)?;
    nested(map, "cargo", CARGO)?;
    nested(map, "shop", SHOP)?;
    super::openid(map, "openid")?;
    known_company(map)?;
    signature(map)
}

fn fees(delivery_id: &str) -> Value {
    json!({
        "fee": 6.4, "deliverfee": 8.0, "couponfee": 1.6, "tips": 0.0, "insurancefee": 0.0,
        "distance": 2000.0, "dispatch_duration": 300,
        "delivery_token": if delivery_id == "DADA" { "sandbox-delivery-token" } else { "" },
    })
}

/// `/cgi-bin/express/local/business/order/pre_add`.
pub(super) fn preview_order() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), PLACE, |c| {
        if let Some(refused) = placing(c.body)? {
            return Ok(refused);
        }
        Ok(carrier_ok(fees(text(c.body, "delivery_id"))))
    })
}

fn placed(state: &Shared, order: &Order) -> axum::response::Response {
    let mut reply = fees(&order.delivery_id);
    if let Some(m) = reply.as_object_mut() {
        m.remove("delivery_token");
        m.insert("waybill_id".into(), order.waybill_id.clone().into());
        m.insert("order_status".into(), order.status.into());
        m.insert("finish_code".into(), (state.next() % 9000 + 1000).into());
        m.insert("pickup_code".into(), 0.into());
    }
    carrier_ok(reply)
}

/// `/cgi-bin/express/local/business/order/add`: 930562 when the order exists.
pub(super) fn add_order() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), PLACE, |c| {
        if let Some(refused) = placing(c.body)? {
            return Ok(refused);
        }
        let order = Order {
            delivery_id: text(c.body, "delivery_id").to_owned(),
            waybill_id: c.state.id("wb"),
            status: 101,
            tips: 0.0,
        };
        {
            let mut inner = c.state.lock();
            let orders = &mut inner.delivery.orders;
            let k = key(c.app_id, c.body);
            if orders.contains_key(&k) {
                return Err(reply::reject(930562, "order already exists"));
            }
            orders.insert(k, order.clone());
        }
        Ok(placed(c.state, &order))
    })
}

/// `/cgi-bin/express/local/business/order/readd`: an ended order, placed again.
pub(super) fn add_order_again() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), PLACE, |c| {
        if let Some(refused) = placing(c.body)? {
            return Ok(refused);
        }
        let waybill_id = c.state.id("wb");
        let order = {
            let mut inner = c.state.lock();
            let order = inner
                .delivery
                .orders
                .get_mut(&key(c.app_id, c.body))
                .ok_or_else(no_order)?;
            if !is_final(order.status) {
                return Err(reply::reject(930562, "order already exists and is active"));
            }
            *order = Order {
                delivery_id: text(c.body, "delivery_id").to_owned(),
                waybill_id,
                status: 101,
                tips: 0.0,
            };
            order.clone()
        };
        Ok(placed(c.state, &order))
    })
}

/// Runs `f` on the live order of the request (signature checked; 930563 unknown; 930565
/// ended; 930561 when `waybill_id` is given and is not the order's).
fn with_order<F>(c: &super::table::Checked<'_>, f: F) -> Step<axum::response::Response>
where
    F: FnOnce(&mut Order) -> Step<Value>,
{
    if let Some(refused) = signature(c.body)? {
        return Ok(refused);
    }
    let mut inner = c.state.lock();
    let order = inner
        .delivery
        .orders
        .get_mut(&key(c.app_id, c.body))
        .ok_or_else(no_order)?;
    if let Some(w) = c.body.get("waybill_id").and_then(Value::as_str) {
        if w != order.waybill_id {
            return Err(reply::reject(930561, "args error: waybill_id"));
        }
    }
    if is_final(order.status) {
        return Err(reply::reject(930565, "order finished"));
    }
    f(order).map(carrier_ok)
}

const TIPS: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("tips", Kind::Num, true),
    ("remark", Kind::Str, true),
    ("delivery_sign", Kind::Str, true),
    ("shop_no", Kind::Str, true),
];

/// `/cgi-bin/express/local/business/order/addtips`: before a rider accepts, each tip above
/// the previous one (930558 otherwise).
pub(super) fn add_tips() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), TIPS, |c| {
        let tips = c.body.get("tips").and_then(Value::as_f64).unwrap_or(0.0);
        with_order(&c, |order| {
            if order.status != 101 || tips <= order.tips {
                return Err(reply::reject(
                    930558,
                    "delivery logic fail: a tip goes above the previous one, before a rider accepts",
                ));
            }
            order.tips = tips;
            Ok(json!({}))
        })
    })
}

const CANCEL: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, false),
    ("cancel_reason_id", Kind::Int, true),
    ("cancel_reason", Kind::Str, true),
    ("shop_no", Kind::Str, true),
    ("delivery_sign", Kind::Str, true),
];

fn penalty(status: i64) -> f64 {
    if status == 101 {
        0.0
    } else {
        2.0
    }
}

fn reason(map: &Map<String, Value>) -> Step<()> {
    match map.get("cancel_reason_id").and_then(Value::as_i64) {
        None | Some(1..=5) => Ok(()),
        Some(6) if !text(map, "cancel_reason").is_empty() => Ok(()),
        _ => Err(reply::reject(930561, "args error: cancel_reason_id")),
    }
}

/// `/cgi-bin/express/local/business/order/cancel`: the order ends with 103.
pub(super) fn cancel_order() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), CANCEL, |c| {
        reason(c.body)?;
        with_order(&c, |order| {
            let fee = penalty(order.status);
            order.status = 103;
            Ok(json!({ "deduct_fee": fee, "desc": "已取消" }))
        })
    })
}

const PRECANCEL: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("delivery_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("cancel_reason_id", Kind::Int, false),
    ("cancel_reason", Kind::Str, false),
    ("shop_no", Kind::Str, true),
    ("delivery_sign", Kind::Str, true),
];

/// `/cgi-bin/express/local/business/order/precancel`: the penalty, nothing changes.
pub(super) fn preview_cancel() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), PRECANCEL, |c| {
        reason(c.body)?;
        with_order(&c, |order| {
            Ok(json!({ "deduct_fee": penalty(order.status), "desc": "可取消" }))
        })
    })
}

const CONFIRM: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("waybill_id", Kind::Str, true),
    ("delivery_sign", Kind::Str, true),
    ("shop_no", Kind::Str, true),
    ("remark", Kind::Str, false),
];

/// `/cgi-bin/express/local/business/order/confirm_return`: an order being returned (303,
/// 304, 305) ends with 401.
pub(super) fn confirm_return() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), CONFIRM, |c| {
        with_order(&c, |order| {
            if !matches!(order.status, 303..=305) {
                return Err(reply::reject(
                    930558,
                    "delivery logic fail: the order is not being returned",
                ));
            }
            order.status = 401;
            Ok(json!({}))
        })
    })
}

const GET: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("shop_no", Kind::Str, true),
    ("delivery_sign", Kind::Str, true),
];

/// `/cgi-bin/express/local/business/order/get`: ended orders too.
pub(super) fn get_order() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), GET, |c| {
        if let Some(refused) = signature(c.body)? {
            return Ok(refused);
        }
        let order = c
            .state
            .lock()
            .delivery
            .orders
            .get(&key(c.app_id, c.body))
            .cloned()
            .ok_or_else(no_order)?;
        let mut reply = json!({ "order_status": order.status, "waybill_id": order.waybill_id });
        if order.status != 101 {
            if let Some(m) = reply.as_object_mut() {
                m.insert("rider_name".into(), "沙盒骑手".into());
                m.insert("rider_phone".into(), "13800000000".into());
            }
        }
        if matches!(order.status, 202 | 301) {
            if let Some(m) = reply.as_object_mut() {
                m.insert("rider_lng".into(), 113.32.into());
                m.insert("rider_lat".into(), 23.13.into());
                m.insert("reach_time".into(), 300.into());
            }
        }
        Ok(carrier_ok(reply))
    })
}

const MOCK: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("order_status", Kind::Int, true),
    ("action_time", Kind::Int, true),
    ("action_msg", Kind::Str, false),
];

const REALMOCK: &[Field] = &[
    ("shopid", Kind::Str, true),
    ("shop_order_id", Kind::Str, true),
    ("order_status", Kind::Int, true),
    ("action_time", Kind::Int, true),
    ("action_msg", Kind::Str, false),
    ("delivery_sign", Kind::Str, true),
];

const STATUSES: [i64; 16] = [
    101, 102, 103, 201, 202, 203, 204, 205, 301, 302, 303, 304, 305, 401, 501, 502,
];

/// Moves the order to the requested status; `test` tells which of the two calls: the
/// sandbox-only one takes orders of carrier TEST, the forwarding one the others (930561).
fn mock(c: &super::table::Checked<'_>, test: bool) -> Step<axum::response::Response> {
    let status = c
        .body
        .get("order_status")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if !STATUSES.contains(&status) {
        return Err(reply::reject(930561, "args error: order_status"));
    }
    let mut inner = c.state.lock();
    let order = inner
        .delivery
        .orders
        .get_mut(&key(c.app_id, c.body))
        .ok_or_else(no_order)?;
    if (order.delivery_id == "TEST") != test {
        return Err(reply::reject(
            930561,
            "args error: test_update_order is for carrier TEST, realmock_update_order for the others",
        ));
    }
    if is_final(order.status) {
        return Err(reply::reject(930565, "order finished"));
    }
    order.status = status;
    Ok(carrier_ok(json!({})))
}

/// `/cgi-bin/express/local/business/test_update_order`: shop `test_shop_id` only.
pub(super) fn update_mock_order() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), MOCK, |c| {
        if text(c.body, "shopid") != "test_shop_id" {
            return Err(reply::reject(
                930561,
                "args error: shopid must be test_shop_id",
            ));
        }
        mock(&c, true)
    })
}

/// `/cgi-bin/express/local/business/realmock_update_order`: signed.
pub(super) fn update_carrier_mock_order() -> MethodRouter<Shared> {
    post_checked(Some(AppKind::MiniProgram), REALMOCK, |c| {
        if let Some(refused) = signature(c.body)? {
            return Ok(refused);
        }
        mock(&c, false)
    })
}
