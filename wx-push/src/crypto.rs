//! The WXBizMsgCrypt AES scheme: AES-256-CBC, IV = key[..16], PKCS#7 padded to 32 bytes,
//! plaintext = random(16) ‖ u32_be(len) ‖ msg ‖ receiver_id.
//!
//! Padding is stripped by hand because block-16 PKCS#7 rejects WeChat's pads of 17..=32.

use aes::cipher::{
    consts::U16, generic_array::GenericArray, inout::InOutBuf, BlockDecryptMut, BlockEncryptMut,
    InnerIvInit, KeyInit, KeyIvInit,
};
use base64::{
    alphabet,
    engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig},
    Engine as _,
};
use std::fmt;

use super::error::{PushError, Result};

type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;
type Aes256CbcDec = cbc::Decryptor<aes::Aes256Dec>;

/// Lenient decoder: real EncodingAESKeys have non-zero trailing bits, and padding of
/// `Encrypt` is not worth rejecting a message over (AES + padding checks catch corruption).
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// WeChat pads to 32 bytes, not to the AES block size.
const PAD_UNIT: usize = 32;

/// A 32-byte AES key derived from an EncodingAESKey. Its `Debug` is redacted.
///
/// Keeps the expanded decryption key schedule, since every push is decrypted with it.
#[derive(Clone)]
pub struct AesKey {
    bytes: [u8; 32],
    dec: aes::Aes256Dec,
}

impl PartialEq for AesKey {
    fn eq(&self, other: &Self) -> bool {
        super::signature::constant_time_eq(&self.bytes, &other.bytes)
    }
}

impl Eq for AesKey {}

impl fmt::Debug for AesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AesKey(<redacted>)")
    }
}

impl AesKey {
    /// Decodes the 43-character EncodingAESKey (`base64(key + "=")`).
    pub fn from_encoding_aes_key(encoding_aes_key: &str) -> Result<Self> {
        let n = encoding_aes_key.chars().count();
        if n != 43 {
            return Err(PushError::AesKeyLength(n));
        }
        if !encoding_aes_key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        {
            return Err(PushError::AesKeyAlphabet);
        }
        let bytes = LENIENT
            .decode(encoding_aes_key)
            .map_err(|_| PushError::AesKeyDecode)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| PushError::AesKeyDecode)?;
        Ok(AesKey::from_bytes(key))
    }

    /// Wraps raw key bytes (tests, or keys kept outside the EncodingAESKey form).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        AesKey {
            dec: aes::Aes256Dec::new(&bytes.into()),
            bytes,
        }
    }

    fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.bytes[..16]);
        iv
    }
}

/// A decrypted push: the random prefix, the message and the receiver id found inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// The 16 random bytes the sender chose.
    pub random: [u8; 16],
    /// The message bytes (UTF-8 XML or JSON for real pushes).
    pub message: Vec<u8>,
    /// The receiver id (app id) that followed the message.
    pub receiver_id: Vec<u8>,
}

/// Encrypts `msg` for `receiver_id` with a caller-chosen random prefix.
///
/// Exposed so published vectors (which fix the random) can be reproduced exactly; real
/// replies go through [`encrypt`], which draws the prefix from the OS.
pub fn encrypt_with_random(
    key: &AesKey,
    random: &[u8; 16],
    msg: &[u8],
    receiver_id: &str,
) -> Result<String> {
    let len = u32::try_from(msg.len()).map_err(|_| PushError::LengthOverflow)?;
    let body_len = 20 + msg.len() + receiver_id.len();
    let pad = PAD_UNIT - body_len % PAD_UNIT;
    let mut buf = Vec::with_capacity(body_len + pad);
    buf.extend_from_slice(random);
    buf.extend_from_slice(&len.to_be_bytes());
    buf.extend_from_slice(msg);
    buf.extend_from_slice(receiver_id.as_bytes());
    // pad is in 1..=32, so the cast cannot truncate.
    buf.resize(body_len + pad, pad as u8);
    let mut enc = Aes256CbcEnc::new(&key.bytes.into(), &key.iv().into());
    for block in buf.chunks_exact_mut(16) {
        enc.encrypt_block_mut(GenericArray::from_mut_slice(block));
    }
    Ok(LENIENT.encode(&buf))
}

/// Encrypts `msg` with 16 random bytes from the OS.
pub fn encrypt(key: &AesKey, msg: &[u8], receiver_id: &str) -> Result<String> {
    encrypt_with_random(key, &random16()?, msg, receiver_id)
}

/// 16 bytes from the OS random source.
pub fn random16() -> Result<[u8; 16]> {
    let mut r = [0u8; 16];
    getrandom::getrandom(&mut r).map_err(|_| PushError::Random)?;
    Ok(r)
}

/// Base64 of `Encrypt`: canonical input (what WeChat sends) through the SIMD decoder, and
/// anything it refuses through the lenient one, so the accepted set and every error are
/// the lenient decoder's. A canonical string decodes to the same bytes in both.
#[doc(hidden)]
pub fn decode_encrypt(encrypt_b64: &str) -> Result<Vec<u8>> {
    match base64_simd::STANDARD.decode_to_vec(encrypt_b64) {
        Ok(bytes) => Ok(bytes),
        Err(_) => LENIENT.decode(encrypt_b64).map_err(|_| PushError::Base64),
    }
}

/// The lenient decoder alone (for tests of [`decode_encrypt`]).
#[doc(hidden)]
pub fn decode_lenient(encrypt_b64: &str) -> Result<Vec<u8>> {
    LENIENT.decode(encrypt_b64).map_err(|_| PushError::Base64)
}

/// Base64-decodes and AES-decrypts `Encrypt`, strips the padding and bounds-checks the
/// length field. Returns the unpadded plaintext and the message length; the message is at
/// `[20..20 + len]` and the receiver id follows it.
fn open_in_place(key: &AesKey, encrypt_b64: &str) -> Result<(Vec<u8>, usize)> {
    let mut buf = decode_encrypt(encrypt_b64.trim())?;
    // Lenient on input (multiples of 16), strict on output (multiples of 32).
    if buf.len() < 32 || buf.len() % 16 != 0 {
        return Err(PushError::CiphertextLength(buf.len()));
    }
    // CBC decryption is parallel across blocks; handing the cipher all blocks at once lets
    // AES-NI pipeline them instead of waiting on each block.
    let (blocks, _tail) = InOutBuf::from(&mut buf[..]).into_chunks::<U16>();
    Aes256CbcDec::inner_iv_init(key.dec.clone(), &key.iv().into()).decrypt_blocks_inout_mut(blocks);
    let pad = usize::from(*buf.last().ok_or(PushError::Padding)?);
    if pad == 0 || pad > PAD_UNIT || pad > buf.len() {
        return Err(PushError::Padding);
    }
    let body_len = buf.len() - pad;
    let pad_ok = buf
        .get(body_len..)
        .is_some_and(|p| p.iter().all(|&b| usize::from(b) == pad));
    if !pad_ok {
        return Err(PushError::Padding);
    }
    buf.truncate(body_len);
    let len_field: [u8; 4] = buf
        .get(16..20)
        .and_then(|s| s.try_into().ok())
        .ok_or(PushError::LengthOverflow)?;
    let msg_len =
        usize::try_from(u32::from_be_bytes(len_field)).map_err(|_| PushError::LengthOverflow)?;
    if msg_len > buf.len() - 20 {
        return Err(PushError::LengthOverflow);
    }
    Ok((buf, msg_len))
}

/// Decrypts a base64 `Encrypt` value without checking the receiver id.
pub fn decrypt_raw(key: &AesKey, encrypt_b64: &str) -> Result<Decrypted> {
    let (buf, msg_len) = open_in_place(key, encrypt_b64)?;
    let (head, rest) = buf.split_at_checked(20).ok_or(PushError::LengthOverflow)?;
    let (message, receiver_id) = rest
        .split_at_checked(msg_len)
        .ok_or(PushError::LengthOverflow)?;
    let mut random = [0u8; 16];
    random.copy_from_slice(head.get(..16).ok_or(PushError::LengthOverflow)?);
    Ok(Decrypted {
        random,
        message: message.to_vec(),
        receiver_id: receiver_id.to_vec(),
    })
}

/// Decrypts `Encrypt`, checks the receiver id and that the message is UTF-8.
pub fn decrypt(key: &AesKey, encrypt_b64: &str, receiver_id: &str) -> Result<String> {
    let (mut buf, msg_len) = open_in_place(key, encrypt_b64)?;
    let msg_end = 20 + msg_len;
    if buf.get(msg_end..) != Some(receiver_id.as_bytes()) {
        return Err(PushError::AppIdMismatch);
    }
    // Reuse the buffer: move the message to the front instead of copying it out.
    buf.copy_within(20..msg_end, 0);
    buf.truncate(msg_len);
    String::from_utf8(buf).map_err(|_| PushError::NotUtf8)
}
