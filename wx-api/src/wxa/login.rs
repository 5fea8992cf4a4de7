//! Mini-program login: exchange the `code` from `wx.login()` for the user's openid and
//! session key. Authenticated with the app's own appid and secret, not an access token.
//!
//! WeChat's codes: 40029 (invalid or expired code), 40163 (code already used), 45011 (too
//! frequent).
//!
//! The session key never travels to WeChat again: [`check_session`] and
//! [`reset_session_key`] (and `wxa::user::get_encrypt_key`) carry the user's openid and a
//! *login-state signature* instead, `signature = hex(HMAC-SHA256(key = session_key, message
//! = ""))`, with `sig_method = hmac_sha256`, the only method WeChat accepts (87008 otherwise;
//! 87009 when the signature is wrong). For a POST the message is the request body; the
//! official example: key `o0q0otL8aEzpcZL/FT9WsQ==` and message `{"foo":"bar"}` give
//! `654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b`. The key is the session
//! key's base64 text as WeChat returned it, used as bytes, not decoded. [`session_signature`]
//! computes it; the requests' `for_session` constructors call it.

use serde::{Deserialize, Serialize};
use wx_core::{Secret, ValidationError};
use wx_macros::wx_endpoint;

/// Hash method of the login-state signature: only `hmac_sha256` exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SigMethod {
    /// `hmac_sha256`.
    #[default]
    #[serde(rename = "hmac_sha256")]
    HmacSha256,
}

/// The login-state signature of `message` (the POST body; empty for the GET endpoints):
/// lowercase hex of HMAC-SHA256 (RFC 2104) keyed by the session key's text.
pub fn session_signature(session_key: &Secret, message: &[u8]) -> String {
    use hmac::{Mac, SimpleHmac};
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let digest = match SimpleHmac::<sha2::Sha256>::new_from_slice(session_key.expose().as_bytes()) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes()
        }
        Err(_) => return String::new(),
    };
    let mut out = String::with_capacity(SIGNATURE_HEX_LEN);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Length of a login-state signature: 32 bytes of HMAC-SHA256 in hex.
pub const SIGNATURE_HEX_LEN: usize = 64;

pub(crate) fn check_signed(
    endpoint: &'static str,
    openid: &str,
    signature: &str,
) -> Result<(), ValidationError> {
    if openid.is_empty() {
        return Err(ValidationError::new(
            endpoint,
            "openid",
            "empty; the user's openid is required",
        ));
    }
    if signature.len() != SIGNATURE_HEX_LEN || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ValidationError::new(
            endpoint,
            "signature",
            format!(
                "{} characters; a login-state signature is {SIGNATURE_HEX_LEN} hex digits (HMAC-SHA256; WeChat answers 87009)",
                signature.len()
            ),
        ));
    }
    Ok(())
}

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

/// Check that the session key the server holds for a user is still valid (`checkSessionKey`).
/// WeChat answers 87009 when the signature does not match the user's current session key
/// (expired, or replaced by a newer `wx.login()`).
#[wx_endpoint(GET "/wxa/checksession", app = wxa, validate = super::check_check_session,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-login/api_checksessionkey.html")]
pub mod check_session {
    pub struct Request {
        /// The user's openid.
        #[wx(query)]
        pub openid: String,
        /// The login-state signature ([`super::session_signature`] of an empty message).
        #[wx(query)]
        pub signature: String,
        /// Always `hmac_sha256`.
        #[wx(query, default)]
        pub sig_method: super::SigMethod,
    }
    pub struct Response {}

    impl Request {
        /// The request for `openid`, signed with the session key the server holds.
        pub fn for_session(openid: impl Into<String>, session_key: &::wx_core::Secret) -> Self {
            Self::new(openid, super::session_signature(session_key, b""))
        }
    }
}

fn check_check_session(req: &check_session::Request) -> Result<(), ValidationError> {
    check_signed("wxa::login::check_session", &req.openid, &req.signature)
}

/// Replace a user's session key (`ResetUserSessionKey`): the old key stops working, the new
/// one keeps the old one's expiry. 60 000 calls a minute per app; resetting the same user
/// often is refused. Errors: 87008 (sig_method), 87009 (signature), 45011 (too frequent).
#[wx_endpoint(GET "/wxa/resetusersessionkey", app = wxa, validate = super::check_reset,
    doc = "https://developers.weixin.qq.com/miniprogram/dev/server/API/user-login/api_resetusersessionkey.html")]
pub mod reset_session_key {
    pub struct Request {
        /// The user's openid.
        #[wx(query)]
        pub openid: String,
        /// The login-state signature with the current session key.
        #[wx(query)]
        pub signature: String,
        /// Always `hmac_sha256`.
        #[wx(query, default)]
        pub sig_method: super::SigMethod,
    }
    pub struct Response {
        /// The user's openid.
        pub openid: String,
        /// The new session key.
        pub session_key: ::wx_core::Secret,
    }

    impl Request {
        /// The request for `openid`, signed with the session key the server holds.
        pub fn for_session(openid: impl Into<String>, session_key: &::wx_core::Secret) -> Self {
            Self::new(openid, super::session_signature(session_key, b""))
        }
    }
}

fn check_reset(req: &reset_session_key::Request) -> Result<(), ValidationError> {
    check_signed("wxa::login::reset_session_key", &req.openid, &req.signature)
}
