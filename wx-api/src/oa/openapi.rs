//! API management (openapi 管理): daily call quotas, their reset, and the lookup of a failed
//! call's `rid`. Shared by Official Accounts and Mini Programs (`app = both`): each app
//! queries and resets its own quotas with its own token.
//!
//! Limits (official API-management pages), those marked "checked" are checked before sending:
//!
//! | limit | value | WeChat's errcode |
//! |---|---|---|
//! | `cgi_path`, checked | non-empty, starts with `/`, no scheme or host (`/cgi-bin/message/custom/send`) | 76021 (cgi_path not found) |
//! | `cgi_path` of a `/sns/...` API | not supported | 76022 |
//! | resets a month (all quotas or one API's, with a token or with the AppSecret together) | 10 | 48006 |
//! | `appid` of a reset, checked | non-empty, the calling account's own | 41002 (missing), 40013 (another account) |
//! | `rid`, checked | non-empty; only the last 7 days, only the caller's own | 76002 (empty or malformed), 76001 (not found), 76003 (not the caller's) |
//!
//! `clear_quota/v2` authenticates with the AppSecret in the JSON body and carries no
//! access token, so that an app whose token quota is spent can still reset it. Its current
//! page lists `appid` and `appsecret` under "request body" (query string: none) while its
//! example writes them in the query string, as an older page did; the field table is followed
//! (see the doc-example fixture `oa.openapi.clear_all_with_secret.json`).

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Resets allowed a month, quota resets of all kinds together (48006 beyond).
pub const MAX_RESETS_PER_MONTH: u32 = 10;

/// An API's daily quota, as `openapi/quota/get` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Quota {
    /// Calls allowed today.
    #[serde(default)]
    pub daily_limit: u64,
    /// Calls made today.
    #[serde(default)]
    pub used: u64,
    /// Calls left today.
    #[serde(default)]
    pub remain: u64,
}

/// A rate limit: at most `call_count` calls every `refresh_second` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RateLimit {
    /// Calls allowed in one period.
    #[serde(default)]
    pub call_count: u64,
    /// The period, in seconds.
    #[serde(default)]
    pub refresh_second: u64,
}

/// The request a `rid` identifies, as `openapi/rid/get` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RidRequest {
    /// When the request was made (Unix seconds).
    #[serde(default)]
    pub invoke_time: u64,
    /// How long it took, in milliseconds.
    #[serde(default)]
    pub cost_in_ms: u64,
    /// Its query string.
    #[serde(default)]
    pub request_url: String,
    /// Its body (empty for a GET).
    #[serde(default)]
    pub request_body: String,
    /// What WeChat answered.
    #[serde(default)]
    pub response_body: String,
    /// The caller's IP address.
    #[serde(default)]
    pub client_ip: String,
}

pub(crate) fn check_cgi_path(endpoint: &'static str, path: &str) -> Result<(), ValidationError> {
    if path.is_empty() || !path.starts_with('/') {
        return Err(ValidationError::new(
            endpoint,
            "cgi_path",
            format!(
                "{path:?}; the API's path starts with `/`, without scheme or host, e.g. \
                 `/cgi-bin/message/custom/send` (WeChat answers 76021)"
            ),
        ));
    }
    Ok(())
}

fn check_non_empty(
    endpoint: &'static str,
    field: &'static str,
    value: &str,
    code: i64,
) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            field,
            format!("empty; it is required (WeChat answers {code})"),
        ));
    }
    Ok(())
}

/// Today's quota of one API (and its rate limits, when WeChat reports them).
///
/// Errors: 76021 (`cgi_path` not found), 76022 (no permission for it, e.g. a `/sns/` API).
#[wx_endpoint(POST "/cgi-bin/openapi/quota/get", app = both, validate = super::check_get_quota,
    doc = "https://developers.weixin.qq.com/doc/service/api/apimanage/api_getapiquota.html")]
pub mod get_quota {
    pub struct Request {
        /// The API's path, e.g. `/cgi-bin/message/custom/send` (no scheme or host).
        pub cgi_path: String,
    }
    pub struct Response {
        /// The daily quota.
        #[wx(default)]
        pub quota: super::Quota,
        /// The API's rate limit, when it has one.
        pub rate_limit: Option<super::RateLimit>,
        /// The rate limit of third-party platforms calling it on the account's behalf.
        pub component_rate_limit: Option<super::RateLimit>,
    }
}

fn check_get_quota(req: &get_quota::Request) -> Result<(), ValidationError> {
    check_cgi_path("openapi::get_quota", &req.cgi_path)
}

/// Reset one API's daily quota (counts against the 10 resets a month).
///
/// Errors: 76021 (`cgi_path` not found), 48006 (no resets left this month).
#[wx_endpoint(POST "/cgi-bin/openapi/quota/clear", app = both, validate = super::check_clear_quota,
    doc = "https://developers.weixin.qq.com/doc/service/api/apimanage/api_clearapiquota.html")]
pub mod clear_quota {
    pub struct Request {
        /// The API's path, e.g. `/cgi-bin/message/custom/send`.
        pub cgi_path: String,
    }
    pub struct Response {}
}

fn check_clear_quota(req: &clear_quota::Request) -> Result<(), ValidationError> {
    check_cgi_path("openapi::clear_quota", &req.cgi_path)
}

/// Reset every daily quota of the account (counts against the 10 resets a month).
///
/// Errors: 48006 (no resets left this month), 40013 (`appid` is not the token's account).
#[wx_endpoint(POST "/cgi-bin/clear_quota", app = both, validate = super::check_clear_all,
    doc = "https://developers.weixin.qq.com/doc/service/api/apimanage/api_clearquota.html")]
pub mod clear_all {
    pub struct Request {
        /// The account's own AppID.
        pub appid: String,
    }
    pub struct Response {}
}

fn check_clear_all(req: &clear_all::Request) -> Result<(), ValidationError> {
    check_non_empty("openapi::clear_all", "appid", &req.appid, 41002)
}

/// Reset every daily quota of the account with its AppSecret instead of a token (for when
/// the token quota itself is spent). Counts against the same 10 resets a month.
///
/// Errors: 41002 (appid missing), 41004 (appsecret missing), 40013 (invalid appid),
/// 40001/40125 (wrong secret), 48006 (no resets left this month).
#[wx_endpoint(POST "/cgi-bin/clear_quota/v2", app = both, auth = none, validate = super::check_clear_all_with_secret,
    doc = "https://developers.weixin.qq.com/doc/service/api/apimanage/api_clearquotabyappsecret.html")]
pub mod clear_all_with_secret {
    pub struct Request {
        /// The account's AppID.
        pub appid: String,
        /// The account's AppSecret (redacted in `Debug`).
        pub appsecret: ::wx_core::Secret,
    }
    pub struct Response {}
}

fn check_clear_all_with_secret(
    req: &clear_all_with_secret::Request,
) -> Result<(), ValidationError> {
    check_non_empty("openapi::clear_all_with_secret", "appid", &req.appid, 41002)?;
    check_non_empty(
        "openapi::clear_all_with_secret",
        "appsecret",
        req.appsecret.expose(),
        41004,
    )
}

/// What a failed call's `rid` (the `rid: ...` at the end of an `errmsg`) was: the request
/// and WeChat's answer. Only the caller's own rids of the last 7 days.
///
/// Errors: 76001 (not found, or older than 7 days), 76002 (empty or malformed), 76003 (not
/// the caller's).
#[wx_endpoint(POST "/cgi-bin/openapi/rid/get", app = both, validate = super::check_get_rid,
    doc = "https://developers.weixin.qq.com/doc/service/api/apimanage/api_getridinfo.html")]
pub mod get_rid {
    pub struct Request {
        /// The rid, e.g. `61725984-6126f6f9-040f19c4`.
        pub rid: String,
    }
    pub struct Response {
        /// The request and its answer.
        #[wx(default)]
        pub request: super::RidRequest,
    }
}

fn check_get_rid(req: &get_rid::Request) -> Result<(), ValidationError> {
    check_non_empty("openapi::get_rid", "rid", &req.rid, 76002)
}
