//! Decoding replies: the errcode envelope first, then JSON or bytes.
//!
//! ## The envelope decision
//!
//! The errcode envelope is checked first on every JSON reply
//! (non-zero wins over payload fields), and decided as a full JSON parse decides it: keys compare
//! unescaped (`"\u0065rrcode"` is `errcode`); only a top-level object carries an envelope;
//! `errcode` 0 is a success, another integer `Error::Api`; a duplicated `errcode` (or `errmsg`
//! beside an `errcode`) or a non-integer `errcode` is `Error::Decode`, never a success (WeChat
//! sends neither; JSON leaves duplicates undefined). The fast path skips the envelope parse only
//! when no key can be `errcode`: no `"errcode"` in the bytes and no `\u00XX` escape of one of its
//! letters (the only escape that yields a letter); the test `tests/tests/it/reply_envelope.rs` checks the decision
//! against `serde_json::Value` on generated bodies. `Binary` replies treat JSON/text content types, or small
//! bodies that parse as a JSON object, as an envelope; `JsonOrBytes<T>` decides by content type.
//! Non-2xx without an envelope is `Error::Http` (e.g. 404 from `showqrcode`). Reply bodies are
//! read up to `Config::max_reply_bytes` (32 MiB; the largest documented download is 10 MB):
//! an announced `Content-Length` above it is refused before reading, a chunked body is cut off
//! there; both are `Error::ReplyTooLarge`.

pub use crate::endpoint::RawResponse;
use crate::endpoint::{DecodeResponse, EndpointMeta, ResponseKind};
use crate::errcode::ErrCode;
pub use crate::error::request_id;
use crate::error::Error;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt;

/// A binary reply (an image, a media file).
#[derive(Clone, PartialEq, Eq)]
pub struct Binary {
    /// The reply's `Content-Type` (e.g. `image/jpeg`), when WeChat sent one.
    pub content_type: Option<String>,
    /// From `Content-Disposition: attachment; filename="..."`, when given.
    pub filename: Option<String>,
    /// The body, as received.
    pub bytes: Bytes,
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("content_type", &self.content_type)
            .field("filename", &self.filename)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A reply that is JSON for some inputs and bytes for others (e.g. `get_material`).
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOrBytes<T> {
    /// The reply was JSON (other than an error envelope), decoded as `T`.
    Json(T),
    /// The reply was a file.
    Bytes(Binary),
}

/// What the top level of a JSON reply says about the errcode envelope.
enum Envelope {
    /// Not a JSON object, or an object without an `errcode` key: the payload is decoded.
    Absent,
    /// `"errcode": 0`.
    Success,
    /// A non-zero `errcode`, with the `errmsg` (empty when absent, its JSON text when it is
    /// not a string).
    Failure { code: i64, message: String },
    /// An envelope no correct reply has: a duplicated `errcode` (or a duplicated `errmsg`
    /// beside an `errcode`), or an `errcode` that is not an integer. Never a success.
    Malformed(&'static str),
}

/// A top-level key of a reply, compared after unescaping (`"\u0065rrcode"` is `errcode`).
enum EnvelopeKey {
    Errcode,
    Errmsg,
    Other,
}

impl<'de> Deserialize<'de> for EnvelopeKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = EnvelopeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<EnvelopeKey, E> {
                Ok(match key {
                    "errcode" => EnvelopeKey::Errcode,
                    "errmsg" => EnvelopeKey::Errmsg,
                    _ => EnvelopeKey::Other,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> serde::de::Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Envelope, A::Error> {
                // Values as `serde_json::Value` reads them, so that integers, floats and
                // their spellings are told apart exactly as a full parse would.
                let mut errcode: Option<serde_json::Value> = None;
                let mut errmsg: Option<serde_json::Value> = None;
                let (mut codes, mut messages) = (0u32, 0u32);
                while let Some(key) = map.next_key::<EnvelopeKey>()? {
                    match key {
                        EnvelopeKey::Errcode => {
                            codes = codes.saturating_add(1);
                            errcode = Some(map.next_value()?);
                        }
                        EnvelopeKey::Errmsg => {
                            messages = messages.saturating_add(1);
                            errmsg = Some(map.next_value()?);
                        }
                        EnvelopeKey::Other => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let Some(errcode) = errcode else {
                    return Ok(Envelope::Absent);
                };
                if codes > 1 {
                    return Ok(Envelope::Malformed(
                        "the reply has a duplicated `errcode` key",
                    ));
                }
                if messages > 1 {
                    return Ok(Envelope::Malformed(
                        "the reply has a duplicated `errmsg` key",
                    ));
                }
                Ok(match errcode.as_i64() {
                    Some(0) => Envelope::Success,
                    Some(code) => Envelope::Failure {
                        code,
                        message: match errmsg {
                            None | Some(serde_json::Value::Null) => String::new(),
                            Some(serde_json::Value::String(m)) => m,
                            Some(other) => other.to_string(),
                        },
                    },
                    None => Envelope::Malformed("`errcode` is not an integer"),
                })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Envelope, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Envelope::Absent)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Envelope, E> {
                Ok(Envelope::Absent)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Envelope, E> {
                Ok(Envelope::Absent)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Envelope, E> {
                Ok(Envelope::Absent)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Envelope, E> {
                Ok(Envelope::Absent)
            }
            fn visit_str<E>(self, _: &str) -> Result<Envelope, E> {
                Ok(Envelope::Absent)
            }
            fn visit_unit<E>(self) -> Result<Envelope, E> {
                Ok(Envelope::Absent)
            }
        }
        deserializer.deserialize_any(EnvelopeVisitor)
    }
}

/// Checks the errcode envelope of a JSON reply, as a full parse of the body decides it
/// (see [`decode_json`]). `Ok(true)` when the body is an envelope with `errcode` 0.
fn check_envelope(body: &[u8], meta: &'static EndpointMeta) -> Result<bool, Error> {
    // Not JSON: no envelope; decoding the payload reports the syntax error.
    let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
        return Ok(false);
    };
    match envelope {
        Envelope::Absent => Ok(false),
        Envelope::Success => Ok(true),
        Envelope::Failure { code, message } => {
            let message = crate::secret::redact(&message).into_owned();
            Err(Error::Api {
                endpoint: meta.name,
                code: ErrCode::from_code(code),
                rid: request_id(&message),
                message,
            })
        }
        Envelope::Malformed(detail) => Err(Error::Decode {
            endpoint: meta.name,
            detail: detail.to_owned(),
        }),
    }
}

/// Longest body snippet in [`Error::Http`], in characters.
const SNIPPET_CHARS: usize = 160;
/// How much of the body the snippet is taken from, so that redaction sees a credential's
/// name and value whole before the text is cut.
const SNIPPET_SOURCE_BYTES: usize = 4096;

/// The start of a body for an error message, credentials redacted
/// ([`crate::secret::redact`]: a gateway page may echo the request line with its token).
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_SOURCE_BYTES)]);
    crate::secret::redact(&text)
        .chars()
        .filter(|c| !c.is_control())
        .take(SNIPPET_CHARS)
        .collect()
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn unexpected_status(raw: &RawResponse, meta: &'static EndpointMeta) -> Error {
    Error::Http {
        endpoint: meta.name,
        status: raw.status,
        body_snippet: if meta.secret_response {
            String::new()
        } else {
            snippet(&raw.body)
        },
    }
}

/// Whether a body may have a top-level `errcode` key, by a scan much cheaper than a parse.
/// A success reply usually has none, and then the envelope need not be parsed separately
/// (one JSON parse per call instead of two).
///
/// `false` only when no key of the body can be `errcode`: the key spelled plainly would
/// contain `"errcode"` (the pattern cannot match inside a JSON string, where the quotes
/// would be escaped), and spelled with escapes it would contain `\u00` followed by the code
/// of one of its letters (`\uXXXX` is the only JSON escape that yields a letter). A
/// `false` here is therefore the decision a full parse makes; a `true` may be a false alarm
/// (`"errcode"` as a value, a nested key), which the full envelope parse then settles.
fn may_have_errcode(body: &[u8]) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"errcode\""));
    FINDER.find(body).is_some() || has_escaped_errcode_letter(body)
}

/// Whether the body contains `\u00XX` where XX is the hex code (either case) of a letter of
/// `errcode`: e (65), r (72), c (63), o (6f), d (64).
fn has_escaped_errcode_letter(body: &[u8]) -> bool {
    memchr::memmem::find_iter(body, b"\\u00").any(|at| {
        let code = body.get(at + 4..at + 6).and_then(|hex| {
            let hex = std::str::from_utf8(hex).ok()?;
            u8::from_str_radix(hex, 16).ok()
        });
        matches!(code, Some(b'e' | b'r' | b'c' | b'o' | b'd'))
    })
}

/// Decodes a JSON reply: envelope first (a non-zero errcode wins over any payload), then `T`.
///
/// The envelope is decided as a full parse of the body decides it, whatever the fast path:
/// - a body that is not JSON is a [`Error::Decode`] (from decoding `T`);
/// - JSON that is not an object, or an object without a top-level `errcode` key, has no
///   envelope: `T` is decoded;
/// - keys compare after unescaping: `"\u0065rrcode"` is `errcode`;
/// - `errcode` 0 is a success (`T` is decoded); any other integer is [`Error::Api`], with
///   `errmsg` as the message (empty when absent; its JSON text when not a string);
/// - an `errcode` that is not an integer (a string, a float, `null`), a duplicated `errcode`,
///   or a duplicated `errmsg` beside an `errcode` is [`Error::Decode`]. WeChat never sends
///   these; JSON leaves duplicate keys undefined, and taking either value could turn an
///   error reply into a success, so such a reply is never one.
pub fn decode_json<T: DeserializeOwned>(
    raw: RawResponse,
    meta: &'static EndpointMeta,
) -> Result<T, Error> {
    if may_have_errcode(&raw.body) {
        check_envelope(&raw.body, meta)?;
    }
    if !is_success(raw.status) {
        return Err(unexpected_status(&raw, meta));
    }
    serde_json::from_slice::<T>(&raw.body).map_err(|e| Error::Decode {
        endpoint: meta.name,
        detail: match e.classify() {
            // Not even JSON (an HTML error page from a proxy, a cut-off body).
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("reply is not JSON ({e}); {} bytes", raw.body.len())
            }
            // serde quotes offending values, and this reply carries a token.
            _ if meta.secret_response => {
                format!(
                    "{:?} error at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                )
            }
            _ => crate::secret::redact(&e.to_string()).into_owned(),
        },
    })
}

/// [`decode_json`] of a JSON text, as if it were the body of a `200 OK` reply labelled
/// `application/json`: what a generated `Response::from_json` calls.
pub fn decode_json_text<T: DeserializeOwned>(
    json: &str,
    meta: &'static EndpointMeta,
) -> Result<T, Error> {
    decode_json(
        RawResponse {
            status: 200,
            content_type: Some("application/json".to_owned()),
            content_disposition: None,
            body: Bytes::copy_from_slice(json.as_bytes()),
        },
        meta,
    )
}

fn looks_like_json(raw: &RawResponse) -> bool {
    if let Some(ct) = &raw.content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("json") || ct.starts_with("text/plain") {
            return true;
        }
    }
    // Some servers label JSON errors as images; sniff small bodies that open an object.
    raw.body.len() <= 4096
        && raw
            .body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{')
        && serde_json::from_slice::<serde_json::Value>(&raw.body).is_ok()
}

fn filename_of(disposition: Option<&str>) -> Option<String> {
    let d = disposition?;
    let pos = d.find("filename=")?;
    let name = d[pos + 9..].trim().trim_start_matches('"');
    let name = name.split(['"', ';']).next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

fn into_binary(raw: RawResponse) -> Binary {
    Binary {
        filename: filename_of(raw.content_disposition.as_deref()),
        content_type: raw.content_type,
        bytes: raw.body,
    }
}

impl DecodeResponse for Binary {
    const KIND: ResponseKind = ResponseKind::Bytes;
    fn decode(raw: RawResponse, meta: &'static EndpointMeta) -> Result<Self, Error> {
        if looks_like_json(&raw) {
            check_envelope(&raw.body, meta)?;
            if !is_success(raw.status) {
                return Err(unexpected_status(&raw, meta));
            }
            return Err(Error::Decode {
                endpoint: meta.name,
                detail: format!(
                    "expected binary content, got a JSON reply without errcode ({} bytes)",
                    raw.body.len()
                ),
            });
        }
        if !is_success(raw.status) {
            return Err(unexpected_status(&raw, meta));
        }
        Ok(into_binary(raw))
    }
}

impl<T: DeserializeOwned + Send + 'static> DecodeResponse for JsonOrBytes<T> {
    const KIND: ResponseKind = ResponseKind::JsonOrBytes;
    fn decode(raw: RawResponse, meta: &'static EndpointMeta) -> Result<Self, Error> {
        if looks_like_json(&raw) {
            decode_json(raw, meta).map(JsonOrBytes::Json)
        } else if is_success(raw.status) {
            Ok(JsonOrBytes::Bytes(into_binary(raw)))
        } else {
            Err(unexpected_status(&raw, meta))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errcode_key_is_found_only_as_a_key() {
        assert!(may_have_errcode(br#"{"errcode":40001,"errmsg":"x"}"#));
        assert!(may_have_errcode(br#"{"a":1, "errcode" : 0}"#));
        assert!(may_have_errcode(br#"{"\u0065rrcode":40001}"#));
        assert!(!may_have_errcode(br#"{"err\u0043ode":40001}"#));
        assert!(may_have_errcode(br#"{"errc\u006Fde":40001}"#));
        assert!(!may_have_errcode(br#"{"ticket":"t","url":"http:\/\/u"}"#));
        assert!(!may_have_errcode(br#"{"name":"\u4e2d\u6587"}"#));
        assert!(!may_have_errcode(br#"{"note":"the \"errcode\" field"}"#));
    }

    #[test]
    fn request_ids_are_found_in_both_spellings() {
        assert_eq!(
            request_id("invalid credential rid: 6612f3a1-0b7c0d1e-2f3a4b5c").as_deref(),
            Some("6612f3a1-0b7c0d1e-2f3a4b5c")
        );
        assert_eq!(
            request_id("invalid media_id hint: [Xy12ab]").as_deref(),
            Some("Xy12ab")
        );
        assert_eq!(request_id("ok"), None);
    }

    #[test]
    fn filename_from_content_disposition() {
        assert_eq!(
            filename_of(Some(r#"attachment; filename="a b.jpg""#)).as_deref(),
            Some("a b.jpg")
        );
        assert_eq!(
            filename_of(Some("attachment; filename=x.amr")).as_deref(),
            Some("x.amr")
        );
        assert_eq!(filename_of(Some("attachment")), None);
    }
}
