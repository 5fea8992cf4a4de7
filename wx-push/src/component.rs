//! The Open Platform's authorisation-event push (授权事件推送): what WeChat POSTs to a
//! third-party platform's own push URL (the console's "授权事件接收 URL").
//!
//! A third-party platform (component) has two push URLs. The *message and event* URL (its
//! path carries `$APPID$`) receives the authorised accounts' user messages and events:
//! those are ordinary pushes, served by [`PushServer`] with the
//! platform's token and key. The *authorisation-event* URL, served by [`ComponentPush`],
//! receives the platform's own system notifications:
//!
//! | `InfoType` | when | typed as |
//! |---|---|---|
//! | `component_verify_ticket` | every 10 minutes, once the platform is approved; each push carries a new ticket, valid 12 hours; there is no API to fetch one | [`ComponentEventKind::VerifyTicket`] |
//! | `authorized` | an account granted the platform access | [`ComponentEventKind::Authorized`] |
//! | `updateauthorized` | an account changed the permission sets it granted | [`ComponentEventKind::UpdateAuthorized`] |
//! | `unauthorized` | an account revoked the platform's access | [`ComponentEventKind::Unauthorized`] |
//! | anything else (e.g. `notify_third_fasteregister` of the registration flows) | | [`ComponentEventKind::Unknown`], every field kept in [`ComponentEvent::extra`] |
//!
//! ## What the code relies on
//!
//! - **Always encrypted.** These pushes are always encrypted with the platform's
//!   EncodingAESKey, in the same WXBizMsgCrypt scheme as account pushes (AES-256-CBC,
//!   IV = the key's first 16 bytes, PKCS#7 padding to 32 bytes, plaintext = 16 random
//!   bytes, the message length as a big-endian u32, the message, then the receiver id).
//!   The receiver id at the end is the **platform's app id** (component app id), which is
//!   checked exactly (WeChat calls that check optional; it is kept strict here, as for
//!   account pushes).
//! - **Signature**: `msg_signature` in the query is the SHA-1 of the sorted concatenation
//!   of the platform's message-check Token (消息校验 Token), `timestamp`, `nonce` and the
//!   `Encrypt` value, checked before any AES work; `timestamp` must lie in the config's
//!   window (5 minutes by default). The query seen in practice is
//!   `?signature=…&timestamp=…&nonce=…&encrypt_type=aes&msg_signature=…`. A push with
//!   `encrypt_type=raw` is refused ([`PushError::PlaintextRefused`]); one without
//!   `encrypt_type` is treated as encrypted (the platform has no plaintext mode).
//! - **Envelope**: system notifications carry no `ToUserName`; the encrypted envelope is
//!   read for `Encrypt` only and any other field of it (e.g. `AppId`) is ignored.
//! - **Key rotation**: the platform's console advises keeping the current and the previous
//!   EncodingAESKey; as for account pushes, [`PushConfig::previous_encoding_aes_key`] adds
//!   the previous one, tried when the current one fails
//!   ([`ComponentIncoming::used_previous_key`]).
//! - **Reply**: exactly the plain string `success`. Anything more is one of the causes
//!   WeChat's troubleshooting page lists for a ticket that stops arriving.
//! - **Decrypted fields** (XML, all as text): `AppId` (the platform's app id), `CreateTime`
//!   (Unix seconds), `InfoType`; for the verify ticket `ComponentVerifyTicket`; for
//!   `authorized`/`updateauthorized` `AuthorizerAppid` (the Official Account or Mini
//!   Program), `AuthorizationCode` (exchanged with `api_query_auth` for the authoriser's
//!   tokens; short-lived and in practice single-use), `AuthorizationCodeExpiredTime`
//!   (documented as "expiry time, in seconds" without saying whether it is a duration or
//!   a Unix time: kept as a number, not interpreted), `PreAuthCode` (the pre-auth code of
//!   the link the merchant used); for `unauthorized` `AuthorizerAppid`.
//! - **Store the ticket before answering.** The component access token is built from the
//!   latest ticket; a ticket that was answered `success` but not stored is lost until the
//!   next push. [`ComponentHandler`] is awaited before `success` is sent, and a handler
//!   error makes the push fail (WeChat sends it again), so a handler that writes the ticket
//!   to a shared store gives every process of a fleet the ticket.
//!
//! The same reader, limits (body size, field count, nesting) and typed errors as account
//! pushes apply; nothing here panics on network input, and the work is linear in the body.
//!
//! ```no_run
//! use wx_push::component::{ComponentIncoming, ComponentPush, ComponentEventKind};
//! use wx_push::{PushConfig, PushQuery};
//! # fn main() -> Result<(), wx_push::PushError> {
//! let push = ComponentPush::new(
//!     PushConfig::new("platform token", "wx_component_appid")
//!         .encoding_aes_key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")?,
//! )?;
//! # let (raw_query, body) = ("", b"" as &[u8]);
//! let incoming: ComponentIncoming = push.open(&PushQuery::from_query_str(raw_query), body)?;
//! if let ComponentEventKind::VerifyTicket(t) = &incoming.event.kind {
//!     // store t.ticket in the credential store, then answer `success`
//!     let _ = t.ticket.expose();
//! }
//! let answer = ComponentPush::success(); // the body `success`, text/plain
//! # let _ = answer;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::{Serialize, Serializer};
use sha1::{Digest, Sha1};

use super::dedup::bounded_key;
use super::error::{PushError, Result};
use super::message::push_key_part;
use super::parse::{lower, Taker};
use super::raw::RawFields;
use super::server::{EncodedReply, PayloadFormat, PushConfig, PushQuery, PushServer};
use super::value::Fields;
use super::xml::{parse_xml_raw, push_cdata};

/// The only answer a platform push takes: the plain string `success`.
pub const SUCCESS: &str = "success";

/// A credential carried by a push (verify ticket, authorisation code, pre-auth code).
///
/// Its `Debug` is redacted; [`expose`](Self::expose) gives the value. It serializes as
/// the plain string, so a serialized event can be forwarded (to a queue, a store) as is:
/// do not log serialized events.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential(String);

impl Credential {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Credential(value.into())
    }

    /// The secret value; call sites that need it are easy to grep for.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret value, owned.
    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credential(<redacted>)")
    }
}

impl Serialize for Credential {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One decrypted platform push.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentEvent {
    /// `AppId`: the platform's (component) app id.
    pub app_id: String,
    /// `CreateTime`: Unix seconds.
    pub create_time: i64,
    /// `InfoType` as received (matched case-insensitively; the original spelling is kept).
    pub info_type: String,
    /// The typed content.
    pub kind: ComponentEventKind,
    /// Every field the typed content did not consume, nested elements included; for an
    /// unknown `InfoType`, every field but `AppId`, `CreateTime` and `InfoType`.
    pub extra: Fields,
}

/// Platform pushes by `InfoType`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ComponentEventKind {
    /// `component_verify_ticket`: the ticket the component access token is built from.
    VerifyTicket(VerifyTicket),
    /// `authorized`: an account granted the platform access.
    Authorized(Authorization),
    /// `updateauthorized`: an account changed what it granted. Re-authorising invalidates
    /// the refresh token stored for the account: exchange the new code.
    UpdateAuthorized(Authorization),
    /// `unauthorized`: an account revoked the platform's access.
    Unauthorized(Unauthorized),
    /// Any other `InfoType`; all its fields are in [`ComponentEvent::extra`].
    Unknown,
}

/// `component_verify_ticket` push.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyTicket {
    /// `ComponentVerifyTicket`: never empty. Valid 12 hours; a new one arrives every 10
    /// minutes, each different from the last.
    pub ticket: Credential,
}

/// `authorized` / `updateauthorized` push.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Authorization {
    /// `AuthorizerAppid`: the Official Account's or Mini Program's app id; never empty.
    pub authorizer_appid: String,
    /// `AuthorizationCode`: exchanged (`api_query_auth`) for the authoriser's tokens and
    /// granted permission sets; never empty. The redirect after authorisation carries a
    /// code for the same authorisation: exchange whichever comes first, once.
    pub authorization_code: Credential,
    /// `AuthorizationCodeExpiredTime`: documented as the code's expiry "in seconds",
    /// without saying whether a duration or a Unix time; kept as sent, not interpreted.
    /// `None` when absent or empty.
    pub authorization_code_expired_time: Option<i64>,
    /// `PreAuthCode`: the pre-auth code of the authorisation link the merchant used.
    pub pre_auth_code: Option<Credential>,
}

/// `unauthorized` push.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unauthorized {
    /// `AuthorizerAppid`: the account that revoked access; never empty.
    pub authorizer_appid: String,
}

impl ComponentEvent {
    /// The verify ticket, if this is a `component_verify_ticket` push.
    pub fn verify_ticket(&self) -> Option<&Credential> {
        match &self.kind {
            ComponentEventKind::VerifyTicket(t) => Some(&t.ticket),
            _ => None,
        }
    }

    /// The authoriser's app id of an `authorized`, `updateauthorized` or `unauthorized`
    /// push.
    pub fn authorizer_appid(&self) -> Option<&str> {
        match &self.kind {
            ComponentEventKind::Authorized(a) | ComponentEventKind::UpdateAuthorized(a) => {
                Some(&a.authorizer_appid)
            }
            ComponentEventKind::Unauthorized(u) => Some(&u.authorizer_appid),
            _ => None,
        }
    }

    /// The key WeChat's retries of this push share, for a
    /// [`DedupStore`](crate::DedupStore): `component:` then `AppId`, `InfoType`,
    /// `CreateTime`, the authoriser's app id when there is one, and the SHA-1 of the whole
    /// event (so two pushes of one second, e.g. two registrations, stay distinct; a
    /// credential appears only hashed). At most
    /// [`MAX_KEY_BYTES`](crate::MAX_KEY_BYTES) long.
    pub fn dedup_key(&self) -> String {
        use std::fmt::Write as _;
        let mut k = String::from("component:");
        push_key_part(&mut k, &self.app_id);
        k.push(':');
        push_key_part(&mut k, &self.info_type);
        // Writing to a String cannot fail.
        let _ = write!(k, ":{}:", self.create_time);
        if let Some(a) = self.authorizer_appid() {
            push_key_part(&mut k, a);
        }
        k.push(':');
        // Serializing these types cannot fail (strings, integers and maps of them).
        let whole = serde_json::to_vec(self).unwrap_or_default();
        for b in Sha1::digest(&whole) {
            let _ = write!(k, "{b:02x}");
        }
        match bounded_key(&k) {
            std::borrow::Cow::Borrowed(_) => k,
            std::borrow::Cow::Owned(hashed) => hashed,
        }
    }
}

/// Parses a decrypted platform push (XML) with the default field limit.
pub fn parse_component_event(input: &str) -> Result<ComponentEvent> {
    parse_component_event_limited(input, super::DEFAULT_MAX_FIELDS)
}

/// [`parse_component_event`] refusing more than `max_fields` XML elements with
/// [`PushError::TooManyFields`].
pub fn parse_component_event_limited(input: &str, max_fields: usize) -> Result<ComponentEvent> {
    event_from_raw(parse_xml_raw(input, max_fields)?)
}

/// A required text field that must not be blank (an empty ticket stored over a good one
/// would break the credential chain).
fn req_nonblank(t: &mut Taker<'_>, name: &'static str) -> Result<String> {
    let v = t.req_str(name)?;
    if v.trim().is_empty() {
        return Err(PushError::MissingField(name));
    }
    Ok(v)
}

fn event_from_raw(fields: RawFields<'_>) -> Result<ComponentEvent> {
    let mut t = Taker::new(fields);
    let app_id = t.req_str("AppId")?;
    let create_time = t.req_i64("CreateTime")?;
    let info_type = t.req_str("InfoType")?;
    let mut buf = [0u8; 32];
    let kind = match lower(&info_type, &mut buf) {
        "component_verify_ticket" => ComponentEventKind::VerifyTicket(VerifyTicket {
            ticket: Credential(req_nonblank(&mut t, "ComponentVerifyTicket")?),
        }),
        "authorized" => ComponentEventKind::Authorized(authorization(&mut t)?),
        "updateauthorized" => ComponentEventKind::UpdateAuthorized(authorization(&mut t)?),
        "unauthorized" => ComponentEventKind::Unauthorized(Unauthorized {
            authorizer_appid: req_nonblank(&mut t, "AuthorizerAppid")?,
        }),
        _ => ComponentEventKind::Unknown,
    };
    Ok(ComponentEvent {
        app_id,
        create_time,
        info_type,
        kind,
        extra: t.finish(),
    })
}

fn authorization(t: &mut Taker<'_>) -> Result<Authorization> {
    Ok(Authorization {
        authorizer_appid: req_nonblank(t, "AuthorizerAppid")?,
        authorization_code: Credential(req_nonblank(t, "AuthorizationCode")?),
        authorization_code_expired_time: t.opt_i64("AuthorizationCodeExpiredTime")?,
        pre_auth_code: t
            .opt_str("PreAuthCode")?
            .filter(|c| !c.trim().is_empty())
            .map(Credential),
    })
}

/// A verified, decrypted and parsed platform push.
#[derive(Debug, Clone)]
pub struct ComponentIncoming {
    /// The typed push.
    pub event: ComponentEvent,
    /// Which configured key decrypted it (0 = current, 1 = previous).
    key_index: usize,
}

impl ComponentIncoming {
    /// `true` if the previous (rotated-out) EncodingAESKey decrypted this push: the
    /// console still uses it, or WeChat is still sending with it.
    pub fn used_previous_key(&self) -> bool {
        self.key_index == 1
    }
}

/// An encrypted platform push as WeChat sends it: for a sandbox, or tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedPush {
    /// The query: `signature`, `timestamp`, `nonce`, `encrypt_type=aes`, `msg_signature`.
    pub query: PushQuery,
    /// The body: `<xml><AppId>…</AppId><Encrypt>…</Encrypt></xml>`.
    pub body: String,
}

impl SealedPush {
    /// The query as a URL query string (no leading `?`).
    pub fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("signature", &self.query.signature),
            ("timestamp", &self.query.timestamp),
            ("nonce", &self.query.nonce),
            ("encrypt_type", &self.query.encrypt_type),
            ("msg_signature", &self.query.msg_signature),
        ] {
            if let Some(v) = v {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }
}

/// Receives a third-party platform's authorisation-event pushes (see the module docs):
/// verification, decryption and typing, with no web framework.
///
/// Built from a [`PushConfig`] whose token, EncodingAESKey (current and, optionally,
/// previous) and app id are the **platform's** (the app id is the component app id). The
/// config's limits, timestamp window and clock apply; its payload format does not (these
/// pushes are always XML) and neither does `allow_plaintext` (they are always encrypted).
#[derive(Debug, Clone)]
pub struct ComponentPush {
    server: PushServer,
}

impl ComponentPush {
    /// A receiver for `config`; [`PushError::NoAesKey`] if it has no EncodingAESKey
    /// (platform pushes are always encrypted).
    pub fn new(config: PushConfig) -> Result<Self> {
        let server = PushServer::new(config);
        if !server.has_aes_key() {
            return Err(PushError::NoAesKey);
        }
        Ok(ComponentPush { server })
    }

    /// The configuration.
    pub fn config(&self) -> &PushConfig {
        self.server.config()
    }

    /// Verifies `msg_signature` and the timestamp, decrypts `Encrypt` (current key, then
    /// previous), checks the platform app id at its end and types the push.
    pub fn open(&self, query: &PushQuery, body: &[u8]) -> Result<ComponentIncoming> {
        PushQuery::get(&query.timestamp, "timestamp")?;
        PushQuery::get(&query.nonce, "nonce")?;
        let body = self.server.check_body(body)?;
        match query.encrypt_type.as_deref() {
            None | Some("") => {}
            Some(t) if t.eq_ignore_ascii_case("aes") => {}
            Some(t) if t.eq_ignore_ascii_case("raw") => return Err(PushError::PlaintextRefused),
            Some(_) => return Err(PushError::UnsupportedEncryptType),
        }
        let (plain, _mode, key_index) =
            self.server
                .open_encrypted(query, body, PayloadFormat::Xml)?;
        let event = parse_component_event_limited(&plain, self.config().fields_limit())?;
        Ok(ComponentIncoming { event, key_index })
    }

    /// The answer to every accepted push: `success`, `text/plain`.
    pub fn success() -> EncodedReply {
        EncodedReply {
            body: SUCCESS.to_owned(),
            content_type: "text/plain; charset=utf-8",
        }
    }

    /// Encrypts and signs a decrypted push (`plain`, the XML of the module docs) the way
    /// WeChat does, with this config's current key, token and app id: for a sandbox
    /// emulating a platform, and for tests. `random` is the 16-byte prefix.
    pub fn seal(
        &self,
        plain: &str,
        timestamp: i64,
        nonce: &str,
        random: &[u8; 16],
    ) -> Result<SealedPush> {
        let (encrypt, msg_signature) = self.server.seal_raw(plain, timestamp, nonce, random)?;
        let ts = timestamp.to_string();
        let mut body = String::with_capacity(encrypt.len() + 96);
        body.push_str("<xml>");
        push_cdata(&mut body, "AppId", self.config().app_id());
        push_cdata(&mut body, "Encrypt", &encrypt);
        body.push_str("</xml>");
        Ok(SealedPush {
            query: PushQuery {
                signature: Some(self.server.url_signature(&ts, nonce)),
                timestamp: Some(ts),
                nonce: Some(nonce.to_owned()),
                encrypt_type: Some("aes".to_owned()),
                msg_signature: Some(msg_signature),
                ..PushQuery::default()
            },
            body,
        })
    }
}

/// The error a [`ComponentHandler`] returns: logged through its `Display`, never sent.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The future a [`ComponentHandler`] returns.
pub type ComponentFuture = Pin<Box<dyn Future<Output = std::result::Result<(), BoxError>> + Send>>;

/// What a platform does with each accepted push, e.g. write the verify ticket to the
/// credential store shared by its processes, or exchange an authorisation code.
///
/// `Ok(())` means "handled": the push is answered `success`. `Err` means "not handled":
/// the push is answered with an error, late, so that WeChat sends it again (and, behind
/// the axum adapter, released from the dedup store). Implemented for closures
/// `Fn(ComponentIncoming) -> impl Future<Output = Result<(), E>>`; implement it on a type
/// (a store) for anything with state.
pub trait ComponentHandler: Send + Sync + 'static {
    /// Handles one push (called once per distinct push behind a dedup store).
    fn on_event(&self, incoming: ComponentIncoming) -> ComponentFuture;
}

impl<F, Fut, E> ComponentHandler for F
where
    F: Fn(ComponentIncoming) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = std::result::Result<(), E>> + Send + 'static,
    E: Into<BoxError>,
{
    fn on_event(&self, incoming: ComponentIncoming) -> ComponentFuture {
        let fut = self(incoming);
        Box::pin(async move { fut.await.map_err(Into::into) })
    }
}
