//! Customer-service messages sent by a Mini Program: only text, image, link and
//! mini-program cards (the Official Account's other kinds do not exist here).

use crate::tagged::tagged_message;
use serde::{Deserialize, Serialize};
use wx_macros::wx_endpoint;

pub use crate::oa::message::custom::{Media, Text};

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
