//! The endpoint contract: what `#[wx_endpoint]` generates and [`crate::Client::send`] consumes.

use crate::app::AppScope;
use crate::error::{Error, ValidationError};
use crate::wire::body::{Query, RequestBody};

/// HTTP method of an endpoint. WeChat's server API only uses these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: every field travels in the query string.
    Get,
    /// `POST`: the body is JSON or multipart ([`BodyKind`]); some fields may still travel
    /// in the query string.
    Post,
}

impl Method {
    /// The method's name on the wire (`"GET"`, `"POST"`), also used in logs and the
    /// catalogue.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Which WeChat host serves an endpoint; the client maps each to a configurable base URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host {
    /// `https://api.weixin.qq.com` — almost everything.
    Api,
    /// `https://mp.weixin.qq.com` — the QR-code image exchange.
    Mp,
}

impl Host {
    /// WeChat's own base URL for this host, used unless
    /// [`BaseUrls`](crate::wire::BaseUrls) says otherwise.
    pub const fn default_base(self) -> &'static str {
        match self {
            Host::Api => "https://api.weixin.qq.com",
            Host::Mp => "https://mp.weixin.qq.com",
        }
    }
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auth {
    /// `access_token` in the query string (the default for nearly every endpoint).
    AccessToken,
    /// Nothing added (the token endpoints carry credentials as ordinary fields).
    None,
    /// `appid` and `secret` of the app added to the query: the exchanges of a single-use
    /// `code` (mini-program login `jscode2session`, OAuth `sns/oauth2/access_token`, whose
    /// `code` is a request field). Because the code works once, the client never resends
    /// such a request on its own, not even on `-1` with
    /// [`RetryPolicy::busy_retries`](crate::RetryPolicy::busy_retries) set: a resent code
    /// that had reached WeChat would only earn 40163 (code already used).
    AppCredentials,
    /// Only the app's `appid` added to the query, no secret (the OAuth refresh
    /// `sns/oauth2/refresh_token`, whose refresh token is a request field typed
    /// [`RefreshToken`](crate::RefreshToken)).
    AppId,
    /// A *user's* OAuth access token, which the request carries itself as its
    /// `access_token` query field typed [`UserToken`](crate::UserToken) (`sns/userinfo`,
    /// `sns/auth`). The client adds nothing and never touches the app's token cache; a
    /// rejected user token (40001/40014/42001) is [`Error::UserTokenInvalid`], not an app
    /// token refresh.
    UserToken,
}

/// What the request body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// No body (GET endpoints).
    None,
    /// `application/json`, UTF-8, non-ASCII sent raw.
    Json,
    /// `multipart/form-data` (media uploads).
    Multipart,
}

/// What a successful reply is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseKind {
    /// A JSON object (after the errcode envelope is checked).
    Json,
    /// Raw bytes (images); a JSON body is still decoded as an error envelope.
    Bytes,
    /// JSON or bytes, decided by the reply's content type.
    JsonOrBytes,
}

/// Static description of an endpoint; also what the catalogue (`docs/ENDPOINTS.md`) lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointMeta {
    /// The declaring module's path without the crate, e.g. `oa::qrcode::create`: how
    /// errors and logs name the endpoint ([`Error::endpoint`]).
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Which WeChat host serves it.
    pub host: Host,
    /// The path on that host, starting with `/` and without a query string
    /// (`/cgi-bin/qrcode/create`).
    pub path: &'static str,
    /// How the request authenticates (what the client adds to the query).
    pub auth: Auth,
    /// What the request body is.
    pub body: BodyKind,
    /// What a successful reply is.
    pub response: ResponseKind,
    /// Which kinds of app may call it (the same as the endpoint's [`Endpoint::Scope`]).
    pub app: AppScope,
    /// The official documentation page.
    pub doc_url: &'static str,
    /// The reply carries a secret (an access token): decode errors must not quote it.
    pub secret_response: bool,
}

/// A request that [`crate::Client::send`] can put on the wire.
///
/// Implemented by `#[wx_endpoint]`; writing it by hand is possible but not the intended way.
pub trait Endpoint: Send + Sync {
    /// What a successful call returns.
    type Response: DecodeResponse;
    /// Which kinds of app may call the endpoint (checked at compile time by the client).
    type Scope: crate::app::Scope;
    /// Method, host, path, auth mode, body and response kinds.
    const META: &'static EndpointMeta;

    /// Client-side checks of documented limits, run before anything is sent.
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
    /// Fields that travel in the query string.
    fn query(&self, query: &mut Query) -> Result<(), Error>;
    /// The request body, as [`EndpointMeta::body`] says: [`RequestBody::Empty`], JSON of
    /// the body fields, or a multipart form.
    fn body(&self) -> Result<RequestBody, Error>;
}

/// Turns a successful HTTP reply into the endpoint's response type.
///
/// Implemented for the `Response` types `#[wx_endpoint]` generates, for [`Binary`]
/// (raw bytes) and for [`JsonOrBytes`]; every implementation first turns an errcode
/// envelope into [`Error::Api`].
///
/// [`Binary`]: crate::response::Binary
/// [`JsonOrBytes`]: crate::response::JsonOrBytes
pub trait DecodeResponse: Sized + Send + 'static {
    /// The reply kind this type decodes; must agree with the endpoint's
    /// [`EndpointMeta::response`].
    const KIND: ResponseKind;
    /// Decodes `raw`, the reply to the endpoint described by `meta` (whose name goes into
    /// every error). Errors: [`Error::Api`] for a non-zero errcode, [`Error::Http`] for a
    /// status outside WeChat's protocol, [`Error::Decode`] for a reply of the wrong shape.
    fn decode(raw: RawResponse, meta: &'static EndpointMeta) -> Result<Self, Error>;
}

/// An endpoint module's path without the crate's own segment, e.g.
/// `oa::qrcode::create`: what `#[wx_endpoint]` puts in [`EndpointMeta::name`], so
/// that errors tell apart the several `send` or `create_qrcode` endpoints.
#[doc(hidden)]
pub const fn qualified_name(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b':' && bytes[i + 1] == b':' {
            let (_, rest) = bytes.split_at(i + 2);
            return match std::str::from_utf8(rest) {
                Ok(rest) => rest,
                Err(_) => path,
            };
        }
        i += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::qualified_name;

    #[test]
    fn the_crate_segment_is_dropped() {
        const NAME: &str = qualified_name("wx_api::oa::qrcode::create");
        assert_eq!(NAME, "oa::qrcode::create");
        assert_eq!(qualified_name("my_crate::send"), "send");
        assert_eq!(qualified_name("send"), "send");
    }
}

/// An HTTP reply as received, before decoding: what [`DecodeResponse::decode`] gets. Tests
/// build one by hand to decode a canned reply without a server.
#[derive(Clone)]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, when present and valid text.
    pub content_type: Option<String>,
    /// The `Content-Disposition` header (media downloads name their file there).
    pub content_disposition: Option<String>,
    /// The whole body, at most [`Config::max_reply_bytes`](crate::Config::max_reply_bytes).
    pub body: bytes::Bytes,
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .finish()
    }
}
