//! Customer-service messages (客服消息): sent within the window a user's interaction opens
//! (45015 outside it). Each `msgtype` is a variant carrying its own payload.
//!
//! | what the user did | messages allowed | within |
//! |---|---|---|
//! | sent a message | 5 | 48 hours |
//! | tapped a menu button (only `click`, `scancode_push` and `scancode_waitmsg`) | 3 | 1 minute |
//! | followed the account | 3 | 1 minute |
//! | scanned a parametric QR code | 3 | 1 minute |
//!
//! Past the allowance WeChat answers 45047. Other codes: 40003 (bad openid), 43004 (the user
//! does not follow the account), 40007 (bad media id), 45008 (a `news` card with more than
//! one article, the limit since 2018-10; older pages said 8), 48001 (the account lacks the API).

use crate::tagged::tagged_message;
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// A `text` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// May contain `<a href>` and mini-program links.
    pub content: String,
}

/// A message naming one media file (`image`, `voice`, `mpnews`...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// The media's id: temporary or permanent (40007 when unknown).
    pub media_id: String,
}

/// A `video` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    /// The video's media id.
    pub media_id: String,
    /// The thumbnail's media id.
    pub thumb_media_id: String,
    /// Title shown with the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description shown with the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A `music` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Music {
    /// The music's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The music's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The music link (`musicurl`).
    pub musicurl: String,
    /// The high-quality music link, played on Wi-Fi (`hqmusicurl`).
    pub hqmusicurl: String,
    /// The thumbnail's media id.
    pub thumb_media_id: String,
}

/// An external-link card: one article at most since 2018 (45008 otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct News {
    /// The card's article: exactly one (checked before sending).
    pub articles: Vec<NewsArticle>,
}

/// The article of a `news` card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsArticle {
    /// The card's title.
    pub title: String,
    /// The card's description.
    pub description: String,
    /// The page opened on tap.
    pub url: String,
    /// The card's image URL (`picurl`), JPG or PNG.
    pub picurl: String,
}

/// A published article (freepublish).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// The published article's id.
    pub article_id: String,
}

/// A menu of choices; the user's click comes back as a text message carrying the id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MsgMenu {
    /// Text above the choices.
    pub head_content: String,
    /// The choices, in order.
    pub list: Vec<MenuChoice>,
    /// Text below the choices.
    pub tail_content: String,
}

/// One choice of a `msgmenu`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuChoice {
    /// Comes back in the user's text message when they tap the choice.
    pub id: String,
    /// The choice's text.
    pub content: String,
}

/// A `wxcard` (card coupon) message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WxCard {
    /// The card's id.
    pub card_id: String,
}

/// A mini-program card sent by an Official Account (names the mini program's appid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniProgramPage {
    /// The card's title.
    pub title: String,
    /// The mini program's appid (linked to the account).
    pub appid: String,
    /// The page to open.
    pub pagepath: String,
    /// The card's image, a media id.
    pub thumb_media_id: String,
}

tagged_message! {
    /// What an Official Account can send through customer service.
    pub enum Message {
        /// Plain text (`text`).
        Text(Text) = "text",
        /// An image (`image`), by media id.
        Image(Media) = "image",
        /// A voice message (`voice`), by media id.
        Voice(Media) = "voice",
        /// A video (`video`).
        Video(Video) = "video",
        /// A music card (`music`).
        Music(Music) = "music",
        /// An external-link card (`news`), one article.
        News(News) = "news",
        /// Legacy permanent news material.
        MpNews(Media) = "mpnews",
        /// A published article (`mpnewsarticle`).
        MpNewsArticle(ArticleRef) = "mpnewsarticle",
        /// A menu of choices (`msgmenu`).
        MsgMenu(MsgMenu) = "msgmenu",
        /// A card coupon (`wxcard`).
        WxCard(WxCard) = "wxcard",
        /// A mini-program card (`miniprogrampage`).
        MiniProgramPage(MiniProgramPage) = "miniprogrampage",
    }
}

/// Send as a given customer-service account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomService {
    /// The customer-service account, `name@account`.
    pub kf_account: String,
}

/// Send a customer-service message to a user of the Official Account.
#[wx_endpoint(POST "/cgi-bin/message/custom/send", app = oa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html")]
pub mod send {
    pub struct Request {
        /// The user's openid (40003 when wrong, 43004 when not following).
        pub touser: String,
        /// The message: `msgtype` and its payload, flattened into the body.
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
    /// Show "typing..." (`Typing`).
    Typing,
    /// Hide it (`CancelTyping`).
    CancelTyping,
}

/// Show or hide "typing..." to a user in a customer-service session.
#[wx_endpoint(POST "/cgi-bin/message/custom/typing", app = both,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html")]
pub mod set_typing {
    pub struct Request {
        /// The user's openid.
        pub touser: String,
        /// `Typing` or `CancelTyping`.
        pub command: super::TypingCommand,
    }
    pub struct Response {}
}
