//! Mini Program user information: the phone number behind a `getPhoneNumber` code, the
//! UnionID after a payment, whether encrypted data came from WeChat, the user's encryption
//! keys, and a plugin user's openpid.
//!
//! Limits checked before sending:
//!
//! | endpoint | field | limit |
//! |---|---|---|
//! | [`get_phone_number`], [`get_plugin_openpid`] | `code` | not empty (one use, 5 minutes) |
//! | [`get_paid_unionid`] | `transaction_id` or `mch_id` + `out_trade_no` | exactly one of the two ways ("二选一") |
//! | [`check_encrypted_data`] | `encrypted_msg_hash` | SHA-256 in hex: 64 hex digits |
//! | [`get_encrypt_key`] | `openid`, `signature` | openid not empty; signature 64 hex digits |
//!
//! Doc-example notes: the phone-number page's field table says `countryCode` is a string,
//! its example answers the number `86`; [`CountryCode`] reads both. The encrypted-data
//! reply spells its flag `vaild` (sic); the field is [`check_encrypted_data::Response::valid`].

use serde::{Deserialize, Deserializer, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

fn non_empty(
    endpoint: &'static str,
    field: &'static str,
    value: &str,
) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            field,
            "empty; the field is required",
        ));
    }
    Ok(())
}

/// A country calling code: the field table says string, the page's example sends a number;
/// both read into the digits as text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CountryCode(pub String);

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Text(String),
            Number(u64),
        }
        Ok(match Either::deserialize(deserializer)? {
            Either::Text(t) => Self(t),
            Either::Number(n) => Self(n.to_string()),
        })
    }
}

/// The watermark of a phone number: when and for which app it was read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Watermark {
    /// When the user shared the number (Unix seconds).
    pub timestamp: i64,
    /// The Mini Program's appid.
    pub appid: String,
}

/// A user's phone number.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PhoneInfo {
    /// The number with its country code for numbers outside China (`phoneNumber`).
    #[serde(rename = "phoneNumber")]
    pub phone_number: String,
    /// The number without country code (`purePhoneNumber`).
    #[serde(rename = "purePhoneNumber")]
    pub pure_phone_number: String,
    /// The country code (`countryCode`).
    #[serde(rename = "countryCode")]
    pub country_code: CountryCode,
    /// The watermark.
    pub watermark: Watermark,
}

/// Exchange the code of a `getPhoneNumber` button for the user's phone number
/// (`getPhoneNumber`). A code works once, for 5 minutes.
#[wx_endpoint(POST "/wxa/business/getuserphonenumber", app = wxa, validate = super::check_phone,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/phone-number/api_getphonenumber.html")]
pub mod get_phone_number {
    pub struct Request {
        /// The code the button's `bindgetphonenumber` event gave the Mini Program.
        pub code: String,
        /// The user's openid: WeChat then checks that the code belongs to this user.
        pub openid: Option<String>,
    }
    pub struct Response {
        /// The phone number.
        pub phone_info: super::PhoneInfo,
    }
}

fn check_phone(req: &get_phone_number::Request) -> Result<(), ValidationError> {
    non_empty("wxa::user::get_phone_number", "code", &req.code)
}

/// A paying user's UnionID without their authorisation (`getPaidUnionid`), within 5 minutes
/// of the payment: by WeChat Pay order number, or by merchant id and merchant order number.
/// Errors: 40003 (openid), 89002 (no Open Platform account bound), 89300 (invalid order).
#[wx_endpoint(GET "/wxa/getpaidunionid", app = wxa, new = false, validate = super::check_paid,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/basic-info/api_getpaidunionid.html")]
pub mod get_paid_unionid {
    pub struct Request {
        /// The paying user's openid.
        #[wx(query)]
        pub openid: String,
        /// The WeChat Pay order number.
        #[wx(query)]
        pub transaction_id: Option<String>,
        /// The merchant id, with `out_trade_no`.
        #[wx(query)]
        pub mch_id: Option<String>,
        /// The merchant's order number, with `mch_id`.
        #[wx(query)]
        pub out_trade_no: Option<String>,
    }
    pub struct Response {
        /// The user's UnionID.
        pub unionid: String,
    }

    impl Request {
        /// By WeChat Pay order number (`transaction_id`).
        pub fn by_transaction(
            openid: impl Into<String>,
            transaction_id: impl Into<String>,
        ) -> Self {
            Self {
                openid: openid.into(),
                transaction_id: Some(transaction_id.into()),
                mch_id: None,
                out_trade_no: None,
            }
        }

        /// By merchant id and the merchant's order number.
        pub fn by_merchant_order(
            openid: impl Into<String>,
            mch_id: impl Into<String>,
            out_trade_no: impl Into<String>,
        ) -> Self {
            Self {
                openid: openid.into(),
                transaction_id: None,
                mch_id: Some(mch_id.into()),
                out_trade_no: Some(out_trade_no.into()),
            }
        }
    }
}

fn check_paid(req: &get_paid_unionid::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::user::get_paid_unionid";
    non_empty(NAME, "openid", &req.openid)?;
    let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    match (
        given(&req.transaction_id),
        given(&req.mch_id),
        given(&req.out_trade_no),
    ) {
        (true, false, false) | (false, true, true) => Ok(()),
        _ => Err(ValidationError::new(
            NAME,
            "transaction_id",
            "give either transaction_id, or mch_id with out_trade_no (one of the two ways)",
        )),
    }
}

/// Length of a SHA-256 in hex.
pub const SHA256_HEX_LEN: usize = 64;

/// Whether encrypted data (today: phone-number data) was produced by WeChat in the last
/// 3 days (`checkEncryptedData`). Errors: 1 (unknown data, older than 3 days, or of
/// another app), 40097 (invalid args).
#[wx_endpoint(POST "/wxa/business/checkencryptedmsg", app = wxa, validate = super::check_hash,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/basic-info/api_checkencrypteddata.html")]
pub mod check_encrypted_data {
    pub struct Request {
        /// SHA-256 of the encrypted data, in hex (64 digits).
        pub encrypted_msg_hash: String,
    }
    pub struct Response {
        /// Whether the data is genuine (WeChat spells the key `vaild`).
        #[wx(rename = "vaild")]
        pub valid: bool,
        /// When the encrypted data was produced (Unix seconds).
        pub create_time: i64,
    }
}

fn check_hash(req: &check_encrypted_data::Request) -> Result<(), ValidationError> {
    let h = &req.encrypted_msg_hash;
    if h.len() != SHA256_HEX_LEN || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ValidationError::new(
            "wxa::user::check_encrypted_data",
            "encrypted_msg_hash",
            format!(
                "{} characters; a SHA-256 in hex is {SHA256_HEX_LEN} hex digits",
                h.len()
            ),
        ));
    }
    Ok(())
}

/// One of a user's encryption keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptKey {
    /// The key (base64).
    pub encrypt_key: wx_core::Secret,
    /// The IV.
    pub iv: String,
    /// The key's version: compare with the one the Mini Program used.
    pub version: i64,
    /// Seconds left before the key expires (0: expired).
    pub expire_in: i64,
    /// When the key was made (Unix seconds).
    pub create_time: i64,
}

/// The user's last 3 encryption keys of the encrypted network channel
/// (`getUserEncryptKey`); each lives 3600 s. Signed like `wxa::login::check_session`.
#[wx_endpoint(GET "/wxa/business/getuserencryptkey", app = wxa, validate = super::check_encrypt_key,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/internet/api_getuserencryptkey.html")]
pub mod get_encrypt_key {
    pub struct Request {
        /// The user's openid.
        #[wx(query)]
        pub openid: String,
        /// The login-state signature (`wxa::login::session_signature` of an empty message).
        #[wx(query)]
        pub signature: String,
        /// Always `hmac_sha256`.
        #[wx(query, default)]
        pub sig_method: crate::wxa::login::SigMethod,
    }
    pub struct Response {
        /// The keys, newest first.
        #[wx(default)]
        pub key_info_list: Vec<super::EncryptKey>,
    }

    impl Request {
        /// The request for `openid`, signed with the session key the server holds.
        pub fn for_session(openid: impl Into<String>, session_key: &::wx_core::Secret) -> Self {
            Self::new(
                openid,
                crate::wxa::login::session_signature(session_key, b""),
            )
        }
    }
}

fn check_encrypt_key(req: &get_encrypt_key::Request) -> Result<(), ValidationError> {
    crate::wxa::login::check_signed("wxa::user::get_encrypt_key", &req.openid, &req.signature)
}

/// Exchange the code of `wx.pluginLogin()` for the plugin user's openpid
/// (`getPluginOpenPId`). A code works once, for 5 minutes; 1007 when it is unknown.
#[wx_endpoint(POST "/wxa/getpluginopenpid", app = wxa, validate = super::check_plugin,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/basic-info/api_getpluginopenpid.html")]
pub mod get_plugin_openpid {
    pub struct Request {
        /// The code `wx.pluginLogin()` gave the plugin.
        pub code: String,
    }
    pub struct Response {
        /// The plugin user's id: one per user, host Mini Program and plugin.
        pub openpid: String,
    }
}

fn check_plugin(req: &get_plugin_openpid::Request) -> Result<(), ValidationError> {
    non_empty("wxa::user::get_plugin_openpid", "code", &req.code)
}
