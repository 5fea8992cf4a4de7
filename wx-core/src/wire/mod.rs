//! Turning an [`Endpoint`] into an HTTP request — shared by the client and by the
//! wire snapshots (`render`), so what the snapshots pin is what is sent.

use crate::endpoint::{Auth, Endpoint, EndpointMeta, Host, Method};
use crate::error::Error;
use std::fmt::Write as _;

pub(crate) mod body;
pub use body::{Query, RequestBody};

/// Credentials to put into the query, by auth mode.
#[derive(Clone, Copy)]
pub(crate) enum AuthParams<'a> {
    None,
    Token(&'a str),
    App { app_id: &'a str, secret: &'a str },
    AppId(&'a str),
}

/// The base URL (scheme, host, optional port and path prefix, no trailing slash needed)
/// that requests for each WeChat [`Host`] go to: WeChat's own hosts by default, a sandbox
/// or a proxy otherwise. An endpoint's path is appended to it.
///
/// ```
/// let urls = wx_api::wire::BaseUrls::default().with_api("http://127.0.0.1:8080");
/// assert_eq!(urls.api, "http://127.0.0.1:8080");
/// assert_eq!(urls.mp, "https://mp.weixin.qq.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BaseUrls {
    /// For endpoints on `api.weixin.qq.com` (nearly all of them); default
    /// `https://api.weixin.qq.com`.
    pub api: String,
    /// For endpoints on `mp.weixin.qq.com` (the QR code image); default
    /// `https://mp.weixin.qq.com`.
    pub mp: String,
}

impl Default for BaseUrls {
    fn default() -> Self {
        Self {
            api: Host::Api.default_base().to_owned(),
            mp: Host::Mp.default_base().to_owned(),
        }
    }
}

impl BaseUrls {
    /// Every host's requests to one base URL (a sandbox that serves both hosts' paths).
    pub fn single(base: impl Into<String>) -> Self {
        let base = base.into();
        Self {
            api: base.clone(),
            mp: base,
        }
    }

    /// Sets the base URL of `api.weixin.qq.com` endpoints.
    pub fn with_api(mut self, base: impl Into<String>) -> Self {
        self.api = base.into();
        self
    }

    /// Sets the base URL of `mp.weixin.qq.com` endpoints.
    pub fn with_mp(mut self, base: impl Into<String>) -> Self {
        self.mp = base.into();
        self
    }

    /// The base URL for `host`.
    pub fn for_host(&self, host: Host) -> &str {
        match host {
            Host::Api => &self.api,
            Host::Mp => &self.mp,
        }
    }
}

/// Builds the full URL: base + path + credentials + the endpoint's query fields.
///
/// Written into one string and parsed once (per call, on the hot path): values are
/// form-urlencoded as `Url::query_pairs_mut` would do it.
pub(crate) fn build_url(
    meta: &EndpointMeta,
    bases: &BaseUrls,
    auth: AuthParams<'_>,
    query: &Query,
) -> Result<url::Url, Error> {
    let base = bases.for_host(meta.host).trim_end_matches('/');
    let mut text = String::with_capacity(base.len() + meta.path.len() + 192);
    text.push_str(base);
    text.push_str(meta.path);
    let mut separator = '?';
    // Bytes form-urlencoding leaves as they are; tokens and ids are usually only these.
    let verbatim = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_'))
    };
    let encode = |text: &mut String, s: &str| {
        if verbatim(s) {
            text.push_str(s);
        } else {
            text.extend(url::form_urlencoded::byte_serialize(s.as_bytes()));
        }
    };
    let mut pair = |name: &str, value: &str| {
        text.push(separator);
        separator = '&';
        encode(&mut text, name);
        text.push('=');
        encode(&mut text, value);
    };
    match auth {
        AuthParams::None => {}
        AuthParams::Token(token) => pair("access_token", token),
        AuthParams::App { app_id, secret } => {
            pair("appid", app_id);
            pair("secret", secret);
        }
        AuthParams::AppId(app_id) => pair("appid", app_id),
    }
    for (k, v) in &query.pairs {
        pair(k, v);
    }
    url::Url::parse(&text).map_err(|e| Error::Config(format!("invalid base URL {base:?}: {e}")))
}

pub use crate::secret::{
    APPID_PLACEHOLDER, REFRESH_TOKEN_PLACEHOLDER, SECRET_PLACEHOLDER, TOKEN_PLACEHOLDER,
};

/// The request exactly as [`crate::Client::send`] would send it to the default hosts, with
/// credentials replaced by placeholders: method and URL, content type, body. Used by the
/// wire-format snapshots.
///
/// The placeholders stand for the credentials the client adds ([`TOKEN_PLACEHOLDER`],
/// [`APPID_PLACEHOLDER`], [`SECRET_PLACEHOLDER`]) and for every field of the request typed
/// [`crate::Secret`] ([`SECRET_PLACEHOLDER`]), [`crate::AccessToken`] or
/// [`crate::UserToken`] ([`TOKEN_PLACEHOLDER`]), or [`crate::RefreshToken`]
/// ([`REFRESH_TOKEN_PLACEHOLDER`]), in the query, the JSON body or a form part: the token
/// endpoints' `secret` shows as `APPSECRET` whatever the value.
pub fn render<E: Endpoint>(endpoint: &E) -> Result<String, Error> {
    crate::secret::with_placeholders(|| render_inner(endpoint))
}

fn render_inner<E: Endpoint>(endpoint: &E) -> Result<String, Error> {
    let meta = E::META;
    endpoint.validate()?;
    let mut query = Query::default();
    endpoint.query(&mut query)?;
    let auth = match meta.auth {
        Auth::AccessToken => AuthParams::Token(TOKEN_PLACEHOLDER),
        // The user's token is a request field: it renders as its placeholder itself.
        Auth::None | Auth::UserToken => AuthParams::None,
        Auth::AppCredentials => AuthParams::App {
            app_id: APPID_PLACEHOLDER,
            secret: SECRET_PLACEHOLDER,
        },
        Auth::AppId => AuthParams::AppId(APPID_PLACEHOLDER),
    };
    let url = build_url(meta, &BaseUrls::default(), auth, &query)?;
    let body = endpoint.body()?;
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", meta.method.as_str(), url);
    if let Some(ct) = body.content_type() {
        let _ = writeln!(out, "content-type: {ct}");
    }
    match &body {
        RequestBody::Empty => {}
        RequestBody::Json(bytes) => {
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(bytes));
            out.push('\n');
        }
        RequestBody::Multipart(form) => {
            for part in form.parts() {
                match part {
                    crate::upload::FormPart::File { name, upload } => {
                        let _ = writeln!(
                            out,
                            "\npart {name}: file {:?}, {}, {} bytes",
                            upload.filename(),
                            upload.content_type(),
                            upload.len()
                        );
                    }
                    crate::upload::FormPart::Text { name, value } => {
                        let _ = writeln!(out, "\npart {name}: text\n{value}");
                    }
                }
            }
        }
    }
    Ok(out)
}

pub(crate) fn reqwest_method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
    }
}

/// The full URL of an endpoint that needs no credentials (e.g. the QR image exchange).
pub fn public_url<E: Endpoint>(endpoint: &E, bases: &BaseUrls) -> Result<url::Url, Error> {
    let meta = E::META;
    if meta.auth != Auth::None {
        return Err(Error::Config(format!(
            "{}: a public URL cannot be built for an endpoint that needs credentials",
            meta.name
        )));
    }
    let mut query = Query::default();
    endpoint.query(&mut query)?;
    build_url(meta, bases, AuthParams::None, &query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::AppScope;
    use crate::endpoint::{BodyKind, ResponseKind};

    const META: EndpointMeta = EndpointMeta {
        name: "probe",
        method: Method::Get,
        host: Host::Api,
        path: "/cgi-bin/probe",
        auth: Auth::AccessToken,
        body: BodyKind::None,
        response: ResponseKind::Json,
        app: AppScope::Both,
        doc_url: "https://example.invalid",
        secret_response: false,
    };

    /// The URL as `Url::query_pairs_mut` writes it: what `build_url` must agree with.
    fn reference(base: &str, token: &str, pairs: &[(&'static str, String)]) -> url::Url {
        let mut url = url::Url::parse(&format!("{base}{}", META.path)).expect("base");
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("access_token", token);
            for (k, v) in pairs {
                q.append_pair(k, v);
            }
        }
        url
    }

    #[test]
    fn query_values_are_encoded_as_url_would_encode_them() {
        let values = [
            "plain",
            "a b+c/d=e&f#g%h?i",
            "\u{4e2d}\u{6587}\u{1f600}",
            "",
            "line\nbreak\ttab\"quote'",
            "~-._*!()",
        ];
        for base in ["http://127.0.0.1:8080", "https://api.weixin.qq.com/prefix/"] {
            for v in values {
                let mut query = Query::default();
                query.push("probe", "media_id", v).expect("push");
                query.push("probe", "type", "image").expect("push");
                let ours = build_url(
                    &META,
                    &BaseUrls {
                        api: base.into(),
                        mp: base.into(),
                    },
                    AuthParams::Token(v),
                    &query,
                )
                .expect("url");
                let expected = reference(base.trim_end_matches('/'), v, query.pairs());
                assert_eq!(ours.as_str(), expected.as_str(), "value {v:?}, base {base}");
            }
        }
    }
}
