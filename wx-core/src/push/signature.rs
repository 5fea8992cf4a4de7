//! SHA-1 signatures of the push protocol and a constant-time comparison.

use sha1::{Digest, Sha1};
use std::fmt;

use super::error::{PushError, Result};

/// The push Token configured on the WeChat side. Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The secret value; call sites that need it are easy to grep for.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// `hex_lower(SHA1(concat(sort(parts))))`: the sorted-concat signature used by both the
/// 3-part URL `signature` and the 4-part `msg_signature`.
pub fn sorted_sha1(parts: &[&str]) -> String {
    let mut sorted: Vec<&str> = parts.to_vec();
    sorted.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut h = Sha1::new();
    for p in sorted {
        h.update(p.as_bytes());
    }
    hex_lower(&h.finalize())
}

/// The URL `signature` (token, timestamp, nonce).
pub fn signature(token: &Token, timestamp: &str, nonce: &str) -> String {
    sorted_sha1(&[token.expose(), timestamp, nonce])
}

/// The `msg_signature` of an encrypted push or reply (token, timestamp, nonce, Encrypt).
pub fn msg_signature(token: &Token, timestamp: &str, nonce: &str, encrypt: &str) -> String {
    sorted_sha1(&[token.expose(), timestamp, nonce, encrypt])
}

/// Compares two byte strings in time that depends only on their lengths, so an attacker
/// cannot find a valid signature byte by byte through response timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b.iter()) {
        diff |= x ^ y;
    }
    // black_box keeps the optimiser from turning the fold into an early exit.
    std::hint::black_box(diff) == 0
}

/// Checks a received hex signature against the expected one (case-insensitive hex).
pub fn check(expected: &str, received: &str) -> Result<()> {
    let received = received.to_ascii_lowercase();
    if constant_time_eq(expected.as_bytes(), received.as_bytes()) {
        Ok(())
    } else {
        Err(PushError::SignatureMismatch)
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 0x0f)] as char);
    }
    s
}
