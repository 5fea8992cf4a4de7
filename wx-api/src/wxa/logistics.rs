//! WeChat logistics service (微信物流服务) for waybills shipped by any courier: the query
//! component (查询组件: [`submit_waybill`] hands WeChat a waybill and gets a
//! `waybill_token` for the logistics query plugin, [`query_trace`] reads it back,
//! [`update_goods`] changes its goods) and the message component (消息组件:
//! [`submit_follow_waybill`], [`query_follow_trace`], [`update_follow_goods`], the same
//! with service notices pushed to the user at pick-up, delivery and signature). Both use
//! the courier ids of [`list_deliveries`].
//!
//! Limits, checked before sending:
//!
//! | endpoint | field | limit | WeChat's errcode |
//! |---|---|---|---|
//! | [`submit_waybill`], [`submit_follow_waybill`] | `openid`, `receiver_phone`, `waybill_id` | not empty | 40003 (openid) |
//! | every endpoint with `goods_info` | `goods_info.detail_list` | at least one item, each with a `goods_name` and a `goods_img_url` | — |
//! | [`query_trace`], [`update_goods`], [`query_follow_trace`], [`update_follow_goods`] | `waybill_token` | not empty | 9300507 |
//!
//! Quotas (not checkable here): 100 000 calls a day per Mini Program; a user gets at most
//! 50 (message component) or 100 (query component) waybills a day, and at most 100
//! waybills in progress at once. WeChat answers an unknown or undecryptable
//! `waybill_token` with 9300507.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// One product of the shipment (`goods_info.detail_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Goods {
    /// Product name.
    pub goods_name: String,
    /// Product image URL.
    pub goods_img_url: String,
    /// Product description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_desc: Option<String>,
}

impl Goods {
    /// A product named `goods_name` shown with the image at `goods_img_url`.
    pub fn new(goods_name: impl Into<String>, goods_img_url: impl Into<String>) -> Self {
        Self {
            goods_name: goods_name.into(),
            goods_img_url: goods_img_url.into(),
            goods_desc: None,
        }
    }
}

/// The products of the shipment (`goods_info`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoodsInfo {
    /// The products, at least one.
    pub detail_list: Vec<Goods>,
}

/// A waybill's state (`waybill_info.status`): the documented values, and any other number
/// kept as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaybillStatus {
    /// `0`: unknown waybill, or not picked up yet.
    #[default]
    NotPickedUp,
    /// `1`: picked up (已揽件).
    PickedUp,
    /// `2`: in transit (运输中).
    InTransit,
    /// `3`: out for delivery (派件中).
    OutForDelivery,
    /// `4`: signed for (已签收).
    Signed,
    /// `5`: exception (异常).
    Exception,
    /// `6`: signed for by someone else (代签收).
    SignedByProxy,
    /// A value the documentation does not list.
    Other(i64),
}

impl WaybillStatus {
    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::NotPickedUp => 0,
            Self::PickedUp => 1,
            Self::InTransit => 2,
            Self::OutForDelivery => 3,
            Self::Signed => 4,
            Self::Exception => 5,
            Self::SignedByProxy => 6,
            Self::Other(n) => n,
        }
    }
}

impl Serialize for WaybillStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for WaybillStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match i64::deserialize(d)? {
            0 => Self::NotPickedUp,
            1 => Self::PickedUp,
            2 => Self::InTransit,
            3 => Self::OutForDelivery,
            4 => Self::Signed,
            5 => Self::Exception,
            6 => Self::SignedByProxy,
            n => Self::Other(n),
        })
    }
}

/// The waybill (`waybill_info`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WaybillInfo {
    /// Its state.
    #[serde(default)]
    pub status: WaybillStatus,
    /// Waybill id.
    #[serde(default)]
    pub waybill_id: String,
}

/// The products as WeChat keeps them (`shop_info`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShopInfo {
    /// The products.
    #[serde(default)]
    pub goods_info: GoodsInfo,
}

/// A courier (`delivery_info`, `delivery_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Courier {
    /// Courier id (`YD`).
    pub delivery_id: String,
    /// Courier name.
    #[serde(default)]
    pub delivery_name: String,
}

fn required(name: &'static str, field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(
            name,
            field,
            "empty; the field is required",
        ));
    }
    Ok(())
}

fn check_goods(name: &'static str, goods: &GoodsInfo) -> Result<(), ValidationError> {
    if goods.detail_list.is_empty() {
        return Err(ValidationError::new(
            name,
            "goods_info.detail_list",
            "empty; at least one product is required",
        ));
    }
    for g in &goods.detail_list {
        required(name, "goods_info.detail_list.goods_name", &g.goods_name)?;
        required(
            name,
            "goods_info.detail_list.goods_img_url",
            &g.goods_img_url,
        )?;
    }
    Ok(())
}

/// Every courier id WeChat knows (`get_delivery_list`), for `delivery_id` of the other
/// endpoints (more than a thousand).
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/get_delivery_list", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-msg/api_get_delivery_list.html")]
pub mod list_deliveries {
    pub struct Request {}
    pub struct Response {
        /// The couriers.
        #[wx(default)]
        pub delivery_list: Vec<super::Courier>,
        /// How many there are.
        #[wx(default)]
        pub count: i64,
    }
}

/// Query component (查询组件): hand WeChat a waybill (`trace_waybill`); the returned
/// `waybill_token` opens the logistics query plugin and reads the trace back.
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/trace_waybill", app = wxa, validate = super::check_submit,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-search/api_trace_waybill.html")]
pub mod submit_waybill {
    pub struct Request {
        /// The buyer's openid.
        pub openid: String,
        /// The sender's mobile number.
        pub sender_phone: Option<String>,
        /// The receiver's mobile number (some couriers need it to find the waybill).
        pub receiver_phone: String,
        /// Waybill id.
        pub waybill_id: String,
        /// The products.
        pub goods_info: super::GoodsInfo,
        /// WeChat Pay transaction id (usually starting with 420).
        pub trans_id: String,
        /// Page the product card opens (the order page, preferably).
        pub order_detail_path: String,
        /// Courier id from [`super::list_deliveries`]; makes the waybill's courier
        /// certain (advised for the less common couriers).
        pub delivery_id: Option<String>,
    }
    pub struct Response {
        /// The query id for [`super::query_trace`] and the query plugin.
        pub waybill_token: String,
    }
}

fn check_submit(req: &submit_waybill::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::logistics::submit_waybill";
    required(NAME, "openid", &req.openid)?;
    required(NAME, "receiver_phone", &req.receiver_phone)?;
    required(NAME, "waybill_id", &req.waybill_id)?;
    check_goods(NAME, &req.goods_info)
}

/// Query component: read a waybill handed over with [`submit_waybill`] (`query_trace`).
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/query_trace", app = wxa, validate = super::check_query,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-search/api_query_trace.html")]
pub mod query_trace {
    pub struct Request {
        /// The query id [`super::submit_waybill`] returned.
        pub waybill_token: String,
        /// The buyer's openid.
        pub openid: Option<String>,
    }
    pub struct Response {
        /// The waybill.
        #[wx(default)]
        pub waybill_info: super::WaybillInfo,
        /// The products.
        #[wx(default)]
        pub shop_info: super::ShopInfo,
        /// The courier.
        pub delivery_info: Option<super::Courier>,
    }
}

fn check_query(req: &query_trace::Request) -> Result<(), ValidationError> {
    required(
        "wxa::logistics::query_trace",
        "waybill_token",
        &req.waybill_token,
    )
}

/// Query component: replace the products of a waybill (`update_waybill_goods`).
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/update_waybill_goods", app = wxa, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-search/api_update_waybill_goods.html")]
pub mod update_goods {
    pub struct Request {
        /// The query id [`super::submit_waybill`] returned.
        pub waybill_token: String,
        /// The new products.
        pub goods_info: super::GoodsInfo,
    }
    pub struct Response {}
}

fn check_update(req: &update_goods::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::logistics::update_goods";
    required(NAME, "waybill_token", &req.waybill_token)?;
    check_goods(NAME, &req.goods_info)
}

/// Message component (消息组件): hand WeChat a waybill to follow (`follow_waybill`); the
/// buyer gets service notices at pick-up, delivery and signature.
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/follow_waybill", app = wxa, validate = super::check_follow,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-msg/api_follow_waybill.html")]
pub mod submit_follow_waybill {
    pub struct Request {
        /// The buyer's openid.
        pub openid: String,
        /// The sender's mobile number.
        pub sender_phone: Option<String>,
        /// The receiver's mobile number (some couriers need it to find the waybill).
        pub receiver_phone: String,
        /// Waybill id.
        pub waybill_id: String,
        /// The products.
        pub goods_info: super::GoodsInfo,
        /// WeChat Pay transaction id (usually starting with 420).
        pub trans_id: String,
        /// Page the product card opens (the Mini Program's home page when absent).
        pub order_detail_path: Option<String>,
        /// Courier id from [`super::list_deliveries`].
        pub delivery_id: Option<String>,
    }
    pub struct Response {
        /// The query id for [`super::query_follow_trace`].
        pub waybill_token: String,
    }
}

fn check_follow(req: &submit_follow_waybill::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::logistics::submit_follow_waybill";
    required(NAME, "openid", &req.openid)?;
    required(NAME, "receiver_phone", &req.receiver_phone)?;
    required(NAME, "waybill_id", &req.waybill_id)?;
    check_goods(NAME, &req.goods_info)
}

/// Message component: read a waybill handed over with [`submit_follow_waybill`]
/// (`query_follow_trace`).
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/query_follow_trace", app = wxa, validate = super::check_query_follow,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-msg/api_query_follow_trace.html")]
pub mod query_follow_trace {
    pub struct Request {
        /// The query id [`super::submit_follow_waybill`] returned.
        pub waybill_token: String,
        /// The buyer's openid.
        pub openid: Option<String>,
    }
    pub struct Response {
        /// The waybill.
        #[wx(default)]
        pub waybill_info: super::WaybillInfo,
        /// The products.
        #[wx(default)]
        pub shop_info: super::ShopInfo,
        /// The courier.
        pub delivery_info: Option<super::Courier>,
    }
}

fn check_query_follow(req: &query_follow_trace::Request) -> Result<(), ValidationError> {
    required(
        "wxa::logistics::query_follow_trace",
        "waybill_token",
        &req.waybill_token,
    )
}

/// Message component: replace the products of a followed waybill
/// (`update_follow_waybill_goods`).
#[wx_endpoint(POST "/cgi-bin/express/delivery/open_msg/update_follow_waybill_goods", app = wxa, validate = super::check_update_follow,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/weixin-express/express-msg/api_update_follow_waybill_goods.html")]
pub mod update_follow_goods {
    pub struct Request {
        /// The query id [`super::submit_follow_waybill`] returned.
        pub waybill_token: String,
        /// The new products.
        pub goods_info: super::GoodsInfo,
    }
    pub struct Response {}
}

fn check_update_follow(req: &update_follow_goods::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::logistics::update_follow_goods";
    required(NAME, "waybill_token", &req.waybill_token)?;
    check_goods(NAME, &req.goods_info)
}
