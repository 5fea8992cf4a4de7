//! Customer-service messages (客服消息): sent within the window a user's interaction opens
//! (45015 outside it). Each `msgtype` is a variant carrying its own payload.

use crate::tagged::tagged_message;
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// May contain `<a href>` and mini-program links.
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub media_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    pub media_id: String,
    pub thumb_media_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Music {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub musicurl: String,
    pub hqmusicurl: String,
    pub thumb_media_id: String,
}

/// An external-link card: one article at most since 2018 (45008 otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct News {
    pub articles: Vec<NewsArticle>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsArticle {
    pub title: String,
    pub description: String,
    pub url: String,
    pub picurl: String,
}

/// A published article (freepublish).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub article_id: String,
}

/// A menu of choices; the user's click comes back as a text message carrying the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MsgMenu {
    pub head_content: String,
    pub list: Vec<MenuChoice>,
    pub tail_content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuChoice {
    pub id: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WxCard {
    pub card_id: String,
}

/// A mini-program card sent by an Official Account (names the mini program's appid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniProgramPage {
    pub title: String,
    pub appid: String,
    pub pagepath: String,
    pub thumb_media_id: String,
}

tagged_message! {
    /// What an Official Account can send through customer service.
    pub enum Message {
        Text(Text) = "text",
        Image(Media) = "image",
        Voice(Media) = "voice",
        Video(Video) = "video",
        Music(Music) = "music",
        News(News) = "news",
        /// Legacy permanent news material.
        MpNews(Media) = "mpnews",
        MpNewsArticle(ArticleRef) = "mpnewsarticle",
        MsgMenu(MsgMenu) = "msgmenu",
        WxCard(WxCard) = "wxcard",
        MiniProgramPage(MiniProgramPage) = "miniprogrampage",
    }
}

/// Send as a given customer-service account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomService {
    pub kf_account: String,
}

/// Send a customer-service message to a user of the Official Account.
#[wx_endpoint(POST "/cgi-bin/message/custom/send", app = oa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html")]
pub mod send {
    pub struct Request {
        pub touser: String,
        #[serde(flatten)]
        pub message: super::Message,
        /// Send as this customer-service account (`name@account`).
        pub customservice: Option<super::CustomService>,
    }
    pub struct Response {}

    use super::{Message, Text};

    impl Request {
        /// A text message: the common case in one line.
        pub fn text(touser: impl Into<String>, content: impl Into<String>) -> Self {
            Self::new(
                touser,
                Message::Text(Text {
                    content: content.into(),
                }),
            )
        }
    }
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    match &req.message {
        Message::News(news) if news.articles.len() != 1 => Err(ValidationError::new(
            "custom::send",
            "news.articles",
            format!(
                "{} articles; a news message carries exactly one since 2018",
                news.articles.len()
            ),
        )),
        Message::MsgMenu(menu) if menu.list.is_empty() => Err(ValidationError::new(
            "custom::send",
            "msgmenu.list",
            "a menu needs at least one choice",
        )),
        _ => Ok(()),
    }
}

/// `Typing` or `CancelTyping`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypingCommand {
    Typing,
    CancelTyping,
}

/// Show or hide "typing..." to a user in a customer-service session.
#[wx_endpoint(POST "/cgi-bin/message/custom/typing", app = both,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html")]
pub mod set_typing {
    pub struct Request {
        pub touser: String,
        pub command: super::TypingCommand,
    }
    pub struct Response {}
}
