//! The network between WeChat and the developer: WeChat's IP addresses (those of
//! `api.weixin.qq.com`, and those its pushes come from) and a reachability check of the
//! account's callback URL. Shared by Official Accounts and Mini Programs (`app = both`).
//!
//! The IP lists change: the official pages advise fetching them once a day and not pinning
//! `api.weixin.qq.com` to an old list. The callback check resolves the configured push URL
//! and pings every address once (so a loss is `0%` or `100%`); its errcodes are 40201 (no or
//! bad callback URL), 40202 (bad `action`), 40203 (bad `check_operator`): the two enums below
//! make the last two impossible to send.

use serde::{Deserialize, Serialize};
use wx_macros::wx_endpoint;

/// What the callback check does (`action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckAction {
    /// Resolve the domain and ping its addresses (`all`).
    #[default]
    All,
    /// Only resolve the domain (`dns`).
    Dns,
    /// Only ping (`ping`).
    Ping,
}

/// From which network operator WeChat checks (`check_operator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CheckOperator {
    /// Chosen by the address (`DEFAULT`).
    #[default]
    Default,
    /// China Telecom's egress (`CHINANET`).
    Chinanet,
    /// China Unicom's egress (`UNICOM`).
    Unicom,
    /// Tencent's own egress (`CAP`).
    Cap,
}

/// One resolved address of the callback domain.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DnsResult {
    /// The address.
    #[serde(default)]
    pub ip: String,
    /// Its operator (`UNICOM`, `CHINANET`, `CAP`...).
    #[serde(default)]
    pub real_operator: String,
}

/// One ping of an address of the callback domain.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PingResult {
    /// The address pinged.
    #[serde(default)]
    pub ip: String,
    /// The operator the ping left from (the request's `check_operator`).
    #[serde(default)]
    pub from_operator: String,
    /// The loss: `"0%"` or `"100%"` (one packet is sent).
    #[serde(default)]
    pub package_loss: String,
    /// The round trip, e.g. `"23.079ms"`.
    #[serde(default)]
    pub time: String,
}

/// Check that WeChat reaches the account's callback (push) URL: DNS, ping, or both.
///
/// Errors: 40201 (no callback URL configured, or an invalid one).
#[wx_endpoint(POST "/cgi-bin/callback/check", app = both,
    doc = "https://developers.weixin.qq.com/doc/service/api/base/api_callbackcheck.html")]
pub mod check_callback {
    pub struct Request {
        /// What to check.
        pub action: super::CheckAction,
        /// From which operator.
        pub check_operator: super::CheckOperator,
    }
    pub struct Response {
        /// The resolved addresses (for `dns` and `all`).
        #[wx(default)]
        pub dns: Vec<super::DnsResult>,
        /// The pings (for `ping` and `all`).
        #[wx(default)]
        pub ping: Vec<super::PingResult>,
    }
}

/// The IP addresses of `api.weixin.qq.com` (where the developer's calls go).
#[wx_endpoint(GET "/cgi-bin/get_api_domain_ip", app = both,
    doc = "https://developers.weixin.qq.com/doc/service/api/base/api_getapidomainip.html")]
pub mod get_api_ips {
    pub struct Request {}
    pub struct Response {
        /// Addresses (or CIDR ranges).
        #[wx(default)]
        pub ip_list: Vec<String>,
    }
}

/// The IP addresses WeChat's pushes come from (for a firewall's allow list).
#[wx_endpoint(GET "/cgi-bin/getcallbackip", app = both,
    doc = "https://developers.weixin.qq.com/doc/service/api/base/api_getcallbackip.html")]
pub mod get_callback_ips {
    pub struct Request {}
    pub struct Response {
        /// Addresses (or CIDR ranges such as `101.226.103.0/25`).
        #[wx(default)]
        pub ip_list: Vec<String>,
    }
}
