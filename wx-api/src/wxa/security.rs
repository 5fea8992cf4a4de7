//! Content security (内容安全, v2) and user risk rank: text checked at once
//! ([`check_text`]), images and audio checked asynchronously ([`check_media`], whose
//! verdict arrives within 30 minutes as the `wxa_media_check` push event, parsed by
//! `wx_push` as `Event::WxaMediaCheck`), and a user's risk rank ([`get_risk_rank`]).
//!
//! Limits, checked before sending:
//!
//! | endpoint | field | limit | WeChat's errcode |
//! |---|---|---|---|
//! | [`check_text`], [`check_media`] | `version` | always `2` (set by the constructor; 1.0 is retired) | 47001 |
//! | [`check_text`], [`check_media`] | `scene` | 1 profile, 2 comment, 3 forum, 4 social log — [`Scene`] | 40129 |
//! | [`check_text`], [`check_media`] | `openid` | not empty (the user must have opened the Mini Program in the last 2 hours) | 40003 |
//! | [`check_text`] | `content` | 1..=2500 characters ([`MAX_CONTENT_CHARS`]) | 44002 / 47001 |
//! | [`check_text`] | `signature` | only with scene 1 (profile) | — |
//! | [`check_media`] | `media_url` | an `http(s)://` URL WeChat can download; file ≤ 10 MB | — |
//! | [`check_media`] | `media_type` | 1 audio, 2 image — [`MediaType`] | 47001 |
//! | [`get_risk_rank`] | `scene` | 0 register, 1 marketing fraud, 2 UGC — [`RiskScene`] | 47001 |
//! | [`get_risk_rank`] | `appid`, `openid`, `client_ip` | not empty | 47001 |
//!
//! Quotas (not checkable here): text 4000 calls a minute and 2 000 000 a day; media 2000 a
//! minute and 200 000 a day.

use crate::enums::closed_enum;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Longest text to check, in characters.
pub const MAX_CONTENT_CHARS: usize = 2500;

closed_enum!(
    u8;
    /// Where the content appears (`scene`).
    Scene {
        /// `1`: a profile (资料).
        Profile = 1,
        /// `2`: a comment (评论).
        Comment = 2,
        /// `3`: a forum post (论坛).
        Forum = 3,
        /// `4`: a social log (社交日志).
        SocialLog = 4,
    }
);

closed_enum!(
    u8;
    /// What `media_url` holds (`media_type`).
    MediaType {
        /// `1`: audio (mp3, aac, ac3, wma, flac, vorbis, opus, wav).
        Audio = 1,
        /// `2`: an image (jpg, jpeg, png, bmp, gif — first frame).
        Image = 2,
    }
);

closed_enum!(
    u8;
    /// Why the risk rank is asked (`scene` of [`get_risk_rank`]).
    RiskScene {
        /// `0`: registration.
        Register = 0,
        /// `1`: marketing fraud.
        Marketing = 1,
        /// `2`: user-generated content (listed by the newest page only).
        Ugc = 2,
    }
);

/// Only version 2 of the content-security API exists today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Version2;

impl Serialize for Version2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(2)
    }
}

impl<'de> Deserialize<'de> for Version2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            2 => Ok(Self),
            n => Err(serde::de::Error::custom(format!(
                "version {n}; only 2 exists"
            ))),
        }
    }
}

/// A label: a number in the text check's reply, a string of digits in the media event;
/// both read as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Label(pub i64);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(i64),
            Text(String),
        }
        match Either::deserialize(d)? {
            Either::Number(n) => Ok(Self(n)),
            Either::Text(t) => t
                .trim()
                .parse()
                .map(Self)
                .map_err(|_| serde::de::Error::custom(format!("label {t:?} is not a number"))),
        }
    }
}

/// The overall verdict (`result`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Verdict {
    /// `risky`, `pass` or `review`.
    pub suggest: String,
    /// The main label: 100 normal, 10001 ads, 20001 politics, 20002 porn, 20003 abuse,
    /// 20006 crime, 20008 fraud, 20012 vulgar, 20013 copyright, 21000 other.
    pub label: Label,
}

/// One strategy's finding (`detail[]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Finding {
    /// The strategy (`content_model`, `keyword`, ...).
    #[serde(default)]
    pub strategy: String,
    /// 0 when the strategy ran.
    #[serde(default)]
    pub errcode: i64,
    /// Its suggestion.
    #[serde(default)]
    pub suggest: Option<String>,
    /// Its label.
    #[serde(default)]
    pub label: Option<Label>,
    /// The keyword matched (keyword strategy).
    #[serde(default)]
    pub keyword: Option<String>,
    /// Confidence 0..=100 (model strategy).
    #[serde(default)]
    pub prob: Option<i64>,
    /// Keyword level (keyword strategy).
    #[serde(default)]
    pub level: Option<i64>,
}

fn check_common(endpoint: &'static str, openid: &str) -> Result<(), ValidationError> {
    if openid.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "openid",
            "empty; the user's openid is required (WeChat answers 40003)",
        ));
    }
    Ok(())
}

/// Check a text for illegal content (`msgSecCheck`, v2).
#[wx_endpoint(POST "/wxa/msg_sec_check", app = wxa, new = false, validate = super::check_text_limits,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/sec-center/sec-check/api_msgseccheck.html")]
pub mod check_text {
    pub struct Request {
        /// The text, 1..=2500 characters of UTF-8.
        pub content: String,
        /// Always 2.
        pub version: super::Version2,
        /// Where the text appears.
        pub scene: super::Scene,
        /// The author's openid (active in the last 2 hours).
        pub openid: String,
        /// The text's title.
        pub title: Option<String>,
        /// The author's nickname.
        pub nickname: Option<String>,
        /// The author's signature (profile scene only).
        pub signature: Option<String>,
    }
    pub struct Response {
        /// The request id.
        pub trace_id: String,
        /// The overall verdict.
        pub result: super::Verdict,
        /// Each strategy's finding.
        #[wx(default)]
        pub detail: Vec<super::Finding>,
    }

    impl Request {
        /// Checks `content` written by `openid` in `scene` (version 2).
        pub fn new(
            content: impl Into<String>,
            scene: super::Scene,
            openid: impl Into<String>,
        ) -> Self {
            Self {
                content: content.into(),
                version: super::Version2,
                scene,
                openid: openid.into(),
                title: None,
                nickname: None,
                signature: None,
            }
        }
    }
}

fn check_text_limits(req: &check_text::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::security::check_text";
    check_common(NAME, &req.openid)?;
    let n = req.content.chars().count();
    if n == 0 || n > MAX_CONTENT_CHARS {
        return Err(ValidationError::new(
            NAME,
            "content",
            format!("{n} characters, outside 1..={MAX_CONTENT_CHARS}"),
        ));
    }
    if req.signature.is_some() && req.scene != Scene::Profile {
        return Err(ValidationError::new(
            NAME,
            "signature",
            "only checked with scene 1 (profile)",
        ));
    }
    Ok(())
}

/// Check an image or audio file asynchronously (`mediaCheckAsync`, v2); the verdict comes
/// within 30 minutes as the `wxa_media_check` push event carrying the same `trace_id`.
#[wx_endpoint(POST "/wxa/media_check_async", app = wxa, new = false, validate = super::check_media_limits,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/sec-center/sec-check/api_mediacheckasync.html")]
pub mod check_media {
    pub struct Request {
        /// Where WeChat downloads the file (≤ 10 MB).
        pub media_url: String,
        /// Audio or image.
        pub media_type: super::MediaType,
        /// Always 2.
        pub version: super::Version2,
        /// Where the file appears.
        pub scene: super::Scene,
        /// The uploader's openid (active in the last 2 hours).
        pub openid: String,
    }
    pub struct Response {
        /// Matches the push event's `trace_id`.
        pub trace_id: String,
    }

    impl Request {
        /// Checks the file at `media_url` uploaded by `openid` in `scene` (version 2).
        pub fn new(
            media_url: impl Into<String>,
            media_type: super::MediaType,
            scene: super::Scene,
            openid: impl Into<String>,
        ) -> Self {
            Self {
                media_url: media_url.into(),
                media_type,
                version: super::Version2,
                scene,
                openid: openid.into(),
            }
        }
    }
}

fn check_media_limits(req: &check_media::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::security::check_media";
    check_common(NAME, &req.openid)?;
    let url = req.media_url.as_str();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() <= "https://".len()
    {
        return Err(ValidationError::new(
            NAME,
            "media_url",
            "not an http(s):// URL WeChat can download",
        ));
    }
    Ok(())
}

/// A user's risk rank 0..=4, higher is riskier (`getUserRiskRank`), without the user's
/// authorisation.
#[wx_endpoint(POST "/wxa/getuserriskrank", app = wxa, validate = super::check_risk,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/sec-center/safety-control-capability/api_getuserriskrank.html")]
pub mod get_risk_rank {
    pub struct Request {
        /// The Mini Program's appid.
        pub appid: String,
        /// The user's openid.
        pub openid: String,
        /// Why the rank is asked.
        pub scene: super::RiskScene,
        /// The user's mobile number.
        pub mobile_no: Option<String>,
        /// The user's IP address.
        pub client_ip: String,
        /// The user's e-mail address.
        pub email_address: Option<String>,
        /// Anything else.
        pub extended_info: Option<String>,
        /// A test call (`true`) or a real one.
        pub is_test: Option<bool>,
    }
    pub struct Response {
        /// 0..=4, higher is riskier.
        pub risk_rank: i64,
        /// The request id (WeChat spells it `unoin_id`).
        #[wx(rename = "unoin_id")]
        pub union_id: i64,
    }
}

fn check_risk(req: &get_risk_rank::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::security::get_risk_rank";
    for (field, value) in [
        ("appid", &req.appid),
        ("openid", &req.openid),
        ("client_ip", &req.client_ip),
    ] {
        if value.is_empty() {
            return Err(ValidationError::new(
                NAME,
                field,
                "empty; the field is required",
            ));
        }
    }
    Ok(())
}
