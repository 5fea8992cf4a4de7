//! Service cards (服务卡片, the "new one-time subscribe messages"): a card the user
//! activated in the Mini Program (or a WeChat Pay order) that the server then keeps up to
//! date. [`set`] activates and updates a card's state, [`set_ext`] its extra information,
//! [`get`] reads the state back.
//!
//! A card is named by `notify_type` (the card's id, listed in the service-card guide,
//! e.g. 1001), the user's `openid` and `notify_code`, the update token: one obtained in the
//! front end, or a WeChat Pay transaction id (then [`set`] needs `check_json`, the payment's
//! amount and time, on activation; a fresh transaction id may take a minute to be known).
//! `content_json` and `ext_json` are JSON objects sent as strings; their fields depend on
//! the card.
//!
//! Checked before sending: `openid` and `notify_code` not empty; `content_json`,
//! `ext_json` and `check_json` parse as JSON objects; `check_json` carries `pay_amount`
//! (fen) and `pay_time` (Unix seconds) as unsigned 32-bit integers and optionally
//! `pay_channel` (0 WeChat Pay, 1001 WeChat Pay Score) — [`PayCheck`] builds it.
//! WeChat's errcodes: 40003 invalid openid, 85434 invalid notify_type, 85437 invalid
//! notify_code, 85438 notify_code expired, 85431 system busy.

use serde::{Deserialize, Deserializer, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// The payment check of a card activated with a WeChat Pay transaction id (`check_json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayCheck {
    /// The amount paid or ordered, in fen.
    pub pay_amount: u32,
    /// When it was paid (Unix seconds).
    pub pay_time: u32,
    /// 0: WeChat Pay; 1001: WeChat Pay Score (支付分).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_channel: Option<u32>,
}

impl PayCheck {
    /// `check_json` as WeChat wants it: the JSON object as a string.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The state of a card's `notify_code` (`code_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    /// `0`: normal.
    Normal,
    /// `1`: at risk.
    Risky,
    /// `2`: abnormal.
    Abnormal,
    /// `10`: the user refused this code.
    Refused,
    /// A value the documentation does not list, kept as received.
    Other(i64),
}

impl CodeState {
    /// The number on the wire.
    pub fn code(self) -> i64 {
        match self {
            Self::Normal => 0,
            Self::Risky => 1,
            Self::Abnormal => 2,
            Self::Refused => 10,
            Self::Other(n) => n,
        }
    }
}

impl Serialize for CodeState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for CodeState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match i64::deserialize(d)? {
            0 => Self::Normal,
            1 => Self::Risky,
            2 => Self::Abnormal,
            10 => Self::Refused,
            n => Self::Other(n),
        })
    }
}

/// A card's state as [`get`] returns it (`notify_info`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyInfo {
    /// The card's id.
    pub notify_type: i64,
    /// The last state pushed (a JSON object as a string); empty when none was.
    #[serde(default)]
    pub content_json: String,
    /// The state of the code.
    pub code_state: CodeState,
    /// When the code expires (Unix seconds).
    #[serde(default)]
    pub code_expire_time: i64,
}

fn check_ids(
    endpoint: &'static str,
    openid: &str,
    notify_code: &str,
) -> Result<(), ValidationError> {
    if openid.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "openid",
            "empty; the user's openid is required (WeChat answers 40003)",
        ));
    }
    if notify_code.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "notify_code",
            "empty; the card's update token is required (WeChat answers 85437)",
        ));
    }
    Ok(())
}

fn json_object(
    endpoint: &'static str,
    field: &'static str,
    text: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, ValidationError> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(ValidationError::new(
            endpoint,
            field,
            "not a JSON object (the card's fields, as a string)",
        )),
    }
}

/// Activate a service card or update its state (`setUserNotify`).
#[wx_endpoint(POST "/wxa/set_user_notify", app = wxa, validate = super::check_set,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_setusernotify")]
pub mod set {
    pub struct Request {
        /// The user's openid (the payer, when `notify_code` is a transaction id).
        pub openid: String,
        /// The card's id.
        pub notify_type: u32,
        /// The update token (from the front end, or a WeChat Pay transaction id).
        pub notify_code: String,
        /// The card's state and its fields: a JSON object as a string.
        pub content_json: String,
        /// The payment check ([`super::PayCheck::to_json`]), needed on activation when
        /// `notify_code` is a WeChat Pay transaction id.
        pub check_json: Option<String>,
    }
    pub struct Response {}
}

fn check_set(req: &set::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::subscribe::notify::set";
    check_ids(NAME, &req.openid, &req.notify_code)?;
    json_object(NAME, "content_json", &req.content_json)?;
    if let Some(check) = &req.check_json {
        let map = json_object(NAME, "check_json", check)?;
        for (key, required) in [
            ("pay_amount", true),
            ("pay_time", true),
            ("pay_channel", false),
        ] {
            match map.get(key) {
                None if !required => {}
                Some(v) if v.as_u64().is_some_and(|n| u32::try_from(n).is_ok()) => {}
                _ => {
                    return Err(ValidationError::new(
                        NAME,
                        "check_json",
                        format!("`{key}` must be an unsigned 32-bit integer (pay_amount and pay_time are required)"),
                    ))
                }
            }
        }
    }
    Ok(())
}

/// Update a service card's extra information (`setUserNotifyExt`).
#[wx_endpoint(POST "/wxa/set_user_notifyext", app = wxa, validate = super::check_set_ext,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_setusernotifyext")]
pub mod set_ext {
    pub struct Request {
        /// The user's openid.
        pub openid: String,
        /// The card's id.
        pub notify_type: u32,
        /// The update token.
        pub notify_code: String,
        /// The extra information: a JSON object as a string, fields by card.
        pub ext_json: String,
    }
    pub struct Response {}
}

fn check_set_ext(req: &set_ext::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::subscribe::notify::set_ext";
    check_ids(NAME, &req.openid, &req.notify_code)?;
    json_object(NAME, "ext_json", &req.ext_json).map(drop)
}

/// A service card's state (`getUserNotify`).
#[wx_endpoint(POST "/wxa/get_user_notify", app = wxa, validate = super::check_get,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_getusernotify")]
pub mod get {
    pub struct Request {
        /// The user's openid.
        pub openid: String,
        /// The update token.
        pub notify_code: String,
        /// The card's id.
        pub notify_type: u32,
    }
    pub struct Response {
        /// The card's state.
        pub notify_info: super::NotifyInfo,
    }
}

fn check_get(req: &get::Request) -> Result<(), ValidationError> {
    check_ids("wxa::subscribe::notify::get", &req.openid, &req.notify_code)
}
