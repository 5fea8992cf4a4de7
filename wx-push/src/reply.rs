//! Passive replies (被动回复: the body of the HTTP answer to a push) and their wire forms.

use serde_json::{json, Map, Value as Json};

use super::xml::{push_cdata, push_number};

/// What to answer a push with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reply {
    /// The literal body `success`: acknowledged, nothing to say (never encrypted).
    Success,
    /// An empty body: same meaning as `success` (never encrypted).
    Empty,
    /// A text message.
    Text(String),
    /// An image by media id.
    Image(String),
    /// A voice message by media id.
    Voice(String),
    /// A video.
    Video(VideoReply),
    /// A music message.
    Music(MusicReply),
    /// One news article (WeChat accepts only one since 2018-10; the type enforces it).
    News(Article),
    /// Hand the conversation to customer service, optionally to one account.
    TransferCustomerService(Option<String>),
}

/// Video reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoReply {
    /// `MediaId`
    pub media_id: String,
    /// `Title`
    pub title: Option<String>,
    /// `Description`
    pub description: Option<String>,
}

/// Music reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MusicReply {
    /// `Title`
    pub title: Option<String>,
    /// `Description`
    pub description: Option<String>,
    /// `MusicUrl`
    pub music_url: Option<String>,
    /// `HQMusicUrl`
    pub hq_music_url: Option<String>,
    /// `ThumbMediaId`
    pub thumb_media_id: String,
}

/// News article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// `Title`
    pub title: String,
    /// `Description`
    pub description: String,
    /// `PicUrl`
    pub pic_url: String,
    /// `Url`
    pub url: String,
}

impl Reply {
    /// Text reply.
    pub fn text(content: impl Into<String>) -> Self {
        Reply::Text(content.into())
    }
    /// Image reply.
    pub fn image(media_id: impl Into<String>) -> Self {
        Reply::Image(media_id.into())
    }
    /// Voice reply.
    pub fn voice(media_id: impl Into<String>) -> Self {
        Reply::Voice(media_id.into())
    }
    /// Video reply; add a title/description with [`Reply::video_with`].
    pub fn video(media_id: impl Into<String>) -> Self {
        Reply::Video(VideoReply {
            media_id: media_id.into(),
            title: None,
            description: None,
        })
    }
    /// Video reply with title and description.
    pub fn video_with(
        media_id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Reply::Video(VideoReply {
            media_id: media_id.into(),
            title: Some(title.into()),
            description: Some(description.into()),
        })
    }
    /// Music reply.
    pub fn music(music: MusicReply) -> Self {
        Reply::Music(music)
    }
    /// News reply with its single article.
    pub fn news(
        title: impl Into<String>,
        description: impl Into<String>,
        pic_url: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        Reply::News(Article {
            title: title.into(),
            description: description.into(),
            pic_url: pic_url.into(),
            url: url.into(),
        })
    }
    /// Transfer to any customer-service account.
    pub fn transfer_customer_service() -> Self {
        Reply::TransferCustomerService(None)
    }
    /// Transfer to one customer-service account (`kf@account`).
    pub fn transfer_to(kf_account: impl Into<String>) -> Self {
        Reply::TransferCustomerService(Some(kf_account.into()))
    }

    /// `true` for `success`/empty, which are sent as is even in safe mode.
    pub fn is_ack(&self) -> bool {
        matches!(self, Reply::Success | Reply::Empty)
    }

    fn msg_type(&self) -> &'static str {
        match self {
            Reply::Success | Reply::Empty => "",
            Reply::Text(_) => "text",
            Reply::Image(_) => "image",
            Reply::Voice(_) => "voice",
            Reply::Video(_) => "video",
            Reply::Music(_) => "music",
            Reply::News(_) => "news",
            Reply::TransferCustomerService(_) => "transfer_customer_service",
        }
    }

    /// The plaintext XML reply; `to` is the user (the request's FromUserName), `from` the
    /// account. `None` for the acknowledgements, whose body is not XML.
    pub fn to_xml(&self, to: &str, from: &str, create_time: i64) -> Option<String> {
        if self.is_ack() {
            return None;
        }
        let mut x = String::with_capacity(256);
        x.push_str("<xml>");
        push_cdata(&mut x, "ToUserName", to);
        push_cdata(&mut x, "FromUserName", from);
        push_number(&mut x, "CreateTime", create_time);
        push_cdata(&mut x, "MsgType", self.msg_type());
        match self {
            Reply::Success | Reply::Empty => {}
            Reply::Text(c) => push_cdata(&mut x, "Content", c),
            Reply::Image(id) => {
                x.push_str("<Image>");
                push_cdata(&mut x, "MediaId", id);
                x.push_str("</Image>");
            }
            Reply::Voice(id) => {
                x.push_str("<Voice>");
                push_cdata(&mut x, "MediaId", id);
                x.push_str("</Voice>");
            }
            Reply::Video(v) => {
                x.push_str("<Video>");
                push_cdata(&mut x, "MediaId", &v.media_id);
                if let Some(t) = &v.title {
                    push_cdata(&mut x, "Title", t);
                }
                if let Some(d) = &v.description {
                    push_cdata(&mut x, "Description", d);
                }
                x.push_str("</Video>");
            }
            Reply::Music(m) => {
                x.push_str("<Music>");
                for (name, v) in [
                    ("Title", &m.title),
                    ("Description", &m.description),
                    ("MusicUrl", &m.music_url),
                    ("HQMusicUrl", &m.hq_music_url),
                ] {
                    if let Some(v) = v {
                        push_cdata(&mut x, name, v);
                    }
                }
                push_cdata(&mut x, "ThumbMediaId", &m.thumb_media_id);
                x.push_str("</Music>");
            }
            Reply::News(a) => {
                push_number(&mut x, "ArticleCount", 1);
                x.push_str("<Articles><item>");
                push_cdata(&mut x, "Title", &a.title);
                push_cdata(&mut x, "Description", &a.description);
                push_cdata(&mut x, "PicUrl", &a.pic_url);
                push_cdata(&mut x, "Url", &a.url);
                x.push_str("</item></Articles>");
            }
            Reply::TransferCustomerService(kf) => {
                if let Some(kf) = kf {
                    x.push_str("<TransInfo>");
                    push_cdata(&mut x, "KfAccount", kf);
                    x.push_str("</TransInfo>");
                }
            }
        }
        x.push_str("</xml>");
        Some(x)
    }

    /// The plaintext JSON reply (MP JSON format): same element names as the XML.
    pub fn to_json(&self, to: &str, from: &str, create_time: i64) -> Option<String> {
        if self.is_ack() {
            return None;
        }
        let mut m = Map::new();
        m.insert("ToUserName".into(), json!(to));
        m.insert("FromUserName".into(), json!(from));
        m.insert("CreateTime".into(), json!(create_time));
        m.insert("MsgType".into(), json!(self.msg_type()));
        match self {
            Reply::Success | Reply::Empty => {}
            Reply::Text(c) => {
                m.insert("Content".into(), json!(c));
            }
            Reply::Image(id) => {
                m.insert("Image".into(), json!({ "MediaId": id }));
            }
            Reply::Voice(id) => {
                m.insert("Voice".into(), json!({ "MediaId": id }));
            }
            Reply::Video(v) => {
                let mut o = Map::new();
                o.insert("MediaId".into(), json!(v.media_id));
                if let Some(t) = &v.title {
                    o.insert("Title".into(), json!(t));
                }
                if let Some(d) = &v.description {
                    o.insert("Description".into(), json!(d));
                }
                m.insert("Video".into(), Json::Object(o));
            }
            Reply::Music(mu) => {
                let mut o = Map::new();
                for (name, v) in [
                    ("Title", &mu.title),
                    ("Description", &mu.description),
                    ("MusicUrl", &mu.music_url),
                    ("HQMusicUrl", &mu.hq_music_url),
                ] {
                    if let Some(v) = v {
                        o.insert(name.into(), json!(v));
                    }
                }
                o.insert("ThumbMediaId".into(), json!(mu.thumb_media_id));
                m.insert("Music".into(), Json::Object(o));
            }
            Reply::News(a) => {
                m.insert("ArticleCount".into(), json!(1));
                m.insert(
                    "Articles".into(),
                    json!([{ "Title": a.title, "Description": a.description,
                              "PicUrl": a.pic_url, "Url": a.url }]),
                );
            }
            Reply::TransferCustomerService(kf) => {
                if let Some(kf) = kf {
                    m.insert("TransInfo".into(), json!({ "KfAccount": kf }));
                }
            }
        }
        Some(Json::Object(m).to_string())
    }
}

/// The safe-mode XML envelope of an encrypted reply.
pub fn encrypted_xml(encrypt: &str, msg_signature: &str, timestamp: i64, nonce: &str) -> String {
    let mut x = String::with_capacity(encrypt.len() + 200);
    x.push_str("<xml>");
    push_cdata(&mut x, "Encrypt", encrypt);
    push_cdata(&mut x, "MsgSignature", msg_signature);
    push_number(&mut x, "TimeStamp", timestamp);
    push_cdata(&mut x, "Nonce", nonce);
    x.push_str("</xml>");
    x
}

/// The safe-mode JSON envelope: `TimeStamp` is a JSON number, `Nonce` a JSON string.
pub fn encrypted_json(encrypt: &str, msg_signature: &str, timestamp: i64, nonce: &str) -> String {
    json!({
        "Encrypt": encrypt,
        "MsgSignature": msg_signature,
        "TimeStamp": timestamp,
        "Nonce": nonce,
    })
    .to_string()
}
