//! Web authorization (网页授权): the URLs that send a user's browser to WeChat to log in.
//!
//! Two flows start this way, both on `open.weixin.qq.com`:
//!
//! | flow | who | URL | scopes |
//! |---|---|---|---|
//! | Official Account web authorization | pages opened inside the WeChat client, for a verified Service Account | `/connect/oauth2/authorize` ([`AuthorizeUrl`]) | `snsapi_base` (silent, openid only), `snsapi_userinfo` (consent, then profile) |
//! | Website QR login | desktop browsers, for an Open Platform Website App | `/connect/qrconnect` ([`QrConnectUrl`]) | `snsapi_login` |
//!
//! After consent WeChat redirects to `redirect_uri?code=CODE&state=STATE`; the code is
//! exchanged on the server for a user access token (single use; valid 5 minutes for Official
//! Accounts, 10 for website apps by the Open Platform's page — use it at once either way).
//!
//! Rules the builders enforce, from the official page:
//! - **Parameter order is fixed**: WeChat matches the link with a strict pattern, so the
//!   query is always `appid, redirect_uri, response_type=code, scope, state`, then the
//!   optional extras, then the `#wechat_redirect` fragment, which must end the URL.
//! - `redirect_uri` is an absolute `http`/`https` URL (its host must be the domain
//!   configured in the console) without a `#` fragment (the code would be lost), and it is
//!   percent-encoded whole (every byte outside `A-Z a-z 0-9 - . _ ~`), so its own query
//!   parameters survive the round trip.
//! - `state` (the CSRF token, echoed back unchanged) is `A-Z a-z 0-9` only, at most 128
//!   bytes.
//!
//! ```
//! use wx_api::oa::oauth::{AuthorizeUrl, Scope};
//! let url = AuthorizeUrl::new("wx520c15f417810387", "https://example.com/login?next=/a b", Scope::UserInfo)
//!     .state("Xy12")
//!     .build()?;
//! assert_eq!(
//!     url,
//!     "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387\
//!      &redirect_uri=https%3A%2F%2Fexample.com%2Flogin%3Fnext%3D%2Fa%20b\
//!      &response_type=code&scope=snsapi_userinfo&state=Xy12#wechat_redirect"
//! );
//! # Ok::<(), wx_api::ValidationError>(())
//! ```
//!
//! ## After the redirect: the server side
//!
//! 1. Check `state` against the one issued to this browser session ([`State::verify`]; a
//!    missing or different one is [`StateError`]), then exchange the `code` once:
//!    [`UserAccessToken::exchange`] (`GET /sns/oauth2/access_token`, [`exchange_code`],
//!    appid + secret + code). The code works **once**: a second exchange is
//!    [`Error::is_code_used`] (40163) and an unknown or expired one
//!    [`Error::is_code_invalid`] (40029, 42003); the client never resends an exchange on its
//!    own — not on `-1` either, whatever [`RetryPolicy`](wx_core::RetryPolicy) says — since a
//!    resent code that had reached WeChat would only earn 40163.
//! 2. The user token lives 7200 s; [`UserAccessToken::fresh`] renews it with the refresh
//!    token (30 days; `GET /sns/oauth2/refresh_token`, [`refresh`], appid + refresh token, no
//!    secret) when it is expired or about to be. A refresh token WeChat refuses is
//!    [`Error::is_refresh_token_invalid`] (40030, 42002, 42007): ask the user again.
//! 3. [`UserAccessToken::user_info`] (`GET /sns/userinfo`, [`get_user_info`]; needs
//!    `snsapi_userinfo`, else 48001) and [`UserAccessToken::check`] (`GET /sns/auth`,
//!    [`check_token`]). These two authenticate with the *user's* token, not the app's: a
//!    rejected user token is [`Error::UserTokenInvalid`], and the app's token is never
//!    refreshed for it.
//!
//! The user token, the refresh token and the AppSecret never go to the browser: keep the
//! [`UserAccessToken`] on the server (it is `Serialize`/`Deserialize` for a session store).

use crate::oa::user::Lang as InfoLang;
use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};
use std::time::Duration;
use wx_core::{Client, Error, OfficialAccount, RefreshToken, UserToken, ValidationError};
use wx_macros::wx_endpoint;

/// Longest `state` WeChat accepts, in bytes.
pub const MAX_STATE_BYTES: usize = 128;

/// Where the authorize and QR-login pages live unless a builder's `base` says otherwise.
pub const DEFAULT_BASE: &str = "https://open.weixin.qq.com";
const AUTHORIZE: &str = "/connect/oauth2/authorize";
const QRCONNECT: &str = "/connect/qrconnect";

/// The scope of an Official Account web authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `snsapi_base`: silent, no consent screen; yields the openid only.
    Base,
    /// `snsapi_userinfo`: a consent screen (silent for followers coming from the account's
    /// chat or menu), then the user's profile through `/sns/userinfo`.
    UserInfo,
}

impl Scope {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Base => "snsapi_base",
            Scope::UserInfo => "snsapi_userinfo",
        }
    }
}

/// Builder of the Official Account authorize URL (`/connect/oauth2/authorize`).
#[derive(Debug, Clone)]
pub struct AuthorizeUrl {
    app_id: String,
    redirect_uri: String,
    scope: Scope,
    state: Option<String>,
    force_popup: bool,
    base: Option<String>,
}

impl AuthorizeUrl {
    /// The URL for `app_id` (the Official Account's AppID) that returns to `redirect_uri`
    /// (given plain; the builder encodes it) with `scope`.
    pub fn new(app_id: impl Into<String>, redirect_uri: impl Into<String>, scope: Scope) -> Self {
        Self {
            app_id: app_id.into(),
            redirect_uri: redirect_uri.into(),
            scope,
            state: None,
            force_popup: false,
            base: None,
        }
    }

    /// Sends the browser to `base` (scheme, host, optional port and path prefix) instead of
    /// [`DEFAULT_BASE`] (`https://open.weixin.qq.com`), e.g. a sandbox that emulates the
    /// authorize page; the path `/connect/oauth2/authorize` is appended. `base` must be an
    /// `http://` or `https://` URL (checked by [`build`](Self::build), field `base`).
    pub fn base(mut self, base: impl Into<String>) -> Self {
        self.base = Some(base.into());
        self
    }

    /// The CSRF token WeChat echoes back (`A-Z a-z 0-9`, at most 128 bytes).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// `forcePopup=true`: show the consent pop-up even where it would be skipped (ignored by
    /// WeChat in its silent-authorization special cases).
    pub fn force_popup(mut self, force: bool) -> Self {
        self.force_popup = force;
        self
    }

    /// The URL, or the first rule it breaks.
    pub fn build(&self) -> Result<String, ValidationError> {
        const NAME: &str = "oa::oauth::AuthorizeUrl";
        let mut url = start(
            NAME,
            self.base.as_deref(),
            AUTHORIZE,
            &self.app_id,
            &self.redirect_uri,
            self.scope.as_str(),
            self.state.as_deref(),
        )?;
        if self.force_popup {
            url.push_str("&forcePopup=true");
        }
        url.push_str("#wechat_redirect");
        Ok(url)
    }
}

/// The language of the website login page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// `cn` (WeChat's default).
    Chinese,
    /// `en`.
    English,
}

/// Builder of the website QR-login URL (`/connect/qrconnect`, scope `snsapi_login`), for an
/// Open Platform Website App (its own AppID, not an Official Account's).
#[derive(Debug, Clone)]
pub struct QrConnectUrl {
    app_id: String,
    redirect_uri: String,
    state: Option<String>,
    lang: Option<Lang>,
    base: Option<String>,
}

impl QrConnectUrl {
    /// The URL for the Website App `app_id` that returns to `redirect_uri` (given plain).
    pub fn new(app_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            redirect_uri: redirect_uri.into(),
            state: None,
            lang: None,
            base: None,
        }
    }

    /// Sends the browser to `base` instead of [`DEFAULT_BASE`], like
    /// [`AuthorizeUrl::base`]; the path `/connect/qrconnect` is appended.
    pub fn base(mut self, base: impl Into<String>) -> Self {
        self.base = Some(base.into());
        self
    }

    /// The CSRF token WeChat echoes back (`A-Z a-z 0-9`, at most 128 bytes).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// The login page's language (`lang`); WeChat shows Chinese when it is absent.
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = Some(lang);
        self
    }

    /// The URL, or the first rule it breaks.
    pub fn build(&self) -> Result<String, ValidationError> {
        const NAME: &str = "oa::oauth::QrConnectUrl";
        let mut url = start(
            NAME,
            self.base.as_deref(),
            QRCONNECT,
            &self.app_id,
            &self.redirect_uri,
            "snsapi_login",
            self.state.as_deref(),
        )?;
        match self.lang {
            Some(Lang::Chinese) => url.push_str("&lang=cn"),
            Some(Lang::English) => url.push_str("&lang=en"),
            None => {}
        }
        url.push_str("#wechat_redirect");
        Ok(url)
    }
}

/// `base path?appid=…&redirect_uri=…&response_type=code&scope=…[&state=…]`, checked.
fn start(
    name: &'static str,
    base: Option<&str>,
    path: &str,
    app_id: &str,
    redirect_uri: &str,
    scope: &str,
    state: Option<&str>,
) -> Result<String, ValidationError> {
    if app_id.is_empty()
        || !app_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(ValidationError::new(
            name,
            "appid",
            format!("an AppID is ASCII letters and digits, got {app_id:?}"),
        ));
    }
    check_redirect_uri(name, redirect_uri)?;
    let base = base.unwrap_or(DEFAULT_BASE);
    if !(base.starts_with("https://") || base.starts_with("http://")) || base.contains(['?', '#']) {
        return Err(ValidationError::new(
            name,
            "base",
            format!(
                "must be an http:// or https:// base URL without query or fragment, got {base:?}"
            ),
        ));
    }
    let base = base.trim_end_matches('/');
    let mut url = String::with_capacity(base.len() + redirect_uri.len() * 3 + 128);
    url.push_str(base);
    url.push_str(path);
    url.push_str("?appid=");
    url.push_str(app_id);
    url.push_str("&redirect_uri=");
    encode_component(&mut url, redirect_uri);
    url.push_str("&response_type=code&scope=");
    url.push_str(scope);
    if let Some(state) = state {
        check_state(name, state)?;
        url.push_str("&state=");
        url.push_str(state);
    }
    Ok(url)
}

fn check_redirect_uri(name: &'static str, uri: &str) -> Result<(), ValidationError> {
    let fail = |message: String| Err(ValidationError::new(name, "redirect_uri", message));
    let rest = match uri.split_once("://") {
        Some(("http" | "https", rest)) => rest,
        _ => {
            return fail(format!(
                "must be an absolute http:// or https:// URL, got {uri:?}"
            ))
        }
    };
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    if rest[..host_end].is_empty() || rest[..host_end].contains('@') {
        return fail(format!(
            "must name a host (the console's authorized domain), got {uri:?}"
        ));
    }
    if uri.contains('#') {
        return fail("must not carry a #fragment: WeChat appends code and state to the query, and the fragment would hide them".into());
    }
    if uri
        .chars()
        .any(|c| c.is_whitespace() && c != ' ' || c.is_control())
    {
        return fail("must not contain control characters or line breaks".into());
    }
    Ok(())
}

fn check_state(name: &'static str, state: &str) -> Result<(), ValidationError> {
    if state.len() > MAX_STATE_BYTES {
        return Err(ValidationError::new(
            name,
            "state",
            format!("at most {MAX_STATE_BYTES} bytes, got {}", state.len()),
        ));
    }
    if !state.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ValidationError::new(
            name,
            "state",
            "only A-Z, a-z and 0-9 are allowed",
        ));
    }
    Ok(())
}

/// Percent-encodes every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`).
fn encode_component(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// `grant_type` of the code exchange: always `authorization_code`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthorizationCode {
    /// `authorization_code`.
    #[default]
    #[serde(rename = "authorization_code")]
    AuthorizationCode,
}

/// `grant_type` of the refresh: always `refresh_token`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefreshGrant {
    /// `refresh_token`.
    #[default]
    #[serde(rename = "refresh_token")]
    RefreshToken,
}

fn check_code(request: &exchange_code::Request) -> Result<(), ValidationError> {
    if request.code.is_empty() {
        return Err(ValidationError::new(
            "oa::oauth::exchange_code",
            "code",
            "empty: the redirect carried no code (the user refused, or the link was not WeChat's)",
        ));
    }
    Ok(())
}

/// Exchange the `code` of the redirect for the user's access token and openid
/// (`snsAccessToken`). Authenticated with the app's appid and secret. The code works once
/// (40163 after that, [`Error::is_code_used`]) and for 5 minutes (42003); 40029 for a code
/// that is unknown or another app's ([`Error::is_code_invalid`]). Never resent by the
/// client. Also the exchange of a Website App's QR-login code (send it through a client
/// made with the Website App's credentials). [`UserAccessToken::exchange`] wraps it.
#[wx_endpoint(GET "/sns/oauth2/access_token", app = oa, auth = app_credentials,
    validate = super::check_code,
    doc = "https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken.html")]
pub mod exchange_code {
    pub struct Request {
        /// The `code` the redirect delivered.
        #[wx(query)]
        pub code: String,
        /// Sent as `authorization_code`.
        #[wx(query, default)]
        pub grant_type: super::AuthorizationCode,
    }
    pub struct Response {
        /// The user's access token (not the app's; it reads only this user's data).
        pub access_token: ::wx_core::UserToken,
        /// Its lifetime in seconds (7200).
        pub expires_in: u64,
        /// Renews the access token for 30 days.
        pub refresh_token: ::wx_core::RefreshToken,
        /// The user's openid for this app.
        pub openid: String,
        /// The granted scopes, comma-separated (`snsapi_base`, `snsapi_userinfo`,
        /// `snsapi_login`).
        #[wx(default)]
        pub scope: String,
        /// The UnionID: only when the app is bound to an Open Platform account (and, per
        /// the current page, with `snsapi_userinfo`).
        pub unionid: Option<String>,
        /// `1` for a snapshot-mode virtual account (since 2022-07): not a real user.
        pub is_snapshotuser: Option<u32>,
    }
}

/// Renew a user's access token with the refresh token (`snsRefreshToken`). Authenticated
/// with the appid alone: no secret is sent. 40030 for an invalid refresh token, 42002 once
/// its 30 days are over, 42007 after the user changed their password
/// ([`Error::is_refresh_token_invalid`]).
#[wx_endpoint(GET "/sns/oauth2/refresh_token", app = oa, auth = app_id,
    doc = "https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsrefreshtoken.html")]
pub mod refresh {
    pub struct Request {
        /// Sent as `refresh_token`.
        #[wx(query, default)]
        pub grant_type: super::RefreshGrant,
        /// The refresh token of the exchange (or of the last refresh).
        #[wx(query)]
        pub refresh_token: ::wx_core::RefreshToken,
    }
    pub struct Response {
        /// The user's access token (a new one, or the same one with a new lifetime).
        pub access_token: ::wx_core::UserToken,
        /// Its lifetime in seconds (7200).
        pub expires_in: u64,
        /// The refresh token to keep (store it: it may differ from the one sent).
        pub refresh_token: ::wx_core::RefreshToken,
        /// The user's openid for this app.
        pub openid: String,
        /// The granted scopes, comma-separated.
        #[wx(default)]
        pub scope: String,
        /// The UnionID, when WeChat includes it.
        pub unionid: Option<String>,
    }
}

/// The profile of the user who authorized with `snsapi_userinfo` (`snsUserInfo`),
/// authenticated with the *user's* token. 48001 for a `snsapi_base` token (or a
/// snapshot-mode user). Since 2021 sex and region come back as 0/empty; all profile fields
/// are optional. [`UserAccessToken::user_info`] wraps it.
#[wx_endpoint(GET "/sns/userinfo", app = oa, auth = user_token,
    doc = "https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsuserinfo.html")]
pub mod get_user_info {
    pub struct Request {
        /// The user's access token (from the exchange or a refresh).
        #[wx(query)]
        pub access_token: ::wx_core::UserToken,
        /// The user's openid (from the same exchange).
        #[wx(query)]
        pub openid: String,
        /// Language of province, city and country; `zh_CN` when absent.
        #[wx(query)]
        pub lang: Option<super::InfoLang>,
    }
    pub struct Response {
        /// The user's openid for this app.
        pub openid: String,
        /// Nickname (possibly a default since 2021).
        #[wx(default)]
        pub nickname: String,
        /// 1 male, 2 female, 0 unknown (0 since 2021).
        #[wx(default)]
        pub sex: u32,
        /// Province (empty since 2021).
        #[wx(default)]
        pub province: String,
        /// City (empty since 2021).
        #[wx(default)]
        pub city: String,
        /// Country, e.g. `CN` (empty since 2021).
        #[wx(default)]
        pub country: String,
        /// Avatar URL; its last path segment is the size (`0` = 640×640, `46`, `64`, `96`,
        /// `132`); empty without an avatar; dies when the user changes the avatar.
        #[wx(default)]
        pub headimgurl: String,
        /// Privileges, e.g. `chinaunicom` for a China Unicom card holder.
        #[wx(default)]
        pub privilege: Vec<String>,
        /// The UnionID, when the app is bound to an Open Platform account.
        pub unionid: Option<String>,
    }
}

/// What `/sns/userinfo` says of a user ([`get_user_info::Response`]).
pub type SnsUserInfo = get_user_info::Response;

/// Whether a user's access token is still valid (`snsAuth`), authenticated with that
/// token: an envelope only, `0` when valid, 40003 when token and openid do not match, and
/// [`Error::UserTokenInvalid`] for a rejected token. [`UserAccessToken::check`] turns these
/// into `true`/`false`.
#[wx_endpoint(GET "/sns/auth", app = oa, auth = user_token,
    doc = "https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsauth.html")]
pub mod check_token {
    pub struct Request {
        /// The user's access token.
        #[wx(query)]
        pub access_token: ::wx_core::UserToken,
        /// The user's openid.
        #[wx(query)]
        pub openid: String,
    }
    pub struct Response {}
}

/// How long before its expiry [`UserAccessToken::fresh`] renews the user's token, so that a
/// request in flight does not carry a token that dies on the way.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The longest lifetime believed from `expires_in` (WeChat announces 7200 s): a corrupt
/// huge value must not keep a token for ever or overflow the arithmetic.
const MAX_USER_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A user's OAuth login: access token, refresh token, openid, UnionID, scopes and the
/// instant the access token expires. It renews itself when asked ([`fresh`](Self::fresh)),
/// and calls `/sns/userinfo` and `/sns/auth` with a fresh token.
///
/// `Serialize`/`Deserialize` so that a web app can keep it in its (server-side) session
/// store; the expiry is an absolute instant (unix milliseconds by the client's
/// [`Clock`](wx_core::token::Clock), computed from `expires_in` at the exchange), so it
/// survives a restart. `Debug` shows no token.
///
/// ```no_run
/// use wx_api::oa::oauth::{State, UserAccessToken};
/// # async fn demo(wx: wx_api::Client, issued: &str, code: &str, state: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
/// State::verify(issued, state)?;
/// let mut login = UserAccessToken::exchange(&wx, code).await?;
/// let me = login.user_info(&wx, None).await?;
/// println!("{} {:?}", login.openid(), me.unionid);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccessToken {
    access_token: UserToken,
    refresh_token: RefreshToken,
    openid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unionid: Option<String>,
    #[serde(default)]
    scope: String,
    expires_at_ms: u64,
    #[serde(default)]
    snapshot_user: bool,
}

fn expiry(now_ms: u64, expires_in: u64) -> u64 {
    let lifetime = Duration::from_secs(expires_in).min(MAX_USER_TOKEN_LIFETIME);
    now_ms.saturating_add(lifetime.as_millis() as u64)
}

impl UserAccessToken {
    /// Exchanges the redirect's `code` ([`exchange_code`]) — once: the code is single-use,
    /// a second exchange is [`Error::is_code_used`], an unknown or expired code
    /// [`Error::is_code_invalid`], and the request is never resent by the client.
    ///
    /// `client` is the Official Account's (or, for QR login, a client made with the
    /// Website App's credentials): its appid and secret authenticate the exchange, and its
    /// clock dates the expiry.
    pub async fn exchange(client: &Client<OfficialAccount>, code: &str) -> Result<Self, Error> {
        let reply = client.send(exchange_code::Request::new(code)).await?;
        Ok(Self {
            expires_at_ms: expiry(client.now_ms(), reply.expires_in),
            access_token: reply.access_token,
            refresh_token: reply.refresh_token,
            openid: reply.openid,
            unionid: reply.unionid,
            scope: reply.scope,
            snapshot_user: reply.is_snapshotuser == Some(1),
        })
    }

    /// Renews the access token with the refresh token ([`refresh`]), now, and keeps what
    /// WeChat returns (a new access token, the refresh token to use next time). On error
    /// `self` is unchanged; [`Error::is_refresh_token_invalid`] means the user must
    /// authorize again.
    pub async fn refresh(&mut self, client: &Client<OfficialAccount>) -> Result<(), Error> {
        let reply = client
            .send(refresh::Request::new(self.refresh_token.clone()))
            .await?;
        self.expires_at_ms = expiry(client.now_ms(), reply.expires_in);
        self.access_token = reply.access_token;
        self.refresh_token = reply.refresh_token;
        if !reply.openid.is_empty() {
            self.openid = reply.openid;
        }
        if reply.unionid.is_some() {
            self.unionid = reply.unionid;
        }
        if !reply.scope.is_empty() {
            self.scope = reply.scope;
        }
        Ok(())
    }

    /// This login with an access token that is valid for at least [`REFRESH_MARGIN`] by
    /// the client's clock: refreshed first when it is expired or about to be, untouched
    /// (and no request sent) otherwise.
    pub async fn fresh(&mut self, client: &Client<OfficialAccount>) -> Result<&Self, Error> {
        if self.needs_refresh(client.now_ms()) {
            self.refresh(client).await?;
        }
        Ok(self)
    }

    /// Whether the access token is past its expiry at `now_ms` (unix milliseconds).
    pub fn is_expired(&self, now_ms: u64) -> bool {
        now_ms >= self.expires_at_ms
    }

    /// Whether [`fresh`](Self::fresh) would refresh at `now_ms`: expired, or within
    /// [`REFRESH_MARGIN`] of the expiry.
    pub fn needs_refresh(&self, now_ms: u64) -> bool {
        self.is_expired(now_ms.saturating_add(REFRESH_MARGIN.as_millis() as u64))
    }

    /// The user's profile ([`get_user_info`]) with a [`fresh`](Self::fresh) token; needs
    /// the `snsapi_userinfo` scope (48001 otherwise). `lang`: of province, city and country.
    pub async fn user_info(
        &mut self,
        client: &Client<OfficialAccount>,
        lang: Option<InfoLang>,
    ) -> Result<SnsUserInfo, Error> {
        self.fresh(client).await?;
        let mut request = get_user_info::Request::new(self.access_token.clone(), &*self.openid);
        if let Some(lang) = lang {
            request = request.lang(lang);
        }
        client.send(request).await
    }

    /// Asks WeChat whether the access token is still valid ([`check_token`]), as it is
    /// (no refresh): `false` when WeChat rejects the token or says it does not belong to
    /// this openid (40003); other failures are errors.
    pub async fn check(&self, client: &Client<OfficialAccount>) -> Result<bool, Error> {
        let request = check_token::Request::new(self.access_token.clone(), &*self.openid);
        match client.send(request).await {
            Ok(_) => Ok(true),
            Err(e) if e.is_user_token_invalid() => Ok(false),
            Err(Error::Api {
                code: wx_core::ErrCode::InvalidOpenid,
                ..
            }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The user's openid for this app.
    pub fn openid(&self) -> &str {
        &self.openid
    }

    /// The UnionID (same for all apps of one Open Platform account), when WeChat gave one.
    pub fn unionid(&self) -> Option<&str> {
        self.unionid.as_deref()
    }

    /// The granted scopes as WeChat sent them, comma-separated.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The granted scopes one by one (`snsapi_base`, `snsapi_userinfo`, `snsapi_login`).
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// When the access token expires, in unix milliseconds by the client's clock.
    pub fn expires_at_ms(&self) -> u64 {
        self.expires_at_ms
    }

    /// Whether WeChat flagged the login as a snapshot-mode virtual account
    /// (`is_snapshotuser: 1`): not a real user; ask again with a proper consent flow.
    pub fn is_snapshot_user(&self) -> bool {
        self.snapshot_user
    }

    /// The user's access token, for calling [`get_user_info`] or [`check_token`] directly.
    pub fn access_token(&self) -> &UserToken {
        &self.access_token
    }

    /// The refresh token.
    pub fn refresh_token(&self) -> &RefreshToken {
        &self.refresh_token
    }
}

/// The `state` of an authorization: a random CSRF token issued to one browser session,
/// sent in the authorize URL and compared with what the redirect brings back.
///
/// Keep it in the session (server side or a signed cookie), put it in the URL with
/// [`AuthorizeUrl::state`] / [`QrConnectUrl::state`], and check the callback with
/// [`State::verify`]. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State(String);

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("State(<redacted>)")
    }
}

impl State {
    /// Length of a generated state, in characters (`A-Z a-z 0-9`: about 190 bits).
    pub const LEN: usize = 32;

    /// A new random state: [`State::LEN`] characters from `A-Z a-z 0-9` (what WeChat allows
    /// in `state`), drawn uniformly from the operating system's randomness. Fails
    /// ([`Error::Config`]) only when the OS gives no randomness.
    pub fn generate() -> Result<Self, Error> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        // 248 = 4 * 62: bytes from 248 up are dropped, so each character is exactly uniform.
        const LIMIT: u8 = 248;
        let mut out = String::with_capacity(Self::LEN);
        let mut buf = [0u8; 48];
        while out.len() < Self::LEN {
            getrandom::getrandom(&mut buf)
                .map_err(|e| Error::Config(format!("no randomness for an OAuth state: {e}")))?;
            for b in buf.iter().filter(|b| **b < LIMIT) {
                if out.len() == Self::LEN {
                    break;
                }
                out.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
            }
        }
        Ok(Self(out))
    }

    /// The state's text, for the authorize URL and the session.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the `state` a redirect brought back (`returned`, `None` when the callback had
    /// none) against the one issued to this session (`expected`), in constant time for
    /// equal lengths. A missing or empty `returned` is [`StateError::Missing`]; any
    /// difference — or an empty `expected` (the session has no state: it never started an
    /// authorization) — is [`StateError::Mismatch`]. Either way, do not exchange the code.
    pub fn verify(expected: &str, returned: Option<&str>) -> Result<(), StateError> {
        let returned = match returned {
            Some(r) if !r.is_empty() => r,
            _ => return Err(StateError::Missing),
        };
        if expected.is_empty() || !constant_time_eq(expected.as_bytes(), returned.as_bytes()) {
            return Err(StateError::Mismatch);
        }
        Ok(())
    }
}

impl AsRef<str> for State {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Byte equality whose time depends only on the lengths, not on where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Why an OAuth callback's `state` was refused ([`State::verify`]): the request did not
/// come from the authorization this session started (a forged or replayed link, CSRF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// The callback carries no `state` (or an empty one).
    Missing,
    /// The callback's `state` is not the one issued to this session.
    Mismatch,
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StateError::Missing => {
                "OAuth callback without `state`: refused (the authorization did not start from this session)"
            }
            StateError::Mismatch => {
                "OAuth callback with a `state` that does not match this session's: refused (possible CSRF)"
            }
        })
    }
}

impl std::error::Error for StateError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_has_the_documented_order_and_ends_with_the_fragment() {
        let url = AuthorizeUrl::new("wx520c15f417810387", "https://chong.qq.com/php/index.php?d=&c=wxAdapter&m=mobileDeal&showwxpaytitle=1&vb2ctag=4_2030_5_1194_60", Scope::Base)
            .state("123")
            .force_popup(true)
            .build()
            .unwrap();
        assert_eq!(
            url,
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387\
             &redirect_uri=https%3A%2F%2Fchong.qq.com%2Fphp%2Findex.php%3Fd%3D%26c%3DwxAdapter%26m%3DmobileDeal%26showwxpaytitle%3D1%26vb2ctag%3D4_2030_5_1194_60\
             &response_type=code&scope=snsapi_base&state=123&forcePopup=true#wechat_redirect"
        );
        // Without state or extras, the fragment still ends it.
        let bare = AuthorizeUrl::new("wx1", "http://a.example/", Scope::UserInfo)
            .build()
            .unwrap();
        assert_eq!(bare, "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1&redirect_uri=http%3A%2F%2Fa.example%2F&response_type=code&scope=snsapi_userinfo#wechat_redirect");
    }

    #[test]
    fn qrconnect_url() {
        let url = QrConnectUrl::new(
            "wxbdc5610cc59c1631",
            "https://passport.yhd.com/wechat/callback.do",
        )
        .state("3d6be0a4035d839573b04816624a415e")
        .lang(Lang::English)
        .build()
        .unwrap();
        assert_eq!(
            url,
            "https://open.weixin.qq.com/connect/qrconnect?appid=wxbdc5610cc59c1631\
             &redirect_uri=https%3A%2F%2Fpassport.yhd.com%2Fwechat%2Fcallback.do\
             &response_type=code&scope=snsapi_login&state=3d6be0a4035d839573b04816624a415e\
             &lang=en#wechat_redirect"
        );
    }

    #[test]
    fn non_ascii_redirects_are_encoded_as_utf8() {
        let url = AuthorizeUrl::new("wx1", "https://a.example/登录?x=~y", Scope::Base)
            .build()
            .unwrap();
        assert!(
            url.contains("redirect_uri=https%3A%2F%2Fa.example%2F%E7%99%BB%E5%BD%95%3Fx%3D~y&"),
            "{url}"
        );
    }

    #[test]
    fn bad_input_names_the_field() {
        let field = |r: Result<String, ValidationError>| r.unwrap_err().field;
        let base = |uri: &str| AuthorizeUrl::new("wx1", uri, Scope::Base).build();
        for uri in [
            "/relative/path",
            "ftp://a.example/",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://user@evil.example/",
            "https://a.example/#frag",
            "https://a.example/\r\nx",
            "",
        ] {
            assert_eq!(field(base(uri)), "redirect_uri", "{uri:?} was accepted");
        }
        let with_state = |s: &str| {
            AuthorizeUrl::new("wx1", "https://a.example/", Scope::Base)
                .state(s)
                .build()
        };
        assert_eq!(field(with_state("a&b=c")), "state");
        assert_eq!(field(with_state("ab cd")), "state");
        assert_eq!(field(with_state(&"a".repeat(129))), "state");
        assert!(with_state(&"a".repeat(128)).is_ok());
        assert_eq!(
            field(AuthorizeUrl::new("", "https://a.example/", Scope::Base).build()),
            "appid"
        );
        assert_eq!(
            field(AuthorizeUrl::new("wx1&x=1", "https://a.example/", Scope::Base).build()),
            "appid"
        );
        assert_eq!(
            field(QrConnectUrl::new("wx1", "https://a.example/#x").build()),
            "redirect_uri"
        );
    }

    #[test]
    fn base_points_the_builders_elsewhere_and_is_checked() {
        let url = AuthorizeUrl::new("wx1", "http://a.example/cb", Scope::Base)
            .base("http://127.0.0.1:9/")
            .build()
            .unwrap();
        assert!(
            url.starts_with("http://127.0.0.1:9/connect/oauth2/authorize?appid=wx1&"),
            "{url}"
        );
        let qr = QrConnectUrl::new("wx1", "http://a.example/cb")
            .base("https://sandbox.example/prefix")
            .build()
            .unwrap();
        assert!(
            qr.starts_with("https://sandbox.example/prefix/connect/qrconnect?appid=wx1&"),
            "{qr}"
        );
        for bad in ["127.0.0.1:9", "ftp://x", "http://x/?a=b", ""] {
            let err = AuthorizeUrl::new("wx1", "http://a.example/cb", Scope::Base)
                .base(bad)
                .build()
                .unwrap_err();
            assert_eq!(err.field, "base", "{bad:?}");
        }
    }

    #[test]
    fn generated_states_are_32_alphanumerics_accepted_by_the_builder_and_differ() {
        let a = State::generate().unwrap();
        let b = State::generate().unwrap();
        assert_eq!(a.as_str().len(), State::LEN);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert!(AuthorizeUrl::new("wx1", "https://a.example/", Scope::Base)
            .state(a.as_str())
            .build()
            .is_ok());
        assert!(!format!("{a:?}").contains(a.as_str()));
    }

    #[test]
    fn state_verification_refuses_missing_and_tampered_states() {
        let issued = "AbC123xyz";
        assert_eq!(State::verify(issued, Some("AbC123xyz")), Ok(()));
        assert_eq!(State::verify(issued, None), Err(StateError::Missing));
        assert_eq!(State::verify(issued, Some("")), Err(StateError::Missing));
        for tampered in ["AbC123xyZ", "AbC123xy", "AbC123xyzz", "abc123xyz", "x"] {
            assert_eq!(
                State::verify(issued, Some(tampered)),
                Err(StateError::Mismatch),
                "{tampered}"
            );
        }
        // A session that never issued a state accepts nothing, not even an empty match.
        assert_eq!(State::verify("", Some("a")), Err(StateError::Mismatch));
        assert_eq!(State::verify("", Some("")), Err(StateError::Missing));
    }

    #[test]
    fn a_user_token_survives_a_session_store_and_knows_when_to_refresh() {
        let json = r#"{"access_token":"UAT","refresh_token":"URT","openid":"o1","unionid":"u1","scope":"snsapi_base,snsapi_userinfo","expires_at_ms":1000000}"#;
        let token: UserAccessToken = serde_json::from_str(json).unwrap();
        assert_eq!(token.openid(), "o1");
        assert_eq!(token.unionid(), Some("u1"));
        assert_eq!(
            token.scopes().collect::<Vec<_>>(),
            ["snsapi_base", "snsapi_userinfo"]
        );
        assert_eq!(token.access_token().expose(), "UAT");
        let back: UserAccessToken =
            serde_json::from_str(&serde_json::to_string(&token).unwrap()).unwrap();
        assert_eq!(back, token);
        let debug = format!("{token:?}");
        assert!(!debug.contains("UAT") && !debug.contains("URT"), "{debug}");
        assert!(!token.is_expired(999_999));
        assert!(token.is_expired(1_000_000));
        assert!(!token.needs_refresh(1_000_000 - 60_001));
        assert!(token.needs_refresh(1_000_000 - 60_000));
        assert_eq!(expiry(u64::MAX - 1, u64::MAX), u64::MAX);
        assert_eq!(expiry(0, u64::MAX), 24 * 3600 * 1000);
    }
}
