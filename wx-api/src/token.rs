//! Access tokens: the two token endpoints and the [`TokenSource`]s built on them.
//!
//! | | [`Classic`] (`GET /cgi-bin/token`) | [`Stable`] (`POST /cgi-bin/stable_token`) |
//! |---|---|---|
//! | a call while a token is valid | issues a new token; the old one dies 5 minutes later | returns the same token (normal mode) |
//! | lifetime | `expires_in`, up to 7200 s | `expires_in`, at least 300 s (renewed 5 minutes before expiry, both valid meanwhile) |
//! | quota | 2000 calls a day for an Official Account (45009 past it) | 10 000 a minute, 500 000 a day; `force_refresh` 20 a day, 30 s apart |
//!
//! The two kinds are isolated: fetching one never invalidates the other. Because a classic
//! fetch rotates the token, processes that fetch independently cut each other off, so
//! [`Stable`] is the choice for fleets. Errors of both endpoints: 40001 (wrong AppSecret),
//! 40002 (bad `grant_type`), 40013 (bad AppID), 40125 (invalid AppSecret), 40164 (the
//! caller's IP is not on the account's whitelist), 40243 (AppSecret frozen), 61024 (a
//! third-party platform's AppID). A token takes up to 512 characters.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use wx_core::{BoxFuture, Error};
use wx_macros::wx_endpoint;

pub use wx_core::token::*;

/// `grant_type` of both token endpoints: always `client_credential`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantType {
    /// `client_credential`.
    #[default]
    #[serde(rename = "client_credential")]
    ClientCredential,
}

/// Get an access token. Every successful call issues a new token and invalidates the
/// previous one after a 5-minute overlap, so share one fetcher per app (the client does).
#[wx_endpoint(GET "/cgi-bin/token", app = both, auth = none,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html")]
pub mod get {
    pub struct Request {
        /// Sent as `client_credential`.
        #[wx(query, default)]
        pub grant_type: super::GrantType,
        /// The app's AppID.
        #[wx(query)]
        pub appid: String,
        /// The app's AppSecret (redacted in `Debug`).
        #[wx(query)]
        pub secret: ::wx_core::Secret,
    }
    pub struct Response {
        /// The token; reserve at least 512 characters to store one.
        pub access_token: ::wx_core::AccessToken,
        /// Lifetime in seconds (currently up to 7200; treat the value as authoritative).
        pub expires_in: u64,
    }
}

/// Get a stable access token: while it is valid every call returns the same token, so
/// several processes calling it do not evict each other. Isolated from `/cgi-bin/token`.
#[wx_endpoint(POST "/cgi-bin/stable_token", app = both, auth = none,
    doc = "https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html")]
pub mod get_stable {
    pub struct Request {
        /// Sent as `client_credential`.
        #[wx(default)]
        pub grant_type: super::GrantType,
        /// The app's AppID.
        pub appid: String,
        /// The app's AppSecret (redacted in `Debug`).
        pub secret: ::wx_core::Secret,
        /// Invalidate the current stable token and issue a new one (20 calls a day,
        /// 30 s apart). Only for a leaked token.
        pub force_refresh: Option<bool>,
    }
    pub struct Response {
        /// The stable token; reserve at least 512 characters to store one.
        pub access_token: ::wx_core::AccessToken,
        /// Lifetime in seconds. At least 300: WeChat renews the stable token 5 minutes before it
        /// expires, and the old and new tokens both work during those 5 minutes.
        pub expires_in: u64,
    }
}

/// Tokens from `GET /cgi-bin/token` (the classic endpoint; each fetch rotates the token).
#[derive(Debug, Clone, Copy, Default)]
pub struct Classic;

impl TokenSource for Classic {
    fn fetch<'a>(&'a self, ctx: FetchContext<'a>) -> BoxFuture<'a, Result<FreshToken, Error>> {
        Box::pin(async move {
            let creds = ctx.credentials();
            let request = get::Request::new(creds.app_id(), creds.secret().clone());
            let reply = ctx.send(&request).await?;
            Ok(FreshToken::new(
                reply.access_token,
                Duration::from_secs(reply.expires_in),
            ))
        })
    }
}

/// Tokens from `POST /cgi-bin/stable_token` in normal mode: the choice for fleets of
/// processes, since calling it does not rotate a valid token.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stable;

impl TokenSource for Stable {
    fn fetch<'a>(&'a self, ctx: FetchContext<'a>) -> BoxFuture<'a, Result<FreshToken, Error>> {
        Box::pin(async move {
            let creds = ctx.credentials();
            let request = get_stable::Request::new(creds.app_id(), creds.secret().clone());
            let reply = ctx.send(&request).await?;
            Ok(FreshToken::new(
                reply.access_token,
                Duration::from_secs(reply.expires_in),
            ))
        })
    }
}
