//! Mini-program login: exchange the `code` from `wx.login()` for the user's openid and
//! session key. Authenticated with the app's own appid and secret, not an access token.
//!
//! WeChat's codes: 40029 (invalid or expired code), 40163 (code already used), 45011 (too
//! frequent).

use serde::{Deserialize, Serialize};
use wx_macros::wx_endpoint;

/// `grant_type` of the login exchange: always `authorization_code`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantType {
    /// `authorization_code`.
    #[default]
    #[serde(rename = "authorization_code")]
    AuthorizationCode,
}

/// `code2Session`. A code works once (40163) and only for a few minutes (40029).
#[wx_endpoint(GET "/sns/jscode2session", app = wxa, auth = app_credentials,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html")]
pub mod exchange_code {
    pub struct Request {
        /// The code `wx.login()` gave the mini program (`js_code`).
        #[wx(query)]
        pub js_code: String,
        /// Sent as `authorization_code`.
        #[wx(query, default)]
        pub grant_type: super::GrantType,
    }
    pub struct Response {
        /// The user's openid for this mini program.
        pub openid: String,
        /// Decrypts the user data the mini program receives; never send it to the client.
        pub session_key: ::wx_core::Secret,
        /// The UnionID, when the mini program is bound to an Open Platform account.
        pub unionid: Option<String>,
    }
}
