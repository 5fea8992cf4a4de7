//! Subscribe notifications (订阅通知) of an Official Account: sending one to a user who
//! subscribed. The private templates it uses are managed with the endpoints shared with the
//! Mini Program ([`crate::wxa::subscribe`]: `add_template`, `list_templates`, ...).
//!
//! The keyword values follow the rules by keyword type of [`crate::wxa::subscribe`]
//! (`thing` at most 20 characters, ...), checked before sending. Other codes: 40003
//! (`touser`), 40037 (`template_id`), 43101 (the user did not subscribe), 47003 (a value
//! breaks its rule).
//!
//! Also the older one-time subscription message (一次性订阅消息, [`send_once`]): one message
//! per user authorisation and scene, with a title and one text.

use std::collections::BTreeMap;
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Send a subscribe notification.
#[wx_endpoint(POST "/cgi-bin/message/subscribe/bizsend", app = oa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/notify/api_sendnewsubscribemsg.html")]
pub mod send {
    pub struct Request {
        /// The user's openid.
        pub touser: String,
        /// The subscribe template's id.
        pub template_id: String,
        /// Mini-program page opened on tap, may carry `?query`; no jump when absent.
        pub page: Option<String>,
        /// Keyword (`thing1`, `time2`, ...) → value.
        pub data: ::std::collections::BTreeMap<String, crate::wxa::subscribe::Value>,
        /// Which mini-program version a tap opens; `formal` when absent.
        pub miniprogram_state: Option<crate::wxa::subscribe::MiniProgramState>,
        /// Language; `zh_CN` when absent.
        pub lang: Option<crate::wxa::subscribe::Lang>,
    }
    pub struct Response {}
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    if req.touser.is_empty() || req.template_id.is_empty() {
        let field = if req.touser.is_empty() {
            "touser"
        } else {
            "template_id"
        };
        return Err(ValidationError::new(
            "subscribe::send",
            field,
            "empty; the recipient and the template are required",
        ));
    }
    let data: &BTreeMap<String, crate::wxa::subscribe::Value> = &req.data;
    crate::wxa::subscribe::check_data("subscribe::send", data)
}

/// Longest `title` of a one-time subscription message, in characters.
pub const MAX_ONCE_TITLE_CHARS: usize = 15;
/// Longest `data.content.value` of a one-time subscription message, in characters.
pub const MAX_ONCE_CONTENT_CHARS: usize = 200;
/// Largest `scene` value (the authorisation page takes 0..=10000).
pub const MAX_ONCE_SCENE: u32 = 10_000;

/// The text of a one-time subscription message: `data.content`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct OnceData {
    /// The message text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<OnceContent>,
}

/// `data.content` of a one-time subscription message.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct OnceContent {
    /// The text, at most 200 characters (checked before sending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The text colour, `#RRGGBB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

impl OnceData {
    /// A text without colour.
    pub fn text(value: impl Into<String>) -> Self {
        Self {
            content: Some(OnceContent {
                value: Some(value.into()),
                color: None,
            }),
        }
    }
}

/// Send a one-time subscription message (一次性订阅消息) to a user who authorised it on the
/// `subscribemsg` page: one message per authorisation and `scene`. `scene` is the value the
/// authorisation page was opened with (0..=10000), sent as a string; `title` at most 15
/// characters, the text at most 200 (checked before sending). Followers get it in the
/// account's conversation, others in 服务通知. Errors: 40003 (`touser`), 40037
/// (`template_id`), 43101 (no authorisation left for this scene), 47003 (`data`).
#[wx_endpoint(POST "/cgi-bin/message/template/subscribe", app = oa, validate = super::check_send_once,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/subscribe/api_templatesubscribe.html")]
pub mod send_once {
    pub struct Request {
        /// The user's openid.
        pub touser: String,
        /// The one-time subscription template's id.
        pub template_id: String,
        /// Page opened on tap (an ICP-registered domain).
        pub url: Option<String>,
        /// A mini-program page opened on tap instead of `url`.
        pub miniprogram: Option<crate::oa::message::template::MiniProgramJump>,
        /// The scene the user authorised, `"0"`..=`"10000"` (a string on the wire).
        pub scene: String,
        /// The message title, at most 15 characters.
        pub title: String,
        /// The message text.
        pub data: super::OnceData,
    }
    pub struct Response {}
}

fn check_send_once(req: &send_once::Request) -> Result<(), ValidationError> {
    const NAME: &str = "subscribe::send_once";
    for (field, value) in [("touser", &req.touser), ("template_id", &req.template_id)] {
        if value.is_empty() {
            return Err(ValidationError::new(NAME, field, "empty; it is required"));
        }
    }
    match req.scene.parse::<u32>() {
        Ok(n) if n <= MAX_ONCE_SCENE && req.scene.bytes().all(|b| b.is_ascii_digit()) => {}
        _ => {
            return Err(ValidationError::new(
                NAME,
                "scene",
                format!(
                    "{:?}; the scene is an integer 0..={MAX_ONCE_SCENE}",
                    req.scene
                ),
            ))
        }
    }
    let chars = req.title.chars().count();
    if chars == 0 || chars > MAX_ONCE_TITLE_CHARS {
        return Err(ValidationError::new(
            NAME,
            "title",
            format!("{chars} characters, outside 1..={MAX_ONCE_TITLE_CHARS}"),
        ));
    }
    let text = req
        .data
        .content
        .as_ref()
        .and_then(|c| c.value.as_deref())
        .unwrap_or_default();
    let chars = text.chars().count();
    if chars > MAX_ONCE_CONTENT_CHARS {
        return Err(ValidationError::new(
            NAME,
            "data.content.value",
            format!("{chars} characters, over the {MAX_ONCE_CONTENT_CHARS}-character limit"),
        ));
    }
    Ok(())
}
