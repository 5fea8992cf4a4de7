//! The framework-free entry point: verify, decrypt, parse, and encode replies.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::crypto::{self, AesKey};
use super::error::{PushError, Result};
use super::message::Message;
use super::parse::parse_message_limited;
pub use super::raw::DEFAULT_MAX_FIELDS;
use super::raw::{self, Raw};
use super::reply::{encrypted_json, encrypted_xml, Reply};
use super::signature::{self, Token};
use super::value::parse_json_raw;
use super::xml::parse_xml_raw;

/// Default body limit.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// Payload format configured for the account: OA is always XML; MP may choose JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadFormat {
    /// XML bodies and replies.
    #[default]
    Xml,
    /// JSON bodies and replies (MP only).
    Json,
}

/// The encryption mode a push arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No `encrypt_type` (or `raw`): plain body, `signature` checked.
    Plaintext,
    /// `encrypt_type=aes` with plaintext fields alongside `Encrypt`.
    Compatible,
    /// `encrypt_type=aes` with only `ToUserName` and `Encrypt`.
    Safe,
}

/// Push configuration for one account.
///
/// Safe defaults (see docs/PUSH.md, "Running push in production"):
///
/// - **With an EncodingAESKey, only encrypted pushes are accepted.** Plaintext mode can
///   be forged: WeChat's `signature` covers only the token, `timestamp` and `nonce`, not
///   the body, so anyone who sees one signed push URL (access or proxy logs, a captured
///   request) can POST any body with it. `msg_signature` of compatible and safe mode
///   covers the encrypted body, so a captured push can only be replayed. A plaintext push
///   to a server with a key is refused with [`PushError::PlaintextRefused`] (403) unless
///   [`allow_plaintext`](Self::allow_plaintext) opts in for a migration.
/// - **Timestamps must be recent**: within [`DEFAULT_TIMESTAMP_WINDOW`](Self::DEFAULT_TIMESTAMP_WINDOW)
///   (5 minutes) of this server's clock, in the past or the future, so a captured
///   signature stops working soon after it was issued. WeChat signs each delivery
///   (retries included) when it sends it, seconds before it arrives.
///   [`timestamp_window`](Self::timestamp_window) changes the window,
///   [`without_timestamp_window`](Self::without_timestamp_window) removes it.
/// - **Bounded input**: [`max_body_bytes`](Self::max_body_bytes) (1 MiB) and
///   [`max_fields`](Self::max_fields) (10,000 elements or values).
///
/// A plaintext-only config (no key) accepts plaintext pushes: that is the mode the
/// account chose, and the timestamp window is then its only replay protection.
#[derive(Clone)]
#[non_exhaustive]
pub struct PushConfig {
    token: Token,
    app_id: String,
    aes_keys: Vec<AesKey>,
    format: PayloadFormat,
    timestamp_window: Option<Duration>,
    max_body: usize,
    max_fields: usize,
    allow_plaintext: bool,
    clock: fn() -> i64,
}

impl fmt::Debug for PushConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushConfig")
            .field("token", &self.token)
            .field("app_id", &self.app_id)
            .field("aes_keys", &self.aes_keys)
            .field("format", &self.format)
            .field("timestamp_window", &self.timestamp_window)
            .field("max_body", &self.max_body)
            .field("max_fields", &self.max_fields)
            .field("allow_plaintext", &self.allow_plaintext)
            .finish_non_exhaustive()
    }
}

fn system_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl PushConfig {
    /// Default accepted distance between a push's `timestamp` and this server's clock.
    pub const DEFAULT_TIMESTAMP_WINDOW: Duration = Duration::from_secs(5 * 60);

    /// Default [`max_fields`](Self::max_fields): [`DEFAULT_MAX_FIELDS`].
    pub const DEFAULT_MAX_FIELDS: usize = DEFAULT_MAX_FIELDS;

    /// Plaintext-only config: token and app id (the receiver id of encrypted pushes), with
    /// the default timestamp window and limits.
    pub fn new(token: impl Into<String>, app_id: impl Into<String>) -> Self {
        PushConfig {
            token: Token::new(token),
            app_id: app_id.into(),
            aes_keys: Vec::new(),
            format: PayloadFormat::Xml,
            timestamp_window: Some(Self::DEFAULT_TIMESTAMP_WINDOW),
            max_body: DEFAULT_MAX_BODY,
            max_fields: DEFAULT_MAX_FIELDS,
            allow_plaintext: false,
            clock: system_clock,
        }
    }

    /// Sets the current EncodingAESKey (43 chars), enabling compatible and safe modes.
    /// From then on plaintext pushes are refused ([`PushError::PlaintextRefused`]) unless
    /// [`allow_plaintext`](Self::allow_plaintext) is also called.
    pub fn encoding_aes_key(mut self, encoding_aes_key: &str) -> Result<Self> {
        let key = AesKey::from_encoding_aes_key(encoding_aes_key)?;
        match self.aes_keys.first_mut() {
            Some(current) => *current = key,
            None => self.aes_keys.push(key),
        }
        Ok(self)
    }

    /// Adds the previous EncodingAESKey, tried when the current one fails (key rotation);
    /// replies then use whichever key decrypted the request. Call after
    /// [`encoding_aes_key`](Self::encoding_aes_key) (otherwise [`PushError::NoAesKey`]).
    pub fn previous_encoding_aes_key(mut self, encoding_aes_key: &str) -> Result<Self> {
        let key = AesKey::from_encoding_aes_key(encoding_aes_key)?;
        if self.aes_keys.is_empty() {
            return Err(PushError::NoAesKey);
        }
        self.aes_keys.truncate(1);
        self.aes_keys.push(key);
        Ok(self)
    }

    /// Body and reply format.
    pub fn format(mut self, format: PayloadFormat) -> Self {
        self.format = format;
        self
    }

    /// Also accepts plaintext pushes (no `encrypt_type`, or `raw`) although an
    /// EncodingAESKey is configured: for the minutes of a migration from plaintext to
    /// compatible or safe mode, when pushes signed before the console switch may still
    /// arrive. Plaintext pushes can be forged by anyone holding one signed URL (see the
    /// type's docs); remove this once the console is switched. Without a key, plaintext
    /// is accepted anyway.
    pub fn allow_plaintext(mut self) -> Self {
        self.allow_plaintext = true;
        self
    }

    /// Rejects pushes and URL verifications whose `timestamp` is further than `window`
    /// from now, in the past or the future (default
    /// [`DEFAULT_TIMESTAMP_WINDOW`](Self::DEFAULT_TIMESTAMP_WINDOW), 5 minutes). A
    /// replay inside the window but after the dedup TTL is handled again.
    pub fn timestamp_window(mut self, window: Duration) -> Self {
        self.timestamp_window = Some(window);
        self
    }

    /// Accepts any `timestamp`, however old: a captured plaintext URL or an encrypted
    /// push can then be replayed for ever. Only for servers whose clock cannot be trusted
    /// and that dedupe by other means.
    pub fn without_timestamp_window(mut self) -> Self {
        self.timestamp_window = None;
        self
    }

    /// Largest number of fields a push may carry (XML elements, or JSON values, over the
    /// whole tree); more is refused with [`PushError::TooManyFields`]. Default
    /// [`DEFAULT_MAX_FIELDS`] (10,000).
    pub fn max_fields(mut self, limit: usize) -> Self {
        self.max_fields = limit;
        self
    }

    /// The field limit.
    pub fn fields_limit(&self) -> usize {
        self.max_fields
    }

    /// Largest accepted body in bytes (default 1 MiB; real pushes are a few KiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// The body limit.
    pub fn max_body(&self) -> usize {
        self.max_body
    }

    /// Replaces the unix-seconds clock (tests, or a monotonic-adjusted source).
    pub fn clock(mut self, clock: fn() -> i64) -> Self {
        self.clock = clock;
        self
    }

    /// The configured app id.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The configured format.
    pub fn payload_format(&self) -> PayloadFormat {
        self.format
    }
}

/// The query parameters WeChat sends with a push or a verification.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct PushQuery {
    /// `signature` (token, timestamp, nonce).
    pub signature: Option<String>,
    /// `timestamp`
    pub timestamp: Option<String>,
    /// `nonce`
    pub nonce: Option<String>,
    /// `echostr` (verification only).
    pub echostr: Option<String>,
    /// `openid` of the sender (pushes).
    pub openid: Option<String>,
    /// `encrypt_type`: absent/`raw` or `aes`.
    pub encrypt_type: Option<String>,
    /// `msg_signature` (encrypted pushes).
    pub msg_signature: Option<String>,
}

impl PushQuery {
    /// Parses a raw URL query string (`a=1&b=2`, percent-encoded).
    pub fn from_query_str(query: &str) -> Self {
        let mut q = PushQuery::default();
        for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let slot = match k.as_ref() {
                "signature" => &mut q.signature,
                "timestamp" => &mut q.timestamp,
                "nonce" => &mut q.nonce,
                "echostr" => &mut q.echostr,
                "openid" => &mut q.openid,
                "encrypt_type" => &mut q.encrypt_type,
                "msg_signature" => &mut q.msg_signature,
                _ => continue,
            };
            *slot = Some(v.into_owned());
        }
        q
    }

    pub(crate) fn get<'a>(field: &'a Option<String>, name: &'static str) -> Result<&'a str> {
        field.as_deref().ok_or(PushError::MissingParam(name))
    }
}

/// A verified, decrypted and parsed push, plus what is needed to answer it.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The typed message.
    pub message: Message,
    /// How it arrived.
    pub mode: Mode,
    /// Format of the body (and of the reply).
    pub format: PayloadFormat,
    nonce: String,
    /// Which configured key decrypted it (0 = current, 1 = previous).
    key_index: Option<usize>,
}

impl Incoming {
    /// `true` if the push was encrypted, so content replies will be too.
    pub fn is_encrypted(&self) -> bool {
        self.key_index.is_some()
    }

    /// `true` if the previous (rotated-out) key decrypted this push.
    pub fn used_previous_key(&self) -> bool {
        self.key_index == Some(1)
    }
}

/// An encoded reply body and its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedReply {
    /// The body to send with status 200.
    pub body: String,
    /// `text/plain`, `application/xml` or `application/json`.
    pub content_type: &'static str,
}

/// Handles pushes for one account, with no web framework.
#[derive(Debug, Clone)]
pub struct PushServer {
    config: PushConfig,
}

impl PushServer {
    /// A server for `config`.
    pub fn new(config: PushConfig) -> Self {
        PushServer { config }
    }

    /// The configuration.
    pub fn config(&self) -> &PushConfig {
        &self.config
    }

    fn check_timestamp(&self, timestamp: &str) -> Result<()> {
        if let Some(window) = self.config.timestamp_window {
            let ts: i64 = timestamp
                .trim()
                .parse()
                .map_err(|_| PushError::InvalidTimestamp)?;
            let now = (self.config.clock)();
            let window = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
            if now.abs_diff(ts) > window.unsigned_abs() {
                return Err(PushError::TimestampOutOfWindow);
            }
        }
        Ok(())
    }

    /// URL verification (GET): returns the `echostr` to send back if `signature` checks.
    pub fn verify_url(&self, query: &PushQuery) -> Result<String> {
        let ts = PushQuery::get(&query.timestamp, "timestamp")?;
        let nonce = PushQuery::get(&query.nonce, "nonce")?;
        let sig = PushQuery::get(&query.signature, "signature")?;
        let echostr = PushQuery::get(&query.echostr, "echostr")?;
        signature::verify(&[self.config.token.expose(), ts, nonce], sig)?;
        self.check_timestamp(ts)?;
        Ok(echostr.to_owned())
    }

    /// Verifies, decrypts (when `encrypt_type=aes`) and parses a push body.
    pub fn open(&self, query: &PushQuery, body: &[u8]) -> Result<Incoming> {
        let ts = PushQuery::get(&query.timestamp, "timestamp")?;
        let nonce = PushQuery::get(&query.nonce, "nonce")?;
        let body = self.check_body(body)?;
        let format = self.config.format;
        let encrypted = match query.encrypt_type.as_deref() {
            None | Some("") => false,
            Some(t) if t.eq_ignore_ascii_case("raw") => false,
            Some(t) if t.eq_ignore_ascii_case("aes") => true,
            Some(_) => return Err(PushError::UnsupportedEncryptType),
        };
        if !encrypted {
            let sig = PushQuery::get(&query.signature, "signature")?;
            signature::verify(&[self.config.token.expose(), ts, nonce], sig)?;
            self.check_timestamp(ts)?;
            if !self.config.aes_keys.is_empty() && !self.config.allow_plaintext {
                return Err(PushError::PlaintextRefused);
            }
            let message = parse_message_limited(body, format, self.config.max_fields)?;
            return Ok(Incoming {
                message,
                mode: Mode::Plaintext,
                format,
                nonce: nonce.to_owned(),
                key_index: None,
            });
        }
        let (plain, mode, key_index) = self.open_encrypted(query, body, format)?;
        let message = parse_message_limited(&plain, format, self.config.max_fields)?;
        Ok(Incoming {
            message,
            mode,
            format,
            nonce: nonce.to_owned(),
            key_index: Some(key_index),
        })
    }

    /// The body limit and UTF-8 check every push goes through first.
    pub(crate) fn check_body<'b>(&self, body: &'b [u8]) -> Result<&'b str> {
        if body.len() > self.config.max_body {
            return Err(PushError::BodyTooLarge {
                limit: self.config.max_body,
            });
        }
        std::str::from_utf8(body).map_err(|_| PushError::NotUtf8)
    }

    /// The encrypted path of [`open`](Self::open), shared with the platform's
    /// [`ComponentPush`](crate::component::ComponentPush): reads `Encrypt` from the envelope
    /// (any other envelope field is ignored), checks `msg_signature` over it and the
    /// timestamp window, then decrypts with the current or previous key. Returns the
    /// plaintext, the mode and the index of the key that worked.
    pub(crate) fn open_encrypted(
        &self,
        query: &PushQuery,
        body: &str,
        format: PayloadFormat,
    ) -> Result<(String, Mode, usize)> {
        let ts = PushQuery::get(&query.timestamp, "timestamp")?;
        let nonce = PushQuery::get(&query.nonce, "nonce")?;
        let msg_sig = PushQuery::get(&query.msg_signature, "msg_signature")?;
        let max_fields = self.config.max_fields;
        let mut envelope = match format {
            PayloadFormat::Xml => parse_xml_raw(body, max_fields)?,
            PayloadFormat::Json => parse_json_raw(body, max_fields)?,
        };
        let encrypt = match raw::take(&mut envelope, "Encrypt") {
            Some(Raw::Text(s)) => s,
            _ => return Err(PushError::MissingField("Encrypt")),
        };
        // Compatible mode repeats the plaintext message beside `Encrypt`.
        let mode = if envelope.iter().any(|(k, _)| k == "MsgType") {
            Mode::Compatible
        } else {
            Mode::Safe
        };
        // msg_signature covers Encrypt, so check it before spending time on AES.
        signature::verify(&[self.config.token.expose(), ts, nonce, &encrypt], msg_sig)?;
        self.check_timestamp(ts)?;
        if self.config.aes_keys.is_empty() {
            return Err(PushError::NoAesKey);
        }
        let (plain, key_index) = self.decrypt_any(&encrypt)?;
        Ok((plain, mode, key_index))
    }

    /// The URL `signature` (token, timestamp, nonce) with this config's token.
    pub(crate) fn url_signature(&self, timestamp: &str, nonce: &str) -> String {
        signature::signature(&self.config.token, timestamp, nonce)
    }

    /// `true` when an EncodingAESKey is configured.
    pub(crate) fn has_aes_key(&self) -> bool {
        !self.config.aes_keys.is_empty()
    }

    /// Encrypts `plain` with the current key for the configured app id and signs it: the
    /// `Encrypt` value and its `msg_signature`.
    pub(crate) fn seal_raw(
        &self,
        plain: &str,
        timestamp: i64,
        nonce: &str,
        random: &[u8; 16],
    ) -> Result<(String, String)> {
        let key = self.config.aes_keys.first().ok_or(PushError::NoAesKey)?;
        let encrypt =
            crypto::encrypt_with_random(key, random, plain.as_bytes(), &self.config.app_id)?;
        let sig =
            signature::msg_signature(&self.config.token, &timestamp.to_string(), nonce, &encrypt);
        Ok((encrypt, sig))
    }

    /// Tries the current key, then the previous one; reports the current key's error.
    ///
    /// Called once `msg_signature` matched, i.e. the sender knows the token: `Encrypt` is
    /// then WeChat's, and a padding, length or app id failure means the key (or app id)
    /// configured here is not the account's, which [`PushError::KeyMismatch`] says.
    /// Base64 and ciphertext-length errors do not depend on the key, and a message that is
    /// not UTF-8 was decrypted with the right key (its app id matched): those stay as they
    /// are.
    fn decrypt_any(&self, encrypt: &str) -> Result<(String, usize)> {
        let mut first_err = None;
        for (i, key) in self.config.aes_keys.iter().enumerate() {
            match crypto::decrypt(key, encrypt, &self.config.app_id) {
                Ok(p) => return Ok((p, i)),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        Err(match first_err {
            None => PushError::NoAesKey,
            Some(
                e @ (PushError::Padding | PushError::LengthOverflow | PushError::AppIdMismatch),
            ) => PushError::KeyMismatch {
                reason: Box::new(e),
            },
            Some(e) => e,
        })
    }

    /// Encodes `reply` for `incoming`: plaintext for plaintext pushes and for the
    /// `success`/empty acknowledgements, encrypted (with the key that decrypted the
    /// request, the request's nonce and the current time) otherwise.
    pub fn reply(&self, incoming: &Incoming, reply: &Reply) -> Result<EncodedReply> {
        let random = crypto::random16()?;
        self.reply_with(incoming, reply, (self.config.clock)(), &random)
    }

    /// [`reply`](Self::reply) with a fixed time and random prefix, for reproducible output.
    pub fn reply_with(
        &self,
        incoming: &Incoming,
        reply: &Reply,
        now: i64,
        random: &[u8; 16],
    ) -> Result<EncodedReply> {
        let m = &incoming.message;
        let (to, from) = (&m.from_user_name, &m.to_user_name);
        let plain = match incoming.format {
            PayloadFormat::Xml => reply.to_xml(to, from, now),
            PayloadFormat::Json => reply.to_json(to, from, now),
        };
        let Some(plain) = plain else {
            let body = if matches!(reply, Reply::Success) {
                "success"
            } else {
                ""
            };
            return Ok(EncodedReply {
                body: body.to_owned(),
                content_type: "text/plain; charset=utf-8",
            });
        };
        let content_type = match incoming.format {
            PayloadFormat::Xml => "application/xml; charset=utf-8",
            PayloadFormat::Json => "application/json",
        };
        let Some(key_index) = incoming.key_index else {
            return Ok(EncodedReply {
                body: plain,
                content_type,
            });
        };
        let key = self
            .config
            .aes_keys
            .get(key_index)
            .ok_or(PushError::NoAesKey)?;
        let body = self.seal(key, &plain, now, &incoming.nonce, random, incoming.format)?;
        Ok(EncodedReply { body, content_type })
    }

    /// Encrypts a plaintext reply into the safe-mode envelope of `format`.
    pub fn encrypt_reply(
        &self,
        plain: &str,
        timestamp: i64,
        nonce: &str,
        random: &[u8; 16],
        format: PayloadFormat,
    ) -> Result<String> {
        let key = self.config.aes_keys.first().ok_or(PushError::NoAesKey)?;
        self.seal(key, plain, timestamp, nonce, random, format)
    }

    fn seal(
        &self,
        key: &AesKey,
        plain: &str,
        timestamp: i64,
        nonce: &str,
        random: &[u8; 16],
        format: PayloadFormat,
    ) -> Result<String> {
        let encrypt =
            crypto::encrypt_with_random(key, random, plain.as_bytes(), &self.config.app_id)?;
        let ts = timestamp.to_string();
        let sig = signature::msg_signature(&self.config.token, &ts, nonce, &encrypt);
        Ok(match format {
            PayloadFormat::Xml => encrypted_xml(&encrypt, &sig, timestamp, nonce),
            PayloadFormat::Json => encrypted_json(&encrypt, &sig, timestamp, nonce),
        })
    }
}
