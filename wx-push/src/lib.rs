//! Inbound message push (消息推送): what WeChat POSTs to the developer's server.
//!
//! Layers, bottom up: [`signature`] (SHA-1, constant-time compare), [`crypto`]
//! (WXBizMsgCrypt AES), [`xml`]/[`value`] (one field tree for XML and JSON),
//! [`parse`] -> [`message`] (typed messages with lossless fallbacks), [`reply`]
//! (passive replies), [`dedup`] (retry window; shared through Redis by `RedisDedup` with
//! feature `redis`), [`server`] (the framework-free [`PushServer`]) and, with feature
//! `axum`, an axum adapter. [`component`] receives an Open Platform third-party platform's
//! own authorisation-event pushes (verify ticket, authorised, updated, revoked) with the
//! same verification, decryption, reader and limits ([`ComponentPush`], and
//! `ComponentEndpoint` with feature `axum`).
//!
//! Most users reach this crate as `wx_api::push`, beside the client. A webhook-only service
//! can depend on `wx-push` alone: it pulls in no other wx crate, and with default features
//! no HTTP client, async runtime or Redis client (an invariant checked by a test on the
//! resolved dependency graph).
//!
//! ```no_run
//! use wx_push::{PushConfig, PushQuery, PushServer, Reply, Body};
//! # fn main() -> Result<(), wx_push::PushError> {
//! let server = PushServer::new(
//!     PushConfig::new("token", "wxba5fad812f8e6fb9")
//!         .encoding_aes_key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")?,
//! );
//! # let (raw_query, body) = ("", b"" as &[u8]);
//! let query = PushQuery::from_query_str(raw_query);
//! let incoming = server.open(&query, body)?;
//! let reply = match &incoming.message.body {
//!     Body::Text(t) => Reply::text(format!("you said {}", t.content)),
//!     _ => Reply::Success,
//! };
//! let answer = server.reply(&incoming, &reply)?; // encrypted if the push was
//! # let _ = answer;
//! # Ok(()) }
//! ```
//!
//! ## How a push flows
//!
//! ```text
//! query + body ──► PushServer::open ──► Incoming { message: Message, mode, format }
//!                    │ signature.rs   sorted-concat SHA-1, constant-time compare, Token (redacted)
//!                    │ xml.rs/value.rs envelope → Encrypt (XML or JSON, per PushConfig)
//!                    │ crypto.rs      AES-256-CBC, IV = key[..16], PKCS#7-32, app-id check,
//!                    │                current + previous EncodingAESKey (rotation)
//!                    │ xml.rs/value.rs message → borrowed field tree (raw.rs)
//!                    └ parse.rs       field tree → typed Message (message.rs)
//! handler(Incoming) -> Reply ──► PushServer::reply ──► EncodedReply { body, content_type }
//!                    reply.rs       text/image/voice/video/music/news/transfer, CDATA-safe,
//!                                   XML or JSON; encrypted (Encrypt/MsgSignature/TimeStamp/
//!                                   Nonce) with the key that decrypted the request, except
//!                                   `success`/empty which are always plain
//! dedup.rs   DedupStore trait (object-safe, boxed futures: first_seen, forget),
//!            bounded_key (keys over 128 bytes → "sha1:" + hex), MemoryDedup
//!            (capacity + bytes + TTL)
//! redis_dedup.rs   RedisDedup (feature redis): SET {prefix}:{key} 1 NX PX ttl, forget = DEL,
//!                  every op (connect included) bounded by op_timeout, lazy connection
//! axum_adapter/    mod.rs: PushEndpoint<S>: GET verification, POST read (body limit 413,
//!                  body read timeout 408) → open (blocking pool above 16 KiB) → dedup →
//!                  handler → reply; handler in its own task, reply deadline (4.5 s) →
//!                  `success`; errors → status via PushError::status_code
//!                  handler.rs: HandlerOutput (Reply | Result<Reply, E>)
//!                  serve.rs: serve(listener, Router, ServeLimits) on hyper's http1 builder
//!                  (header read timeout also bounding idle keep-alive, max connections)
//!                  accounts.rs: PushAccounts (several accounts by path or ToUserName)
//!                  component.rs: ComponentEndpoint (POST only; `success` after the
//!                  handler's Ok, 500/503 late otherwise)
//! component.rs     ComponentPush::open = server.rs's encrypted path (Encrypt only; app id =
//!                  the platform's) → xml.rs → Taker (parse.rs) → ComponentEvent
//!                  { app_id, create_time, info_type, kind, extra }; Credential (redacted
//!                  Debug); ComponentHandler (boxed-future trait, closures implement it)
//! ```
//!
//! ## Decisions worth knowing
//!
//! - **Mode from `encrypt_type`**, never by sniffing the body: absent/`raw` → plaintext, checked
//!   with `signature`; `aes` → compatible or safe, checked with `msg_signature` over `Encrypt`
//!   (checked before any AES work). Compatible vs safe is reported (the envelope repeats
//!   `MsgType` in compatible mode) but handled alike: the encrypted copy is authoritative.
//! - **Plaintext mode can be forged, so a keyed server refuses it; timestamps must be
//!   recent.** `signature` covers token, `timestamp` and `nonce` but not the body, so one
//!   leaked signed URL lets anyone POST any body. A config with an EncodingAESKey therefore
//!   refuses plaintext pushes (`PlaintextRefused`, 403) unless `allow_plaintext()` opts in for
//!   a migration, and every push and URL verification must carry a `timestamp` within 5
//!   minutes of the server's clock (`DEFAULT_TIMESTAMP_WINDOW`; `without_timestamp_window()`
//!   opts out). Tests with fixed timestamps inject the clock (`PushConfig::clock`).
//!   Operating guide: docs/PUSH.md.
//! - **Bounded work.** Every step is linear in the body (the typed parser's name-uniqueness
//!   check compares a few names pairwise and hashes more), and a push may carry at most
//!   `max_fields` (10,000) XML elements or JSON values; a unit test counts name comparisons
//!   at 20k and 80k fields.
//! - **A wrong key is named.** Once `msg_signature` matched, a padding, length-field or app
//!   id failure can only mean the EncodingAESKey or app id differs from the console's:
//!   `KeyMismatch { reason }` says so in its text; `PushError::is_misconfiguration()` marks
//!   it (with `NoAesKey` and `PlaintextRefused`) for error-level logging.
//! - **One field tree for XML and JSON.** Both formats are read into the same tree, so one typed
//!   parser serves both and JSON's quirks (CreateTime/MsgId/PopupScene as strings, `List` as
//!   object or array) disappear before typing. On the hot path the tree borrows names and text
//!   from the input; only what the typed message keeps is allocated.
//! - **Lossless typing.** Each known `MsgType`/`Event` (events case-insensitively, original
//!   spelling kept) has a typed variant; fields it does not consume stay in `Message::extra`
//!   (nested elements included, e.g. extra fields of `PicList` items under
//!   `SendPicsInfo.PicList`), or in the `extra` of a typed list item (published articles,
//!   subscribe-message `List` items). Unknown types become `Body::Unknown` / `EventKind::Unknown`
//!   with everything in `extra`. Known types with missing or malformed required fields are an
//!   error (`MissingField`), never a partially filled success.
//! - **XML reader.** A small strict reader for WeChat's subset (elements, text, CDATA, the five
//!   predefined entities, character references, comments, declaration/PIs). A DOCTYPE, any
//!   other entity, a character reference to a non-XML character (or with a sign), mismatched
//!   tags, stray text or text mixed with child elements, a raw `]]>` in text, `--` in a
//!   comment, a malformed or duplicate attribute, a second root or nesting deeper than 16
//!   are typed errors. Well-formed attributes are accepted and ignored (WeChat sends none).
//!   It is checked against quick-xml by a differential property test
//!   (the test `tests/tests/it/push_xml_differential.rs`); it replaced quick-xml on the hot path for speed.
//!   When the module was written XML reading was the largest share of a push's time; the
//!   reader, a borrowed field tree for both formats, decrypting all CBC blocks in one call, a
//!   cached key schedule and an allocation-free signature check took it from 16x to over 30x
//!   wechatpy; later, SIMD searches (memchr), a fast path for leaf elements (one text run or
//!   CDATA section: nearly every field) that skips the frame stack, swap-removal when a map's
//!   names are distinct, and base64-simd for `Encrypt` (the lenient decoder still judges
//!   anything it refuses) kept it there on a quiet machine (current figures:
//!   docs/BENCHMARKS.md).
//! - **Errors.** `PushError` (thiserror) has one variant per failure class (bad key, signature,
//!   timestamp window, base64, ciphertext length, padding, length field, app id, UTF-8, XML,
//!   DOCTYPE, entity, depth, JSON, missing field, body size, ...), never carries secrets or
//!   message content, and maps to an HTTP status (`status_code()`: 401 signature/timestamp,
//!   403 plaintext refused, 413 size or fields, 400 malformed, 500 configuration (key
//!   mismatch included) or a failed handler, 503 dedup store).
//! - **Secrets.** `Token` and `AesKey` have redacted `Debug`; `PushConfig`'s `Debug` shows only
//!   the app id, format and limits.
//! - **Reproducibility.** `crypto::encrypt_with_random` and `PushServer::reply_with` take the
//!   16-byte random prefix (and time) explicitly, which pins the published vectors exactly;
//!   `reply` draws them from the OS (`getrandom`) and the clock.
//! - **De-duplication** keys on `ToUserName` (one store may serve several accounts) plus
//!   `MsgId`, or for events `FromUserName + CreateTime + Event` with the event's `EventKey` and
//!   `MsgID` when present (two menu clicks in one second are two pushes); an empty `MsgId` is
//!   no id. Key parts are escaped so they cannot run into each other. A duplicate is answered
//!   `success` without calling the handler. If the store fails (or is still silent at the
//!   reply deadline) the adapter handles the push anyway (a second delivery beats a lost one).
//! - **The handler outlives the request.** The adapter spawns it, so WeChat hanging up at 5 s
//!   does not cancel it. At the reply deadline (default 4.5 s, `reply_deadline`) the push is
//!   answered `success` and the handler carries on; its late reply is discarded.
//!   A push that ends without a reply (handler panicked: 500; reply not encodable) is
//!   released from the dedup store (`DedupStore::forget`), so WeChat's retry is handled
//!   rather than acknowledged as a duplicate.
//! - **A failing handler makes WeChat retry by silence.** A handler returns `Reply` or
//!   `Result<Reply, E>`. WeChat documents one retry trigger: no answer within 5 s (then it
//!   re-sends, three attempts in all); `success`/empty are never retried; nothing is documented
//!   for error statuses. So on `Err` (or a panic) the push is released from the dedup store at
//!   once and the `500` is held until 5 s after arrival (`error_hold`); the error is logged.
//! - **State the axum way.** `PushEndpoint::new_with_state(server, |State(t): State<T>, i| ..)`
//!   builds a `Router<S>` (`T: FromRef<S>`) that merges into the application's router; the
//!   handler is stored type-erased (`Arc<dyn Fn(&S, Incoming) -> boxed future>`), one box per
//!   push.
//! - **Read time is bounded in two places.** The body inside the POST handler (so wherever the
//!   router is mounted); the header by the server: `axum::serve` sets no header timeout, so
//!   the adapter's `serve` does, and the module docs show the same for a server of one's own.
//! - **Shared dedup is at-least-once.** With Redis down, slow or unreachable, each operation
//!   fails within `op_timeout` and the push is handled anyway (warning logged).
//!
//! Tests: the test `tests/tests/it/push_*.rs` — published crypto vectors, every bad-input class, fixtures of
//! every message/event type in XML and JSON (`tests/fixtures/push/`, insta snapshots), reply wire
//! formats, property tests, the axum adapter, and a cross-check against Python wechatpy
//! (`tests/py/`, run when `WX_PYTHON` is set; mandatory when `CI` is set).

#![deny(missing_docs)]

pub mod component;
pub mod crypto;
pub mod dedup;
pub mod error;
pub mod message;
pub mod parse;
mod raw;
#[cfg(feature = "redis")]
pub mod redis_dedup;
pub mod reply;
pub mod server;
pub mod signature;
pub mod value;
pub mod xml;

// Not named `axum`, so `use wx_push::*` does not shadow the axum crate.
#[cfg(feature = "axum")]
pub mod axum_adapter;

pub use component::{
    ComponentEvent, ComponentEventKind, ComponentHandler, ComponentIncoming, ComponentPush,
};
pub use crypto::{AesKey, Decrypted};
pub use dedup::{bounded_key, DedupFuture, DedupStore, MemoryDedup, MAX_KEY_BYTES};
pub use error::{PushError, Result};
pub use message::*;
pub use parse::{message_from_fields, parse_message, parse_message_limited};
pub use reply::{Article, MusicReply, Reply, VideoReply};
pub use server::{
    EncodedReply, Incoming, Mode, PayloadFormat, PushConfig, PushQuery, PushServer,
    DEFAULT_MAX_BODY, DEFAULT_MAX_FIELDS,
};
pub use signature::{constant_time_eq, Token};
pub use value::{Fields, Value};

#[cfg(feature = "axum")]
pub use axum_adapter::{
    ComponentEndpoint, HandlerOutput, PushAccounts, PushEndpoint, ServeLimits,
    DEFAULT_REPLY_DEADLINE,
};
#[cfg(feature = "redis")]
pub use redis_dedup::{RedisDedup, RedisDedupConfig};
