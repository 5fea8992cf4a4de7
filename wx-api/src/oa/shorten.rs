//! Short keys (短 key 托管): store up to 4 KB of text under a 15-character key for up to
//! 30 days, and read it back with the key.
//!
//! Limits (official short-key pages), checked before sending:
//!
//! | limit | value | WeChat's errcode |
//! |---|---|---|
//! | `long_data` | 1..=4096 bytes ([`MAX_LONG_DATA_BYTES`]; the page says "不超过4KB") | 47003 (missing), 9410010 (too long) |
//! | `expire_seconds` | 1..=2 592 000 (30 days, [`MAX_EXPIRE_SECONDS`]) | 9410011 |
//! | `short_key` | non-empty (WeChat's are 15 base62 characters) | 9410012 (unknown, expired or another account's) |

use wx_core::ValidationError;
use wx_macros::wx_endpoint;

/// Most bytes of `long_data` (4 KB).
pub const MAX_LONG_DATA_BYTES: usize = 4096;
/// Longest lifetime of a short key: 30 days, also WeChat's default.
pub const MAX_EXPIRE_SECONDS: u64 = 2_592_000;

/// Store `long_data` under a new short key for `expire_seconds` (at most 30 days).
///
/// Errors: 47003 (no `long_data`), 9410010 (more than 4 KB), 9410011 (lifetime too long).
#[wx_endpoint(POST "/cgi-bin/shorten/gen", app = oa, validate = super::check_gen,
    doc = "https://developers.weixin.qq.com/doc/service/api/qrcode/shorten/api_genshortkey.html")]
pub mod gen {
    pub struct Request {
        /// The text to store, 1..=4096 bytes.
        pub long_data: String,
        /// Its lifetime in seconds, 1..=2 592 000 (30 days).
        pub expire_seconds: u64,
    }
    pub struct Response {
        /// The key: 15 characters of base62 (`0-9a-zA-Z`).
        pub short_key: String,
    }
}

fn check_gen(req: &gen::Request) -> Result<(), ValidationError> {
    let n = req.long_data.len();
    if n == 0 || n > MAX_LONG_DATA_BYTES {
        return Err(ValidationError::new(
            "shorten::gen",
            "long_data",
            format!(
                "{n} bytes; it is 1..={MAX_LONG_DATA_BYTES} bytes (WeChat answers 47003 or 9410010)"
            ),
        ));
    }
    if req.expire_seconds == 0 || req.expire_seconds > MAX_EXPIRE_SECONDS {
        return Err(ValidationError::new(
            "shorten::gen",
            "expire_seconds",
            format!(
                "{}; a short key lives 1..={MAX_EXPIRE_SECONDS} seconds (30 days; WeChat answers 9410011)",
                req.expire_seconds
            ),
        ));
    }
    Ok(())
}

/// The text stored under a short key, with when it was stored and how long it has left.
///
/// Errors: 9410012 (the key is unknown, expired, or another account's).
#[wx_endpoint(POST "/cgi-bin/shorten/fetch", app = oa, validate = super::check_fetch,
    doc = "https://developers.weixin.qq.com/doc/service/api/qrcode/shorten/api_fetchshorten.html")]
pub mod fetch {
    pub struct Request {
        /// The key `gen` returned.
        pub short_key: String,
    }
    pub struct Response {
        /// The stored text.
        pub long_data: String,
        /// When it was stored (Unix seconds).
        #[wx(default)]
        pub create_time: u64,
        /// Seconds left before it expires.
        #[wx(default)]
        pub expire_seconds: u64,
    }
}

fn check_fetch(req: &fetch::Request) -> Result<(), ValidationError> {
    if req.short_key.is_empty() {
        return Err(ValidationError::new(
            "shorten::fetch",
            "short_key",
            "empty; the key `gen` returned is required (WeChat answers 9410012)",
        ));
    }
    Ok(())
}
