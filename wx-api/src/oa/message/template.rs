//! Template messages (模板消息): notifications with a registered template; the delivery
//! result comes back as a `TEMPLATESENDJOBFINISH` push.
//!
//! WeChat's codes: 40003 (bad openid), 40037 (bad `template_id`), 43004 (the user does not
//! follow the account), 47003 (a value breaks the template's rules), 45009 (daily quota).

use serde::{Deserialize, Serialize};

use wx_macros::wx_endpoint;

/// One keyword's value. Since the 2023 template reform colours are ignored and
/// `first`/`remark` are dropped: send only the template's keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// The keyword's text.
    pub value: String,
    /// `#RRGGBB`; ignored since the 2023 template reform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value {
            value: value.to_owned(),
            color: None,
        }
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value { value, color: None }
    }
}

/// Open a page of a mini program linked to the account (wins over `url`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniProgramJump {
    /// The mini program's appid; it must be linked to the account.
    pub appid: String,
    /// The page to open, may carry `?query`; the home page when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagepath: Option<String>,
}

/// Send a template message to a follower.
#[wx_endpoint(POST "/cgi-bin/message/template/send", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html")]
pub mod send {
    pub struct Request {
        /// The follower's openid (43004 when not following).
        pub touser: String,
        /// The template's id (40037 when wrong).
        pub template_id: String,
        /// Page opened on tap.
        pub url: Option<String>,
        /// A mini-program page to open instead of `url` (older clients open `url`).
        pub miniprogram: Option<super::MiniProgramJump>,
        /// De-duplication key: one send per user and key for about 10 minutes.
        pub client_msg_id: Option<String>,
        /// Keyword name → value.
        pub data: ::std::collections::BTreeMap<String, super::Value>,
    }
    pub struct Response {
        /// The message's id; the `TEMPLATESENDJOBFINISH` push carries it with the delivery result.
        pub msgid: i64,
    }

    impl Request {
        /// A message with `(keyword, value)` pairs.
        pub fn with_values<K: Into<String>, V: Into<super::Value>>(
            touser: impl Into<String>,
            template_id: impl Into<String>,
            values: impl IntoIterator<Item = (K, V)>,
        ) -> Self {
            let data = values
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect();
            Self::new(touser, template_id, data)
        }
    }
}
