//! Error types. None of them ever carries a secret (token, AppSecret, AES key) in its text:
//! text that echoes a reply or a URL (an HTTP error body, `errmsg`, a decode detail) has
//! credentials redacted ([`crate::secret::redact`]), the client also removes the very
//! credentials of the request from it, and transport errors drop the URL.
//!
//! # Messages and sources
//!
//! An error that wraps another (a transport failure, a broken upload reader, a failed token
//! fetch, a file that cannot be read) returns it from [`std::error::Error::source`] and does
//! **not** repeat its text in its own message: a report that walks the chain (`anyhow`,
//! `eyre`, `tracing` with `error = &e as &dyn Error`) shows each cause once. Print the chain
//! (e.g. `{:#}` with anyhow) to see the causes; `to_string()` alone gives only the outermost
//! message.
//!
//! # Retrying after an error
//!
//! [`Error::may_have_reached_wechat`] says whether WeChat may have received the whole
//! request and acted on it. When it is `false`, resending cannot duplicate anything (e.g. a
//! customer-service message or a mass send). When it is `true`, resending a non-idempotent
//! call may deliver it twice; each variant's docs say why it is or is not.

use crate::errcode::ErrCode;
use crate::token::kind::{CredentialKind, InvalidCredentialKind};
use std::sync::Arc;

/// Everything that can go wrong when calling WeChat.
///
/// Every variant that concerns one endpoint names it ([`Error::endpoint`]), by its qualified
/// name (`oa::message::custom::send`). New variants may be added in minor releases.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// WeChat answered with a non-zero `errcode`.
    ///
    /// **Reached WeChat**: yes. WeChat received the request and answered; most codes mean it
    /// did nothing, but `-1` (system busy) may come after the request was acted upon, which
    /// is why [`RetryPolicy::busy_retries`](crate::RetryPolicy::busy_retries) is off by
    /// default. Decide per [`ErrCode`] ([`ErrCode::retry_class`]).
    #[error("{endpoint}: WeChat error {}: {message}", code.describe())]
    Api {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// The `errcode`, typed (unknown codes are kept as numbers).
        code: ErrCode,
        /// The raw `errmsg` (kept for logs; match on `code`, never on this).
        message: String,
        /// The request id WeChat appends to `errmsg` (`rid: ...`), when present.
        rid: Option<String>,
    },
    /// WeChat rejected a *user's* OAuth access token (40001, 40014 or 42001 from an endpoint
    /// declared `auth = user_token`, e.g. `/sns/userinfo`): the token expired or was
    /// replaced. Refresh it with the user's refresh token or ask the user to authorize
    /// again; the app's access token is not involved and was not refreshed.
    ///
    /// **Reached WeChat**: yes; it answered and did nothing.
    #[error("{endpoint}: the user's access token was rejected: WeChat error {}: {message}", code.describe())]
    UserTokenInvalid {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// The `errcode` (40001, 40014 or 42001).
        code: ErrCode,
        /// The raw `errmsg`, credentials redacted.
        message: String,
        /// The request id WeChat appends to `errmsg`, when present.
        rid: Option<String>,
    },
    /// A client-side check of a documented limit failed.
    ///
    /// **Reached WeChat**: no; the request was never sent.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The request could not be sent or the reply not received (connect, timeout, TLS,
    /// connection reset...). The cause is the [`source`](std::error::Error::source), a
    /// `reqwest::Error` without its URL (which may carry a credential).
    ///
    /// **Reached WeChat**: maybe. Not when the connection could not be established
    /// (`reqwest::Error::is_connect`); otherwise yes as far as a caller can tell: a timeout
    /// or a reset after the request was written leaves WeChat free to have acted on it.
    #[error("{endpoint}: transport error")]
    Transport {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// A streamed upload broke its declared length (the
    /// [`source`](std::error::Error::source) says how).
    ///
    /// **Reached WeChat**: no complete request. The request failed before its last byte went
    /// out, so WeChat never received a cut file and cannot have acted on it.
    #[error("{endpoint}: upload failed")]
    Upload {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// How the reader broke its declared length.
        #[source]
        source: ReaderLengthError,
    },
    /// An HTTP status that is not part of WeChat's protocol (e.g. 404 from `showqrcode`).
    ///
    /// **Reached WeChat**: maybe. A server answered, which may be WeChat or a proxy in front
    /// of it; a 5xx from a gateway does not prove that WeChat did nothing.
    #[error(
        "{endpoint}: unexpected HTTP status {status}{}",
        snippet_suffix(body_snippet)
    )]
    Http {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The start of the body, credentials redacted (empty when the body was empty).
        body_snippet: String,
    },
    /// The reply was longer than [`Config::max_reply_bytes`](crate::Config::max_reply_bytes);
    /// it was not read whole.
    ///
    /// **Reached WeChat**: yes. WeChat answered; only its reply was not read.
    #[error("{endpoint}: reply larger than the limit of {limit} bytes{}", announced_suffix(*announced))]
    ReplyTooLarge {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// The configured limit, in bytes.
        limit: usize,
        /// The length the server announced (`Content-Length`), when it did.
        announced: Option<u64>,
    },
    /// The reply did not have the documented shape.
    ///
    /// **Reached WeChat**: yes. WeChat answered (with something this SDK cannot read), so
    /// the request may well have been acted upon.
    #[error("{endpoint}: could not decode the reply: {detail}")]
    Decode {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// What did not match, credentials redacted.
        detail: String,
    },
    /// The request could not be encoded (e.g. a field that does not serialize).
    ///
    /// **Reached WeChat**: no; the request was never sent.
    #[error("{endpoint}: could not encode the request: {detail}")]
    Encode {
        /// Qualified name of the endpoint that was called.
        endpoint: &'static str,
        /// What failed to encode.
        detail: String,
    },
    /// Fetching an access token or another cached credential (a JS-SDK ticket) failed;
    /// every caller waiting on that fetch gets this. The fetch's own error is the
    /// [`source`](std::error::Error::source) (shared by the waiters, hence the `Arc`). The
    /// message names the kind: `access token for app … could not be obtained`,
    /// `jsapi ticket for app … could not be obtained`.
    ///
    /// **Reached WeChat**: no, for the request the caller sent: it waits for a token and is
    /// not sent without one. (When a token WeChat rejected could not be replaced, the
    /// rejected request was not acted upon either.)
    #[error("{} for app {app_id} could not be obtained", kind.label())]
    Token {
        /// The app whose credential was wanted.
        app_id: String,
        /// Which credential ([`CredentialKind::ACCESS_TOKEN`] for the access token).
        kind: CredentialKind,
        /// Why the fetch failed (often [`Error::Api`] from the token endpoint).
        #[source]
        source: Arc<Error>,
    },
    /// A local file could not be read (uploads from a path); the I/O error is the
    /// [`source`](std::error::Error::source).
    ///
    /// **Reached WeChat**: no; the file is opened before the request is sent.
    #[error("{}{context}", endpoint_prefix(*endpoint))]
    Io {
        /// The endpoint whose request needed the file; `None` when the file was read
        /// before any endpoint was involved ([`Upload::from_path`](crate::Upload::from_path)).
        endpoint: Option<&'static str>,
        /// What was being done, naming the file (`opening /tmp/a.jpg`).
        context: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The token store (e.g. Redis) failed.
    ///
    /// **Reached WeChat**: no. The store is consulted for a token before the request is
    /// sent, and after WeChat rejected a token (a request it did not act upon).
    #[error("token store: {0}")]
    Store(String),
    /// The client or a store is misconfigured (e.g. an unparsable base URL).
    ///
    /// **Reached WeChat**: no; nothing was sent.
    #[error("configuration: {0}")]
    Config(String),
}

impl From<InvalidCredentialKind> for Error {
    /// A bad credential kind name is a configuration error.
    fn from(invalid: InvalidCredentialKind) -> Self {
        Error::Config(invalid.to_string())
    }
}

fn endpoint_prefix(endpoint: Option<&'static str>) -> String {
    endpoint.map(|e| format!("{e}: ")).unwrap_or_default()
}

fn announced_suffix(announced: Option<u64>) -> String {
    announced
        .map(|n| format!(" (Content-Length {n})"))
        .unwrap_or_default()
}

fn snippet_suffix(snippet: &str) -> String {
    if snippet.is_empty() {
        String::new()
    } else {
        format!(" (body: {})", crate::secret::redact(snippet))
    }
}

impl Error {
    /// This error with every occurrence of the given credentials in its reply-derived text
    /// (`errmsg`, HTTP body snippet, decode detail) replaced by
    /// [`crate::secret::REDACTED`]: a reply may echo a credential without its name.
    /// Credentials shorter than 4 bytes are left alone (they would garble the text and
    /// no real credential is that short).
    pub(crate) fn without_credentials<'a>(
        mut self,
        credentials: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let text = match &mut self {
            Error::Api { message, .. } | Error::UserTokenInvalid { message, .. } => message,
            Error::Http { body_snippet, .. } => body_snippet,
            Error::Decode { detail, .. } => detail,
            _ => return self,
        };
        for credential in credentials {
            if credential.len() >= 4 && text.contains(credential) {
                *text = text.replace(credential, crate::secret::REDACTED);
            }
        }
        if let Error::Api { message, rid, .. } | Error::UserTokenInvalid { message, rid, .. } =
            &mut self
        {
            *rid = request_id(message);
        }
        self
    }

    /// Qualified name of the endpoint this error concerns (`oa::message::custom::send`),
    /// for every variant that concerns one: the endpoint that was called for
    /// [`Api`](Self::Api), [`Invalid`](Self::Invalid), [`Transport`](Self::Transport),
    /// [`Upload`](Self::Upload), [`Http`](Self::Http), [`ReplyTooLarge`](Self::ReplyTooLarge),
    /// [`Decode`](Self::Decode), [`Encode`](Self::Encode) and [`Io`](Self::Io) (when the file
    /// was read for a request); for [`Token`](Self::Token), the token endpoint whose fetch
    /// failed, if the fetch got that far. `None` for [`Store`](Self::Store),
    /// [`Config`](Self::Config) and an `Io` error of [`Upload::from_path`](crate::Upload::from_path).
    pub fn endpoint(&self) -> Option<&'static str> {
        match self {
            Error::Api { endpoint, .. }
            | Error::UserTokenInvalid { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Upload { endpoint, .. }
            | Error::Http { endpoint, .. }
            | Error::ReplyTooLarge { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::Encode { endpoint, .. } => Some(endpoint),
            Error::Invalid(invalid) => Some(invalid.endpoint),
            Error::Io { endpoint, .. } => *endpoint,
            Error::Token { source, .. } => source.endpoint(),
            Error::Store(_) | Error::Config(_) => None,
        }
    }

    /// Whether WeChat may have received the whole request and acted on it: what a caller
    /// must know before resending a call that is not idempotent (a message send, a mass
    /// send, a material upload).
    ///
    /// `false` means resending cannot make WeChat act twice: the request was never sent
    /// ([`Invalid`](Self::Invalid), [`Encode`](Self::Encode), [`Token`](Self::Token),
    /// [`Io`](Self::Io), [`Store`](Self::Store), [`Config`](Self::Config)), it failed before
    /// its last byte ([`Upload`](Self::Upload)), or the connection was never established
    /// ([`Transport`](Self::Transport) with `is_connect()`). `true` means it may have been
    /// acted upon: WeChat (or something in front of it) answered ([`Api`](Self::Api),
    /// [`Http`](Self::Http), [`ReplyTooLarge`](Self::ReplyTooLarge), [`Decode`](Self::Decode)),
    /// or the transport failed after the request may have been written (a timeout, a reset).
    ///
    /// An [`Api`](Self::Api) error is `true` even though most errcodes mean WeChat did
    /// nothing: which codes are safe to retry is the errcode's business
    /// ([`ErrCode::retry_class`]).
    pub fn may_have_reached_wechat(&self) -> bool {
        match self {
            Error::Api { .. }
            | Error::UserTokenInvalid { .. }
            | Error::Http { .. }
            | Error::ReplyTooLarge { .. }
            | Error::Decode { .. } => true,
            Error::Transport { source, .. } => !(source.is_connect() || source.is_builder()),
            Error::Invalid(_)
            | Error::Upload { .. }
            | Error::Encode { .. }
            | Error::Token { .. }
            | Error::Io { .. }
            | Error::Store(_)
            | Error::Config(_) => false,
        }
    }

    /// The WeChat error code, when this is an API error (also through a failed token fetch).
    pub fn code(&self) -> Option<ErrCode> {
        match self {
            Error::Api { code, .. } | Error::UserTokenInvalid { code, .. } => Some(*code),
            Error::Token { source, .. } => source.code(),
            _ => None,
        }
    }

    /// An OAuth `code` that was already exchanged (40163): codes work once. Only a new
    /// authorization (sending the user through the authorize URL again) helps; the SDK
    /// never resends a code exchange.
    pub fn is_code_used(&self) -> bool {
        matches!(self, Error::Api { code, .. } if *code == ErrCode::CodeAlreadyUsed)
    }

    /// An OAuth (or mini-program) `code` WeChat does not accept: unknown, forged, of another
    /// app (40029), expired — 5 minutes for Official Accounts — (42003) or missing (41008).
    /// Only a new authorization helps.
    pub fn is_code_invalid(&self) -> bool {
        matches!(self, Error::Api { code, .. } if matches!(code,
            ErrCode::InvalidCode | ErrCode::CodeExpired | ErrCode::CodeMissing))
    }

    /// An OAuth refresh token that cannot renew the user's token any more: invalid (40030),
    /// expired after its 30 days (42002), missing (41003), or voided because the user
    /// changed their password (42007). Only a new authorization helps.
    pub fn is_refresh_token_invalid(&self) -> bool {
        matches!(self, Error::Api { code, .. } if matches!(code,
            ErrCode::InvalidRefreshToken
                | ErrCode::RefreshTokenExpired
                | ErrCode::RefreshTokenMissing
                | ErrCode::UserChangedPassword))
    }

    /// A user's OAuth access token was rejected ([`Error::UserTokenInvalid`]).
    pub fn is_user_token_invalid(&self) -> bool {
        matches!(self, Error::UserTokenInvalid { .. })
    }
}

/// A documented limit that a request breaks, found before sending it (so the request was
/// never sent). Built with [`ValidationError::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{endpoint}: invalid `{field}`: {message}")]
#[non_exhaustive]
pub struct ValidationError {
    /// Qualified name of the endpoint whose request broke the limit.
    pub endpoint: &'static str,
    /// The field, as a path into the request (`action_info.scene.scene_str`).
    pub field: &'static str,
    /// What is wrong, for people (the limit and the value's size, never the value of a
    /// secret).
    pub message: String,
}

impl ValidationError {
    /// The error for `field` of `endpoint`'s request (`field` is a path into the request,
    /// `message` says which limit it breaks).
    pub fn new(endpoint: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            endpoint,
            field,
            message: message.into(),
        }
    }

    /// The same error attributed to `endpoint` (the generated `validate` uses it so that
    /// every check reports the endpoint's qualified name).
    pub fn for_endpoint(mut self, endpoint: &'static str) -> Self {
        self.endpoint = endpoint;
        self
    }
}

/// Extracts the request id WeChat appends to `errmsg`: `... rid: 6612f3a1-0b7c...` or
/// `... hint: [AbC123]`.
pub fn request_id(errmsg: &str) -> Option<String> {
    if let Some(pos) = errmsg.find("rid:") {
        let rest = errmsg[pos + 4..].trim_start();
        let id: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        return (!id.is_empty()).then_some(id);
    }
    if let Some(pos) = errmsg.find("hint: [") {
        let rest = &errmsg[pos + 7..];
        let id: String = rest.chars().take_while(|&c| c != ']').collect();
        return (!id.is_empty()).then_some(id);
    }
    None
}

/// A streamed reader that broke the length it was declared with; the request carrying it
/// failed before the last byte went out (see [`Error::Upload`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReaderLengthError {
    /// The reader reached its end before the declared length.
    #[error("the reader behind `{filename}` ended early, after {read} of {declared} bytes")]
    EndedEarly {
        /// The part's filename, as sent in the form.
        filename: String,
        /// Bytes the reader produced, in total.
        read: u64,
        /// Bytes it was declared to hold.
        declared: u64,
    },
    /// The reader still had bytes after the declared length (the excess is not sent).
    #[error("the reader behind `{filename}` holds more than the {declared} bytes declared")]
    LongerThanDeclared {
        /// The part's filename, as sent in the form.
        filename: String,
        /// Bytes it was declared to hold.
        declared: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReaderLengthError;

    use std::time::Duration;

    /// Every error in `error`'s chain, outermost first.
    fn chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
        let mut texts = Vec::new();
        let mut next = Some(error);
        while let Some(e) = next {
            texts.push(e.to_string());
            next = e.source();
        }
        texts
    }

    /// No message of the chain repeats the text of its source, so a report that prints
    /// every cause (anyhow's `{:#}`, eyre) shows each once.
    fn assert_each_cause_once(error: &(dyn std::error::Error + 'static)) {
        let texts = chain(error);
        assert!(texts.len() >= 2, "expected a cause: {texts:?}");
        for pair in texts.windows(2) {
            assert!(
                !pair[0].contains(&pair[1]),
                "{:?} repeats its source {:?} (chain {texts:?})",
                pair[0],
                pair[1]
            );
        }
    }

    fn api(code: i64) -> Error {
        Error::Api {
            endpoint: "token::get",
            code: ErrCode::from_code(code),
            message: "invalid appsecret rid: 1".into(),
            rid: Some("1".into()),
        }
    }

    /// A transport error of a connection refused by a loopback port nobody listens on.
    async fn refused() -> reqwest::Error {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        drop(listener);
        reqwest::Client::new()
            .get(format!("http://{addr}/"))
            .send()
            .await
            .expect_err("nobody listens")
    }

    /// A transport error of a request that was written to a loopback server which then
    /// never answered.
    async fn timed_out_after_write() -> reqwest::Error {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (seen_tx, seen_rx) = tokio::sync::oneshot::channel();
        let server = tokio::spawn(async move {
            use tokio::io::AsyncReadExt;
            let (mut stream, _) = listener.accept().await.expect("accept");
            let mut buf = [0u8; 1024];
            let n = stream.read(&mut buf).await.expect("read");
            let _ = seen_tx.send(n);
            // Hold the connection open without answering.
            tokio::time::sleep(Duration::from_secs(30)).await;
        });
        let err = reqwest::Client::builder()
            .timeout(Duration::from_millis(300))
            .build()
            .expect("client")
            .post(format!("http://{addr}/cgi-bin/message/custom/send"))
            .body("{}")
            .send()
            .await
            .expect_err("no answer");
        assert!(
            seen_rx.await.expect("server read") > 0,
            "the request was written"
        );
        server.abort();
        err
    }

    #[tokio::test]
    async fn no_message_repeats_the_text_of_its_source() {
        let transport = Error::Transport {
            endpoint: "oa::message::custom::send",
            source: refused().await.without_url(),
        };
        let upload = Error::Upload {
            endpoint: "oa::media::upload",
            source: ReaderLengthError::EndedEarly {
                filename: "a.jpg".into(),
                read: 10,
                declared: 1000,
            },
        };
        let io = Error::Io {
            endpoint: Some("oa::media::upload"),
            context: "opening /tmp/a.jpg".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        };
        let token = Error::Token {
            app_id: "wx0123456789abcdef".into(),
            kind: CredentialKind::ACCESS_TOKEN,
            source: Arc::new(api(40125)),
        };
        let token_transport = Error::Token {
            app_id: "wx0123456789abcdef".into(),
            kind: CredentialKind::ACCESS_TOKEN,
            source: Arc::new(Error::Transport {
                endpoint: "token::get_stable",
                source: refused().await.without_url(),
            }),
        };
        for error in [&transport, &upload, &io, &token, &token_transport] {
            assert_each_cause_once(error);
        }
        // The cause is still there, once, for whoever walks the chain.
        assert!(chain(&upload)[1].contains("ended early"));
        assert!(chain(&io)[1].contains("no such file"));
        assert!(chain(&token)[1].contains("40125"));
        assert!(chain(&token_transport).len() >= 3);
    }

    #[tokio::test]
    async fn endpoint_is_named_for_every_variant_that_has_one() {
        let cases: Vec<(Error, Option<&str>)> = vec![
            (api(40001), Some("token::get")),
            (
                ValidationError::new("oa::qrcode::create", "scene", "too long").into(),
                Some("oa::qrcode::create"),
            ),
            (
                Error::Transport {
                    endpoint: "oa::user::get",
                    source: refused().await,
                },
                Some("oa::user::get"),
            ),
            (
                Error::Http {
                    endpoint: "oa::qrcode::show",
                    status: 404,
                    body_snippet: String::new(),
                },
                Some("oa::qrcode::show"),
            ),
            (
                Error::ReplyTooLarge {
                    endpoint: "oa::media::get",
                    limit: 1,
                    announced: None,
                },
                Some("oa::media::get"),
            ),
            (
                Error::Decode {
                    endpoint: "oa::material::count",
                    detail: "x".into(),
                },
                Some("oa::material::count"),
            ),
            (
                Error::Encode {
                    endpoint: "oa::material::add",
                    detail: "x".into(),
                },
                Some("oa::material::add"),
            ),
            (
                Error::Io {
                    endpoint: Some("oa::media::upload"),
                    context: "opening a".into(),
                    source: std::io::ErrorKind::NotFound.into(),
                },
                Some("oa::media::upload"),
            ),
            (
                Error::Io {
                    endpoint: None,
                    context: "reading the size of a".into(),
                    source: std::io::ErrorKind::NotFound.into(),
                },
                None,
            ),
            (
                Error::Token {
                    app_id: "wx1".into(),
                    kind: CredentialKind::ACCESS_TOKEN,
                    source: Arc::new(api(40013)),
                },
                Some("token::get"),
            ),
            (Error::Store("down".into()), None),
            (Error::Config("bad".into()), None),
        ];
        for (error, endpoint) in cases {
            assert_eq!(error.endpoint(), endpoint, "{error:?}");
            if let Some(name) = endpoint {
                assert!(error.to_string().contains(name) || matches!(error, Error::Token { .. }));
            }
        }
    }

    #[tokio::test]
    async fn may_have_reached_wechat_tells_a_refused_connection_from_a_lost_reply() {
        let refused = refused().await;
        assert!(refused.is_connect(), "{refused:?}");
        let never_sent = Error::Transport {
            endpoint: "oa::message::custom::send",
            source: refused.without_url(),
        };
        assert!(!never_sent.may_have_reached_wechat(), "{never_sent:?}");

        let lost = timed_out_after_write().await;
        assert!(lost.is_timeout() && !lost.is_connect(), "{lost:?}");
        let maybe_sent = Error::Transport {
            endpoint: "oa::message::custom::send",
            source: lost.without_url(),
        };
        assert!(maybe_sent.may_have_reached_wechat(), "{maybe_sent:?}");

        let answered = [
            api(-1),
            api(45047),
            Error::Http {
                endpoint: "e",
                status: 502,
                body_snippet: String::new(),
            },
            Error::ReplyTooLarge {
                endpoint: "e",
                limit: 1,
                announced: Some(2),
            },
            Error::Decode {
                endpoint: "e",
                detail: "x".into(),
            },
        ];
        for e in &answered {
            assert!(e.may_have_reached_wechat(), "{e:?}");
        }
        let not_sent = [
            Error::from(ValidationError::new("e", "f", "m")),
            Error::Encode {
                endpoint: "e",
                detail: "x".into(),
            },
            Error::Upload {
                endpoint: "e",
                source: ReaderLengthError::LongerThanDeclared {
                    filename: "a".into(),
                    declared: 1,
                },
            },
            Error::Token {
                app_id: "wx1".into(),
                kind: CredentialKind::ACCESS_TOKEN,
                source: Arc::new(api(-1)),
            },
            Error::Io {
                endpoint: None,
                context: "c".into(),
                source: std::io::ErrorKind::NotFound.into(),
            },
            Error::Store("s".into()),
            Error::Config("c".into()),
        ];
        for e in &not_sent {
            assert!(!e.may_have_reached_wechat(), "{e:?}");
        }
    }
}
