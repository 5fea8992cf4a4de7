//! Customer-service sessions (会话控制): a user is served by at most one account at a time;
//! users who wrote but are not served yet wait in a queue ([`list_waiting`]).
//!
//! Checked before sending: the `kf_account` format (see [`super`]) and a non-empty openid.
//! WeChat's codes: 65401 (no such account), 65402 (the account has no bound worker),
//! 65413 (no session of that user), 65414 (the user is served by another account), 65415
//! (the worker is not online), 40003 (invalid openid). Creating a session that already
//! exists answers 0.

use serde::{Deserialize, Serialize};
use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most users [`list_waiting`] lists (the oldest first).
pub const MAX_WAITING_LISTED: usize = 100;

fn check_pair(endpoint: &'static str, account: &str, openid: &str) -> Result<(), ValidationError> {
    super::check_account(endpoint, account)?;
    super::check_openid(endpoint, openid)
}

/// Start a session between a customer-service account (bound to a worker and online) and a
/// user.
///
/// Errors: 65401, 65402, 65414 (served by another account), 65415 (not online), 40003.
#[wx_endpoint(POST "/customservice/kfsession/create", app = oa, validate = super::check_create,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/messctrl/api_createkfsession")]
pub mod create {
    pub struct Request {
        /// The full account, `prefix@wxid`.
        pub kf_account: String,
        /// The user's openid.
        pub openid: String,
    }
    pub struct Response {}
}

fn check_create(req: &create::Request) -> Result<(), ValidationError> {
    check_pair("kf::session::create", &req.kf_account, &req.openid)
}

/// Close the session between a customer-service account and a user.
///
/// Errors: 65401, 65402, 65413 (no such session), 65414 (served by another account), 40003.
#[wx_endpoint(POST "/customservice/kfsession/close", app = oa, validate = super::check_close,
    doc = "https://developers.weixin.qq.com/doc/service/Customer_Service/Session_control.html")]
pub mod close {
    pub struct Request {
        /// The full account, `prefix@wxid`.
        pub kf_account: String,
        /// The user's openid.
        pub openid: String,
    }
    pub struct Response {}
}

fn check_close(req: &close::Request) -> Result<(), ValidationError> {
    check_pair("kf::session::close", &req.kf_account, &req.openid)
}

/// A user's current session: the serving account (empty when none) and since when.
///
/// Errors: 40003 (invalid openid).
#[wx_endpoint(GET "/customservice/kfsession/getsession", app = oa, validate = super::check_get,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/messctrl/api_getkfsession")]
pub mod get {
    pub struct Request {
        /// The user's openid.
        #[wx(query)]
        pub openid: String,
    }
    pub struct Response {
        /// The serving account; empty when nobody serves the user.
        #[wx(default)]
        pub kf_account: String,
        /// When the session started (Unix seconds).
        #[wx(default)]
        pub createtime: i64,
    }
}

fn check_get(req: &get::Request) -> Result<(), ValidationError> {
    super::check_openid("kf::session::get", &req.openid)
}

/// A session of an account, as [`list`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Session {
    /// The user's openid.
    pub openid: String,
    /// When the session started (Unix seconds).
    #[serde(default)]
    pub createtime: i64,
}

/// The sessions a customer-service account is serving.
///
/// Errors: 65401 (no such account).
#[wx_endpoint(GET "/customservice/kfsession/getsessionlist", app = oa, validate = super::check_list,
    doc = "https://developers.weixin.qq.com/doc/service/Customer_Service/Session_control.html")]
pub mod list {
    pub struct Request {
        /// The full account, `prefix@wxid`.
        #[wx(query)]
        pub kf_account: String,
    }
    pub struct Response {
        /// The sessions.
        #[wx(default)]
        pub sessionlist: Vec<super::Session>,
    }
}

fn check_list(req: &list::Request) -> Result<(), ValidationError> {
    super::check_account("kf::session::list", &req.kf_account)
}

/// A user waiting to be served, as [`list_waiting`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Waiting {
    /// The user's openid.
    pub openid: String,
    /// When the user's last message came (Unix seconds).
    #[serde(default)]
    pub latest_time: i64,
}

/// The users waiting to be served: how many, and the first 100 in order of arrival.
#[wx_endpoint(GET "/customservice/kfsession/getwaitcase", app = oa,
    doc = "https://developers.weixin.qq.com/doc/service/api/customer/messctrl/api_getwaitcase")]
pub mod list_waiting {
    pub struct Request {}
    pub struct Response {
        /// How many users wait (all of them, not only those listed).
        #[wx(default)]
        pub count: u64,
        /// The first 100 of them, the oldest first.
        #[wx(default)]
        pub waitcaselist: Vec<super::Waiting>,
    }
}
