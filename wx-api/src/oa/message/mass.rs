//! Mass sends (群发): to everyone or a tag, or to a list of 2..=10000 openids; preview,
//! delete, status. Results arrive as `MASSSENDJOBFINISH` pushes.
//!
//! Checked before sending: a list send names [`OPENIDS`] (2..=10000) openids (WeChat answers
//! 40130 below two), `clientmsgid` is at most [`MAX_CLIENT_MSG_ID_BYTES`] bytes (45067
//! otherwise), a send not to all names a tag, a preview names exactly one recipient.
//! `clientmsgid` makes a send idempotent for 24 hours: a repeat answers 45065 and the
//! existing `msg_id`; a retry within a minute answers 45066. The send endpoints allow 100
//! calls a day; a subscription account may mass-send once a day.

use crate::tagged::tagged_message;
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

pub use super::custom::{Media, Text, WxCard};

/// Several images in one post: `"msgtype":"image"` with this payload under `"images"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Images {
    /// The images' media ids, in order.
    pub media_ids: Vec<String>,
    /// The post's text (`recommend`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend: Option<String>,
    /// 1: comments open; 0: closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_open_comment: Option<u8>,
    /// 1: only followers may comment; 0: everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_fans_can_comment: Option<u8>,
}

tagged_message! {
    /// What a mass send carries.
    pub enum MassMessage {
        /// A legacy news material (`mpnews`), by media id.
        MpNews(Media) = "mpnews",
        /// Plain text (`text`).
        Text(Text) = "text",
        /// A voice message (`voice`), by media id.
        Voice(Media) = "voice",
        /// Several images: `"msgtype":"image"` with the payload under `"images"`, as the
        /// official send pages and peer SDKs write it (a `"msgtype":"images"`, which some
        /// summaries suggest, is not what the send pages show).
        Images(Images) = "image" in "images",
        /// A video prepared with `media::upload_video`.
        MpVideo(Media) = "mpvideo",
        /// A card coupon (`wxcard`).
        WxCard(WxCard) = "wxcard",
    }
}

tagged_message! {
    /// What a preview carries: as [`MassMessage`], but one image as `{"image":{"media_id"}}`.
    pub enum PreviewMessage {
        /// A legacy news material (`mpnews`), by media id.
        MpNews(Media) = "mpnews",
        /// Plain text (`text`).
        Text(Text) = "text",
        /// A voice message (`voice`), by media id.
        Voice(Media) = "voice",
        /// One image (`image`), by media id.
        Image(Media) = "image",
        /// A video prepared with `media::upload_video` (`mpvideo`).
        MpVideo(Media) = "mpvideo",
        /// A card coupon (`wxcard`).
        WxCard(WxCard) = "wxcard",
    }
}

/// Everyone, or the followers with a tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// `true`: every follower; `false`: the followers with `tag_id`.
    pub is_to_all: bool,
    /// The tag whose followers receive it, when not to all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<u64>,
}

impl Filter {
    /// Every follower.
    pub fn everyone() -> Self {
        Filter {
            is_to_all: true,
            tag_id: None,
        }
    }
    /// The followers with a tag.
    pub fn tag(tag_id: u64) -> Self {
        Filter {
            is_to_all: false,
            tag_id: Some(tag_id),
        }
    }
}

/// The openid list of `send`: 2..=10000 (40130 below two).
pub const OPENIDS: std::ops::RangeInclusive<usize> = 2..=10_000;
/// `clientmsgid` at most 64 bytes (45067).
pub const MAX_CLIENT_MSG_ID_BYTES: usize = 64;

fn check_client_msg_id(endpoint: &'static str, id: Option<&String>) -> Result<(), ValidationError> {
    match id {
        Some(id) if id.len() > MAX_CLIENT_MSG_ID_BYTES => Err(ValidationError::new(
            endpoint,
            "clientmsgid",
            format!(
                "{} bytes, over the {MAX_CLIENT_MSG_ID_BYTES}-byte limit",
                id.len()
            ),
        )),
        _ => Ok(()),
    }
}

/// Send to everyone or to a tag.
#[wx_endpoint(POST "/cgi-bin/message/mass/sendall", app = oa, validate = super::check_sendall,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod send_all {
    pub struct Request {
        /// Everyone or a tag.
        pub filter: super::Filter,
        /// The message: `msgtype` and its payload, flattened into the body.
        #[serde(flatten)]
        pub message: super::MassMessage,
        /// 1: go on when an article is judged a reprint; 0 (default): stop.
        pub send_ignore_reprint: Option<u8>,
        /// De-duplication key (≤ 64 bytes); a repeat within 24 h answers 45065.
        pub clientmsgid: Option<String>,
    }
    pub struct Response {
        /// The mass send's id, for [`delete`](super::delete) and [`get`](super::get).
        pub msg_id: i64,
        /// The message data id, for an article send.
        pub msg_data_id: Option<i64>,
    }
}

fn check_sendall(req: &send_all::Request) -> Result<(), ValidationError> {
    if !req.filter.is_to_all && req.filter.tag_id.is_none() {
        return Err(ValidationError::new(
            "mass::send_all",
            "filter",
            "not to all: a tag_id is needed",
        ));
    }
    check_client_msg_id("mass::send_all", req.clientmsgid.as_ref())
}

/// Send to a list of openids.
#[wx_endpoint(POST "/cgi-bin/message/mass/send", app = oa, validate = super::check_send,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod send {
    pub struct Request {
        /// 2..=10000 openids.
        pub touser: Vec<String>,
        /// The message: `msgtype` and its payload, flattened into the body.
        #[serde(flatten)]
        pub message: super::MassMessage,
        /// 1: go on when an article is judged a reprint; 0 (default): stop.
        pub send_ignore_reprint: Option<u8>,
        /// De-duplication key (≤ 64 bytes); a repeat within 24 h answers 45065.
        pub clientmsgid: Option<String>,
    }
    pub struct Response {
        /// The mass send's id, for [`delete`](super::delete) and [`get`](super::get).
        pub msg_id: i64,
        /// The message data id, for an article send.
        pub msg_data_id: Option<i64>,
    }
}

fn check_send(req: &send::Request) -> Result<(), ValidationError> {
    let n = req.touser.len();
    if !OPENIDS.contains(&n) {
        return Err(ValidationError::new(
            "mass::send",
            "touser",
            format!(
                "{n} openids; a list send takes {}..={}",
                OPENIDS.start(),
                OPENIDS.end()
            ),
        ));
    }
    check_client_msg_id("mass::send", req.clientmsgid.as_ref())
}

/// Preview a mass message on one user's phone (by openid or WeChat id).
#[wx_endpoint(POST "/cgi-bin/message/mass/preview", app = oa, validate = super::check_preview,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod preview {
    pub struct Request {
        /// The follower's openid; give this or `towxname`, not both.
        pub touser: Option<String>,
        /// The follower's WeChat id.
        pub towxname: Option<String>,
        /// The message: `msgtype` and its payload, flattened into the body.
        #[serde(flatten)]
        pub message: super::PreviewMessage,
    }
    pub struct Response {
        /// The preview's id, when WeChat returns one.
        pub msg_id: Option<i64>,
    }
}

/// Exactly one recipient: with both, WeChat silently prefers `towxname`.
fn check_preview(req: &preview::Request) -> Result<(), ValidationError> {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    match (given(&req.touser), given(&req.towxname)) {
        (true, false) | (false, true) => Ok(()),
        (both, _) => Err(ValidationError::new(
            "mass::preview",
            "touser",
            if both {
                "both touser and towxname are set; give exactly one"
            } else {
                "neither touser nor towxname is set; give exactly one"
            },
        )),
    }
}

/// Delete a mass message (`article_idx` 1-based; absent or 0 deletes every article).
#[wx_endpoint(POST "/cgi-bin/message/mass/delete", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod delete {
    pub struct Request {
        /// The mass send's id.
        pub msg_id: i64,
        /// 1-based article to delete; absent or 0 deletes every article.
        pub article_idx: Option<u32>,
    }
    pub struct Response {}
}

/// Where a mass send stands (`SEND_SUCCESS`, `SENDING`, `SEND_FAIL`, `DELETE`).
#[wx_endpoint(POST "/cgi-bin/message/mass/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html")]
pub mod get {
    pub struct Request {
        /// The mass send's id.
        pub msg_id: i64,
    }
    pub struct Response {
        /// The mass send's id.
        pub msg_id: i64,
        /// `SEND_SUCCESS`, `SENDING`, `SEND_FAIL` or `DELETE`.
        pub msg_status: String,
    }
}

/// The mass-send speed levels (`speed`): 0 is 800 000 messages a minute, 1 600 000,
/// 2 450 000, 3 300 000, 4 100 000 (`realspeed`, in units of 10 000 a minute).
pub const MAX_SPEED: u8 = 4;

/// The current mass-send speed: its level (0..=4) and what it means in units of 10 000
/// messages a minute.
#[wx_endpoint(POST "/cgi-bin/message/mass/speed/get", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/message/api_getspeed.html")]
pub mod get_speed {
    pub struct Request {}
    pub struct Response {
        /// The level, 0 (fastest) ..= 4.
        pub speed: u8,
        /// Messages a minute, in units of 10 000 (80, 60, 45, 30, 10).
        #[wx(default)]
        pub realspeed: u32,
    }
}

fn check_set_speed(req: &set_speed::Request) -> Result<(), ValidationError> {
    if req.speed > MAX_SPEED {
        return Err(ValidationError::new(
            "message::mass::set_speed",
            "speed",
            format!(
                "{}; the level is 0..={MAX_SPEED} (WeChat answers 45083)",
                req.speed
            ),
        ));
    }
    Ok(())
}

/// Set the mass-send speed level (0 fastest ..= 4, checked).
///
/// Errors: 45083 (level out of range), 45084 (no level given).
#[wx_endpoint(POST "/cgi-bin/message/mass/speed/set", app = oa, validate = super::check_set_speed,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/message/api_setspeed.html")]
pub mod set_speed {
    pub struct Request {
        /// The level, 0 (800 000 a minute) ..= 4 (100 000 a minute).
        pub speed: u8,
    }
    pub struct Response {}
}

/// Most articles in one news message of [`upload_news`].
pub const MAX_NEWS_ARTICLES: usize = 8;

/// An article of [`upload_news`] (群发图文).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewsArticle {
    /// The title (required, checked non-empty before sending).
    pub title: String,
    /// The author's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The cover: a media id from the temporary-media upload (`media::upload`, type thumb or
    /// image); required.
    pub thumb_media_id: String,
    /// The HTML body (required); `<a>` tags only for accounts with WeChat Pay. At most
    /// 20 000 characters and 1 MB, as for news materials (checked before sending).
    pub content: String,
    /// The "read original" (阅读原文) link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_source_url: Option<String>,
    /// The summary; WeChat takes the body's first 64 characters when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// 1: show the cover in the body; 0: do not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_cover_pic: Option<u8>,
    /// 1: comments open; 0: closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_open_comment: Option<u8>,
    /// 1: only followers may comment; 0: everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_fans_can_comment: Option<u8>,
}

impl NewsArticle {
    /// An article with its required fields: title, cover media id and HTML body.
    pub fn new(
        title: impl Into<String>,
        thumb_media_id: impl Into<String>,
        content: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            thumb_media_id: thumb_media_id.into(),
            content: content.into(),
            ..Self::default()
        }
    }
}

/// Reads a Unix time sent as a number or as a string of digits: the `uploadnews` page's
/// field table types `created_at` as a string, its example and WeChat's other upload
/// replies send a number.
fn unix_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(i64),
        Text(String),
    }
    match Either::deserialize(d)? {
        Either::Number(n) => Ok(n),
        Either::Text(s) => s.trim().parse().map_err(serde::de::Error::custom),
    }
}

/// Upload a news message (图文消息) of 1..=8 articles for a mass send (`mpnews` by
/// `media_id`). The official page marks this capability as superseded by the draft box
/// ([`crate::oa::draft`]); the endpoint still answers.
#[wx_endpoint(POST "/cgi-bin/media/uploadnews", app = oa, validate = super::check_upload_news,
    doc = "https://developers.weixin.qq.com/doc/service/api/notify/message/api_uploadnewsmsg.html")]
pub mod upload_news {
    pub struct Request {
        /// The articles, 1..=8 (checked before sending).
        pub articles: Vec<super::NewsArticle>,
    }
    pub struct Response {
        /// Always `news` (`type`).
        #[serde(rename = "type", default)]
        pub media_type: String,
        /// The news message's id, for a mass send of `mpnews`.
        pub media_id: String,
        /// Upload time, Unix seconds (a number, or a string of digits as the field table says).
        #[serde(deserialize_with = "super::unix_time", default)]
        pub created_at: i64,
    }
}

fn check_upload_news(req: &upload_news::Request) -> Result<(), ValidationError> {
    const NAME: &str = "message::mass::upload_news";
    let n = req.articles.len();
    if !(1..=MAX_NEWS_ARTICLES).contains(&n) {
        return Err(ValidationError::new(
            NAME,
            "articles",
            format!("{n} articles; a news message holds 1..={MAX_NEWS_ARTICLES}"),
        ));
    }
    for a in &req.articles {
        for (field, value) in [
            ("title", &a.title),
            ("thumb_media_id", &a.thumb_media_id),
            ("content", &a.content),
        ] {
            if value.is_empty() {
                return Err(ValidationError::new(NAME, field, "empty; it is required"));
            }
        }
        crate::oa::material::check_content(NAME, &a.content)?;
    }
    Ok(())
}
