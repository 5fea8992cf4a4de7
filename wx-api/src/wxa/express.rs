//! Logistics helper for businesses (物流助手, 小程序使用): bind courier accounts, list the
//! supported couriers, create, read and cancel waybills (运单), follow their trace, read the
//! printing quota, configure the printers of the WeChat printing PC software, and, while
//! testing, move a test order along its trace ([`update_test_order`]).
//!
//! Limits, checked before sending (lengths are in bytes of UTF-8, as the pages state them):
//!
//! | endpoint | field | limit | WeChat's errcode |
//! |---|---|---|---|
//! | [`add_order`] | `order_id` | 1..=512 bytes, unique (the same order id gives the same waybill) | 9300526 |
//! | [`add_order`] | `openid` | required unless `add_source` is 2 (App/H5) | — |
//! | [`add_order`] | `wx_appid` | required when `add_source` is 2 | — |
//! | [`add_order`] | `custom_remark` | ≤ 1024 bytes | 9300526 |
//! | [`add_order`] | `sender.*`, `receiver.*` | `name` 1..=64, `tel`/`mobile` ≤ 32 and at least one of them, `company` ≤ 64, `post_code` ≤ 10, `country`/`province`/`city`/`area` ≤ 64 (the last three required), `address` 1..=512 | 9300526 |
//! | [`add_order`] | `cargo.detail_list` | at least one item; each `name` 1..=128 bytes | — |
//! | [`add_order`] | `cargo.weight`, `cargo.space_*` | finite and ≥ 0 (kilograms, centimetres) | — |
//! | [`add_order`] | `shop` | `wxa_path` required; without `detail_list`, `img_url`, `goods_name` (≤ 128 bytes) and `goods_count` are required | — |
//! | [`add_order`], [`bind_account`], [`update_printer`], [`update_test_order`] | `add_source`, `type`, `update_type`, `action_type`, `use_insured`, `print_type` | the documented values only ([`AddSource`], [`BindAction`], [`ActionType`], [`Insurance`], [`PrintType`]) | 9300517 |
//! | [`batch_get_orders`] | `order_list` | 1..=100 orders | — |
//! | [`update_printer`] | `tagid_list` | at most 10 tag ids, comma separated, no spaces | — |
//! | [`get_order`], [`cancel_order`], [`batch_get_orders`] | `order_id`, `delivery_id` | not empty | — |
//! | [`cancel_order`], [`get_path`] | `delivery_id`, `waybill_id` | not empty | — |
//! | [`update_test_order`] | `biz_id`, `delivery_id` | always `test_biz_id` and `TEST` (the test courier) | — |
//!
//! WeChat's errcodes of this group: 9300501 courier-side failure (the reason is in
//! `delivery_resultcode`/`delivery_resultmsg`), 9300503 unknown `delivery_id`, 9300506 the
//! waybill already has a trace and cannot be cancelled,
//! 9300510 unknown `service_type`, 9300517 bad `update_type`, 9300526 a field of the wrong
//! length, 40199 no such waybill.

use crate::enums::closed_enum;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most orders one [`batch_get_orders`] call reads.
pub const MAX_BATCH_ORDERS: usize = 100;

closed_enum!(
    u8;
    /// Where the order comes from (`add_source`).
    AddSource {
        /// `0`: an order of the Mini Program (the user gets the logistics service notice).
        MiniProgram = 0,
        /// `2`: an order of an App or H5 page (no notice; `wx_appid` required, `openid` not).
        AppOrH5 = 2,
    }
);

closed_enum!(
    u8;
    /// Whether the parcel is insured (`use_insured`).
    Insurance {
        /// `0`: not insured.
        None = 0,
        /// `1`: insured for `insured_value`.
        Insured = 1,
    }
);

closed_enum!(
    u8;
    /// The printed waybill's layout (`print_type` of [`get_order`]).
    PrintType {
        /// `0`: two-part waybill (二联单, the default).
        TwoPart = 0,
        /// `1`: one-part waybill (一联单).
        OnePart = 1,
    }
);

/// Bind or unbind (`type` of [`bind_account`], `update_type` of [`update_printer`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BindAction {
    /// `bind`.
    Bind,
    /// `unbind`.
    Unbind,
}

/// A trace node's type (`action_type`): the documented values, and any other number kept
/// as it came ([`ActionType::Other`]; refused when sending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionType {
    /// `100001`: picked up (揽件成功).
    PickedUp,
    /// `100002`: pick-up failed (揽件失败).
    PickUpFailed,
    /// `100003`: courier assigned (分配业务员).
    CourierAssigned,
    /// `200001`: in transit (运输中).
    InTransit,
    /// `300002`: out for delivery (开始派送).
    OutForDelivery,
    /// `300003`: signed for (签收成功).
    Signed,
    /// `300004`: signing failed (签收失败).
    SignFailed,
    /// `400001`: order cancelled (订单取消).
    Cancelled,
    /// `400002`: order held (订单滞留).
    Held,
    /// A value the documentation does not list.
    Other(i64),
}

impl ActionType {
    const TABLE: [(Self, i64); 9] = [
        (Self::PickedUp, 100001),
        (Self::PickUpFailed, 100002),
        (Self::CourierAssigned, 100003),
        (Self::InTransit, 200001),
        (Self::OutForDelivery, 300002),
        (Self::Signed, 300003),
        (Self::SignFailed, 300004),
        (Self::Cancelled, 400001),
        (Self::Held, 400002),
    ];

    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::Other(n) => n,
            known => Self::TABLE
                .iter()
                .find(|(v, _)| *v == known)
                .map_or(0, |(_, n)| *n),
        }
    }

    /// The type of `code` (a number not documented is [`ActionType::Other`]).
    pub fn from_code(code: i64) -> Self {
        Self::TABLE
            .iter()
            .find(|(_, n)| *n == code)
            .map_or(Self::Other(code), |(v, _)| *v)
    }
}

impl Serialize for ActionType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for ActionType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(Self::from_code)
    }
}

/// A waybill's state (`order_status`): `0` normal, `1` cancelled, any other number kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderStatus {
    /// `0`: normal.
    #[default]
    Normal,
    /// `1`: cancelled.
    Cancelled,
    /// A value the documentation does not list.
    Other(i64),
}

impl Serialize for OrderStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(match self {
            Self::Normal => 0,
            Self::Cancelled => 1,
            Self::Other(n) => *n,
        })
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match i64::deserialize(d)? {
            0 => Self::Normal,
            1 => Self::Cancelled,
            n => Self::Other(n),
        })
    }
}

/// A measure (kilograms, centimetres): written as an integer when it is one (`20`), as a
/// fraction otherwise (`30.5`), as the pages' examples show them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measure(pub f64);

impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            // Exact: |v| < 2^53 and integral.
            #[allow(clippy::cast_possible_truncation)]
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Measure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Self)
    }
}

/// A sender or receiver (`sender`, `receiver`). Lengths are in bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    /// Name, 1..=64 bytes.
    pub name: String,
    /// Landline number, ≤ 32 bytes; required when `mobile` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tel: Option<String>,
    /// Mobile number, ≤ 32 bytes; required when `tel` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// Company, ≤ 64 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Postcode, ≤ 10 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_code: Option<String>,
    /// Country, ≤ 64 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Province (`广东省`), 1..=64 bytes.
    pub province: String,
    /// City (`广州市`), 1..=64 bytes.
    pub city: String,
    /// District (`海珠区`), 1..=64 bytes.
    pub area: String,
    /// Street address (`XX路XX号XX大厦XX`), 1..=512 bytes.
    pub address: String,
}

/// One article in the parcel (`cargo.detail_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CargoItem {
    /// Article name, 1..=128 bytes.
    pub name: String,
    /// How many.
    pub count: i64,
}

/// The parcel, passed to the courier (`cargo`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cargo {
    /// Number of parcels.
    pub count: i64,
    /// Total weight, kilograms.
    pub weight: Measure,
    /// Length, centimetres.
    pub space_x: Measure,
    /// Width, centimetres.
    pub space_y: Measure,
    /// Height, centimetres.
    pub space_z: Measure,
    /// The articles in it (at least one).
    pub detail_list: Vec<CargoItem>,
}

/// One product shown in the notice and on the waybill (`shop.detail_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShopGoods {
    /// Product name, 1..=128 bytes.
    pub goods_name: String,
    /// Product image URL.
    pub goods_img_url: String,
    /// Product description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_desc: Option<String>,
}

/// The products, shown in the logistics notice and on the waybill (`shop`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Shop {
    /// Path in the Mini Program to open from the notice (the order page, preferably).
    pub wxa_path: String,
    /// Thumbnail URL; required when `detail_list` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub img_url: Option<String>,
    /// Product name, ≤ 128 bytes; required when `detail_list` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_name: Option<String>,
    /// Number of products; required when `detail_list` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_count: Option<i64>,
    /// The products one by one (the newer form, for several products).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail_list: Vec<ShopGoods>,
}

/// Insurance (`insured`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insured {
    /// Insured or not.
    pub use_insured: Insurance,
    /// Insured value in fen (10000 = 100 yuan).
    pub insured_value: i64,
}

/// A courier's service (`service`; the ids and names come from [`list_deliveries`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Service {
    /// Service type id.
    pub service_type: i64,
    /// Service name.
    pub service_name: String,
}

/// One key/value of the waybill, for rendering it (`waybill_data[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WaybillField {
    /// The key (`SF_bagAddr`).
    pub key: String,
    /// Its value.
    pub value: String,
}

/// A bound courier account (`list[]` of [`list_accounts`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Account {
    /// Courier customer code.
    pub biz_id: String,
    /// Courier id.
    pub delivery_id: String,
    /// Bound at (Unix seconds).
    #[serde(default)]
    pub create_time: i64,
    /// Updated at (Unix seconds).
    #[serde(default)]
    pub update_time: i64,
    /// Binding state (`0` for a bound account; couriers that review bindings, such as
    /// EMS, report the review here and its failure in `remark_wrong_msg`).
    #[serde(default)]
    pub status_code: i64,
    /// Account alias.
    #[serde(default)]
    pub alias: Option<String>,
    /// Why the review failed.
    #[serde(default)]
    pub remark_wrong_msg: Option<String>,
    /// The remark sent when binding.
    #[serde(default)]
    pub remark_content: Option<String>,
    /// Waybills left (electronic waybill quota).
    #[serde(default)]
    pub quota_num: Option<i64>,
    /// Quota updated at (Unix seconds).
    #[serde(default)]
    pub quota_update_time: Option<i64>,
    /// Services of this account.
    #[serde(default)]
    pub service_type: Vec<Service>,
}

/// A supported courier (`data[]` of [`list_deliveries`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Delivery {
    /// Courier id (`SF`).
    pub delivery_id: String,
    /// Courier name.
    pub delivery_name: String,
    /// 1 when it accepts cash (现付) orders.
    #[serde(default)]
    pub can_use_cash: Option<i64>,
    /// 1 when its quota can be read with [`get_quota`].
    #[serde(default)]
    pub can_get_quota: Option<i64>,
    /// The `biz_id` to use for cash orders.
    #[serde(default)]
    pub cash_biz_id: Option<String>,
    /// Its services.
    #[serde(default)]
    pub service_type: Vec<Service>,
}

/// A waybill named by order, courier and waybill id (`order_list[]` of
/// [`batch_get_orders`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderKey {
    /// Order id.
    pub order_id: String,
    /// Courier id; must match the waybill.
    pub delivery_id: String,
    /// Waybill id.
    pub waybill_id: String,
}

/// A waybill as [`get_order`] and [`batch_get_orders`] read it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Waybill {
    /// 0 on success (in [`batch_get_orders`], per order).
    #[serde(default)]
    pub errcode: i64,
    /// Error message.
    #[serde(default)]
    pub errmsg: Option<String>,
    /// The waybill's HTML, BASE64-encoded.
    #[serde(default)]
    pub print_html: String,
    /// Key/values for rendering the waybill.
    #[serde(default)]
    pub waybill_data: Vec<WaybillField>,
    /// Order id.
    #[serde(default)]
    pub order_id: String,
    /// Courier id.
    #[serde(default)]
    pub delivery_id: String,
    /// Waybill id.
    #[serde(default)]
    pub waybill_id: String,
    /// Normal or cancelled.
    #[serde(default)]
    pub order_status: OrderStatus,
}

/// One node of a waybill's trace (`path_item_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathItem {
    /// When (Unix seconds).
    pub action_time: i64,
    /// What happened.
    pub action_type: ActionType,
    /// Details.
    #[serde(default)]
    pub action_msg: String,
}

fn bytes(
    name: &'static str,
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    let n = value.len();
    if n < min || n > max {
        return Err(ValidationError::new(
            name,
            field,
            format!("{n} bytes, outside {min}..={max}"),
        ));
    }
    Ok(())
}

fn opt_bytes(
    name: &'static str,
    field: &'static str,
    value: Option<&String>,
    max: usize,
) -> Result<(), ValidationError> {
    value.map_or(Ok(()), |v| bytes(name, field, v, 0, max))
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

/// The field names of a contact, `sender.*` or `receiver.*`.
const SENDER: [&str; 10] = [
    "sender.name",
    "sender.tel",
    "sender.mobile",
    "sender.company",
    "sender.post_code",
    "sender.country",
    "sender.province",
    "sender.city",
    "sender.area",
    "sender.address",
];
const RECEIVER: [&str; 10] = [
    "receiver.name",
    "receiver.tel",
    "receiver.mobile",
    "receiver.company",
    "receiver.post_code",
    "receiver.country",
    "receiver.province",
    "receiver.city",
    "receiver.area",
    "receiver.address",
];

fn check_contact(
    name: &'static str,
    c: &Contact,
    f: &[&'static str; 10],
) -> Result<(), ValidationError> {
    bytes(name, f[0], &c.name, 1, 64)?;
    opt_bytes(name, f[1], c.tel.as_ref(), 32)?;
    opt_bytes(name, f[2], c.mobile.as_ref(), 32)?;
    let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    if !has(&c.tel) && !has(&c.mobile) {
        return Err(ValidationError::new(
            name,
            f[2],
            "neither `tel` nor `mobile` is given; one of them is required",
        ));
    }
    opt_bytes(name, f[3], c.company.as_ref(), 64)?;
    opt_bytes(name, f[4], c.post_code.as_ref(), 10)?;
    opt_bytes(name, f[5], c.country.as_ref(), 64)?;
    bytes(name, f[6], &c.province, 1, 64)?;
    bytes(name, f[7], &c.city, 1, 64)?;
    bytes(name, f[8], &c.area, 1, 64)?;
    bytes(name, f[9], &c.address, 1, 512)
}

/// Bind or unbind a courier account (`bindAccount`); binding some couriers is reviewed
/// (see `status_code` in [`list_accounts`]).
#[wx_endpoint(POST "/cgi-bin/express/business/account/bind", app = wxa, validate = super::check_bind,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_bindaccount.html")]
pub mod bind_account {
    pub struct Request {
        /// Bind or unbind.
        #[wx(rename = "type")]
        pub action: super::BindAction,
        /// Courier customer code (快递公司客户编码).
        pub biz_id: String,
        /// Courier id, from [`super::list_deliveries`].
        pub delivery_id: String,
        /// The customer code's password, for the couriers that need one.
        pub password: Option<::wx_core::Secret>,
        /// Remark for couriers that review bindings (EMS: contact, phone, address).
        pub remark_content: Option<String>,
    }
    pub struct Response {}
}

fn check_bind(req: &bind_account::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::bind_account";
    required(NAME, "biz_id", &req.biz_id)?;
    required(NAME, "delivery_id", &req.delivery_id)
}

/// Every courier account bound to the Mini Program (`getAllAccount`).
#[wx_endpoint(GET "/cgi-bin/express/business/account/getall", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_getallaccount.html")]
pub mod list_accounts {
    pub struct Request {}
    pub struct Response {
        /// Number of accounts.
        #[wx(default)]
        pub count: i64,
        /// The accounts.
        #[wx(default)]
        pub list: Vec<super::Account>,
    }
}

/// The couriers the logistics helper supports (`getAllDelivery`).
#[wx_endpoint(GET "/cgi-bin/express/business/delivery/getall", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_getalldelivery.html")]
pub mod list_deliveries {
    pub struct Request {}
    pub struct Response {
        /// Number of couriers.
        #[wx(default)]
        pub count: i64,
        /// The couriers.
        #[wx(default)]
        pub data: Vec<super::Delivery>,
    }
}

/// The printers (打印员) configured for the WeChat printing PC software (`getPrinter`).
#[wx_endpoint(GET "/cgi-bin/express/business/printer/getall", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_getprinter.html")]
pub mod list_printers {
    pub struct Request {}
    pub struct Response {
        /// Number of printers.
        #[wx(default)]
        pub count: i64,
        /// Their openids.
        #[wx(default)]
        pub openid: Vec<String>,
        /// Their tag ids (platform Mini Programs), one comma-separated string per printer.
        #[wx(default)]
        pub tagid_list: Vec<String>,
    }
}

/// Add or remove a printer (`updatePrinter`).
#[wx_endpoint(POST "/cgi-bin/express/business/printer/update", app = wxa, validate = super::check_printer,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_updateprinter.html")]
pub mod update_printer {
    pub struct Request {
        /// The printer's openid.
        pub openid: String,
        /// Bind or unbind.
        pub update_type: super::BindAction,
        /// Tag ids whose waybills the printer may print (platform Mini Programs), comma
        /// separated (`"123,456"`).
        pub tagid_list: Option<String>,
    }
    pub struct Response {}
}

/// Most tag ids one printer may hold (`tagid_list`).
pub const MAX_PRINTER_TAGIDS: usize = 10;

fn check_printer(req: &update_printer::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::update_printer";
    required(NAME, "openid", &req.openid)?;
    if let Some(list) = &req.tagid_list {
        let ids: Vec<&str> = list.split(',').collect();
        if ids.len() > MAX_PRINTER_TAGIDS {
            return Err(ValidationError::new(
                NAME,
                "tagid_list",
                format!("{} tag ids, more than {MAX_PRINTER_TAGIDS}", ids.len()),
            ));
        }
        if ids.iter().any(|id| id.is_empty() || id.contains(' ')) {
            return Err(ValidationError::new(
                NAME,
                "tagid_list",
                "not tag ids separated by single commas without spaces (`123,456`)",
            ));
        }
    }
    Ok(())
}

/// Create a waybill (`addOrder`): the courier's reply is in `waybill_id` and
/// `waybill_data`; a courier-side failure is errcode 9300501 with `delivery_resultcode`.
#[wx_endpoint(POST "/cgi-bin/express/business/order/add", app = wxa, new = false, validate = super::check_add,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_addorder.html")]
pub mod add_order {
    pub struct Request {
        /// Where the order comes from.
        pub add_source: super::AddSource,
        /// The App's or H5 page's appid; required with [`super::AddSource::AppOrH5`].
        pub wx_appid: Option<String>,
        /// Order id, unique, 1..=512 bytes.
        pub order_id: String,
        /// The user's openid; not needed with [`super::AddSource::AppOrH5`].
        pub openid: Option<String>,
        /// Courier id, from [`super::list_deliveries`].
        pub delivery_id: String,
        /// Courier customer code or cash code (`cash_biz_id`).
        pub biz_id: String,
        /// Remark printed on the waybill (`易碎物品`), ≤ 1024 bytes.
        pub custom_remark: Option<String>,
        /// Tag id of the platform's merchant (platform Mini Programs only).
        pub tagid: Option<i64>,
        /// Sender.
        pub sender: super::Contact,
        /// Receiver.
        pub receiver: super::Contact,
        /// The parcel.
        pub cargo: super::Cargo,
        /// The products.
        pub shop: super::Shop,
        /// Insurance.
        pub insured: super::Insured,
        /// The courier's service.
        pub service: super::Service,
        /// Expected pick-up time (Unix seconds, in the future; 0: agreed beforehand);
        /// required by SF Express (顺丰).
        pub expect_time: Option<i64>,
    }
    pub struct Response {
        /// Order id.
        #[wx(default)]
        pub order_id: String,
        /// Waybill id.
        #[wx(default)]
        pub waybill_id: String,
        /// Key/values for rendering the waybill.
        #[wx(default)]
        pub waybill_data: Vec<super::WaybillField>,
        /// The courier's own error code (with errcode 9300501).
        pub delivery_resultcode: Option<i64>,
        /// The courier's own error message.
        pub delivery_resultmsg: Option<String>,
    }

    impl Request {
        /// An order of the Mini Program for the user `openid`.
        #[allow(clippy::too_many_arguments)]
        pub fn new(
            order_id: impl Into<String>,
            openid: impl Into<String>,
            delivery_id: impl Into<String>,
            biz_id: impl Into<String>,
            sender: super::Contact,
            receiver: super::Contact,
            cargo: super::Cargo,
            shop: super::Shop,
            insured: super::Insured,
            service: super::Service,
        ) -> Self {
            Self {
                add_source: super::AddSource::MiniProgram,
                wx_appid: None,
                order_id: order_id.into(),
                openid: Some(openid.into()),
                delivery_id: delivery_id.into(),
                biz_id: biz_id.into(),
                custom_remark: None,
                tagid: None,
                sender,
                receiver,
                cargo,
                shop,
                insured,
                service,
                expect_time: None,
            }
        }

        /// Makes it an order of the App or H5 page `wx_appid` (no openid, no notice).
        pub fn from_app(mut self, wx_appid: impl Into<String>) -> Self {
            self.add_source = super::AddSource::AppOrH5;
            self.wx_appid = Some(wx_appid.into());
            self.openid = None;
            self
        }
    }
}

fn check_add(req: &add_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::add_order";
    bytes(NAME, "order_id", &req.order_id, 1, 512)?;
    match req.add_source {
        AddSource::MiniProgram => {
            if req.openid.as_deref().is_none_or(str::is_empty) {
                return Err(ValidationError::new(
                    NAME,
                    "openid",
                    "missing; required unless add_source is 2 (App/H5)",
                ));
            }
        }
        AddSource::AppOrH5 => {
            if req.wx_appid.as_deref().is_none_or(str::is_empty) {
                return Err(ValidationError::new(
                    NAME,
                    "wx_appid",
                    "missing; required when add_source is 2 (App/H5)",
                ));
            }
        }
    }
    required(NAME, "delivery_id", &req.delivery_id)?;
    required(NAME, "biz_id", &req.biz_id)?;
    opt_bytes(NAME, "custom_remark", req.custom_remark.as_ref(), 1024)?;
    check_contact(NAME, &req.sender, &SENDER)?;
    check_contact(NAME, &req.receiver, &RECEIVER)?;
    for (field, m) in [
        ("cargo.weight", req.cargo.weight),
        ("cargo.space_x", req.cargo.space_x),
        ("cargo.space_y", req.cargo.space_y),
        ("cargo.space_z", req.cargo.space_z),
    ] {
        if !m.0.is_finite() || m.0 < 0.0 {
            return Err(ValidationError::new(
                NAME,
                field,
                format!("{} is not a measure (a finite number ≥ 0)", m.0),
            ));
        }
    }
    if req.cargo.detail_list.is_empty() {
        return Err(ValidationError::new(
            NAME,
            "cargo.detail_list",
            "empty; at least one article is required",
        ));
    }
    for item in &req.cargo.detail_list {
        bytes(NAME, "cargo.detail_list.name", &item.name, 1, 128)?;
    }
    required(NAME, "shop.wxa_path", &req.shop.wxa_path)?;
    if req.shop.detail_list.is_empty() {
        if req.shop.img_url.as_deref().is_none_or(str::is_empty) {
            return Err(ValidationError::new(
                NAME,
                "shop.img_url",
                "missing; required when shop.detail_list is empty",
            ));
        }
        match &req.shop.goods_name {
            Some(n) => bytes(NAME, "shop.goods_name", n, 1, 128)?,
            None => {
                return Err(ValidationError::new(
                    NAME,
                    "shop.goods_name",
                    "missing; required when shop.detail_list is empty",
                ))
            }
        }
        if req.shop.goods_count.is_none() {
            return Err(ValidationError::new(
                NAME,
                "shop.goods_count",
                "missing; required when shop.detail_list is empty",
            ));
        }
    }
    for goods in &req.shop.detail_list {
        bytes(
            NAME,
            "shop.detail_list.goods_name",
            &goods.goods_name,
            1,
            128,
        )?;
    }
    Ok(())
}

/// Read a waybill and its printable HTML (`getOrder`).
#[wx_endpoint(POST "/cgi-bin/express/business/order/get", app = wxa, validate = super::check_get,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_getorder.html")]
pub mod get_order {
    pub struct Request {
        /// Order id.
        pub order_id: String,
        /// The user's openid (not needed for App/H5 orders).
        pub openid: Option<String>,
        /// Courier id; must match the waybill.
        pub delivery_id: String,
        /// Waybill id.
        pub waybill_id: Option<String>,
        /// Layout of the printed waybill (two-part by default).
        pub print_type: Option<super::PrintType>,
        /// Remark printed on the waybill.
        pub custom_remark: Option<String>,
    }
    pub struct Response {
        /// The waybill's HTML, BASE64-encoded.
        #[wx(default)]
        pub print_html: String,
        /// Key/values for rendering the waybill.
        #[wx(default)]
        pub waybill_data: Vec<super::WaybillField>,
        /// Courier id.
        #[wx(default)]
        pub delivery_id: String,
        /// Order id.
        #[wx(default)]
        pub order_id: String,
        /// Waybill id.
        #[wx(default)]
        pub waybill_id: String,
        /// Normal or cancelled.
        #[wx(default)]
        pub order_status: super::OrderStatus,
    }
}

fn check_get(req: &get_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::get_order";
    required(NAME, "order_id", &req.order_id)?;
    required(NAME, "delivery_id", &req.delivery_id)
}

/// Read up to 100 waybills at once (`batchGetOrder`).
#[wx_endpoint(POST "/cgi-bin/express/business/order/batchget", app = wxa, validate = super::check_batch,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_batchgetorder.html")]
pub mod batch_get_orders {
    pub struct Request {
        /// The waybills, 1..=100.
        pub order_list: Vec<super::OrderKey>,
    }
    pub struct Response {
        /// Each waybill, with its own `errcode`.
        #[wx(default)]
        pub order_list: Vec<super::Waybill>,
    }
}

fn check_batch(req: &batch_get_orders::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::batch_get_orders";
    let n = req.order_list.len();
    if n == 0 || n > MAX_BATCH_ORDERS {
        return Err(ValidationError::new(
            NAME,
            "order_list",
            format!("{n} orders, outside 1..={MAX_BATCH_ORDERS}"),
        ));
    }
    for key in &req.order_list {
        required(NAME, "order_list.order_id", &key.order_id)?;
        required(NAME, "order_list.delivery_id", &key.delivery_id)?;
    }
    Ok(())
}

/// Cancel a waybill (`cancelOrder`); one that already has a trace cannot be (9300506).
#[wx_endpoint(POST "/cgi-bin/express/business/order/cancel", app = wxa, validate = super::check_cancel,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_cancelorder.html")]
pub mod cancel_order {
    pub struct Request {
        /// Order id.
        pub order_id: String,
        /// The user's openid (not needed for App/H5 orders).
        pub openid: Option<String>,
        /// Courier id.
        pub delivery_id: String,
        /// Waybill id.
        pub waybill_id: String,
    }
    pub struct Response {
        /// The courier's own error code.
        pub delivery_resultcode: Option<i64>,
        /// The courier's own error message.
        pub delivery_resultmsg: Option<String>,
    }
}

fn check_cancel(req: &cancel_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::cancel_order";
    required(NAME, "order_id", &req.order_id)?;
    required(NAME, "delivery_id", &req.delivery_id)?;
    required(NAME, "waybill_id", &req.waybill_id)
}

/// A waybill's trace (`getPath`).
#[wx_endpoint(POST "/cgi-bin/express/business/path/get", app = wxa, validate = super::check_path,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_getpath.html")]
pub mod get_path {
    pub struct Request {
        /// Order id (the page's example sends it; its field table does not list it).
        pub order_id: Option<String>,
        /// The user's openid (not needed for App/H5 orders).
        pub openid: Option<String>,
        /// Courier id.
        pub delivery_id: String,
        /// Waybill id.
        pub waybill_id: String,
    }
    pub struct Response {
        /// The user's openid.
        #[wx(default)]
        pub openid: String,
        /// Courier id.
        #[wx(default)]
        pub delivery_id: String,
        /// Waybill id.
        #[wx(default)]
        pub waybill_id: String,
        /// Number of trace nodes.
        #[wx(default)]
        pub path_item_num: i64,
        /// The trace nodes, oldest first.
        #[wx(default)]
        pub path_item_list: Vec<super::PathItem>,
    }
}

fn check_path(req: &get_path::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::get_path";
    required(NAME, "delivery_id", &req.delivery_id)?;
    required(NAME, "waybill_id", &req.waybill_id)
}

/// The electronic-waybill quota left on a courier account (`getQuota`).
#[wx_endpoint(POST "/cgi-bin/express/business/quota/get", app = wxa, validate = super::check_quota,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_getquota.html")]
pub mod get_quota {
    pub struct Request {
        /// Courier id.
        pub delivery_id: String,
        /// Courier customer code.
        pub biz_id: String,
    }
    pub struct Response {
        /// Waybills left.
        #[wx(default)]
        pub quota_num: i64,
    }
}

fn check_quota(req: &get_quota::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::get_quota";
    required(NAME, "delivery_id", &req.delivery_id)?;
    required(NAME, "biz_id", &req.biz_id)
}

/// The fixed `biz_id` of the test courier.
pub const TEST_BIZ_ID: &str = "test_biz_id";
/// The fixed `delivery_id` of the test courier.
pub const TEST_DELIVERY_ID: &str = "TEST";

/// While testing: push a trace node onto an order of the test courier (`testUpdateOrder`);
/// `biz_id` is always [`TEST_BIZ_ID`] and `delivery_id` [`TEST_DELIVERY_ID`].
#[wx_endpoint(POST "/cgi-bin/express/business/test_update_order", app = wxa, new = false, validate = super::check_test_update,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/express/express-by-business/api_testupdateorder.html")]
pub mod update_test_order {
    pub struct Request {
        /// Always `test_biz_id`.
        pub biz_id: String,
        /// Order id.
        pub order_id: String,
        /// Always `TEST`.
        pub delivery_id: String,
        /// Waybill id.
        pub waybill_id: String,
        /// When (Unix seconds).
        pub action_time: i64,
        /// The new node's type.
        pub action_type: super::ActionType,
        /// Its details.
        pub action_msg: String,
    }
    pub struct Response {}

    impl Request {
        /// Pushes `action_type` at `action_time` onto the test order `order_id`/`waybill_id`.
        pub fn new(
            order_id: impl Into<String>,
            waybill_id: impl Into<String>,
            action_time: i64,
            action_type: super::ActionType,
            action_msg: impl Into<String>,
        ) -> Self {
            Self {
                biz_id: super::TEST_BIZ_ID.to_owned(),
                order_id: order_id.into(),
                delivery_id: super::TEST_DELIVERY_ID.to_owned(),
                waybill_id: waybill_id.into(),
                action_time,
                action_type,
                action_msg: action_msg.into(),
            }
        }
    }
}

fn check_test_update(req: &update_test_order::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::express::update_test_order";
    if req.biz_id != TEST_BIZ_ID {
        return Err(ValidationError::new(
            NAME,
            "biz_id",
            "not `test_biz_id`; only the test courier's orders can be updated",
        ));
    }
    if req.delivery_id != TEST_DELIVERY_ID {
        return Err(ValidationError::new(
            NAME,
            "delivery_id",
            "not `TEST`; only the test courier's orders can be updated",
        ));
    }
    required(NAME, "order_id", &req.order_id)?;
    required(NAME, "waybill_id", &req.waybill_id)?;
    if let ActionType::Other(n) = req.action_type {
        return Err(ValidationError::new(
            NAME,
            "action_type",
            format!("{n} is not a documented trace node type"),
        ));
    }
    Ok(())
}
