//! Customer-service messages sent by a Mini Program: only text, image, link and
//! mini-program cards (the Official Account's other kinds do not exist here).

use crate::tagged::tagged_message;
use serde::{Deserialize, Serialize};
use wx_macros::wx_endpoint;

pub use crate::oa::message::custom::{Media, Text};

/// A link card (Mini Program only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub description: String,
    pub url: String,
    pub thumb_url: String,
}

/// A card of a page of this mini program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniProgramPage {
    pub title: String,
    pub pagepath: String,
    pub thumb_media_id: String,
}

tagged_message! {
    /// What a Mini Program can send through customer service.
    pub enum Message {
        Text(Text) = "text",
        Image(Media) = "image",
        Link(Link) = "link",
        MiniProgramPage(MiniProgramPage) = "miniprogrampage",
    }
}

/// Send a customer-service message to a user of the Mini Program.
#[wx_endpoint(POST "/cgi-bin/message/custom/send", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/kf-mgnt/kf-message/sendCustomMessage.html")]
pub mod send {
    pub struct Request {
        pub touser: String,
        #[serde(flatten)]
        pub message: super::Message,
    }
    pub struct Response {}

    impl Request {
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
