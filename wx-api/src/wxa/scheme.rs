//! URL Scheme (加密 scheme 码): `weixin://dl/business/?t=...` links that open the Mini
//! Program from SMS, e-mail or web pages ([`generate`]), NFC tags ([`generate_nfc`]), and
//! their look-up ([`query`]). The types here are shared with `wxa::urllink`.
//!
//! Limits (official pages), checked before sending:
//!
//! | field | limit | WeChat's errcode |
//! |---|---|---|
//! | `jump_wxa.path` / `path` | no query (`?`) in the path | 40165 |
//! | `jump_wxa.query` / `query` | at most 1024 characters, only ASCII letters, digits and `!#$&'()*+,/:;=?@-._~%` ([`QUERY_SYMBOLS`]) | 40212 |
//! | `expire_type` | `0` (at `expire_time`) or `1` (after `expire_interval` days) — an enum | 40097 |
//! | `expire_time` | required for type 0; in the future and at most 30 days ahead ([`MAX_EXPIRE_DAYS`]) | 85401 |
//! | `expire_interval` | required for type 1; 1..=30 days | 85401 |
//! | `env_version` | `release`, `trial`, `develop` — an enum | 85402 |
//! | `model_id` (NFC) | required | 40097 |
//! | `query_type` (query) | `0` (link info) or `1` (remaining daily visits) — an enum | 40097 |
//!
//! Daily quotas (not checkable here): 500 000 schemes and URL links generated per day
//! together; 3 000 000 (now 6 000 000) opens per day; 85400 when the long-lived quota is
//! used up. Since 2022-04-11 every link expires within 30 days; `is_expire` (still in
//! some page examples) is ignored by WeChat and not sent.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

pub use crate::wxa::code::EnvVersion;

/// Longest `query`, in characters.
pub const MAX_QUERY_CHARS: usize = 1024;
/// Characters a `query` may hold besides ASCII letters and digits.
pub const QUERY_SYMBOLS: &str = "!#$&'()*+,/:;=?@-._~%";
/// Longest validity of a link, in days.
pub const MAX_EXPIRE_DAYS: u32 = 30;

/// How a link expires (`expire_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpireType {
    /// `0`: at `expire_time` (Unix seconds).
    #[default]
    At,
    /// `1`: after `expire_interval` days.
    AfterDays,
}

impl Serialize for ExpireType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            Self::At => 0,
            Self::AfterDays => 1,
        })
    }
}

impl<'de> Deserialize<'de> for ExpireType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            0 => Ok(Self::At),
            1 => Ok(Self::AfterDays),
            n => Err(serde::de::Error::custom(format!(
                "expire_type {n}, expected 0 or 1"
            ))),
        }
    }
}

/// What a query asks for (`query_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryType {
    /// `0`: the link's settings.
    #[default]
    Info,
    /// `1`: the visits left today.
    Quota,
}

impl Serialize for QueryType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            Self::Info => 0,
            Self::Quota => 1,
        })
    }
}

impl<'de> Deserialize<'de> for QueryType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u8::deserialize(d)? {
            0 => Ok(Self::Info),
            1 => Ok(Self::Quota),
            n => Err(serde::de::Error::custom(format!(
                "query_type {n}, expected 0 or 1"
            ))),
        }
    }
}

/// Where a scheme leads (`jump_wxa`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JumpWxa {
    /// A page of the released Mini Program, without query; its home page when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The page's query (≤ 1024 characters of [`QUERY_SYMBOLS`], letters and digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Which version opens (outside WeChat only); `release` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_version: Option<EnvVersion>,
}

impl JumpWxa {
    /// The page `path` (no query).
    pub fn page(path: impl Into<String>) -> Self {
        Self {
            path: Some(path.into()),
            ..Self::default()
        }
    }
    /// Sets the query.
    pub fn with_query(mut self, query: impl Into<String>) -> Self {
        self.query = Some(query.into());
        self
    }
    /// Sets the version to open.
    pub fn with_env_version(mut self, env: EnvVersion) -> Self {
        self.env_version = Some(env);
        self
    }
}

/// A link's settings as the query endpoints answer them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkInfo {
    /// The Mini Program's appid.
    #[serde(default)]
    pub appid: String,
    /// The page.
    #[serde(default)]
    pub path: String,
    /// The page's query.
    #[serde(default)]
    pub query: String,
    /// When the link was made (Unix seconds).
    #[serde(default)]
    pub create_time: i64,
    /// When it expires (Unix seconds; 0: never, for links made before 2022-04-11).
    #[serde(default)]
    pub expire_time: i64,
    /// Which version it opens (`release`, `trial`, `develop`).
    #[serde(default)]
    pub env_version: String,
}

/// The visits left today (`quota_info`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuotaInfo {
    /// URL Scheme and URL Link opens left today.
    #[serde(default)]
    pub remain_visit_quota: i64,
}

pub(crate) fn check_path(
    endpoint: &'static str,
    field: &'static str,
    path: Option<&str>,
) -> Result<(), ValidationError> {
    if path.is_some_and(|p| p.contains('?')) {
        return Err(ValidationError::new(
            endpoint,
            field,
            "carries a query; put it in `query` (WeChat answers 40165)",
        ));
    }
    Ok(())
}

pub(crate) fn check_query(
    endpoint: &'static str,
    field: &'static str,
    query: Option<&str>,
) -> Result<(), ValidationError> {
    let Some(q) = query else { return Ok(()) };
    let n = q.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!(
                "{n} characters, over the {MAX_QUERY_CHARS}-character limit (WeChat answers 40212)"
            ),
        ));
    }
    if let Some(c) = q
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || QUERY_SYMBOLS.contains(*c)))
    {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("holds {c:?}; only ASCII letters, digits and {QUERY_SYMBOLS} are allowed (WeChat answers 40212)"),
        ));
    }
    Ok(())
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

pub(crate) fn check_expiry(
    endpoint: &'static str,
    expire_type: Option<ExpireType>,
    expire_time: Option<i64>,
    expire_interval: Option<u32>,
) -> Result<(), ValidationError> {
    match expire_type.unwrap_or_default() {
        ExpireType::At => {
            let Some(t) = expire_time else {
                // Without expire_time WeChat applies its default (30 days).
                return Ok(());
            };
            let now = now();
            let max = now + i64::from(MAX_EXPIRE_DAYS) * 86_400;
            if t <= now || t > max {
                return Err(ValidationError::new(
                    endpoint,
                    "expire_time",
                    format!("{t} is not within the next {MAX_EXPIRE_DAYS} days (WeChat answers 85401)"),
                ));
            }
        }
        ExpireType::AfterDays => match expire_interval {
            Some(1..=MAX_EXPIRE_DAYS) => {}
            other => {
                return Err(ValidationError::new(
                    endpoint,
                    "expire_interval",
                    format!(
                        "{}; with expire_type 1 it is required, 1..={MAX_EXPIRE_DAYS} days (WeChat answers 85401)",
                        other.map_or("missing".to_owned(), |d| format!("{d} days"))
                    ),
                ))
            }
        },
    }
    Ok(())
}

fn check_jump(endpoint: &'static str, jump: Option<&JumpWxa>) -> Result<(), ValidationError> {
    if let Some(j) = jump {
        check_path(endpoint, "jump_wxa.path", j.path.as_deref())?;
        check_query(endpoint, "jump_wxa.query", j.query.as_deref())?;
    }
    Ok(())
}

/// Generate an encrypted URL Scheme (`generateScheme`), valid at most 30 days.
/// Errors: 40002 (no permission: personal-subject Mini Programs), 40013 (banned), 85079
/// (not released), 40165 (path), 40212 (query), 85401 (expiry), 85402 (env_version), 85400
/// (quota).
#[wx_endpoint(POST "/wxa/generatescheme", app = wxa, validate = super::check_generate,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/url-scheme/api_generatescheme.html")]
pub mod generate {
    pub struct Request {
        /// Where the scheme leads; the home page when absent.
        pub jump_wxa: Option<super::JumpWxa>,
        /// How it expires: at `expire_time` (0, the default) or after `expire_interval` days (1).
        pub expire_type: Option<super::ExpireType>,
        /// Expiry time (Unix seconds), at most 30 days ahead, for type 0.
        pub expire_time: Option<i64>,
        /// Days of validity, 1..=30, for type 1.
        pub expire_interval: Option<u32>,
    }
    pub struct Response {
        /// The scheme, `weixin://dl/business/?t=...`.
        pub openlink: String,
    }
}

fn check_generate(req: &generate::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::scheme::generate";
    check_jump(NAME, req.jump_wxa.as_ref())?;
    check_expiry(NAME, req.expire_type, req.expire_time, req.expire_interval)
}

/// Look up a scheme (`queryScheme`), encrypted or plain, or today's remaining visits.
/// Errors: 40097 (invalid), 85403 (no such scheme), 85406 (daily visit limit).
#[wx_endpoint(POST "/wxa/queryscheme", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/url-scheme/api_queryscheme.html")]
pub mod query {
    pub struct Request {
        /// The scheme (with or without a `cq` parameter appended).
        pub scheme: Option<String>,
        /// The link's settings (0, the default) or the visits left today (1).
        pub query_type: Option<super::QueryType>,
    }
    pub struct Response {
        /// The scheme's settings (query type 0).
        pub scheme_info: Option<super::LinkInfo>,
        /// The visits left today (query type 1).
        pub quota_info: Option<super::QuotaInfo>,
        /// Who opened the link, on older replies; empty when nobody did.
        pub visit_openid: Option<String>,
    }
}

/// Generate a scheme for NFC tags of a registered device model (`generateNFCScheme`).
/// Errors: 40002 (no NFC permission), 85079, 40165, 40212, 85402, 9800010 (a scheme already
/// exists for this model/sn).
#[wx_endpoint(POST "/wxa/generatenfcscheme", app = wxa, validate = super::check_nfc,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/url-scheme/api_generatenfcscheme.html")]
pub mod generate_nfc {
    pub struct Request {
        /// Where the scheme leads; the home page when absent.
        pub jump_wxa: Option<super::JumpWxa>,
        /// The device model id the scheme is for.
        pub model_id: String,
        /// The device's serial number, for one code per device only.
        pub sn: Option<String>,
    }
    pub struct Response {
        /// The scheme.
        pub openlink: String,
    }
}

fn check_nfc(req: &generate_nfc::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::scheme::generate_nfc";
    if req.model_id.is_empty() {
        return Err(ValidationError::new(
            NAME,
            "model_id",
            "empty; the device model id is required",
        ));
    }
    check_jump(NAME, req.jump_wxa.as_ref())
}
