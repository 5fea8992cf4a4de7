//! Inbound message push (消息推送): what WeChat POSTs to the developer's server.
//!
//! Layers, bottom up: [`signature`] (SHA-1, constant-time compare), [`crypto`]
//! (WXBizMsgCrypt AES), [`xml`]/[`value`] (one field tree for XML and JSON),
//! [`parse`] -> [`message`] (typed messages with lossless fallbacks), [`reply`]
//! (passive replies), [`dedup`] (retry window; shared through Redis by `RedisDedup` with
//! feature `redis`), [`server`] (the framework-free [`PushServer`]) and, with feature
//! `axum`, an axum adapter.
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

#![deny(missing_docs)]

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
    HandlerOutput, PushAccounts, PushEndpoint, ServeLimits, DEFAULT_REPLY_DEADLINE,
};
#[cfg(feature = "redis")]
pub use redis_dedup::{RedisDedup, RedisDedupConfig};
