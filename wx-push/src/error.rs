//! The one error type of the push module.
//!
//! Every variant is safe to show to a client: none carries the token, the AES key or any
//! decrypted content, so `Display` can go straight into logs and HTTP bodies.

use thiserror::Error;

/// Why a push request (or a push configuration) was rejected.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PushError {
    /// The EncodingAESKey is not 43 characters long.
    #[error("EncodingAESKey must be 43 characters, got {0}")]
    AesKeyLength(usize),
    /// The EncodingAESKey contains a character outside the base64 alphabet (e.g. `-`, `_`).
    #[error("EncodingAESKey contains a character outside [A-Za-z0-9+/]")]
    AesKeyAlphabet,
    /// The EncodingAESKey did not decode to 32 bytes.
    #[error("EncodingAESKey does not decode to a 32-byte AES key")]
    AesKeyDecode,
    /// The request is encrypted but no EncodingAESKey is configured.
    #[error("encrypted push received but no EncodingAESKey is configured")]
    NoAesKey,
    /// A required query parameter is missing.
    #[error("missing query parameter `{0}`")]
    MissingParam(&'static str),
    /// `encrypt_type` is neither absent, `raw` nor `aes`.
    #[error("unsupported encrypt_type")]
    UnsupportedEncryptType,
    /// `signature` / `msg_signature` does not match.
    #[error("signature mismatch")]
    SignatureMismatch,
    /// The timestamp is not a number.
    #[error("timestamp is not a unix time")]
    InvalidTimestamp,
    /// The timestamp is outside the configured replay window.
    #[error("timestamp outside the accepted window")]
    TimestampOutOfWindow,
    /// The request body is larger than the configured limit.
    #[error("body larger than {limit} bytes")]
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The body (or the decrypted message) is not UTF-8.
    #[error("message is not valid UTF-8")]
    NotUtf8,
    /// The XML is not well formed.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// The XML contains a DOCTYPE (entity declarations are an attack surface, never legitimate).
    #[error("XML with a DOCTYPE is rejected")]
    XmlDoctype,
    /// The XML references an entity other than the five predefined ones or a char reference.
    #[error("XML references an unknown entity")]
    XmlEntity,
    /// The XML nests deeper than any WeChat payload does.
    #[error("XML nested too deeply")]
    XmlTooDeep,
    /// The JSON body is malformed or not an object.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A field every push carries (e.g. `MsgType`, `Encrypt`) is missing or has the wrong type.
    #[error("missing or invalid field `{0}`")]
    MissingField(&'static str),
    /// `Encrypt` is not valid base64.
    #[error("Encrypt is not valid base64")]
    Base64,
    /// The ciphertext length is not a multiple of 16 or is shorter than 32 bytes.
    #[error("ciphertext length {0} is not a positive multiple of 16 of at least 32")]
    CiphertextLength(usize),
    /// The PKCS#7 (block 32) padding is invalid: pad byte 0, > 32, or inconsistent bytes.
    #[error("invalid PKCS#7 padding")]
    Padding,
    /// The big-endian length field points past the end of the decrypted buffer.
    #[error("message length field exceeds the decrypted data")]
    LengthOverflow,
    /// The receiver id (app id) at the end of the plaintext is not ours.
    #[error("receiver id does not match the configured app id")]
    AppIdMismatch,
    /// The de-duplication store failed.
    #[error("dedup store failed: {0}")]
    DedupStore(String),
    /// A reply could not be built (e.g. a news reply without an article).
    #[error("invalid reply: {0}")]
    InvalidReply(&'static str),
    /// The OS random source failed.
    #[error("random source failed")]
    Random,
    /// The push handler panicked (or was cancelled) before producing a reply.
    #[error("push handler did not complete")]
    HandlerFailed,
    /// The request body did not arrive within the adapter's body read timeout (a client
    /// trickling its body; WeChat sends a push of a few KiB at once).
    #[error("request body not received within the read timeout")]
    BodyReadTimeout,
    /// No account is configured for the request's path or the envelope's `ToUserName`
    /// (one endpoint serving several accounts).
    #[error("no push account configured for this request")]
    UnknownAccount,
    /// The push handler returned an error: the push is released from the dedup store and
    /// answered so that WeChat re-sends it. The handler's error itself is logged, not sent.
    #[error("push handler returned an error")]
    HandlerError,
    /// A platform push handler ([`ComponentHandler`](super::component::ComponentHandler))
    /// was still running at the adapter's handler deadline, so the push could not be
    /// acknowledged: it is answered with an error (WeChat re-sends it) while the handler
    /// carries on.
    #[error("push handler still running at the handler deadline")]
    HandlerTimedOut,
    /// A plaintext push (no `encrypt_type`, or `raw`) reached a server that has an
    /// EncodingAESKey configured. Plaintext `signature` does not cover the body, so such a
    /// push could be forged from any captured URL; it is refused unless
    /// [`PushConfig::allow_plaintext`](super::PushConfig::allow_plaintext) opted in.
    #[error(
        "plaintext push refused: an EncodingAESKey is configured, so this server expects \
         encrypted pushes (encrypt_type=aes); set the account's message encryption mode to \
         compatible or safe in the WeChat console, or call PushConfig::allow_plaintext() \
         while migrating from plaintext mode"
    )]
    PlaintextRefused,
    /// The payload has more elements (XML) or values (JSON) than the configured limit
    /// ([`PushConfig::max_fields`](super::PushConfig::max_fields)).
    #[error("push has more than {limit} fields (elements or JSON values; PushConfig::max_fields)")]
    TooManyFields {
        /// The configured limit.
        limit: usize,
    },
    /// `msg_signature` matched (the sender knows the token) but `Encrypt` did not decrypt
    /// to a message for this account: the EncodingAESKey, or the app id, configured here is
    /// not the account's. `reason` is what failed: [`Padding`](Self::Padding) (nearly
    /// always, for a wrong key), [`LengthOverflow`](Self::LengthOverflow) or
    /// [`AppIdMismatch`](Self::AppIdMismatch) (a wrong key, or the right key with another
    /// app id).
    #[error(
        "cannot decrypt the push although msg_signature matched: the EncodingAESKey \
         or app id configured on this server differs from the account's (WeChat console, \
         server configuration / 服务器配置)"
    )]
    KeyMismatch {
        /// The decryption check that failed.
        #[source]
        reason: Box<PushError>,
    },
}

impl PushError {
    /// The HTTP status a server should answer with, so adapters map errors alike.
    pub fn status_code(&self) -> u16 {
        use PushError::*;
        match self {
            SignatureMismatch | TimestampOutOfWindow => 401,
            PlaintextRefused => 403,
            BodyReadTimeout => 408,
            UnknownAccount => 404,
            BodyTooLarge { .. } | TooManyFields { .. } => 413,
            AesKeyLength(_)
            | AesKeyAlphabet
            | AesKeyDecode
            | NoAesKey
            | KeyMismatch { .. }
            | InvalidReply(_)
            | Random
            | HandlerFailed
            | HandlerError => 500,
            DedupStore(_) | HandlerTimedOut => 503,
            _ => 400,
        }
    }

    /// `true` when the error means this server's configuration does not match the
    /// account's (wrong or missing EncodingAESKey, wrong app id, plaintext pushes to a
    /// server expecting encrypted ones): every push will fail the same way until someone
    /// fixes it, so adapters log these at error level rather than as a rejected request.
    pub fn is_misconfiguration(&self) -> bool {
        use PushError::*;
        matches!(
            self,
            KeyMismatch { .. }
                | NoAesKey
                | PlaintextRefused
                | AesKeyLength(_)
                | AesKeyAlphabet
                | AesKeyDecode
        )
    }

    /// For [`KeyMismatch`](Self::KeyMismatch), the decryption check that failed; otherwise
    /// the error itself.
    pub fn reason(&self) -> &PushError {
        match self {
            PushError::KeyMismatch { reason } => reason,
            other => other,
        }
    }
}

/// Result alias of the push module.
pub type Result<T, E = PushError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_mismatch_does_not_repeat_its_reason() {
        for reason in [
            PushError::Padding,
            PushError::LengthOverflow,
            PushError::AppIdMismatch,
        ] {
            let reason_text = reason.to_string();
            let e = PushError::KeyMismatch {
                reason: Box::new(reason),
            };
            let source = std::error::Error::source(&e).map(ToString::to_string);
            assert_eq!(source.as_deref(), Some(reason_text.as_str()));
            assert!(
                !e.to_string().contains(&reason_text),
                "{e} repeats its source {reason_text:?}"
            );
        }
    }
}
