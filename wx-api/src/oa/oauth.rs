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

use std::fmt::Write as _;
use wx_core::ValidationError;

/// Longest `state` WeChat accepts, in bytes.
pub const MAX_STATE_BYTES: usize = 128;

const AUTHORIZE: &str = "https://open.weixin.qq.com/connect/oauth2/authorize";
const QRCONNECT: &str = "https://open.weixin.qq.com/connect/qrconnect";

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
        }
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
}

impl QrConnectUrl {
    /// The URL for the Website App `app_id` that returns to `redirect_uri` (given plain).
    pub fn new(app_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            redirect_uri: redirect_uri.into(),
            state: None,
            lang: None,
        }
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

/// `base?appid=…&redirect_uri=…&response_type=code&scope=…[&state=…]`, checked.
fn start(
    name: &'static str,
    base: &str,
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
    let mut url = String::with_capacity(base.len() + redirect_uri.len() * 3 + 96);
    url.push_str(base);
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
}
