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
    let hex = sorted_sha1_hex(parts);
    hex.iter().map(|&b| char::from(b)).collect()
}

/// The same, into a stack buffer: this runs on every push, so no allocation.
fn sorted_sha1_hex(parts: &[&str]) -> [u8; 40] {
    let mut h = Sha1::new();
    let mut small = [""; 8];
    match small.get_mut(..parts.len()) {
        Some(sorted) => {
            sorted.copy_from_slice(parts);
            sorted.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            sorted.iter().for_each(|p| h.update(p.as_bytes()));
        }
        None => {
            let mut sorted = parts.to_vec();
            sorted.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            sorted.iter().for_each(|p| h.update(p.as_bytes()));
        }
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

/// Checks a received hex signature against the sorted-concat SHA-1 of `parts`.
pub(crate) fn verify(parts: &[&str], received: &str) -> Result<()> {
    let expected = sorted_sha1_hex(parts);
    let received = received.as_bytes();
    // Constant time over the 40 expected bytes; hex compared case-insensitively.
    let mut diff = u8::from(received.len() != expected.len());
    for (i, e) in expected.iter().enumerate() {
        let r = received.get(i).copied().unwrap_or(0).to_ascii_lowercase();
        diff |= e ^ r;
    }
    if std::hint::black_box(diff) == 0 {
        Ok(())
    } else {
        Err(PushError::SignatureMismatch)
    }
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

fn hex_lower(digest: &[u8]) -> [u8; 40] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 40];
    for (pair, b) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]);
    }
    out
}
