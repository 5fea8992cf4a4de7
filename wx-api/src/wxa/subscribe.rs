//! Subscribe messages (订阅消息): one send per subscription the user granted (43101 when
//! none is left). Values follow rules by keyword type, checked before sending.
//!
//! A keyword's key is its type followed by a number (`thing1`, `time2`). The documented
//! rules by type:
//!
//! | type | value |
//! |---|---|
//! | `thing` | at most 20 characters, any |
//! | `number` | at most 32 digits, a decimal point allowed |
//! | `letter` | at most 32 letters |
//! | `symbol` | at most 5 symbols |
//! | `character_string` | at most 32 digits, letters and symbols |
//! | `time` | a 24-hour time, optionally with a date; a range joined with `~` |
//! | `date` | a date, optionally with a time; a range joined with `~` |
//! | `amount` | one currency sign and at most 10 digits, decimals allowed; may end with 元 |
//! | `phone_number` | at most 17 digits and symbols |
//! | `car_number` | at most 8 characters; the first and last may be Chinese, the rest letters and digits |
//! | `name` | at most 10 Chinese characters or 20 letters and symbols (mixed counts as Chinese) |
//! | `phrase` | at most 5 Chinese characters only |
//! | `enum` | one of the template's enumerated values |
//!
//! Checked before sending: the lengths of [`max_chars`] (`name` against the permissive 20),
//! digits for `number` and ASCII letters for `letter`; the rest is left to WeChat, which
//! answers 47003 naming the field (`argument invalid! data.phrase16.value invalid`).
//! Other codes: 40003 (bad `touser`), 40037 (bad `template_id`), 43101 (the user refused,
//! or the one-time subscription was already used), 41030 (`page` not in the released
//! mini program).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// One keyword's value: its length and characters follow the keyword type ([`max_chars`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// The keyword's text.
    pub value: String,
}

impl<S: Into<String>> From<S> for Value {
    fn from(value: S) -> Self {
        Value {
            value: value.into(),
        }
    }
}

/// Which version of the mini program a tap opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MiniProgramState {
    /// `developer`: the development version.
    Developer,
    /// `trial`: the trial version.
    Trial,
    /// `formal`: the published version (the default).
    Formal,
}

/// Language of the message; `zh_CN` when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// `zh_CN`: simplified Chinese.
    #[serde(rename = "zh_CN")]
    ZhCn,
    /// `en_US`: English.
    #[serde(rename = "en_US")]
    EnUs,
    /// `zh_HK`: traditional Chinese (Hong Kong).
    #[serde(rename = "zh_HK")]
    ZhHk,
    /// `zh_TW`: traditional Chinese (Taiwan).
    #[serde(rename = "zh_TW")]
    ZhTw,
}

/// Send a subscribe message.
#[wx_endpoint(POST "/cgi-bin/message/subscribe/send", app = wxa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html")]
pub mod send {
    pub struct Request {
        /// The user's openid (40003 when wrong).
        pub touser: String,
        /// The template's id (40037 when wrong).
        pub template_id: String,
        /// Page opened on tap, may carry `?query`.
        pub page: Option<String>,
        /// Keyword (`thing1`, `time2`, ...) → value.
        pub data: ::std::collections::BTreeMap<String, super::Value>,
        /// Which version a tap opens; `formal` when absent.
        pub miniprogram_state: Option<super::MiniProgramState>,
        /// Language of the message; `zh_CN` when absent.
        pub lang: Option<super::Lang>,
    }
    pub struct Response {
        /// The message's id (present in newer replies).
        pub msgid: Option<i64>,
    }
}

/// The documented length limit of a keyword type (the table above): characters, except for
/// `number`, whose limit counts digits (a decimal point is allowed on top).
pub fn max_chars(keyword_type: &str) -> Option<usize> {
    Some(match keyword_type {
        "thing" => 20,
        "number" | "letter" | "character_string" => 32,
        "symbol" | "phrase" => 5,
        "phone_number" => 17,
        "car_number" => 8,
        // ≤ 10 Chinese characters or ≤ 20 letters: the permissive bound.
        "name" => 20,
        _ => return None,
    })
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    let data: &BTreeMap<String, Value> = &req.data;
    for (key, value) in data {
        let kind = key.trim_end_matches(|c: char| c.is_ascii_digit());
        let (len, unit) = if kind == "number" {
            let digits = value.value.chars().filter(char::is_ascii_digit).count();
            (digits, "digits")
        } else {
            (value.value.chars().count(), "characters")
        };
        if let Some(max) = max_chars(kind) {
            if len > max {
                return Err(ValidationError::new(
                    "subscribe::send",
                    "data",
                    format!("{key}: {len} {unit}, over the {max} a `{kind}` value may have"),
                ));
            }
        }
        let ok = match kind {
            "number" => value.value.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "letter" => value.value.chars().all(|c| c.is_ascii_alphabetic()),
            _ => true,
        };
        if !ok {
            return Err(ValidationError::new(
                "subscribe::send",
                "data",
                format!("{key}: {:?} is not a valid `{kind}` value", value.value),
            ));
        }
    }
    Ok(())
}
