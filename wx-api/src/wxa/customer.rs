//! Mini Program customer service (小程序客服): messages sent by a Mini Program (only text,
//! image, link and mini-program cards; the Official Account's other kinds do not exist
//! here), the typing indicator, customer-service administrators, the sub-merchants of
//! [`business`] (客服子商户) and the binding to WeChat customer service ([`work`], 微信客服).
//!
//! Limits, checked before sending:
//!
//! | endpoint | field | limit | WeChat's errcode |
//! |---|---|---|---|
//! | [`set_typing`] | `touser` | not empty | 40003 |
//! | [`set_typing`] | `command` | `Typing` or `CancelTyping` — [`TypingCommand`] | 45072 |
//! | [`set_admin`], [`cancel_admin`] | `kf_openid` | not empty | 40003 |
//!
//! WeChat's rules for the typing indicator (not checkable here): the user and the customer
//! service exchanged a message in the last 30 seconds (45080 otherwise); the indicator lasts
//! 15 seconds and cannot be sent again meanwhile (45081); sending a message cancels it.

use crate::tagged::tagged_message;
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

pub mod business;
pub mod work;

pub use crate::oa::message::custom::{Media, Text, TypingCommand};

/// A link card (Mini Program only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The card's title.
    pub title: String,
    /// The card's description.
    pub description: String,
    /// The page opened on tap.
    pub url: String,
    /// The card's image URL.
    pub thumb_url: String,
}

/// A card of a page of this mini program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniProgramPage {
    /// The card's title.
    pub title: String,
    /// The page of this mini program to open.
    pub pagepath: String,
    /// The card's cover image: a media id from the temporary-media upload (`oa::media::upload`).
    pub thumb_media_id: String,
}

tagged_message! {
    /// What a Mini Program can send through customer service.
    pub enum Message {
        /// Plain text (`text`).
        Text(Text) = "text",
        /// An image (`image`), by temporary media id.
        Image(Media) = "image",
        /// A link card (`link`).
        Link(Link) = "link",
        /// A card of a page of this mini program (`miniprogrampage`).
        MiniProgramPage(MiniProgramPage) = "miniprogrampage",
    }
}

/// Send a customer-service message to a user of the Mini Program.
#[wx_endpoint(POST "/cgi-bin/message/custom/send", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/kf-mgnt/kf-message/sendCustomMessage.html")]
pub mod send {
    pub struct Request {
        /// The user's openid.
        pub touser: String,
        /// The message: `msgtype` and its payload, flattened into the body.
        #[serde(flatten)]
        pub message: super::Message,
    }
    pub struct Response {}

    impl Request {
        /// A text message.
        pub fn text(touser: impl Into<String>, content: impl Into<String>) -> Self {
            Self::new(
                touser,
                super::Message::Text(super::Text {
                    content: content.into(),
                }),
            )
        }
    }
}

/// Show or hide "typing..." to a user of the Mini Program (`setTyping`). The Official
/// Account's indicator is `oa::message::custom::set_typing`, on another path.
#[wx_endpoint(POST "/cgi-bin/message/custom/business/typing", app = wxa, validate = super::check_typing,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-message/api_typing")]
pub mod set_typing {
    pub struct Request {
        /// The user's openid.
        pub touser: String,
        /// `Typing` (show) or `CancelTyping` (hide).
        pub command: super::TypingCommand,
    }
    pub struct Response {}
}

fn check_typing(req: &set_typing::Request) -> Result<(), ValidationError> {
    if req.touser.is_empty() {
        return Err(ValidationError::new(
            "wxa::customer::set_typing",
            "touser",
            "empty; the user's openid is required (WeChat answers 40003)",
        ));
    }
    Ok(())
}

fn check_kf_openid(endpoint: &'static str, kf_openid: &str) -> Result<(), ValidationError> {
    if kf_openid.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "kf_openid",
            "empty; the customer-service account's openid is required (WeChat answers 40003)",
        ));
    }
    Ok(())
}

/// Make a customer-service account an administrator (`setkfadmin`). The page documents a
/// GET with the parameters in the query.
#[wx_endpoint(GET "/customservice/kfaccount/setadmin", app = wxa, validate = super::check_set_admin,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-message/api_setkfadmin")]
pub mod set_admin {
    pub struct Request {
        /// The customer-service account's openid.
        #[wx(query)]
        pub kf_openid: String,
        /// The sub-merchant ([`super::business`]) the account belongs to; absent for the
        /// Mini Program's own customer service.
        #[wx(query)]
        pub business_id: Option<String>,
    }
    pub struct Response {}
}

fn check_set_admin(req: &set_admin::Request) -> Result<(), ValidationError> {
    check_kf_openid("wxa::customer::set_admin", &req.kf_openid)
}

/// Take the administrator role from a customer-service account (`cancelkfadmin`), the
/// counterpart of [`set_admin`] and declared like it: a GET with the parameters in the query.
#[wx_endpoint(GET "/customservice/kfaccount/canceladmin", app = wxa, validate = super::check_cancel_admin,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/kf-mgnt/kf-message/api_cancelkfadmin")]
pub mod cancel_admin {
    pub struct Request {
        /// The customer-service account's openid.
        #[wx(query)]
        pub kf_openid: String,
        /// The sub-merchant ([`super::business`]) the account belongs to; absent for the
        /// Mini Program's own customer service.
        #[wx(query)]
        pub business_id: Option<String>,
    }
    pub struct Response {}
}

fn check_cancel_admin(req: &cancel_admin::Request) -> Result<(), ValidationError> {
    check_kf_openid("wxa::customer::cancel_admin", &req.kf_openid)
}
