//! Customer-service sub-merchants (客服子商户): a Mini Program of the 电商平台 (e-commerce
//! platform) category creates one per merchant of its platform; the customer-service
//! component then opens a separate conversation per sub-merchant. Created with
//! [`register`], read with [`get`] and [`list`], changed with [`update`]; there is no
//! delete.
//!
//! Limits, checked before sending:
//!
//! | endpoint | field | limit | WeChat's errcode |
//! |---|---|---|---|
//! | [`register`] | `account_name` | 6..=30 characters, ASCII letters, digits or `_`, case-sensitive; one sub-merchant per name | 45070 when taken |
//! | [`register`], [`update`] | `nickname` | 4..=30 in width (a Chinese character counts 2, others 1), letters (Chinese or English) and digits only ([`nickname_width`]) | 45078 |
//! | [`get`] | `business_id`, `account_name` | exactly one of the two | — |
//! | [`list`] | `count` | 1..=200 ([`MAX_LIST_COUNT`]) | — |
//! | [`update`] | `business_id` | not empty | 45071 when unknown |
//!
//! `icon_media_id` is a temporary image media id (`oa::media::upload`); 40004 when the
//! media is not an image, 40007 when the id is not valid. In [`update`] an empty or absent
//! `nickname` or `icon_media_id` leaves that value unchanged. 45077: too many sub-merchants.
//!
//! The field tables type `business_id` as a string while the pages' examples show a number
//! (`"business_id": 1`): requests send the string the tables ask for, and replies accept
//! both ([`BusinessId`]).

use serde::{Deserialize, Deserializer, Serialize};
use std::ops::RangeInclusive;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The documented length of `account_name`, in characters.
pub const ACCOUNT_NAME_CHARS: RangeInclusive<usize> = 6..=30;

/// The documented width of `nickname` ([`nickname_width`]).
pub const NICKNAME_WIDTH: RangeInclusive<usize> = 4..=30;

/// At most this many sub-merchants per [`list`] call.
pub const MAX_LIST_COUNT: u32 = 200;

/// A nickname's width as WeChat counts it: a CJK character counts 2, anything else 1.
pub fn nickname_width(nickname: &str) -> usize {
    nickname
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum()
}

/// A sub-merchant's id as a reply carries it: the field tables say string, the examples
/// show a number; both read as the same text (`1` and `"1"` are `BusinessId("1")`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
pub struct BusinessId(pub String);

impl<'de> Deserialize<'de> for BusinessId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(u64),
            Text(String),
        }
        Ok(match Either::deserialize(d)? {
            Either::Number(n) => Self(n.to_string()),
            Either::Text(t) => Self(t),
        })
    }
}

impl std::fmt::Display for BusinessId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One sub-merchant as [`get`] and [`list`] return it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BusinessInfo {
    /// The sub-merchant's id.
    pub business_id: BusinessId,
    /// The account name given at creation.
    #[serde(default)]
    pub account_name: String,
    /// The nickname shown in the conversation.
    #[serde(default)]
    pub nickname: String,
    /// The avatar's media id (the field tables' name).
    #[serde(default)]
    pub icon_media_id: Option<String>,
    /// The avatar's URL (the name the pages' reply examples show instead).
    #[serde(default)]
    pub icon_url: Option<String>,
}

fn check_nickname(endpoint: &'static str, nickname: &str) -> Result<(), ValidationError> {
    let width = nickname_width(nickname);
    if !NICKNAME_WIDTH.contains(&width) {
        return Err(ValidationError::new(
            endpoint,
            "nickname",
            format!(
                "width {width} (a Chinese character counts 2), outside {}..={}",
                NICKNAME_WIDTH.start(),
                NICKNAME_WIDTH.end()
            ),
        ));
    }
    if !nickname.chars().all(char::is_alphanumeric) {
        return Err(ValidationError::new(
            endpoint,
            "nickname",
            "only Chinese or English letters and digits (WeChat answers 45078)",
        ));
    }
    Ok(())
}

/// Create a sub-merchant (`registerbusiness`); only for Mini Programs of the e-commerce
/// platform category.
#[wx_endpoint(POST "/cgi-bin/business/register", app = wxa, validate = super::check_register,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-management/api_registerbusiness")]
pub mod register {
    pub struct Request {
        /// The account name: 6..=30 ASCII letters, digits or `_`, case-sensitive; each name
        /// creates one sub-merchant only.
        pub account_name: String,
        /// The nickname shown in the conversation: width 4..=30 (Chinese counts 2),
        /// letters and digits only.
        pub nickname: String,
        /// The avatar: a temporary image media id.
        pub icon_media_id: String,
        /// Whether messages are forwarded to the Mini Program's general customer service;
        /// when `true`, the customer-service management calls take this `business_id`.
        pub transfer_to_commkf: Option<bool>,
    }
    pub struct Response {
        /// The new sub-merchant's id.
        pub business_id: super::BusinessId,
    }
}

fn check_register(req: &register::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::customer::business::register";
    let n = req.account_name.chars().count();
    if !ACCOUNT_NAME_CHARS.contains(&n) {
        return Err(ValidationError::new(
            NAME,
            "account_name",
            format!(
                "{n} characters, outside {}..={}",
                ACCOUNT_NAME_CHARS.start(),
                ACCOUNT_NAME_CHARS.end()
            ),
        ));
    }
    if !req
        .account_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(ValidationError::new(
            NAME,
            "account_name",
            "only ASCII letters, digits and `_`",
        ));
    }
    check_nickname(NAME, &req.nickname)
}

/// Read one sub-merchant (`getbusiness`), by id or by account name.
#[wx_endpoint(POST "/cgi-bin/business/get", app = wxa, new = false, validate = super::check_get,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-management/api_getbusiness")]
pub mod get {
    pub struct Request {
        /// The id [`super::register`] returned (this or `account_name`).
        pub business_id: Option<String>,
        /// The account name given at creation (this or `business_id`).
        pub account_name: Option<String>,
    }
    pub struct Response {
        /// The sub-merchant (45071 when it does not exist).
        pub business_info: super::BusinessInfo,
    }

    impl Request {
        /// The sub-merchant with this id.
        pub fn by_id(business_id: impl Into<String>) -> Self {
            Self {
                business_id: Some(business_id.into()),
                account_name: None,
            }
        }

        /// The sub-merchant created with this account name.
        pub fn by_account_name(account_name: impl Into<String>) -> Self {
            Self {
                business_id: None,
                account_name: Some(account_name.into()),
            }
        }
    }
}

fn check_get(req: &get::Request) -> Result<(), ValidationError> {
    match (&req.business_id, &req.account_name) {
        (Some(id), None) if !id.is_empty() => Ok(()),
        (None, Some(name)) if !name.is_empty() => Ok(()),
        _ => Err(ValidationError::new(
            "wxa::customer::business::get",
            "business_id",
            "exactly one of business_id and account_name, not empty",
        )),
    }
}

/// Read the sub-merchants a page at a time (`listbusiness`); a page shorter than `count`
/// is the last.
#[wx_endpoint(POST "/cgi-bin/business/list", app = wxa, validate = super::check_list,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-management/api_listbusiness")]
pub mod list {
    pub struct Request {
        /// Where the page starts, from 0.
        pub offset: u32,
        /// How many sub-merchants, 1..=200.
        pub count: u32,
    }
    pub struct Response {
        /// The page's sub-merchants.
        #[wx(default)]
        pub list: Vec<super::BusinessInfo>,
    }
}

fn check_list(req: &list::Request) -> Result<(), ValidationError> {
    if req.count == 0 || req.count > MAX_LIST_COUNT {
        return Err(ValidationError::new(
            "wxa::customer::business::list",
            "count",
            format!("{}, outside 1..={MAX_LIST_COUNT}", req.count),
        ));
    }
    Ok(())
}

/// Change a sub-merchant's nickname or avatar (`updatebusiness`); an empty or absent value
/// is left unchanged.
#[wx_endpoint(POST "/cgi-bin/business/update", app = wxa, validate = super::check_update,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-management/api_updatebusiness")]
pub mod update {
    pub struct Request {
        /// The id [`super::register`] returned.
        pub business_id: String,
        /// The new nickname (width 4..=30, Chinese counts 2; letters and digits); empty
        /// or absent: unchanged.
        pub nickname: Option<String>,
        /// The new avatar, a temporary image media id; empty or absent: unchanged.
        pub icon_media_id: Option<String>,
    }
    pub struct Response {}
}

fn check_update(req: &update::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::customer::business::update";
    if req.business_id.is_empty() {
        return Err(ValidationError::new(
            NAME,
            "business_id",
            "empty; the id register returned is required",
        ));
    }
    match req.nickname.as_deref() {
        Some(nickname) if !nickname.is_empty() => check_nickname(NAME, nickname),
        _ => Ok(()),
    }
}
