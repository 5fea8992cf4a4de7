//! URL Link (加密 URL Link): `https://wxaurl.cn/...` links that open the Mini Program
//! from outside WeChat ([`generate`]), and their look-up ([`query`]). Path, query, expiry
//! and version limits are those of `wxa::scheme` (see its table), checked the same way;
//! `cloud_base.env` is required when `cloud_base` is given, and `cloud_base.query` follows
//! the query rule.

use crate::wxa::scheme::{self, LinkInfo};
pub use crate::wxa::scheme::{EnvVersion, ExpireType, QueryType, QuotaInfo};
use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// A cloud-development static web page to pass through instead of WeChat's own H5 page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CloudBase {
    /// The cloud environment (required).
    pub env: String,
    /// The static site's own domain; the default domain when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The H5 page's path (no query); `/` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The H5 page's query (the `query` rule of `wxa::scheme`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The appid that created `env`, for third-party platforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_appid: Option<String>,
}

impl CloudBase {
    /// The environment `env`.
    pub fn new(env: impl Into<String>) -> Self {
        Self {
            env: env.into(),
            ..Self::default()
        }
    }
    /// Sets the domain.
    pub fn with_domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }
    /// Sets the H5 page's path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// Sets the H5 page's query.
    pub fn with_query(mut self, query: impl Into<String>) -> Self {
        self.query = Some(query.into());
        self
    }
    /// Sets the resource appid.
    pub fn with_resource_appid(mut self, appid: impl Into<String>) -> Self {
        self.resource_appid = Some(appid.into());
        self
    }
}

/// A URL Link's settings as [`query`] answers them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UrlLinkInfo {
    /// The settings shared with schemes.
    #[serde(flatten)]
    pub link: LinkInfo,
    /// The cloud-development page, when one was set. The page's example spells `domain`
    /// as `doamin`; both are read.
    #[serde(default)]
    pub cloud_base: Option<CloudBaseInfo>,
}

/// The cloud-development page of a link, as answered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloudBaseInfo {
    /// The environment.
    #[serde(default)]
    pub env: String,
    /// The domain (`domain`, or `doamin` as the example spells it).
    #[serde(default, alias = "doamin")]
    pub domain: String,
    /// The page's path.
    #[serde(default)]
    pub path: String,
    /// The page's query.
    #[serde(default)]
    pub query: String,
    /// The appid that created the environment.
    #[serde(default)]
    pub resource_appid: String,
}

/// Generate an encrypted URL Link (`generateUrlLink`), valid at most 30 days. Errors as
/// for `wxa::scheme::generate`.
#[wx_endpoint(POST "/wxa/generate_urllink", app = wxa, validate = super::check_generate,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/url-link/api_generateurllink.html")]
pub mod generate {
    pub struct Request {
        /// A page of the released Mini Program, without query; its home page when absent.
        pub path: Option<String>,
        /// The page's query (≤ 1024 characters).
        pub query: Option<String>,
        /// How it expires: at `expire_time` (0, the default) or after `expire_interval` days (1).
        pub expire_type: Option<super::ExpireType>,
        /// Expiry time (Unix seconds), at most 30 days ahead, for type 0.
        pub expire_time: Option<i64>,
        /// Days of validity, 1..=30, for type 1.
        pub expire_interval: Option<u32>,
        /// A cloud-development H5 page to pass through.
        pub cloud_base: Option<super::CloudBase>,
        /// Which version opens (outside WeChat only); `release` when absent.
        pub env_version: Option<super::EnvVersion>,
    }
    pub struct Response {
        /// The link, `https://wxaurl.cn/...`.
        pub url_link: String,
    }
}

fn check_generate(req: &generate::Request) -> Result<(), ValidationError> {
    const NAME: &str = "wxa::urllink::generate";
    scheme::check_path(NAME, "path", req.path.as_deref())?;
    scheme::check_query(NAME, "query", req.query.as_deref())?;
    scheme::check_expiry(NAME, req.expire_type, req.expire_time, req.expire_interval)?;
    if let Some(cb) = &req.cloud_base {
        if cb.env.is_empty() {
            return Err(ValidationError::new(
                NAME,
                "cloud_base.env",
                "empty; the cloud environment is required",
            ));
        }
        scheme::check_path(NAME, "cloud_base.path", cb.path.as_deref())?;
        scheme::check_query(NAME, "cloud_base.query", cb.query.as_deref())?;
    }
    Ok(())
}

/// Look up a URL Link (`queryUrlLink`), or today's remaining visits. Errors: 40097,
/// 85403 (no such link).
#[wx_endpoint(POST "/wxa/query_urllink", app = wxa,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/url-link/api_queryurllink.html")]
pub mod query {
    pub struct Request {
        /// The link (with or without a `cq` parameter appended).
        pub url_link: Option<String>,
        /// The link's settings (0, the default) or the visits left today (1).
        pub query_type: Option<super::QueryType>,
    }
    pub struct Response {
        /// The link's settings (query type 0).
        pub url_link_info: Option<super::UrlLinkInfo>,
        /// The visits left today (query type 1).
        pub quota_info: Option<super::QuotaInfo>,
        /// Who opened the link, on older replies; empty when nobody did.
        pub visit_openid: Option<String>,
    }
}
