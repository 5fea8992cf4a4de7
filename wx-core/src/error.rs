//! Error types. None of them ever carries a secret (token, AppSecret, AES key) in its text:
//! text that echoes a reply or a URL (an HTTP error body, `errmsg`, a decode detail) has
//! credentials redacted ([`crate::secret::redact`]), the client also removes the very
//! credentials of the request from it, and transport errors drop the URL.

use crate::errcode::ErrCode;
use std::sync::Arc;

/// Everything that can go wrong when calling WeChat.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// WeChat answered with a non-zero `errcode`.
    #[error("{endpoint}: WeChat error {}: {message}", code.describe())]
    Api {
        endpoint: &'static str,
        code: ErrCode,
        /// The raw `errmsg` (kept for logs; match on `code`, never on this).
        message: String,
        /// The request id WeChat appends to `errmsg` (`rid: ...`), when present.
        rid: Option<String>,
    },
    /// A client-side check of a documented limit failed; nothing was sent.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The request could not be sent or the reply not received (connect, timeout, TLS...).
    #[error("{endpoint}: transport error: {source}")]
    Transport {
        endpoint: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// A streamed upload broke its declared length; the request failed before the last byte
    /// went out, so WeChat never received a cut file.
    #[error("{endpoint}: upload failed: {source}")]
    Upload {
        endpoint: &'static str,
        #[source]
        source: crate::upload::ReaderLengthError,
    },
    /// An HTTP status that is not part of WeChat's protocol (e.g. 404 from `showqrcode`).
    /// `body_snippet` is the start of the body with credentials redacted.
    #[error(
        "{endpoint}: unexpected HTTP status {status}{}",
        snippet_suffix(body_snippet)
    )]
    Http {
        endpoint: &'static str,
        status: u16,
        body_snippet: String,
    },
    /// The reply was longer than [`crate::Config::max_reply_bytes`]; it was not read whole.
    #[error("{endpoint}: reply larger than the limit of {limit} bytes{}", announced_suffix(*announced))]
    ReplyTooLarge {
        endpoint: &'static str,
        limit: usize,
        /// The length the server announced (`Content-Length`), when it did.
        announced: Option<u64>,
    },
    /// The reply did not have the documented shape.
    #[error("{endpoint}: could not decode the reply: {detail}")]
    Decode {
        endpoint: &'static str,
        detail: String,
    },
    /// The request could not be encoded (e.g. a field that does not serialize).
    #[error("{endpoint}: could not encode the request: {detail}")]
    Encode {
        endpoint: &'static str,
        detail: String,
    },
    /// Fetching an access token failed; every caller waiting on that fetch gets this.
    #[error("access token for app {app_id} could not be obtained: {source}")]
    Token {
        app_id: String,
        #[source]
        source: Arc<Error>,
    },
    /// A local file could not be read (uploads).
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// The token store (e.g. Redis) failed.
    #[error("token store: {0}")]
    Store(String),
    /// The client is misconfigured.
    #[error("configuration: {0}")]
    Config(String),
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
            Error::Api { message, .. } => message,
            Error::Http { body_snippet, .. } => body_snippet,
            Error::Decode { detail, .. } => detail,
            _ => return self,
        };
        for credential in credentials {
            if credential.len() >= 4 && text.contains(credential) {
                *text = text.replace(credential, crate::secret::REDACTED);
            }
        }
        if let Error::Api { message, rid, .. } = &mut self {
            *rid = crate::response::request_id(message);
        }
        self
    }

    /// The WeChat error code, when this is an API error (also through a failed token fetch).
    pub fn code(&self) -> Option<ErrCode> {
        match self {
            Error::Api { code, .. } => Some(*code),
            Error::Token { source, .. } => source.code(),
            _ => None,
        }
    }
}

/// A documented limit that a request breaks, found before sending it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{endpoint}: invalid `{field}`: {message}")]
pub struct ValidationError {
    pub endpoint: &'static str,
    /// The field, as a path into the request (`action_info.scene.scene_str`).
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
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
