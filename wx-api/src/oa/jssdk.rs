//! JS-SDK page configuration: the `wx.config({appId, timestamp, nonceStr, signature})` a web
//! page opened inside WeChat needs before it may call the JS-SDK (share, scan, pay buttons).
//!
//! The server holds the account's `jsapi_ticket` (fetched with `GET /cgi-bin/ticket/getticket`
//! `?type=jsapi`, valid 7200 s, to be cached for the whole fleet: see [`ticket`](super::ticket),
//! whose [`jsapi`](super::ticket::jsapi) does that) and signs each page — all of it in one call:
//! [`PageConfig::for_url`]. The signature:
//!
//! 1. the four inputs, under exactly these lower-case keys, sorted by ASCII:
//!    `jsapi_ticket`, `noncestr`, `timestamp`, `url`;
//! 2. joined as `key=value` with `&`, the values **raw** (no URL encoding or decoding);
//! 3. `signature` = lower-case hex SHA-1 of that string.
//!
//! `url` is the full URL of the page that calls `wx.config`: scheme, host, path and query,
//! **without** the `#` fragment (what `location.href.split('#')[0]` gives in the page; a bare
//! domain gains a trailing `/` in the browser). [`signature`] drops a fragment itself. The
//! page must pass the same `nonceStr` and `timestamp` to `wx.config` as were signed; note
//! the spelling: `noncestr` is signed, `nonceStr` goes to the page ([`PageConfig`]
//! serializes to the page's spelling).
//!
//! Official worked example (the JS-SDK page, appendix 1):
//!
//! ```
//! use wx_api::oa::jssdk;
//! let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
//! let sig = jssdk::signature(ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value");
//! assert_eq!(sig, "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
//! ```

use serde::Serialize;
use sha1::{Digest, Sha1};
use std::fmt::Write as _;
use wx_core::token::{Clock, SystemClock};

/// The JS-SDK signature of `url` (its `#` fragment, if any, is dropped) for `jsapi_ticket`,
/// `noncestr` and `timestamp` (Unix seconds): lower-case hex SHA-1 of
/// `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, values raw.
pub fn signature(jsapi_ticket: &str, noncestr: &str, timestamp: u64, url: &str) -> String {
    let url = page_url(url);
    let mut hasher = Sha1::new();
    for (i, (key, value)) in [
        ("jsapi_ticket", jsapi_ticket),
        ("noncestr", noncestr),
        ("timestamp", &timestamp.to_string()),
        ("url", url),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            hasher.update(b"&");
        }
        hasher.update(key.as_bytes());
        hasher.update(b"=");
        hasher.update(value.as_bytes());
    }
    let mut hex = String::with_capacity(40);
    for byte in hasher.finalize() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The part of a URL that is signed: everything before the first `#`.
fn page_url(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// What a page hands to `wx.config` (besides its own `jsApiList`): serializes as
/// `{"appId":…,"timestamp":…,"nonceStr":…,"signature":…}`, the JS-SDK's spelling.
///
/// It carries no secret: the ticket only goes into the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PageConfig {
    /// The Official Account's AppID (the app whose ticket signed the page).
    pub app_id: String,
    /// Unix seconds, as signed.
    pub timestamp: u64,
    /// The random string, as signed (signed under the key `noncestr`).
    pub nonce_str: String,
    /// [`signature`] of the page URL.
    pub signature: String,
    /// The page URL that was signed (fragment dropped). Not part of `wx.config`; kept so a
    /// server can check it signed the URL the page reported.
    #[serde(skip)]
    pub url: String,
}

impl PageConfig {
    /// Signs `url` for `app_id` with its `jsapi_ticket`, at `timestamp` with `nonce_str`
    /// (deterministic: tests and callers that choose their own nonce).
    pub fn sign(
        app_id: impl Into<String>,
        jsapi_ticket: &str,
        url: &str,
        timestamp: u64,
        nonce_str: impl Into<String>,
    ) -> Self {
        let nonce_str = nonce_str.into();
        let url = page_url(url).to_owned();
        Self {
            app_id: app_id.into(),
            timestamp,
            signature: signature(jsapi_ticket, &nonce_str, timestamp, &url),
            nonce_str,
            url,
        }
    }

    /// Signs `url` now (the system clock) with a fresh random 16-character nonce.
    ///
    /// Fails only if the operating system cannot supply randomness.
    pub fn sign_now(
        app_id: impl Into<String>,
        jsapi_ticket: &str,
        url: &str,
    ) -> Result<Self, wx_core::Error> {
        let timestamp = SystemClock.now_ms() / 1000;
        Ok(Self::sign(app_id, jsapi_ticket, url, timestamp, nonce()?))
    }

    /// The page configuration of `url` for the client's account: its `jsapi_ticket` from the
    /// shared cache ([`ticket::jsapi`](super::ticket::jsapi), fetched only when the cache has
    /// none), signed now with a fresh random nonce. `url` is the page's full URL as the page
    /// sees it (`location.href`); a `#` fragment is dropped.
    ///
    /// Errors: those of [`ticket::jsapi`](super::ticket::jsapi) (a failed ticket fetch is
    /// [`wx_core::Error::Token`] naming the `jsapi_ticket`), or no randomness for the nonce.
    pub async fn for_url(
        client: &wx_core::Client<wx_core::OfficialAccount>,
        url: &str,
    ) -> Result<Self, wx_core::Error> {
        let ticket = super::ticket::jsapi(client).await?;
        Self::sign_now(client.app_id(), ticket.expose(), url)
    }
}

/// A random nonce of 16 characters from `[A-Za-z0-9]`, drawn from the operating system.
pub fn nonce() -> Result<String, wx_core::Error> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| wx_core::Error::Config(format!("no randomness for a JS-SDK nonce: {e}")))?;
    // 256 = 4 * 62 + 8: rejecting the top 8 values would make it exact; the bias of a plain
    // modulo (8 of 62 characters 1/32 more likely) does not matter for a nonce.
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICKET: &str =
        "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";

    #[test]
    fn official_examples() {
        // JS-SDK page, appendix 1 (current text, url with a query) and older copies (no query).
        assert_eq!(
            signature(
                TICKET,
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value"
            ),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
        );
        assert_eq!(
            signature(
                TICKET,
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com"
            ),
            "f4d90daf4b3bca3078ab155816175ba34c443a7b"
        );
    }

    #[test]
    fn the_fragment_is_not_signed_and_values_are_raw() {
        let plain = signature(TICKET, "n", 1, "https://a.example/p?x=1&y=%20");
        assert_eq!(
            signature(TICKET, "n", 1, "https://a.example/p?x=1&y=%20#/route?z"),
            plain
        );
        // An encoded URL is another URL: nothing is decoded before signing.
        assert_ne!(
            signature(TICKET, "n", 1, "https%3A%2F%2Fa.example%2Fp%3Fx%3D1"),
            plain
        );
    }

    #[test]
    fn page_config_is_what_wx_config_takes() {
        let config = PageConfig::sign(
            "wx123",
            TICKET,
            "http://mp.weixin.qq.com?params=value#top",
            1414587457,
            "Wm3WZYTPz0wzccnW",
        );
        assert_eq!(config.url, "http://mp.weixin.qq.com?params=value");
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "appId": "wx123",
                "timestamp": 1414587457,
                "nonceStr": "Wm3WZYTPz0wzccnW",
                "signature": "0f9de62fce790f9a083d5c99e95740ceb90c27ed",
            })
        );
    }

    #[test]
    fn nonces_are_sixteen_alphanumerics_and_differ() {
        let a = nonce().unwrap();
        let b = nonce().unwrap();
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, b);
        let now = PageConfig::sign_now("wx1", TICKET, "https://a.example/").unwrap();
        assert_eq!(
            now.signature,
            signature(TICKET, &now.nonce_str, now.timestamp, "https://a.example/")
        );
    }
}
