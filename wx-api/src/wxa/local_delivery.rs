//! Immediate delivery (即时配送, "deliver by business"): a Mini Program hands its orders to
//! a same-city carrier (SF 同城急送 `SFTC`, 闪送 `SS`, 美团配送 `MTPS`, 达达 `DADA`, UU, ...)
//! through WeChat. The shop's account at the carrier is bound in the Mini Program admin
//! console ([`bind_account`] asks for it on behalf of a Mini Program, [`list_accounts`] lists
//! the bound ones); orders are estimated ([`preview_order`]), placed ([`add_order`],
//! [`add_order_again`]), tipped ([`add_tips`]), cancelled ([`preview_cancel`],
//! [`cancel_order`]), read ([`get_order`]) and, when returned to the shop, confirmed
//! ([`confirm_return`]). Two test calls move an order's status: [`update_mock_order`] for
//! orders placed with the test carrier `TEST` (shop `test_shop_id`, nothing reaches a
//! carrier) and [`update_carrier_mock_order`] for orders placed with a carrier's test account
//! (forwarded to the carrier's test environment; SFTC and DADA).
//!
//! ## The carrier signature `delivery_sign`
//!
//! Every order call carries `delivery_sign`, the lower-case hex SHA-1 of
//! `shopid + shop_order_id + AppSecret` (or of `shopid + AppSecret` for a request without
//! `shop_order_id`), where `shopid` is the appkey the carrier gave the shop and `AppSecret`
//! the matching secret **of the carrier account** (not the Mini Program's AppSecret). The
//! official vector: `shopid = "test_shop_id"`, `shop_order_id = "test_shop_order_id"`,
//! `AppSecret = "test_app_secrect"` give `a93d8d6bae9a9483c1b1d4e8670e7f6226ec94cb`.
//! [`ShopKey`] holds the pair (the secret as a [`Secret`], redacted in `Debug`) and the
//! constructors of the order calls take it, so that the signature cannot be forgotten or
//! computed from the wrong order id.
//!
//! ## Two error layers
//!
//! WeChat's own errors come as `errcode` (the client turns them into errors): 930555 WeChat
//! system error, 930556 carrier timeout, 930557 carrier system error, 930558 carrier logic
//! error, 930559 invalid openid, 930560 shop not bound, 930561 invalid parameter, 930562 the
//! order exists already, 930563 no such order, 930564 no quota, 930565 the order has ended,
//! 930567 invalid `shop` field, 930568 personal Mini Programs cannot open it, 930569 already
//! open, 930571 no beta access. The carrier's answer comes as `resultcode`/`resultmsg` in a
//! successful reply: 0 is success, anything else is the carrier's own code passed through
//! (every reply type here has [`carrier_ok`](add_order::Response::carrier_ok)).
//!
//! ## Limits, checked before sending
//!
//! | field | limit |
//! |---|---|
//! | `shop_order_id` | 1..=128 bytes ([`MAX_SHOP_ORDER_ID_BYTES`]) |
//! | `shopid`, `delivery_id`, `waybill_id`, `openid` (where required) | not empty |
//! | `sender.name`, `receiver.name` | at most 256 characters |
//! | `sender.phone`, `receiver.phone` | at most 64 characters |
//! | `sender.lng`/`lat`, `receiver.lng`/`lat` | finite, within ±180 / ±90 degrees |
//! | `cargo.goods_value` | (0, 5000] yuan |
//! | `cargo.goods_height` / `goods_length` / `goods_width` | (0, 45] / (0, 65] / (0, 50] cm |
//! | `cargo.goods_weight` | (0, 50] kg |
//! | `cargo.goods_detail` | at most 10240 characters as JSON |
//! | `cargo.goods_detail.goods[].good_unit` | at most 20 characters |
//! | `cargo.goods_pickup_info`, `goods_delivery_info` | at most 100 characters |
//! | `order_info.poi_seq` | at most 32 characters |
//! | `order_info.note` | at most 200 characters |
//! | `order_info.order_type` 1 (booked) | needs one of `expected_delivery_time`, `expected_finish_time`, `expected_pick_time` |
//! | `tips` ([`add_tips`]) | above 0 |
//! | `cancel_reason` | not empty when `cancel_reason_id` is 6 (other) |
//! | `shopid` ([`update_mock_order`]) | exactly `test_shop_id` |
//! | `order_status` (the two test calls) | one of the documented [`OrderStatus`] values |
//!
//! Enumerations are Rust enums: `coordinate_type` ([`CoordinateType`]), `order_type`
//! ([`OrderType`]), `rider_pick_method` ([`PickMethod`]), the 0/1 switches ([`Switch`]),
//! `cancel_reason_id` ([`CancelReason`]), `audit_result` ([`AuditResult`]) and
//! `order_status` ([`OrderStatus`], lossless in replies: carriers pass their own codes
//! through, UU answers `1`).

use crate::enums::closed_enum;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha1::{Digest, Sha1};
use std::fmt::Write as _;
use wx_core::{Secret, ValidationError};
use wx_macros::wx_endpoint;

/// Longest `shop_order_id`, in bytes.
pub const MAX_SHOP_ORDER_ID_BYTES: usize = 128;
/// The shop id [`update_mock_order`] accepts.
pub const TEST_SHOP_ID: &str = "test_shop_id";

/// `delivery_sign`: lower-case hex SHA-1 of `shopid + shop_order_id + app_secret`, or of
/// `shopid + app_secret` when the request has no `shop_order_id`. `app_secret` is the
/// carrier account's secret.
pub fn delivery_sign(shopid: &str, shop_order_id: Option<&str>, app_secret: &Secret) -> String {
    let mut hasher = Sha1::new();
    hasher.update(shopid.as_bytes());
    if let Some(id) = shop_order_id {
        hasher.update(id.as_bytes());
    }
    hasher.update(app_secret.expose().as_bytes());
    let mut hex = String::with_capacity(40);
    for byte in hasher.finalize() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// A shop's carrier account: `shopid` (the appkey the carrier assigned) and the carrier's
/// AppSecret for it. `Debug` shows the secret as `<redacted>`.
#[derive(Debug, Clone)]
pub struct ShopKey {
    shopid: String,
    app_secret: Secret,
}

impl ShopKey {
    /// The account `shopid` with its carrier secret.
    pub fn new(shopid: impl Into<String>, app_secret: Secret) -> Self {
        Self {
            shopid: shopid.into(),
            app_secret,
        }
    }

    /// The shop id (carrier appkey).
    pub fn shopid(&self) -> &str {
        &self.shopid
    }

    /// `delivery_sign` for `shop_order_id` (see [`delivery_sign`]).
    pub fn sign(&self, shop_order_id: Option<&str>) -> String {
        delivery_sign(&self.shopid, shop_order_id, &self.app_secret)
    }
}

closed_enum!(
    i64;
    /// Coordinate system of `lng`/`lat` (`coordinate_type`).
    CoordinateType {
        /// `0`: GCJ-02 "Mars" coordinates (Gaode, Tencent maps); the default.
        Mars = 0,
        /// `1`: Baidu coordinates.
        Baidu = 1,
    }
);

closed_enum!(
    i64;
    /// Immediate or booked order (`order_type`).
    OrderType {
        /// `0`: immediate.
        Immediate = 0,
        /// `1`: booked; set `expected_delivery_time`, `expected_finish_time` or
        /// `expected_pick_time`.
        Booked = 1,
    }
);

closed_enum!(
    i64;
    /// A documented 0/1 switch (`is_insured`, `is_direct_delivery`, `is_finish_code_needed`,
    /// `is_pickup_code_needed`).
    Switch {
        /// `0`: no.
        Off = 0,
        /// `1`: yes.
        On = 1,
    }
);

closed_enum!(
    i64;
    /// Direction of the delivery (`rider_pick_method`).
    PickMethod {
        /// `1`: from the shop to the user.
        ShopToUser = 1,
        /// `2`: from the user to the shop.
        UserToShop = 2,
    }
);

closed_enum!(
    i64;
    /// Why an order is cancelled (`cancel_reason_id`).
    CancelReason {
        /// `1`: not needed for now (暂时不需要邮寄).
        NotNeeded = 1,
        /// `2`: the price is not right.
        Price = 2,
        /// `3`: wrong order details, ordering again.
        WrongDetails = 3,
        /// `4`: the rider is late picking up.
        LatePickup = 4,
        /// `5`: the rider is late delivering.
        LateDelivery = 5,
        /// `6`: another reason, given in `cancel_reason`.
        Other = 6,
    }
);

closed_enum!(
    i64;
    /// Review state of a bound account (`audit_result`).
    AuditResult {
        /// `0`: approved.
        Approved = 0,
        /// `1`: under review.
        Reviewing = 1,
        /// `2`: rejected.
        Rejected = 2,
    }
);

/// An order's delivery status (`order_status`). Replies keep any other number as
/// [`OrderStatus::Other`] (carriers pass their own codes through); requests accept only the
/// documented values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// `101`: waiting for a rider (the initial status).
    WaitingForRider,
    /// `102`: a rider was assigned.
    RiderAssigned,
    /// `103`: cancelled by the shop before pickup; final.
    CancelledByShop,
    /// `201`: the rider arrived at the shop.
    RiderAtShop,
    /// `202`: picked up.
    PickedUp,
    /// `203`: pickup failed, cancelled by the shop; final.
    PickupCancelledByShop,
    /// `204`: pickup failed, the rider cancelled for their own reasons; final.
    PickupCancelledByRider,
    /// `205`: pickup failed, the rider cancelled because of the shop; final.
    PickupFailedAtShop,
    /// `301`: on the way.
    Delivering,
    /// `302`: delivered; final.
    Delivered,
    /// `303`: cancelled by the shop during delivery, returning to the shop.
    ReturningCancelled,
    /// `304`: the receiver could not be reached, returning to the shop.
    ReturningUnreachable,
    /// `305`: the receiver refused it, returning to the shop.
    ReturningRefused,
    /// `401`: returned to the shop; final.
    Returned,
    /// `501`: cancelled by the carrier's system; final.
    CancelledByCarrier,
    /// `502`: cancelled by force majeure (weather, road closures); final.
    CancelledForceMajeure,
    /// Any other code, as the carrier sent it.
    Other(i64),
}

impl OrderStatus {
    const TABLE: [(OrderStatus, i64); 16] = [
        (Self::WaitingForRider, 101),
        (Self::RiderAssigned, 102),
        (Self::CancelledByShop, 103),
        (Self::RiderAtShop, 201),
        (Self::PickedUp, 202),
        (Self::PickupCancelledByShop, 203),
        (Self::PickupCancelledByRider, 204),
        (Self::PickupFailedAtShop, 205),
        (Self::Delivering, 301),
        (Self::Delivered, 302),
        (Self::ReturningCancelled, 303),
        (Self::ReturningUnreachable, 304),
        (Self::ReturningRefused, 305),
        (Self::Returned, 401),
        (Self::CancelledByCarrier, 501),
        (Self::CancelledForceMajeure, 502),
    ];

    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::Other(n) => n,
            known => Self::TABLE
                .iter()
                .find(|(s, _)| *s == known)
                .map_or(0, |(_, c)| *c),
        }
    }

    /// The status of `code`; [`OrderStatus::Other`] when it is not a documented one.
    pub fn from_code(code: i64) -> Self {
        Self::TABLE
            .iter()
            .find(|(_, c)| *c == code)
            .map_or(Self::Other(code), |(s, _)| *s)
    }

    /// Whether the order has ended (302, 103, 203, 204, 205, 401, 501, 502).
    pub fn is_final(self) -> bool {
        matches!(self.code(), 302 | 103 | 203 | 204 | 205 | 401 | 501 | 502)
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(Self::from_code)
    }
}

/// A sender or receiver (`sender`, `receiver`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Address {
    /// Name, at most 256 characters.
    pub name: String,
    /// City, e.g. 广州市.
    pub city: String,
    /// Street, estate or building (used for positioning).
    pub address: String,
    /// Building, unit and floor.
    pub address_detail: String,
    /// Phone or mobile number, at most 64 characters.
    pub phone: String,
    /// Longitude (to 6 decimals), in the system of `coordinate_type`.
    pub lng: f64,
    /// Latitude (to 6 decimals), in the system of `coordinate_type`.
    pub lat: f64,
    /// Coordinate system; Mars (0) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinate_type: Option<CoordinateType>,
}

/// One goods line (`cargo.goods_detail.goods[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Goods {
    /// Quantity.
    pub good_count: u32,
    /// Name.
    pub good_name: String,
    /// Unit price in yuan (2 decimals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_price: Option<f64>,
    /// Unit, at most 20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_unit: Option<String>,
}

/// The goods list (`cargo.goods_detail`), at most 10240 characters as JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GoodsDetail {
    /// The goods.
    pub goods: Vec<Goods>,
}

/// What is delivered (`cargo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cargo {
    /// Value in yuan, (0, 5000], rounded to 2 decimals.
    pub goods_value: f64,
    /// Height in cm, (0, 45].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_height: Option<f64>,
    /// Length in cm, (0, 65].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_length: Option<f64>,
    /// Width in cm, (0, 50].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_width: Option<f64>,
    /// Weight in kg, (0, 50].
    pub goods_weight: f64,
    /// The goods list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_detail: Option<GoodsDetail>,
    /// Pickup instructions for the rider, at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_pickup_info: Option<String>,
    /// Hand-over instructions, at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_delivery_info: Option<String>,
    /// First-level category (美食宵夜, 果蔬生鲜, ...).
    pub cargo_first_class: String,
    /// Second-level category.
    pub cargo_second_class: String,
}

/// Order details (`order_info`); every field is optional (`OrderInfo::default()` and the
/// `with_*` setters).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrderInfo {
    /// Carrier-defined service code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_service_code: Option<String>,
    /// Immediate (0) or booked (1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<OrderType>,
    /// Desired dispatch time, Unix seconds (SFTC, DADA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_delivery_time: Option<u64>,
    /// Desired arrival time, Unix seconds (SFTC, MTPS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_finish_time: Option<u64>,
    /// Desired pickup time, Unix seconds (SS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_pick_time: Option<u64>,
    /// The shop's order sequence number, at most 32 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poi_seq: Option<String>,
    /// Note, at most 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the user paid, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_time: Option<u64>,
    /// Insured or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_insured: Option<Switch>,
    /// Insured value in yuan (to the cent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_value: Option<f64>,
    /// Tip in yuan (usually none when ordering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tips: Option<f64>,
    /// Direct delivery (one order per rider): SS requires 1, DADA allows either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_direct_delivery: Option<Switch>,
    /// What the rider pays, in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_on_delivery: Option<f64>,
    /// What the rider collects, in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_on_pickup: Option<f64>,
    /// Direction of the delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rider_pick_method: Option<PickMethod>,
    /// The rider needs the receiver's code to finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_finish_code_needed: Option<Switch>,
    /// The rider needs the shop's code to pick up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_pickup_code_needed: Option<Switch>,
}

/// The goods shown in the user's logistics notification (`shop`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShopInfo {
    /// The Mini Program page (the order page, preferably).
    pub wxa_path: String,
    /// Thumbnail URL.
    pub img_url: String,
    /// Goods name.
    pub goods_name: String,
    /// Goods count.
    pub goods_count: u32,
}

impl Address {
    /// A sender or receiver; coordinates in the Mars (GCJ-02) system unless
    /// [`with_coordinate_type`](Self::with_coordinate_type) says otherwise.
    pub fn new(
        name: impl Into<String>,
        city: impl Into<String>,
        address: impl Into<String>,
        address_detail: impl Into<String>,
        phone: impl Into<String>,
        lng: f64,
        lat: f64,
    ) -> Self {
        Self {
            name: name.into(),
            city: city.into(),
            address: address.into(),
            address_detail: address_detail.into(),
            phone: phone.into(),
            lng,
            lat,
            coordinate_type: None,
        }
    }

    /// Sets the coordinate system.
    #[must_use]
    pub fn with_coordinate_type(mut self, t: CoordinateType) -> Self {
        self.coordinate_type = Some(t);
        self
    }
}

impl Goods {
    /// `count` of `name`.
    pub fn new(name: impl Into<String>, count: u32) -> Self {
        Self {
            good_count: count,
            good_name: name.into(),
            good_price: None,
            good_unit: None,
        }
    }

    /// Sets the unit price in yuan.
    #[must_use]
    pub fn with_price(mut self, yuan: f64) -> Self {
        self.good_price = Some(yuan);
        self
    }

    /// Sets the unit (at most 20 characters).
    #[must_use]
    pub fn with_unit(mut self, unit: impl Into<String>) -> Self {
        self.good_unit = Some(unit.into());
        self
    }
}

impl GoodsDetail {
    /// The goods list.
    pub fn new(goods: Vec<Goods>) -> Self {
        Self { goods }
    }
}

impl Cargo {
    /// Cargo worth `goods_value` yuan weighing `goods_weight` kg, of the two categories.
    pub fn new(
        goods_value: f64,
        goods_weight: f64,
        cargo_first_class: impl Into<String>,
        cargo_second_class: impl Into<String>,
    ) -> Self {
        Self {
            goods_value,
            goods_height: None,
            goods_length: None,
            goods_width: None,
            goods_weight,
            goods_detail: None,
            goods_pickup_info: None,
            goods_delivery_info: None,
            cargo_first_class: cargo_first_class.into(),
            cargo_second_class: cargo_second_class.into(),
        }
    }

    /// Sets height, length and width in cm.
    #[must_use]
    pub fn with_size(mut self, height: f64, length: f64, width: f64) -> Self {
        self.goods_height = Some(height);
        self.goods_length = Some(length);
        self.goods_width = Some(width);
        self
    }

    /// Sets the goods list.
    #[must_use]
    pub fn with_goods_detail(mut self, detail: GoodsDetail) -> Self {
        self.goods_detail = Some(detail);
        self
    }

    /// Sets the pickup instructions (at most 100 characters).
    #[must_use]
    pub fn with_pickup_info(mut self, info: impl Into<String>) -> Self {
        self.goods_pickup_info = Some(info.into());
        self
    }

    /// Sets the hand-over instructions (at most 100 characters).
    #[must_use]
    pub fn with_delivery_info(mut self, info: impl Into<String>) -> Self {
        self.goods_delivery_info = Some(info.into());
        self
    }
}

macro_rules! with_setters {
    ($ty:ident { $($(#[$doc:meta])* $setter:ident: $field:ident: $t:ty),+ $(,)? }) => {
        impl $ty {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $setter(mut self, value: $t) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )+
        }
    };
}

with_setters!(OrderInfo {
    /// Sets the carrier-defined service code.
    with_delivery_service_code: delivery_service_code: String,
    /// Sets immediate (0) or booked (1); a booked order needs an expected time.
    with_order_type: order_type: OrderType,
    /// Sets the desired dispatch time, Unix seconds.
    with_expected_delivery_time: expected_delivery_time: u64,
    /// Sets the desired arrival time, Unix seconds.
    with_expected_finish_time: expected_finish_time: u64,
    /// Sets the desired pickup time, Unix seconds.
    with_expected_pick_time: expected_pick_time: u64,
    /// Sets the shop's order sequence number (at most 32 characters).
    with_poi_seq: poi_seq: String,
    /// Sets the note (at most 200 characters).
    with_note: note: String,
    /// Sets when the user paid, Unix seconds.
    with_order_time: order_time: u64,
    /// Sets whether the order is insured.
    with_is_insured: is_insured: Switch,
    /// Sets the insured value in yuan.
    with_declared_value: declared_value: f64,
    /// Sets the tip in yuan.
    with_tips: tips: f64,
    /// Sets direct delivery.
    with_is_direct_delivery: is_direct_delivery: Switch,
    /// Sets what the rider pays, in yuan.
    with_cash_on_delivery: cash_on_delivery: f64,
    /// Sets what the rider collects, in yuan.
    with_cash_on_pickup: cash_on_pickup: f64,
    /// Sets the direction of the delivery.
    with_rider_pick_method: rider_pick_method: PickMethod,
    /// Sets whether the receiver's code is needed to finish.
    with_is_finish_code_needed: is_finish_code_needed: Switch,
    /// Sets whether the shop's code is needed to pick up.
    with_is_pickup_code_needed: is_pickup_code_needed: Switch,
});

impl ShopInfo {
    /// `goods_count` of `goods_name` (thumbnail `img_url`), linking to page `wxa_path`.
    pub fn new(
        wxa_path: impl Into<String>,
        img_url: impl Into<String>,
        goods_name: impl Into<String>,
        goods_count: u32,
    ) -> Self {
        Self {
            wxa_path: wxa_path.into(),
            img_url: img_url.into(),
            goods_name: goods_name.into(),
            goods_count,
        }
    }
}

/// A supported carrier (`list[]` of [`list_companies`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Company {
    /// Carrier id (`SFTC`, `MTPS`, ...).
    #[serde(default)]
    pub delivery_id: String,
    /// Carrier name.
    #[serde(default)]
    pub delivery_name: String,
}

/// A bound carrier account (`shop_list[]` of [`list_accounts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundAccount {
    /// Carrier id.
    #[serde(default)]
    pub delivery_id: String,
    /// The shop id at the carrier.
    #[serde(default)]
    pub shopid: String,
    /// Review state.
    pub audit_result: AuditResult,
}

const NAME_CHARS: usize = 256;
const PHONE_CHARS: usize = 64;

fn not_empty(endpoint: &'static str, field: &'static str, v: &str) -> Result<(), ValidationError> {
    if v.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            field,
            "empty; the field is required",
        ));
    }
    Ok(())
}

fn max_chars(
    endpoint: &'static str,
    field: &'static str,
    v: &str,
    max: usize,
) -> Result<(), ValidationError> {
    let n = v.chars().count();
    if n > max {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("{n} characters, over the limit of {max}"),
        ));
    }
    Ok(())
}

fn order_id(endpoint: &'static str, v: &str) -> Result<(), ValidationError> {
    if v.is_empty() || v.len() > MAX_SHOP_ORDER_ID_BYTES {
        return Err(ValidationError::new(
            endpoint,
            "shop_order_id",
            format!("{} bytes, outside 1..={MAX_SHOP_ORDER_ID_BYTES}", v.len()),
        ));
    }
    Ok(())
}

fn in_range(
    endpoint: &'static str,
    field: &'static str,
    v: f64,
    max: f64,
    unit: &str,
) -> Result<(), ValidationError> {
    if !(v.is_finite() && v > 0.0 && v <= max) {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("{v} {unit}, outside (0, {max}]"),
        ));
    }
    Ok(())
}

fn check_address(
    endpoint: &'static str,
    which: &'static str,
    a: &Address,
) -> Result<(), ValidationError> {
    let (name, phone, lng, lat) = match which {
        "sender" => ("sender.name", "sender.phone", "sender.lng", "sender.lat"),
        _ => (
            "receiver.name",
            "receiver.phone",
            "receiver.lng",
            "receiver.lat",
        ),
    };
    max_chars(endpoint, name, &a.name, NAME_CHARS)?;
    max_chars(endpoint, phone, &a.phone, PHONE_CHARS)?;
    if !(a.lng.is_finite() && a.lng.abs() <= 180.0) {
        return Err(ValidationError::new(
            endpoint,
            lng,
            "not a longitude within ±180 degrees",
        ));
    }
    if !(a.lat.is_finite() && a.lat.abs() <= 90.0) {
        return Err(ValidationError::new(
            endpoint,
            lat,
            "not a latitude within ±90 degrees",
        ));
    }
    Ok(())
}

fn check_cargo(endpoint: &'static str, c: &Cargo) -> Result<(), ValidationError> {
    in_range(endpoint, "cargo.goods_value", c.goods_value, 5000.0, "yuan")?;
    in_range(endpoint, "cargo.goods_weight", c.goods_weight, 50.0, "kg")?;
    for (field, v, max) in [
        ("cargo.goods_height", c.goods_height, 45.0),
        ("cargo.goods_length", c.goods_length, 65.0),
        ("cargo.goods_width", c.goods_width, 50.0),
    ] {
        if let Some(v) = v {
            in_range(endpoint, field, v, max, "cm")?;
        }
    }
    if let Some(detail) = &c.goods_detail {
        let n = serde_json::to_string(detail)
            .map(|s| s.chars().count())
            .unwrap_or(usize::MAX);
        if n > 10240 {
            return Err(ValidationError::new(
                endpoint,
                "cargo.goods_detail",
                format!("{n} characters as JSON, over the limit of 10240"),
            ));
        }
        for g in &detail.goods {
            if let Some(unit) = &g.good_unit {
                max_chars(endpoint, "cargo.goods_detail.goods.good_unit", unit, 20)?;
            }
        }
    }
    for (field, v) in [
        ("cargo.goods_pickup_info", &c.goods_pickup_info),
        ("cargo.goods_delivery_info", &c.goods_delivery_info),
    ] {
        if let Some(v) = v {
            max_chars(endpoint, field, v, 100)?;
        }
    }
    Ok(())
}

fn check_order_info(endpoint: &'static str, o: &OrderInfo) -> Result<(), ValidationError> {
    if let Some(v) = &o.poi_seq {
        max_chars(endpoint, "order_info.poi_seq", v, 32)?;
    }
    if let Some(v) = &o.note {
        max_chars(endpoint, "order_info.note", v, 200)?;
    }
    if o.order_type == Some(OrderType::Booked)
        && o.expected_delivery_time.is_none()
        && o.expected_finish_time.is_none()
        && o.expected_pick_time.is_none()
    {
        return Err(ValidationError::new(
            endpoint,
            "order_info.order_type",
            "a booked order (1) needs expected_delivery_time, expected_finish_time or expected_pick_time",
        ));
    }
    Ok(())
}

/// The parts the three order-placing calls share, for one check.
struct Placing<'a> {
    shopid: &'a str,
    shop_order_id: &'a str,
    delivery_id: &'a str,
    openid: &'a str,
    sender: Option<&'a Address>,
    receiver: &'a Address,
    cargo: &'a Cargo,
    order_info: &'a OrderInfo,
}

/// The [`Placing`] view of a request of `preview_order`, `add_order` or `add_order_again`
/// (three generated types with the same order fields).
macro_rules! placing {
    ($req:expr) => {
        Placing {
            shopid: &$req.shopid,
            shop_order_id: &$req.shop_order_id,
            delivery_id: &$req.delivery_id,
            openid: &$req.openid,
            sender: $req.sender.as_ref(),
            receiver: &$req.receiver,
            cargo: &$req.cargo,
            order_info: &$req.order_info,
        }
    };
}

fn check_placing(endpoint: &'static str, p: Placing<'_>) -> Result<(), ValidationError> {
    not_empty(endpoint, "shopid", p.shopid)?;
    order_id(endpoint, p.shop_order_id)?;
    not_empty(endpoint, "delivery_id", p.delivery_id)?;
    not_empty(endpoint, "openid", p.openid)?;
    if let Some(s) = p.sender {
        check_address(endpoint, "sender", s)?;
    }
    check_address(endpoint, "receiver", p.receiver)?;
    check_cargo(endpoint, p.cargo)?;
    check_order_info(endpoint, p.order_info)
}

macro_rules! carrier_ok {
    () => {
        impl Response {
            /// Whether the carrier accepted the call (`resultcode` 0).
            pub fn carrier_ok(&self) -> bool {
                self.resultcode == 0
            }
        }
    };
}

/// The carriers immediate delivery supports (`getAllImmeDelivery`).
#[wx_endpoint(POST "/cgi-bin/express/local/business/delivery/getall", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_getallimmedelivery.html")]
pub mod list_companies {
    pub struct Request {}
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// The carriers.
        #[wx(default)]
        pub list: Vec<super::Company>,
    }
    carrier_ok!();
}

/// Ask to open immediate delivery for a Mini Program (`openDelivery`; third-party platforms
/// only, with the authorizer token): its admin receives a message to confirm. 930568
/// personal Mini Program, 930569 already open, 930571 no beta access.
#[wx_endpoint(POST "/cgi-bin/express/local/business/open", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_opendelivery.html")]
pub mod open {
    pub struct Request {}
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
    }
    carrier_ok!();
}

/// Ask to bind a carrier account for a Mini Program (`bindLocalAccount`; third-party
/// platforms only): its admin receives a message leading to the carrier's site. 930561
/// unknown `delivery_id`.
#[wx_endpoint(POST "/cgi-bin/express/local/business/shop/add", app = wxa, validate = super::check_bind,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_bindlocalaccount.html")]
pub mod bind_account {
    pub struct Request {
        /// The carrier id (from [`list_companies`](super::list_companies)).
        pub delivery_id: String,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
    }
    carrier_ok!();
}

fn check_bind(req: &bind_account::Request) -> Result<(), ValidationError> {
    not_empty(
        "wxa::local_delivery::bind_account",
        "delivery_id",
        &req.delivery_id,
    )
}

/// The carrier accounts bound to the Mini Program (`getBindAccount`).
#[wx_endpoint(POST "/cgi-bin/express/local/business/shop/get", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_getbindaccount.html")]
pub mod list_accounts {
    pub struct Request {}
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// The bound accounts.
        #[wx(default)]
        pub shop_list: Vec<super::BoundAccount>,
    }
    carrier_ok!();
}

/// Estimate an order (`preAddOrder`): whether the carrier takes it, its fee, distance and
/// pickup delay; DADA also returns a `delivery_token` that keeps the fee for 3 minutes.
/// Optional before [`add_order`](super::add_order).
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/pre_add", app = wxa, new = false,
    validate = super::check_preview_order,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_preaddorder.html")]
pub mod preview_order {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id, 1..=128 bytes.
        pub shop_order_id: String,
        /// The carrier id.
        pub delivery_id: String,
        /// The ordering user's openid.
        pub openid: String,
        /// Sender; required by SS and SFTC, optional for MTPS and DADA when `shop_no` is set.
        pub sender: Option<super::Address>,
        /// Receiver.
        pub receiver: super::Address,
        /// Cargo.
        pub cargo: super::Cargo,
        /// Order details.
        pub order_info: super::OrderInfo,
        /// Goods shown in the user's notification.
        pub shop: super::ShopInfo,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
        /// The store number registered at the carrier (required by MTPS and SS).
        pub shop_no: String,
        /// Sub-merchant id inside the Mini Program.
        pub sub_biz_id: Option<String>,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// Fee actually charged (fee minus coupon), yuan.
        #[wx(default)]
        pub fee: f64,
        /// Delivery fee, yuan.
        #[wx(default)]
        pub deliverfee: f64,
        /// Coupon, yuan.
        #[wx(default)]
        pub couponfee: f64,
        /// Tip, yuan.
        #[wx(default)]
        pub tips: f64,
        /// Insurance fee, yuan.
        #[wx(default)]
        pub insurancefee: f64,
        /// Distance, metres.
        #[wx(default)]
        pub distance: f64,
        /// Expected seconds until a rider accepts (0: unknown).
        #[wx(default)]
        pub dispatch_duration: i64,
        /// Token that keeps the fee when passed to `add_order` (DADA only).
        #[wx(default)]
        pub delivery_token: String,
    }
    carrier_ok!();

    impl Request {
        /// Estimates order `shop_order_id` of `key`'s shop at store `shop_no`, signed with
        /// `key`.
        #[allow(clippy::too_many_arguments)]
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            delivery_id: impl Into<String>,
            openid: impl Into<String>,
            receiver: super::Address,
            cargo: super::Cargo,
            order_info: super::OrderInfo,
            shop: super::ShopInfo,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                delivery_id: delivery_id.into(),
                openid: openid.into(),
                sender: None,
                receiver,
                cargo,
                order_info,
                shop,
                shop_no: shop_no.into(),
                sub_biz_id: None,
            }
        }
    }
}

fn check_preview_order(req: &preview_order::Request) -> Result<(), ValidationError> {
    check_placing("wxa::local_delivery::preview_order", placing!(req))
}

/// Place an order with the carrier (`addLocalOrder`): the reply has the waybill id, the fee
/// and the codes. 930562 when `shop_order_id` was placed already.
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/add", app = wxa, new = false,
    validate = super::check_add_order,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_addlocalorder.html")]
pub mod add_order {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id, 1..=128 bytes.
        pub shop_order_id: String,
        /// The carrier id.
        pub delivery_id: String,
        /// The ordering user's openid.
        pub openid: String,
        /// Sender; required by SFTC, optional for MTPS, DADA and SS when `shop_no` is set.
        pub sender: Option<super::Address>,
        /// Receiver.
        pub receiver: super::Address,
        /// Cargo.
        pub cargo: super::Cargo,
        /// Order details.
        pub order_info: super::OrderInfo,
        /// Goods shown in the user's notification.
        pub shop: super::ShopInfo,
        /// The `delivery_token` of a [`preview_order`](super::preview_order) (DADA), which
        /// keeps its fee. The page's table marks it required, its description says only
        /// some carriers return one: sent when set.
        pub delivery_token: Option<String>,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
        /// The store number registered at the carrier (required by MTPS and SS).
        pub shop_no: String,
        /// Sub-merchant id inside the Mini Program.
        pub sub_biz_id: Option<String>,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// Fee actually charged (fee minus coupon), yuan.
        #[wx(default)]
        pub fee: f64,
        /// Delivery fee, yuan.
        #[wx(default)]
        pub deliverfee: f64,
        /// Coupon, yuan.
        #[wx(default)]
        pub couponfee: f64,
        /// Tip, yuan.
        #[wx(default)]
        pub tips: f64,
        /// Insurance fee, yuan.
        #[wx(default)]
        pub insurancefee: f64,
        /// Distance, metres.
        #[wx(default)]
        pub distance: f64,
        /// The carrier's waybill id.
        #[wx(default)]
        pub waybill_id: String,
        /// Status after placing.
        pub order_status: Option<super::OrderStatus>,
        /// Receiver's code (when required).
        #[wx(default)]
        pub finish_code: i64,
        /// Pickup code (when required).
        #[wx(default)]
        pub pickup_code: i64,
        /// Expected seconds until a rider accepts (0: unknown).
        #[wx(default)]
        pub dispatch_duration: i64,
    }
    carrier_ok!();

    impl Request {
        /// Places order `shop_order_id` of `key`'s shop at store `shop_no`, signed with
        /// `key`.
        #[allow(clippy::too_many_arguments)]
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            delivery_id: impl Into<String>,
            openid: impl Into<String>,
            receiver: super::Address,
            cargo: super::Cargo,
            order_info: super::OrderInfo,
            shop: super::ShopInfo,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                delivery_id: delivery_id.into(),
                openid: openid.into(),
                sender: None,
                receiver,
                cargo,
                order_info,
                shop,
                delivery_token: None,
                shop_no: shop_no.into(),
                sub_biz_id: None,
            }
        }
    }
}

fn check_add_order(req: &add_order::Request) -> Result<(), ValidationError> {
    check_placing("wxa::local_delivery::add_order", placing!(req))
}

/// Place an order again with the same `shop_order_id` (`reOrder`), after it was cancelled,
/// expired or failed.
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/readd", app = wxa, new = false,
    validate = super::check_add_order_again,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_reorder.html")]
pub mod add_order_again {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id, the one placed before, 1..=128 bytes.
        pub shop_order_id: String,
        /// The carrier id.
        pub delivery_id: String,
        /// The ordering user's openid.
        pub openid: String,
        /// Sender; required by SFTC, optional for MTPS, DADA and SS when `shop_no` is set.
        pub sender: Option<super::Address>,
        /// Receiver.
        pub receiver: super::Address,
        /// Cargo.
        pub cargo: super::Cargo,
        /// Order details.
        pub order_info: super::OrderInfo,
        /// Goods shown in the user's notification.
        pub shop: super::ShopInfo,
        /// The `delivery_token` of a [`preview_order`](super::preview_order) (DADA).
        pub delivery_token: Option<String>,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
        /// The store number registered at the carrier (required by MTPS and SS).
        pub shop_no: String,
        /// Sub-merchant id inside the Mini Program.
        pub sub_biz_id: Option<String>,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// Fee actually charged (fee minus coupon), yuan.
        #[wx(default)]
        pub fee: f64,
        /// Delivery fee, yuan.
        #[wx(default)]
        pub deliverfee: f64,
        /// Coupon, yuan.
        #[wx(default)]
        pub couponfee: f64,
        /// Tip, yuan.
        #[wx(default)]
        pub tips: f64,
        /// Insurance fee, yuan.
        #[wx(default)]
        pub insurancefee: f64,
        /// Distance, metres.
        #[wx(default)]
        pub distance: f64,
        /// The carrier's waybill id.
        #[wx(default)]
        pub waybill_id: String,
        /// Status after placing.
        pub order_status: Option<super::OrderStatus>,
        /// Receiver's code (when required).
        #[wx(default)]
        pub finish_code: i64,
        /// Pickup code (when required).
        #[wx(default)]
        pub pickup_code: i64,
        /// Expected seconds until a rider accepts (0: unknown).
        #[wx(default)]
        pub dispatch_duration: i64,
    }
    carrier_ok!();

    impl Request {
        /// Places order `shop_order_id` of `key`'s shop again, signed with `key`.
        #[allow(clippy::too_many_arguments)]
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            delivery_id: impl Into<String>,
            openid: impl Into<String>,
            receiver: super::Address,
            cargo: super::Cargo,
            order_info: super::OrderInfo,
            shop: super::ShopInfo,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                delivery_id: delivery_id.into(),
                openid: openid.into(),
                sender: None,
                receiver,
                cargo,
                order_info,
                shop,
                delivery_token: None,
                shop_no: shop_no.into(),
                sub_biz_id: None,
            }
        }
    }
}

fn check_add_order_again(req: &add_order_again::Request) -> Result<(), ValidationError> {
    check_placing("wxa::local_delivery::add_order_again", placing!(req))
}

/// Raise the tip of an order still waiting for a rider (`addTips`). The latest amount
/// counts, so each must exceed the previous one. SFTC: up to 10 times, 200 yuan in all; SS:
/// steps of 2, 3, 5, 10, 15, 20, 50, 100; MTPS: no tips; DADA: at most 30 yuan and not above
/// the goods value.
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/addtips", app = wxa, new = false,
    validate = super::check_tips,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_addtips.html")]
pub mod add_tips {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The carrier's waybill id.
        pub waybill_id: String,
        /// The new tip in yuan, above 0 (each carrier has its own maximum).
        pub tips: f64,
        /// A note.
        pub remark: String,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
        /// The store number registered at the carrier (required by SS).
        pub shop_no: String,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
    }
    carrier_ok!();

    impl Request {
        /// Sets the tip of waybill `waybill_id` (order `shop_order_id`) to `tips` yuan.
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            waybill_id: impl Into<String>,
            tips: f64,
            remark: impl Into<String>,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                waybill_id: waybill_id.into(),
                tips,
                remark: remark.into(),
                shop_no: shop_no.into(),
            }
        }
    }
}

fn check_tips(req: &add_tips::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::add_tips";
    not_empty(NAME, "shopid", &req.shopid)?;
    order_id(NAME, &req.shop_order_id)?;
    not_empty(NAME, "waybill_id", &req.waybill_id)?;
    if !(req.tips.is_finite() && req.tips > 0.0) {
        return Err(ValidationError::new(
            NAME,
            "tips",
            format!("{} yuan; a tip is above 0", req.tips),
        ));
    }
    Ok(())
}

fn check_reason(
    endpoint: &'static str,
    id: Option<CancelReason>,
    text: Option<&str>,
) -> Result<(), ValidationError> {
    if id == Some(CancelReason::Other) && text.is_none_or(str::is_empty) {
        return Err(ValidationError::new(
            endpoint,
            "cancel_reason",
            "empty; reason 6 (other) needs the reason's text",
        ));
    }
    Ok(())
}

/// Cancel an order (`cancelLocalOrder`); the reply has the penalty. SFTC, SS, MTPS: before
/// delivery ends; DADA: before pickup.
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/cancel", app = wxa, new = false,
    validate = super::check_cancel,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_cancellocalorder.html")]
pub mod cancel_order {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The carrier id.
        pub delivery_id: String,
        /// The carrier's waybill id (required by SFTC).
        pub waybill_id: Option<String>,
        /// Why.
        pub cancel_reason_id: super::CancelReason,
        /// The reason's text; needed with reason 6 (other).
        pub cancel_reason: String,
        /// The store number registered at the carrier (required by SS).
        pub shop_no: String,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// Penalty charged, yuan.
        #[wx(default)]
        pub deduct_fee: f64,
        /// Explanation.
        #[wx(default)]
        pub desc: String,
    }
    carrier_ok!();

    impl Request {
        /// Cancels order `shop_order_id` of `key`'s shop for `reason` (`text` explains
        /// reason 6).
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            delivery_id: impl Into<String>,
            reason: super::CancelReason,
            text: impl Into<String>,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                delivery_id: delivery_id.into(),
                waybill_id: None,
                cancel_reason_id: reason,
                cancel_reason: text.into(),
                shop_no: shop_no.into(),
            }
        }
    }
}

fn check_cancel(req: &cancel_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::cancel_order";
    not_empty(NAME, "shopid", &req.shopid)?;
    order_id(NAME, &req.shop_order_id)?;
    not_empty(NAME, "delivery_id", &req.delivery_id)?;
    check_reason(NAME, Some(req.cancel_reason_id), Some(&req.cancel_reason))
}

/// Ask whether an order can be cancelled and at what penalty (`preCancelOrder`).
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/precancel", app = wxa, new = false,
    validate = super::check_preview_cancel,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_precancelorder.html")]
pub mod preview_cancel {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The carrier id.
        pub delivery_id: String,
        /// The carrier's waybill id.
        pub waybill_id: String,
        /// Why.
        pub cancel_reason_id: Option<super::CancelReason>,
        /// The reason's text; needed with reason 6 (other).
        pub cancel_reason: Option<String>,
        /// The store number registered at the carrier (required by SS).
        pub shop_no: String,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// Expected penalty, yuan.
        #[wx(default)]
        pub deduct_fee: f64,
        /// Explanation.
        #[wx(default)]
        pub desc: String,
    }
    carrier_ok!();

    impl Request {
        /// Asks about cancelling waybill `waybill_id` (order `shop_order_id`).
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            delivery_id: impl Into<String>,
            waybill_id: impl Into<String>,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                delivery_id: delivery_id.into(),
                waybill_id: waybill_id.into(),
                cancel_reason_id: None,
                cancel_reason: None,
                shop_no: shop_no.into(),
            }
        }
    }
}

fn check_preview_cancel(req: &preview_cancel::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::preview_cancel";
    not_empty(NAME, "shopid", &req.shopid)?;
    order_id(NAME, &req.shop_order_id)?;
    not_empty(NAME, "delivery_id", &req.delivery_id)?;
    not_empty(NAME, "waybill_id", &req.waybill_id)?;
    check_reason(NAME, req.cancel_reason_id, req.cancel_reason.as_deref())
}

/// Confirm that goods of a failed delivery came back to the shop (`abnormalConfirm`).
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/confirm_return", app = wxa, new = false,
    validate = super::check_confirm,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_abnormalconfirm.html")]
pub mod confirm_return {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The carrier's waybill id.
        pub waybill_id: String,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
        /// The store number registered at the carrier (required by SS).
        pub shop_no: String,
        /// A note.
        pub remark: Option<String>,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
    }
    carrier_ok!();

    impl Request {
        /// Confirms the return of waybill `waybill_id` (order `shop_order_id`).
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
            waybill_id: impl Into<String>,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                waybill_id: waybill_id.into(),
                shop_no: shop_no.into(),
                remark: None,
            }
        }
    }
}

fn check_confirm(req: &confirm_return::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::confirm_return";
    not_empty(NAME, "shopid", &req.shopid)?;
    order_id(NAME, &req.shop_order_id)?;
    not_empty(NAME, "waybill_id", &req.waybill_id)
}

/// An order's status and rider (`getLocalOrder`). 930563 for an unknown order.
#[wx_endpoint(POST "/cgi-bin/express/local/business/order/get", app = wxa, new = false,
    validate = super::check_get,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_getlocalorder.html")]
pub mod get_order {
    pub struct Request {
        /// The shop id (carrier appkey).
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The store number registered at the carrier (may be empty with one store).
        pub shop_no: String,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
        /// Delivery status.
        pub order_status: Option<super::OrderStatus>,
        /// The carrier's waybill id.
        #[wx(default)]
        pub waybill_id: String,
        /// Rider's name.
        #[wx(default)]
        pub rider_name: String,
        /// Rider's phone.
        #[wx(default)]
        pub rider_phone: String,
        /// Rider's longitude (while delivering).
        pub rider_lng: Option<f64>,
        /// Rider's latitude (while delivering).
        pub rider_lat: Option<f64>,
        /// Expected seconds until arrival (while delivering).
        pub reach_time: Option<i64>,
    }
    carrier_ok!();

    impl Request {
        /// Reads order `shop_order_id` of `key`'s shop.
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            shop_no: impl Into<String>,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                shop_no: shop_no.into(),
            }
        }
    }
}

fn check_get(req: &get_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::get_order";
    not_empty(NAME, "shopid", &req.shopid)?;
    order_id(NAME, &req.shop_order_id)
}

fn check_status(endpoint: &'static str, s: OrderStatus) -> Result<(), ValidationError> {
    if let OrderStatus::Other(n) = s {
        return Err(ValidationError::new(
            endpoint,
            "order_status",
            format!("{n} is not a documented order status"),
        ));
    }
    Ok(())
}

/// Move an order placed with a carrier's test account to `order_status`
/// (`realMockUpdateOrder`): forwarded to the carrier's test environment (SFTC: 102, 202,
/// 302; DADA: 102, 201, 202, 301, 302, 304, 305). Test only.
#[wx_endpoint(POST "/cgi-bin/express/local/business/realmock_update_order", app = wxa, new = false,
    validate = super::check_carrier_mock,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_realmockupdateorder.html")]
pub mod update_carrier_mock_order {
    pub struct Request {
        /// The shop id (the carrier's test account).
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The new status.
        pub order_status: super::OrderStatus,
        /// When it changed, Unix seconds.
        pub action_time: u64,
        /// A note.
        pub action_msg: Option<String>,
        /// SHA-1 signature (see the module docs); set by the constructor.
        pub delivery_sign: String,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
    }
    carrier_ok!();

    impl Request {
        /// Moves order `shop_order_id` of `key`'s test shop to `status` at `action_time`.
        pub fn new(
            key: &super::ShopKey,
            shop_order_id: impl Into<String>,
            status: super::OrderStatus,
            action_time: u64,
        ) -> Self {
            let shop_order_id = shop_order_id.into();
            Self {
                shopid: key.shopid().to_owned(),
                delivery_sign: key.sign(Some(&shop_order_id)),
                shop_order_id,
                order_status: status,
                action_time,
                action_msg: None,
            }
        }
    }
}

fn check_carrier_mock(req: &update_carrier_mock_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::update_carrier_mock_order";
    not_empty(NAME, "shopid", &req.shopid)?;
    order_id(NAME, &req.shop_order_id)?;
    check_status(NAME, req.order_status)
}

/// Move an order placed with the test carrier `TEST` to `order_status`
/// (`mockUpdateOrder`); nothing reaches a carrier. The shop must be `test_shop_id`; 930563
/// for an unknown order.
#[wx_endpoint(POST "/cgi-bin/express/local/business/test_update_order", app = wxa, new = false,
    validate = super::check_mock,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/immediate-delivery/deliver-by-business/api_mockupdateorder.html")]
pub mod update_mock_order {
    pub struct Request {
        /// Always `test_shop_id`.
        pub shopid: String,
        /// The shop's order id.
        pub shop_order_id: String,
        /// The new status.
        pub order_status: super::OrderStatus,
        /// When it changed, Unix seconds.
        pub action_time: u64,
        /// A note.
        pub action_msg: Option<String>,
    }
    pub struct Response {
        /// The carrier's code, 0 on success.
        #[wx(default)]
        pub resultcode: i64,
        /// The carrier's message.
        #[wx(default)]
        pub resultmsg: String,
    }
    carrier_ok!();

    impl Request {
        /// Moves test order `shop_order_id` (of shop `test_shop_id`) to `status`.
        pub fn new(
            shop_order_id: impl Into<String>,
            status: super::OrderStatus,
            action_time: u64,
        ) -> Self {
            Self {
                shopid: super::TEST_SHOP_ID.to_owned(),
                shop_order_id: shop_order_id.into(),
                order_status: status,
                action_time,
                action_msg: None,
            }
        }
    }
}

fn check_mock(req: &update_mock_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::local_delivery::update_mock_order";
    if req.shopid != TEST_SHOP_ID {
        return Err(ValidationError::new(
            NAME,
            "shopid",
            format!("must be {TEST_SHOP_ID:?} (the test shop)"),
        ));
    }
    order_id(NAME, &req.shop_order_id)?;
    check_status(NAME, req.order_status)
}
