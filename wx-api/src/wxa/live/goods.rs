//! The live goods library (商品管理): add and submit for review, withdraw and resubmit the
//! review, update, delete, review status, lists by status, and the global goods key of the
//! live pendant. Only goods added through the API can be managed here (300011 otherwise);
//! keep the goods id and the audit id [`add`] returns. Limits: see the [module
//! table](super).

use super::{
    check_prices, check_width, documented, in_range, not_empty, AuditStatus, PriceType,
    GOODS_NAME_UNITS,
};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most goods ids [`get`] takes at once.
pub const MAX_STATUS_IDS: usize = 20;

/// Goods to add (`goodsInfo` of [`add`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewGoods {
    /// Cover image: a media id (at most 300×300 pixels).
    #[serde(rename = "coverImgUrl")]
    pub cover_img_url: String,
    /// Name, at most 14 Chinese characters (a Chinese character counts 2 of 28 units).
    pub name: String,
    /// How the prices read.
    #[serde(rename = "priceType")]
    pub price_type: Option<PriceType>,
    /// Price in yuan, at most two decimals (a range's left bound, a discount's original).
    pub price: f64,
    /// Second price in yuan (a range's right bound, a discount's current price); only with
    /// price types 2 and 3.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub price2: Option<f64>,
    /// The goods page's Mini Program path (parameters URL-encoded).
    pub url: String,
    /// The third-party Mini Program selling the goods (absent for this one).
    #[serde(
        rename = "thirdPartyAppid",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub third_party_appid: Option<String>,
}

impl NewGoods {
    /// Goods `name` at one `price` (yuan), shown from `cover_img_url` (a media id), opening
    /// `url`.
    pub fn fixed(
        name: impl Into<String>,
        price: f64,
        cover_img_url: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        Self {
            cover_img_url: cover_img_url.into(),
            name: name.into(),
            price_type: Some(PriceType::Fixed),
            price,
            price2: None,
            url: url.into(),
            third_party_appid: None,
        }
    }

    /// The same goods priced from `low` to `high` (price type 2).
    pub fn range(mut self, low: f64, high: f64) -> Self {
        self.price_type = Some(PriceType::Range);
        self.price = low;
        self.price2 = Some(high);
        self
    }

    /// The same goods at `now`, down from `original` (price type 3).
    pub fn discount(mut self, original: f64, now: f64) -> Self {
        self.price_type = Some(PriceType::Discount);
        self.price = original;
        self.price2 = Some(now);
        self
    }
}

/// Add goods to the library and submit them for review (`addGoods`); 500 a day, shared with
/// [`submit_audit`].
#[wx_endpoint(POST "/wxaapi/broadcast/goods/add", app = wxa, validate = super::check_add,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_addgoods")]
pub mod add {
    pub struct Request {
        /// The goods.
        #[wx(rename = "goodsInfo")]
        pub goods_info: super::NewGoods,
    }
    pub struct Response {
        /// The goods id (keep it).
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
        /// The review's id (keep it).
        #[wx(rename = "auditId")]
        pub audit_id: i64,
    }
}

fn check_add(r: &add::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::goods::add";
    let g = &r.goods_info;
    not_empty(NAME, "goodsInfo.coverImgUrl", &g.cover_img_url)?;
    check_width(NAME, "goodsInfo.name", &g.name, GOODS_NAME_UNITS)?;
    not_empty(NAME, "goodsInfo.url", &g.url)?;
    let Some(pt) = g.price_type else {
        return Err(ValidationError::new(
            NAME,
            "goodsInfo.priceType",
            "missing; 1, 2 or 3",
        ));
    };
    check_prices(NAME, pt, g.price, g.price2).map_err(|e| prefix(e, "goodsInfo."))
}

/// Prefixes the field of a shared check with the object holding it (`price` →
/// `goodsInfo.price`).
fn prefix(e: ValidationError, object: &'static str) -> ValidationError {
    let field = match (object, e.field) {
        ("goodsInfo.", "priceType") => "goodsInfo.priceType",
        ("goodsInfo.", "price") => "goodsInfo.price",
        ("goodsInfo.", "price2") => "goodsInfo.price2",
        (_, other) => other,
    };
    ValidationError::new(e.endpoint, field, e.message)
}

/// Resubmit withdrawn goods for review (`resubmitAudit`).
#[wx_endpoint(POST "/wxaapi/broadcast/goods/audit", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_resubmitaudit")]
pub mod submit_audit {
    pub struct Request {
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
    }
    pub struct Response {
        /// The new review's id.
        #[wx(rename = "auditId")]
        pub audit_id: i64,
    }
}

/// Withdraw a review (`resetAudit`); the review count used is not returned.
#[wx_endpoint(POST "/wxaapi/broadcast/goods/resetaudit", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_resetaudit")]
pub mod reset_audit {
    pub struct Request {
        /// The review's id.
        #[wx(rename = "auditId")]
        pub audit_id: i64,
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
    }
    pub struct Response {}
}

/// Delete goods from the library (`deleteGoods`); rooms lose them too, for good.
#[wx_endpoint(POST "/wxaapi/broadcast/goods/delete", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_deletegoods")]
pub mod delete {
    pub struct Request {
        /// The goods id.
        #[wx(rename = "goodsId")]
        pub goods_id: i64,
    }
    pub struct Response {}
}

/// What to change in goods (`goodsInfo` of [`update`]): approved goods take only the price
/// type and prices, goods under review nothing, goods not submitted anything. Absent fields
/// keep their value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoodsChange {
    /// The goods id.
    #[serde(rename = "goodsId")]
    pub goods_id: i64,
    /// New cover image (media id).
    #[serde(
        rename = "coverImgUrl",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub cover_img_url: Option<String>,
    /// New name, at most 14 Chinese characters.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    /// New price type (with `price`, and `price2` for types 2 and 3).
    #[serde(rename = "priceType", skip_serializing_if = "Option::is_none", default)]
    pub price_type: Option<PriceType>,
    /// New price, yuan.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub price: Option<f64>,
    /// New second price, yuan.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub price2: Option<f64>,
    /// New Mini Program path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// New third-party Mini Program appid.
    #[serde(
        rename = "thirdPartyAppid",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub third_party_appid: Option<String>,
}

impl GoodsChange {
    /// A change of goods `goods_id` (set the fields to change).
    pub fn new(goods_id: i64) -> Self {
        Self {
            goods_id,
            ..Self::default()
        }
    }
}

/// Update goods (`updateGoods`).
#[wx_endpoint(POST "/wxaapi/broadcast/goods/update", app = wxa, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_updategoods")]
pub mod update {
    pub struct Request {
        /// The change.
        #[wx(rename = "goodsInfo")]
        pub goods_info: super::GoodsChange,
    }
    pub struct Response {}
}

fn check_update(r: &update::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::goods::update";
    let g = &r.goods_info;
    if let Some(name) = &g.name {
        check_width(NAME, "goodsInfo.name", name, GOODS_NAME_UNITS)?;
    }
    if let Some(cover) = &g.cover_img_url {
        not_empty(NAME, "goodsInfo.coverImgUrl", cover)?;
    }
    match (g.price_type, g.price) {
        (Some(pt), Some(price)) => {
            check_prices(NAME, pt, price, g.price2).map_err(|e| prefix(e, "goodsInfo."))
        }
        (Some(_), None) => Err(ValidationError::new(
            NAME,
            "goodsInfo.price",
            "required with priceType",
        )),
        (None, Some(price)) => super::check_price(NAME, "goodsInfo.price", price),
        (None, None) if g.price2.is_some() => Err(ValidationError::new(
            NAME,
            "goodsInfo.price2",
            "only with priceType 2 or 3 and price",
        )),
        (None, None) => Ok(()),
    }
}

/// Goods of the library as [`list`] returns them (`goods[]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LibraryGoods {
    /// Goods id (a number or a string of digits).
    #[serde(rename = "goodsId", deserialize_with = "super::lenient_i64")]
    pub goods_id: i64,
    /// Cover image link.
    #[serde(rename = "coverImgUrl", default)]
    pub cover_img_url: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Price, yuan.
    #[serde(default)]
    pub price: f64,
    /// Second price, yuan.
    #[serde(default)]
    pub price2: f64,
    /// Mini Program path.
    #[serde(default)]
    pub url: String,
    /// How the prices read.
    #[serde(rename = "priceType", default)]
    pub price_type: Option<PriceType>,
    /// 1 or 2: added through the API; otherwise in the console.
    #[serde(rename = "thirdPartyTag", alias = "third_party_tag", default)]
    pub third_party_tag: Option<i64>,
    /// The third-party Mini Program selling it.
    #[serde(rename = "thirdPartyAppid", default)]
    pub third_party_appid: Option<String>,
}

/// Goods of one review status (`getGoodsInfo`).
#[wx_endpoint(GET "/wxaapi/broadcast/goods/getapproved", app = wxa, validate = super::check_list,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_getgoodsinfo")]
pub mod list {
    pub struct Request {
        /// The first goods to return, 0 for the first.
        #[wx(query)]
        pub offset: i64,
        /// Page size, 1..=100 (WeChat's default 30).
        #[wx(query)]
        pub limit: Option<i64>,
        /// The review status to list.
        #[wx(query)]
        pub status: super::AuditStatus,
    }
    pub struct Response {
        /// How many goods have that status.
        #[wx(default)]
        pub total: i64,
        /// The page.
        #[wx(default)]
        pub goods: Vec<super::LibraryGoods>,
    }
}

fn check_list(r: &list::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::goods::list";
    documented(
        NAME,
        "status",
        r.status,
        AuditStatus::is_documented,
        AuditStatus::code,
        "0, 1, 2, 3",
    )?;
    in_range(NAME, "offset", r.offset, 0..=i64::MAX)?;
    if let Some(limit) = r.limit {
        in_range(NAME, "limit", limit, 1..=100)?;
    }
    Ok(())
}

/// Goods with their review status, as [`get`] returns them (`goods[]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoodsStatus {
    /// Goods id (a number or a string of digits).
    #[serde(deserialize_with = "super::lenient_i64")]
    pub goods_id: i64,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Cover image link.
    #[serde(default)]
    pub cover_img_url: String,
    /// Mini Program path.
    #[serde(default)]
    pub url: String,
    /// How the prices read (`priceType` by the table, `price_type` in the example).
    #[serde(rename = "priceType", alias = "price_type", default)]
    pub price_type: Option<PriceType>,
    /// Price, yuan.
    #[serde(default)]
    pub price: f64,
    /// Second price, yuan.
    #[serde(default)]
    pub price2: f64,
    /// Review status.
    #[serde(default)]
    pub audit_status: Option<AuditStatus>,
    /// 1 or 2: added through the API.
    #[serde(default)]
    pub third_party_tag: Option<i64>,
    /// The third-party Mini Program selling it.
    #[serde(rename = "thirdPartyAppid", default)]
    pub third_party_appid: Option<String>,
}

/// Goods' information and review status by id (`getGoodsAuditInfo`), 1..=20 ids.
#[wx_endpoint(POST "/wxa/business/getgoodswarehouse", app = wxa, validate = super::check_get,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/commodity-management/api_getgoodsauditinfo")]
pub mod get {
    pub struct Request {
        /// The goods ids, 1..=20.
        pub goods_ids: Vec<i64>,
    }
    pub struct Response {
        /// The goods.
        #[wx(default)]
        pub goods: Vec<super::GoodsStatus>,
        /// How many.
        #[wx(default)]
        pub total: i64,
    }
}

fn check_get(r: &get::Request) -> Result<(), ValidationError> {
    let n = r.goods_ids.len();
    if n == 0 || n > MAX_STATUS_IDS {
        return Err(ValidationError::new(
            "wxa::live::goods::get",
            "goods_ids",
            format!("{n} ids, outside 1..={MAX_STATUS_IDS}"),
        ));
    }
    Ok(())
}

/// Set the global goods key of the live pendant (`setdefault_goodskey`): goods added without
/// their own `goodsKey` use it. Changing it later breaks the earlier mapping, so set it once.
/// 500 calls a day.
#[wx_endpoint(POST "/wxaapi/broadcast/goods/setkey", app = wxa, validate = super::check_key,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/livebroadcast/studio-management/api_setdefault_goodskey")]
pub mod set_key {
    pub struct Request {
        /// The key names, an array of strings (`["productId", "sid"]`).
        #[wx(rename = "goodsKey")]
        pub goods_key: Vec<String>,
    }
    pub struct Response {}
}

fn check_key(r: &set_key::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::live::goods::set_key";
    if r.goods_key.is_empty() {
        return Err(ValidationError::new(
            NAME,
            "goodsKey",
            "empty; at least one key",
        ));
    }
    for k in &r.goods_key {
        not_empty(NAME, "goodsKey", k)?;
    }
    Ok(())
}
